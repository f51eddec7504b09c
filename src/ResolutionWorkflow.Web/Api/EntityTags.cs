namespace ResolutionWorkflow.Web.Api;

/// <summary>
/// A list of entity tags as RFC 9110 (8.8.3) writes them: <c>#entity-tag</c>, each <c>[W/] "opaque"</c>
/// whose characters are %x21, %x23-7E or obs-text, separated by commas and optional whitespace.
/// </summary>
public static class EntityTags
{
    /// <summary>An entity tag: weak or strong, and its opaque tag with its quotes (as it is compared).</summary>
    public sealed record Tag(bool Weak, string Opaque);

    /// <summary>The tags of the header's value (an empty list matches nothing); null when it is not a list of entity tags.</summary>
    public static IReadOnlyList<Tag>? Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var tags = new List<Tag>();
        var i = 0;
        while (true)
        {
            while (i < value.Length && value[i] is ' ' or '\t' or ',') { i++; }
            if (i == value.Length) { return tags; }
            var weak = value.AsSpan(i).StartsWith("W/", StringComparison.Ordinal);
            if (weak) { i += 2; }
            if (i >= value.Length || value[i] != '"') { return null; }
            var end = i + 1;
            while (end < value.Length && IsEtagChar(value[end])) { end++; }
            if (end >= value.Length || value[end] != '"') { return null; }
            tags.Add(new Tag(weak, value[i..(end + 1)]));
            i = end + 1;
            while (i < value.Length && value[i] is ' ' or '\t') { i++; }
            if (i < value.Length && value[i] != ',') { return null; }
        }
    }

    private static bool IsEtagChar(char c) => c == '\x21' || (c >= '\x23' && c <= '\x7E') || c >= '\x80';
}
