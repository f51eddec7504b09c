using ResolutionWorkflow.Engine.Json;

namespace ResolutionWorkflow.Engine.Definitions;

/// <summary>One thing wrong with a workflow file: where (file, JSON path, line) and what.</summary>
public sealed record DefinitionError(string File, string Path, int? Line, string Message)
{
    public static DefinitionError At(string file, JsonPath path, JsonLineMap? lines, string message) =>
        new(file, path.ToString(), lines?.LineOf(path), message);

    public override string ToString() =>
        Line is { } line ? $"{File}:{line}: {Path}: {Message}" : $"{File}: {Path}: {Message}";
}

/// <summary>Thrown when a file is refused; carries every error found, not only the first.</summary>
public sealed class DefinitionException(IReadOnlyList<DefinitionError> errors)
    : Exception(FormatMessage(errors))
{
    public IReadOnlyList<DefinitionError> Errors { get; } = errors;

    private static string FormatMessage(IReadOnlyList<DefinitionError> errors) =>
        $"{errors.Count} error(s):{Environment.NewLine}" + string.Join(Environment.NewLine, errors);
}
