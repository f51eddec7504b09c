using System.Text.Json;
using System.Text.Json.Serialization;
using ResolutionWorkflow.Engine.Resolutions;

namespace ResolutionWorkflow.App.Persistence;

/// <summary>The snapshot of an instance on its resolution row. Text bodies are left out: they live in text_versions.</summary>
public static class StateJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize(ResolutionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var withoutTexts = state with { Versions = [.. state.Versions.Select(v => v with { Text = "" })] };
        return JsonSerializer.Serialize(withoutTexts, Options);
    }

    public static ResolutionState Deserialize(string json, IReadOnlyDictionary<int, string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var state = JsonSerializer.Deserialize<ResolutionState>(json, Options)
            ?? throw new InvalidOperationException("empty resolution snapshot");
        return state with
        {
            Versions = [.. state.Versions.Select(v => texts.TryGetValue(v.Number, out var text)
                ? v with { Text = text }
                : throw new InvalidOperationException($"text version {v.Number} of resolution {state.Id} is missing"))],
        };
    }
}
