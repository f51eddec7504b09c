using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ResolutionWorkflow.Engine.Json;

/// <summary>
/// A location inside a JSON document, printed as JSONPath (<c>$.stages[2].outcomes.agreed</c>)
/// because that is what people read in error messages.
/// </summary>
public sealed partial record JsonPath(ImmutableArray<object> Segments)
{
    public static readonly JsonPath Root = new(ImmutableArray<object>.Empty);

    public JsonPath Property(string name) => new(Segments.Add(name));

    public JsonPath Index(int index) => new(Segments.Add(index));

    public static JsonPath Parse(string text)
    {
        var path = Root;
        foreach (Match m in SegmentPattern().Matches(text))
        {
            path = m.Groups["name"].Success ? path.Property(m.Groups["name"].Value)
                : m.Groups["quoted"].Success ? path.Property(m.Groups["quoted"].Value.Replace("\\'", "'", StringComparison.Ordinal))
                : path.Index(int.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture));
        }
        return path;
    }

    public override string ToString()
    {
        var sb = new StringBuilder("$");
        foreach (var segment in Segments)
        {
            if (segment is int i)
            {
                sb.Append('[').Append(i.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else if (segment is string s && IdentifierPattern().IsMatch(s))
            {
                sb.Append('.').Append(s);
            }
            else
            {
                sb.Append("['").Append(((string)segment).Replace("'", "\\'", StringComparison.Ordinal)).Append("']");
            }
        }
        return sb.ToString();
    }

    public bool Equals(JsonPath? other) => other is not null && Segments.SequenceEqual(other.Segments);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex(@"\.(?<name>[A-Za-z_][A-Za-z0-9_]*)|\['(?<quoted>(?:[^'\\]|\\.)*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex SegmentPattern();
}
