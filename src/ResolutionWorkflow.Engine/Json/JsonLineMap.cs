using System.Text.Json;

namespace ResolutionWorkflow.Engine.Json;

/// <summary>
/// Maps each value in a JSON document to the line it starts on, so errors found on the
/// parsed model can still point an administrator at a line of the file.
/// </summary>
public sealed class JsonLineMap
{
    private readonly Dictionary<JsonPath, int> _lines = [];

    private JsonLineMap() { }

    public int? LineOf(JsonPath path)
    {
        // Fall back to the nearest enclosing value that has a line.
        for (var p = path; ; p = new JsonPath(p.Segments.RemoveAt(p.Segments.Length - 1)))
        {
            if (_lines.TryGetValue(p, out var line)) { return line; }
            if (p.Segments.IsEmpty) { return null; }
        }
    }

    public static JsonLineMap Build(ReadOnlySpan<byte> utf8)
    {
        var map = new JsonLineMap();
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n') { lineStarts.Add(i + 1); }
        }
        int LineAt(long offset)
        {
            var index = lineStarts.BinarySearch((int)offset);
            return (index >= 0 ? index : ~index - 1) + 1;
        }

        // Each frame: the path of the container, and for arrays the next index.
        var stack = new Stack<(JsonPath Path, bool IsArray, int NextIndex)>();
        JsonPath? pendingProperty = null;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    pendingProperty = stack.Peek().Path.Property(reader.GetString()!);
                    map._lines[pendingProperty] = LineAt(reader.TokenStartIndex);
                    continue;
                }
                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    stack.Pop();
                    continue;
                }

                JsonPath valuePath;
                if (pendingProperty is not null)
                {
                    valuePath = pendingProperty;
                    pendingProperty = null;
                }
                else if (stack.Count > 0 && stack.Peek().IsArray)
                {
                    var frame = stack.Pop();
                    valuePath = frame.Path.Index(frame.NextIndex);
                    stack.Push(frame with { NextIndex = frame.NextIndex + 1 });
                    map._lines[valuePath] = LineAt(reader.TokenStartIndex);
                }
                else
                {
                    valuePath = JsonPath.Root;
                    map._lines[valuePath] = LineAt(reader.TokenStartIndex);
                }

                if (reader.TokenType == JsonTokenType.StartObject) { stack.Push((valuePath, false, 0)); }
                else if (reader.TokenType == JsonTokenType.StartArray) { stack.Push((valuePath, true, 0)); }
            }
        }
        catch (JsonException)
        {
            // A syntax error is reported by the parser; lines up to it are still useful.
        }
        return map;
    }
}
