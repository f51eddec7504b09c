using System.Collections.Immutable;
using System.Text.Json.Serialization;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Registry;
using ResolutionWorkflow.Engine.Texts;

namespace ResolutionWorkflow.Engine.Resolutions;

public enum ResolutionStatus { Active, Adopted, Withdrawn, Rejected }

public enum TaskKind { Draft, Review, Revise, Decide, Sign, Register, Adopt, Conciliate, ConfirmMinutes, IssueAgreedText, ConfirmReviewers }

public enum WorkTaskStatus { Open, Done, Cancelled, DeemedAgreed }

public enum OpinionKind { Agree, AgreeWithRemarks, Disagree, DeemedAgreed }

public enum RemarkAnswer { Accepted, PartlyAccepted, Rejected }

/// <summary>Open: no answer yet. Answered: the drafter answered an objection the author still holds. Settled: closed.</summary>
public enum RemarkStatus { Open, Answered, Settled }

/// <summary>Who acts: a person of an organisation with roles. The system actor applies deadlines.</summary>
public sealed record Actor(string UserId, string Organisation, ImmutableSortedSet<string> Roles)
{
    public const string SystemRole = "system";

    public static readonly Actor System = new("system", "system", [SystemRole]);

    [JsonIgnore]
    public bool IsSystem => Roles.Contains(SystemRole);

    public bool Has(string role) => Roles.Contains(role);
}

/// <summary>Who may act on a task. Null parts do not restrict.</summary>
public sealed record Assignee(string? Organisation, string? Role, string? Country, string? UserId)
{
    public bool Admits(Actor actor, OrganisationRegistry registry) =>
        (Organisation is null || actor.Organisation == Organisation)
        && (Role is null || actor.Has(Role))
        && (UserId is null || actor.UserId == UserId)
        && (Country is null || (registry.Organisations.TryGetValue(actor.Organisation, out var org) && org.Country == Country));

    public override string ToString() =>
        string.Join(" ", new[] { Role, Organisation, Country is null ? null : $"({Country})", UserId is null ? null : $"user {UserId}" }.Where(p => p is not null));
}

public sealed record WorkTask(
    int No,
    string StageId,
    int StageEntry,
    TaskKind Kind,
    string ParticipantKey,
    Assignee Assignee,
    DateTimeOffset OpenedAt,
    DateTimeOffset? DueAt,
    string? Calendar,
    ImmutableArray<DateTimeOffset> RemindAt,
    WorkTaskStatus Status,
    bool Escalated,
    bool ExtendedBySilence,
    bool DueIsProvisional,
    DateTimeOffset? ClosedAt = null)
{
    [JsonIgnore]
    public bool IsOpen => Status == WorkTaskStatus.Open;
}

public sealed record Opinion(
    string StageId, int StageEntry, string ParticipantKey, string Organisation, string UserId,
    OpinionKind Kind, int TextVersion, DateTimeOffset At, string? Comment)
{
    [JsonIgnore]
    public bool IsPositive => Kind is OpinionKind.Agree or OpinionKind.AgreeWithRemarks or OpinionKind.DeemedAgreed;
}

/// <summary>
/// A row of the disagreement table. <see cref="Choice"/> and <see cref="Wording"/> are a conciliation decision's
/// (the clause as it is to read, when the decision changes the text); <see cref="WordingVersion"/> the text version that first carried it.
/// </summary>
public sealed record Remark(
    int No, string StageId, string ParticipantKey, string Organisation, string AuthorUserId,
    int TextVersion, string Clause, string Text, bool Objection,
    RemarkAnswer? Answer, string? AnswerReason, string? Conciliation, RemarkStatus Status, bool Late = false, string? Dissent = null, string? ProposedWording = null,
    WordingChoice? Choice = null, string? Wording = null, int? WordingVersion = null)
{
    /// <summary>Settled by a decision whose wording no text version has carried yet.</summary>
    [JsonIgnore]
    public bool AwaitsWording => Status == RemarkStatus.Settled && Wording is not null && WordingVersion is null;
}

