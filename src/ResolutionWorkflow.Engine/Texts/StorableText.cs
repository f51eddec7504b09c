using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace ResolutionWorkflow.Engine.Texts;

/// <summary>
/// Characters that not every database keeps: PostgreSQL refuses NUL in text, an unpaired surrogate
/// is not valid UTF-8 anywhere, and other control characters are never part of an official text.
/// Input holding one is refused the same way on every provider, naming the field, instead of
/// being stored on one database and failing on another.
/// </summary>
public static class StorableText
{
    /// <summary>Why <paramref name="value"/> cannot be stored, or null when it can (tab, CR and LF are allowed).</summary>
    public static string? Problem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c)) { return $"an unpaired surrogate (U+{(int)c:X4}) at position {i + 1}"; }
            if (c is '\t' or '\r' or '\n') { continue; }
            if (char.IsControl(c) || c is '\uFFFE' or '\uFFFF')
            {
                return c == '\0' ? $"a NUL character (U+0000) at position {i + 1}" : $"a control character (U+{(int)c:X4}) at position {i + 1}";
            }
        }
        return null;
    }

    /// <summary>
    /// The first string anywhere in <paramref name="input"/> (properties of records, items of lists,
    /// recursively) that cannot be stored: its path in camelCase as a JSON body names it, and why.
    /// </summary>
    public static (string Field, string Problem)? FirstProblem(object? input) => Walk(input, "", depth: 0);

    private static (string, string)? Walk(object? value, string path, int depth)
    {
        switch (value)
        {
            case null:
                return null;
            case string s:
                return Problem(s) is { } problem ? (path.Length == 0 ? "value" : path, problem) : null;
            case IEnumerable items when value is not IDictionary:
                // A default ImmutableArray cannot be enumerated; it holds nothing.
                if (value.GetType().GetProperty("IsDefault")?.GetValue(value) is true) { return null; }
                var index = 0;
                foreach (var item in items)
                {
                    if (Walk(item, $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]", depth + 1) is { } found) { return found; }
                    index++;
                }
                return null;
        }
        var type = value.GetType();
        if (depth > 8 || type.IsPrimitive || type.IsEnum || value is Guid or DateTime or DateTimeOffset or DateOnly or TimeSpan or decimal) { return null; }
        foreach (var property in Properties(type))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (Walk(property.GetValue(value), path.Length == 0 ? name : $"{path}.{name}", depth + 1) is { } found) { return found; }
        }
        return null;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, PropertyInfo[]> Known = new();

    private static PropertyInfo[] Properties(Type type) => Known.GetOrAdd(type, t =>
        [.. t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")]);
}
