using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.Engine.Json;

/// <summary>Checks a document against one of the JSON Schemas in <c>workflows/schema</c>.</summary>
public sealed class SchemaChecker
{
    private readonly JsonSchema _schema;

    private SchemaChecker(JsonSchema schema) => _schema = schema;

    public static SchemaChecker FromFile(string schemaFile)
    {
        // Each checker gets its own registry: several schemas may share an $id across test runs.
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        return new SchemaChecker(JsonSchema.FromText(File.ReadAllText(schemaFile), options));
    }

    /// <summary>
    /// Parses a file and checks it against this schema. <see cref="CheckedDocument.Document"/> is null
    /// when the file is not JSON or breaks the schema; the errors then say where and why.
    /// </summary>
    public CheckedDocument Read(string file, ReadOnlyMemory<byte> utf8)
    {
        var lines = JsonLineMap.Build(utf8.Span);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            return new CheckedDocument(null, lines, [new DefinitionError(file, JsonPath.Root.ToString(), (int?)e.LineNumber + 1, $"not valid JSON: {e.Message}")]);
        }
        var errors = Check(file, document.RootElement, lines);
        if (errors.Count == 0) { return new CheckedDocument(document, lines, []); }
        document.Dispose();
        return new CheckedDocument(null, lines, errors);
    }

    public IReadOnlyList<DefinitionError> Check(string file, JsonElement document, JsonLineMap lines)
    {
        var results = _schema.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        if (results.IsValid) { return []; }

        var node = JsonNode.Parse(document.GetRawText());
        var errors = new List<DefinitionError>();
        Collect(results);
        if (errors.Count == 0)
        {
            errors.Add(DefinitionError.At(file, JsonPath.Root, lines, "the document does not match its schema"));
        }
        return errors.Distinct().ToList();

        // Only failures that made the document invalid: valid subtrees and the conditions of
        // if/then (whose failure just selects a branch) are not errors of the document.
        void Collect(EvaluationResults result)
        {
            if (result.IsValid || result.EvaluationPath.ToString().EndsWith("/if", StringComparison.Ordinal)) { return; }
            var path = ToJsonPath(result.InstanceLocation.ToString(), node);
            var found = result.InstanceLocation.TryEvaluate(node, out var value) && value is JsonValue scalar ? $" (found {scalar.ToJsonString()})" : "";
            foreach (var (_, message) in result.Errors ?? [])
            {
                // The library escapes quotes inside its messages; people read them better plain.
                errors.Add(DefinitionError.At(file, path, lines, message.Replace("\\u0022", "", StringComparison.Ordinal) + found));
            }
            foreach (var child in result.Details ?? []) { Collect(child); }
        }
    }

    private static JsonPath ToJsonPath(string pointer, JsonNode? node)
    {
        var path = JsonPath.Root;
        if (string.IsNullOrEmpty(pointer) || pointer == "#") { return path; }
        foreach (var raw in pointer.TrimStart('#').Split('/').Skip(1))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (node is JsonArray array && int.TryParse(segment, out var index))
            {
                path = path.Index(index);
                node = index < array.Count ? array[index] : null;
            }
            else
            {
                path = path.Property(segment);
                node = node is JsonObject obj && obj.TryGetPropertyValue(segment, out var child) ? child : null;
            }
        }
        return path;
    }
}

/// <summary>A file read against a schema: the document when it passed, its line map, and the errors when it did not.</summary>
public sealed record CheckedDocument(JsonDocument? Document, JsonLineMap Lines, IReadOnlyList<DefinitionError> Errors) : IDisposable
{
    public void Dispose() => Document?.Dispose();
}