/// <summary>A version of the text; its <see cref="Hash"/> covers the text and the manifest of its attachments (<see cref="VersionContent"/>).</summary>
public sealed record TextVersion(int Number, string Text, string Hash, string IssuedBy, DateTimeOffset IssuedAt, string? Note, IReadOnlyList<Attachment>? Attachments = null)
{
    /// <summary>The attached documents, in the order they were attached (none for versions from before attachments).</summary>
    [JsonIgnore]
    public IReadOnlyList<Attachment> Documents => Attachments ?? [];

    [JsonIgnore]
    public ImmutableArray<Clause> Clauses => ResolutionText.Clauses(Text);
}

public sealed record Signature(string SignatoryKey, string UserId, string Organisation, string TextHash, int TextVersion, DateTimeOffset At);

public sealed record Registration(string Number, int Year, string UserId, DateTimeOffset At);

/// <summary>
/// The bodies chosen for this draft from the definition's pool: as the drafter proposed them, or as
/// the coordinator confirmed (or amended) them. Only a confirmed choice is asked for opinions.
/// </summary>
public sealed record ReviewerChoice(ImmutableArray<string> Organisations, bool Confirmed);

/// <summary>The conciliation meeting of a stage entry, as its minutes record it.</summary>
public sealed record ConciliationMeeting(int StageEntry, DateOnly Date, MeetingFormat Format, string? Place, ImmutableArray<string> Participants, string Protocol,
    string Minutes, bool ReturnToDrafter, Attachment? MinutesFile = null);

/// <summary>The Council's consideration of the draft: how and when it is to be taken, and, once taken, its decision.</summary>
public sealed record Adoption(int StageEntry, AdoptionForm Form, DateOnly ScheduledFor, string? Place, DateTimeOffset ScheduledAt,
    string? Outcome = null, DateOnly? DecidedOn = null, string? Protocol = null, string? Note = null);

public sealed record Publication(string Country, string Portal, string Reference, DateOnly PublishedOn, string UserId);

/// <summary>A resolution instance, pinned to the definition version it started with.</summary>
public sealed record ResolutionState(
    Guid Id,
    string DefinitionId,
    int DefinitionVersion,
    string Title,
    string DrafterOrganisation,
    string DrafterUserId,
    ResolutionStatus Status,
    string StageId,
    int StageEntry,
    DateTimeOffset StageEnteredAt,
    ImmutableDictionary<string, int> StageEntries,
    ImmutableList<TextVersion> Versions,
    ImmutableList<WorkTask> Tasks,
    ImmutableList<Opinion> Opinions,
    ImmutableList<Remark> Remarks,
    ImmutableList<Signature> Signatures,
    Registration? Registration,
    ImmutableList<Publication> Publications,
    int EventCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActivityAt,
    DateOnly? ActDate = null,
    Adoption? Adoption = null,
    ReviewerChoice? Reviewers = null,
    ConciliationMeeting? Meeting = null)
{
    [JsonIgnore]
    public TextVersion CurrentText => Versions[^1];

    [JsonIgnore]
    public IEnumerable<WorkTask> OpenTasks => Tasks.Where(t => t.IsOpen);

    [JsonIgnore]
    public IEnumerable<WorkTask> OpenTasksOfCurrentStage => Tasks.Where(t => t.IsOpen && t.StageId == StageId && t.StageEntry == StageEntry);

    [JsonIgnore]
    public IEnumerable<Remark> UnsettledRemarks => Remarks.Where(r => r.Status != RemarkStatus.Settled);

    /// <summary>Rows whose decided wording the text must still be given.</summary>
    [JsonIgnore]
    public IEnumerable<Remark> AwaitedWordings => Remarks.Where(r => r.AwaitsWording);

    /// <summary>The latest opinion of each participant of a review stage (one pass: a later opinion replaces an earlier one).</summary>
    public IReadOnlyDictionary<string, Opinion> LatestOpinions(string stageId)
    {
        var latest = new Dictionary<string, Opinion>();
        foreach (var opinion in Opinions)
        {
            if (opinion.StageId == stageId) { latest[opinion.ParticipantKey] = opinion; }
        }
        return latest;
    }
}
