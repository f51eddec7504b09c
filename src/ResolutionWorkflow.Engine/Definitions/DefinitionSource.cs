using System.Text.Json;
using System.Text.Json.Serialization;

namespace ResolutionWorkflow.Engine.Definitions;

// The source model: exactly what a definition file says (schemaVersion 1). It is flat and
// permissive on purpose; the schema and the validator decide what is allowed, and the loader
// turns an accepted source into the runtime model in WorkflowDefinition.cs.

public sealed record DefinitionSource(
    int SchemaVersion,
    string Id,
    int Version,
    LocalizedText Title,
    LocalizedText? Description,
    string Start,
    IReadOnlyList<StageSource> Stages,
    string? TimeZone = null,
    IReadOnlyList<string>? AttachmentKinds = null,
    LocalizedText? Act = null);

public sealed record StageSource(
    string Id,
    string Kind,
    LocalizedText? Title,
    ActorSource? Actor,
    IReadOnlyList<ParticipantSource>? Participants,
    JsonElement? Completion,
    SilenceSource? Silence,
    string? ReReview,
    DeadlineSource? Deadline,
    string? Order,
    IReadOnlyList<SignatorySource>? Signatories,
    string? NumberPattern,
    IReadOnlyList<string>? Countries,
    string? Result,
    IReadOnlyDictionary<string, string>? Outcomes,
    string? Examination = null,
    IReadOnlyList<ParticipantSource>? Pool = null,
    string? Signature = null);

public sealed record ActorSource(string Role, string? Organisation);

public sealed record ParticipantSource(string? Organisation, string? Role, string? Country, SilenceSource? Silence = null);

public sealed record SilenceSource(string Policy, int? Days, IReadOnlyDictionary<string, SilenceSource>? ByCountry = null)
{
    public SilenceRule ToRule() => new(Enum.Parse<SilencePolicy>(Policy, ignoreCase: true), Days ?? 0);
}

public sealed record SignatorySource(string Role, string? Country);

public sealed record DeadlineSource(
    int Days,
    string Unit,
    string? Calendar,
    IReadOnlyList<ReminderSource>? Reminders,
    string? EscalateTo);

public sealed record ReminderSource(int Before, string? Unit);

/// <summary>Text in both languages of the product.</summary>
public sealed record LocalizedText(string Ru, string En)
{
    public string In(string language) => language == "en" ? En : Ru;
}

internal static class SourceJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };
}
