using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Api;

/// <summary>
/// Bad values for every field of every command operation, generated from the OpenAPI document:
/// each field's declared type gives the values that do not belong in it (null, another JSON type,
/// empty, far too long, unstorable characters, numbers and dates out of range, nulls and wrong
/// items in lists). Each must be a 400 problem naming the field by its JSON path; nothing stored,
/// no incident, never a 5xx.
/// </summary>
[Collection(WebAppTests.Name)]
public sealed class BadInputMatrixTests(ApiTests.Fixture app) : IClassFixture<ApiTests.Fixture>
{
    // Longer than any field may be, yet within the body limit.
    private static readonly string TooLong = new('x', 1_000_001);

    [Fact]
    public async Task Every_bad_value_in_every_field_of_every_operation_is_a_400_naming_the_field_and_nothing_is_stored()
    {
        var doc = JsonNode.Parse(await (await app.App.ClientFor(null)).GetStringAsync("/openapi/v1.json"))!;
        var id = await ResolutionInReview();
        var before = await Snapshot(id);
        var failures = new List<string>();
        var sent = 0;

        foreach (var (template, operation) in PostOperations(doc))
        {
            var endpoint = ApiEndpoints.All.SingleOrDefault(e => e.Method == "POST" && Template(e.Route) == template);
            Assert.True(endpoint is not null, $"POST {template} is in the OpenAPI document but not in the test's list of endpoints");
            var client = await app.App.ClientFor(endpoint.Admits[0]);
            var cases = new List<(string Path, string Body, string Why)>();
            if (operation["requestBody"]?["content"]?["application/json"]?["schema"] is { } schema)
            {
                var valid = JsonNode.Parse(endpoint.Body!)!.AsObject();
                foreach (var (field, bad, why) in BadValues(doc, Resolve(doc, schema), valid, ""))
                {
                    var body = valid.DeepClone().AsObject();
                    Set(body, field, bad);
                    cases.Add((endpoint.PathFor(id), body.ToJsonString(), $"{field} {why}"));
                }
                // The body as a whole: none, null, cut short.
                cases.Add((endpoint.PathFor(id), "", "an empty body"));
                cases.Add((endpoint.PathFor(id), "null", "a null body"));
                cases.Add((endpoint.PathFor(id), valid.ToJsonString()[..^1], "a truncated body"));
            }
            if (template.Contains("{no}", StringComparison.Ordinal))
            {
                foreach (var no in new[] { "0", "-1" })
                {
                    cases.Add((endpoint.PathFor(id).Replace("/1/", $"/{no}/", StringComparison.Ordinal), endpoint.Body ?? "{}", $"{{no}} = {no}"));
                }
            }

            foreach (var (path, body, why) in cases)
            {
                sent++;
                var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
                var answer = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.BadRequest || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"POST {template} with {why}: {(int)response.StatusCode} {Shorten(answer)}");
                    continue;
                }
                var problem = JsonNode.Parse(answer)!;
                if (problem["errors"]?.AsArray() is not { Count: > 0 } errors || errors.Any(e => e?["path"]?.GetValue<string>() is not { Length: > 0 } p || !p.StartsWith('$')))
                {
                    failures.Add($"POST {template} with {why}: the problem names no JSON path: {Shorten(answer)}");
                }
            }
        }

        Assert.True(sent > 200, $"only {sent} bad requests were generated");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} bad requests were not a 400 naming the field:\n{string.Join("\n", failures.Take(40))}");
        Assert.Equal(before, await Snapshot(id));
        Assert.Equal(0, await app.App.CountAsync(db => db.Incidents));
    }

    private static string Template(string route) =>
        route.Replace("/tasks/1/", "/tasks/{no}/", StringComparison.Ordinal).Replace("/remarks/1/", "/remarks/{no}/", StringComparison.Ordinal).Split('?')[0];

    private static string Shorten(string s) => s.Length > 300 ? s[..300] + "…" : s;

    /// <summary>The document's POST operations that change a resolution (the token exchange is sign-in, tested apart).</summary>
    private static IEnumerable<(string Template, JsonNode Operation)> PostOperations(JsonNode doc) =>
        doc["paths"]!.AsObject()
            .Where(p => p.Key.StartsWith("/api/resolutions", StringComparison.Ordinal) && p.Value!["post"] is not null)
            .Select(p => (p.Key, p.Value!["post"]!));

    private static JsonNode Resolve(JsonNode doc, JsonNode schema) =>
        schema["$ref"]?.GetValue<string>() is { } reference
            ? doc["components"]!["schemas"]![reference.Split('/')[^1]]!
            : schema;

    /// <summary>
    /// The JSON types a schema admits ("type" is a word or, for nullable fields, a list with "null";
    /// a nullable object is one of null and its schema) and, for an object, its schema.
    /// </summary>
    private static (HashSet<string> Types, JsonNode? Object) Types(JsonNode doc, JsonNode schema)
    {
        if (schema["oneOf"] is JsonArray choices)
        {
            var all = choices.Select(c => Types(doc, Resolve(doc, c!))).ToList();
            return ([.. all.SelectMany(t => t.Types)], all.Select(t => t.Object).FirstOrDefault(o => o is not null));
        }
        HashSet<string> types = schema["type"] switch
        {
            JsonArray list => [.. list.Select(t => t!.GetValue<string>())],
            JsonValue type => [type.GetValue<string>()],
            _ => [],
        };
        return (types, types.Contains("object") ? schema : null);
    }

    /// <summary>A field's bad value, or <see cref="Missing"/> to leave the field out.</summary>
    private sealed class Bad(JsonNode? value)
    {
        public static readonly Bad Missing = new(null);

        public JsonNode? Value { get; } = value;

        public static implicit operator Bad(JsonNode? value) => new(value);
        public static implicit operator Bad(string value) => new(JsonValue.Create(value));
        public static implicit operator Bad(int value) => new(JsonValue.Create(value));
        public static implicit operator Bad(long value) => new(JsonValue.Create(value));
        public static implicit operator Bad(double value) => new(JsonValue.Create(value));
    }

    /// <summary>Puts the bad value at a dotted path of the body ("minutesFile.size"), or leaves the field out.</summary>
    private static void Set(JsonObject body, string path, Bad bad)
    {
        var names = path.Split('.');
        var target = names[..^1].Aggregate(body, (o, name) => o[name]!.AsObject());
        if (ReferenceEquals(bad, Bad.Missing)) { target.Remove(names[^1]); }
        else { target[names[^1]] = bad.Value?.DeepClone(); }
    }

    /// <summary>
    /// For each property of an object schema: values that do not belong in it, and why; a required
    /// property left out; and, for an object the well-formed body fills, the same for its own properties.
    /// </summary>
    private static IEnumerable<(string Field, Bad Value, string Why)> BadValues(JsonNode doc, JsonNode schema, JsonObject valid, string prefix)
    {
        foreach (var required in schema["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
        {
            yield return (prefix + required, Bad.Missing, "missing");
        }
        foreach (var (fieldName, declared) in schema["properties"]!.AsObject())
        {
            var name = prefix + fieldName;
            var (types, objectSchema) = Types(doc, Resolve(doc, declared!));
            var property = Resolve(doc, declared!);
            var nullable = types.Contains("null");
            if (!nullable) { yield return (name, new Bad(null), "null"); }
            // Integers first: the web's JSON options also read them from strings, so they are declared as both.
            if (types.Contains("integer"))
            {
                yield return (name, 0, "zero");
                yield return (name, -1, "negative");
                // A 64-bit count (a file's size) may well be large: only a 32-bit one cannot be.
                if (property["format"]?.GetValue<string>() != "int64")
                {
                    yield return (name, 100_000, "far too large");
                    yield return (name, 2_147_483_648L, "over int32");
                }
                yield return (name, 1.5, "a fraction");
                yield return (name, new JsonArray(), "an array");
            }
            else if (types.Contains("string") && property["format"]?.GetValue<string>() == "date")
            {
                yield return (name, DateTime.UtcNow.AddYears(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "in the future");
                yield return (name, "1900-01-01", "before the Union State");
                yield return (name, "31.12.2025", "not an ISO date");
            }
            else if (types.Contains("string"))
            {
                yield return (name, 42, "a number");
                yield return (name, new JsonObject(), "an object");
                yield return (name, TooLong, "over a million characters");
                yield return (name, "Текст\u0000с NUL", "with NUL");
                yield return (name, "Текст\u0007со звонком", "with a control character");
                if (!nullable) { yield return (name, "   ", "blank"); }
            }
            else if (objectSchema is not null)
            {
                yield return (name, 42, "a number");
                yield return (name, "протокол", "a string");
                yield return (name, new JsonArray(), "an array");
                if (valid[fieldName] is JsonObject filled && objectSchema["properties"] is not null)
                {
                    foreach (var nested in BadValues(doc, objectSchema, filled, name + ".")) { yield return nested; }
                }
            }
            else if (types.Contains("array"))
            {
                yield return (name, new JsonArray((JsonNode?)null), "holding null");
                yield return (name, new JsonArray(42), "holding a number");
                yield return (name, new JsonArray(new JsonObject()), "holding an empty object");
                yield return (name, "list", "a string");
                yield return (name, new JsonObject(), "an object");
            }
        }
    }

    private async Task<Guid> ResolutionInReview()
    {
        var drafter = await app.App.ClientFor("drafter");
        var created = await (await drafter.PostAsJsonAsync("/api/resolutions", new { definitionId = "council-of-ministers-resolution", title = "Матрица ввода", text = ApiEndpoints.Text }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("resolutionId").GetGuid();
        (await drafter.PostAsJsonAsync($"/api/resolutions/{id}/submit", new { seenTextHash = created.GetProperty("textHash").GetString() })).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>Everything stored about the resolution that the API shows, and how many resolutions there are.</summary>
    private async Task<string> Snapshot(Guid id)
    {
        var coordinator = await app.App.ClientFor("coordinator");
        return await (await coordinator.GetAsync($"/api/resolutions/{id}")).Content.ReadAsStringAsync()
            + await app.App.CountAsync(db => db.Resolutions);
    }
}
