using System.Collections.Immutable;

namespace ResolutionWorkflow.Engine.Definitions;

// The runtime model: a validated definition, built by DefinitionLoader. Every reference in it
// (stage targets, organisations, roles, calendars) is known to resolve.

public sealed record WorkflowDefinition(
    string Id,
    int Version,
    LocalizedText Title,
    string StartStageId,
    ImmutableArray<Stage> Stages,
    string ContentHash,
    string SourceFile,
    string? TimeZone = null,
    ImmutableArray<string> AttachmentKinds = default)
{
    /// <summary>The kind of act a resolution of this definition is adopted as, as officials cite it; null: the title is cited (definitions before acts were named apart).</summary>
    public LocalizedText? Act { get; init; }

    /// <summary>The kinds of document a draft's versions may carry (none: the definition takes no attachments).</summary>
    public ImmutableArray<string> AttachmentKinds { get; init; } = AttachmentKinds.IsDefault ? [] : AttachmentKinds;

    /// <summary>
    /// The zone the act's date and its numbering year are told in (Moscow for Union State acts);
    /// a definition that names none dates its acts in UTC, as version 1 did.
    /// </summary>
    public TimeZoneInfo ActZone => TimeZone is null ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    private readonly Dictionary<string, Stage> _byId = Stages.ToDictionary(s => s.Id);

    public Stage Stage(string id) => _byId[id];

    public string Key => $"{Id}@v{Version}";

    /// <summary>The review stage whose reviewers are chosen per draft from a pool, if the definition has one (validation allows one).</summary>
    public ReviewStage? ReviewerPoolStage => Stages.OfType<ReviewStage>().FirstOrDefault(s => !s.Pool.IsEmpty);
}

public enum StageKind { Drafting, Review, Revision, Decision, Signing, Publication, End, Adoption, Conciliation }

public enum DayUnit { Working, Calendar }

public enum CompletionKind { All, AtLeast }

public enum SilencePolicy { DeemedAgreed, Escalate, Extend }

public enum ReReviewRule { All, Objectors, ChangedClauses }

public enum SigningOrder { Parallel, Sequential }

public enum EndResult { Adopted, Withdrawn, Rejected }

/// <summary>Who acts at a single-actor stage: a role, optionally pinned to an organisation.</summary>
public sealed record ActorRule(string Role, string? Organisation);

/// <summary>
/// A reviewer: an organisation (its officers act), or a role, optionally of one country; with its own
/// rule for silence when the stage's rule does not bind it.
/// </summary>
public sealed record Participant(string? Organisation, string? Role, string? Country, SilenceRule? Silence = null)
{
    /// <summary>A stable key for the participant within a stage.</summary>
    public string Key => Organisation ?? (Country is null ? $"role:{Role}" : $"role:{Role}@{Country}");
}

/// <summary>
/// Who signs: a role of one country (each head of government), or a role of no country that signs
/// for the Union State as a whole (the Chairman of the Council of Ministers).
/// </summary>
public sealed record Signatory(string Role, string? Country)
{
    public string Key => Country is null ? Role : $"{Role}@{Country}";
}

public sealed record Reminder(int Before, DayUnit Unit);

/// <summary>
/// A deadline: N working or calendar days in a calendar. <see cref="PartyCalendar"/> means the
/// calendar of the country of whoever owes the action.
/// </summary>
public sealed record DeadlineRule(int Days, DayUnit Unit, string Calendar, ImmutableArray<Reminder> Reminders, string? EscalateTo)
{
    public const string PartyCalendar = "party";
}

public sealed record CompletionRule(CompletionKind Kind, int AtLeast)
{
    public static readonly CompletionRule All = new(CompletionKind.All, 0);
}

public sealed record SilenceRule(SilencePolicy Policy, int ExtendDays);

public abstract record Stage(string Id, StageKind Kind, LocalizedText? Title, ImmutableDictionary<string, string> Outcomes, DeadlineRule? Deadline)
{
    public string TargetOf(string outcome) => Outcomes[outcome];

    public bool HasOutcome(string outcome) => Outcomes.ContainsKey(outcome);
}

public sealed record DraftingStage(string Id, LocalizedText? Title, ActorRule Actor, DeadlineRule? Deadline, ImmutableDictionary<string, string> Outcomes)
    : Stage(Id, StageKind.Drafting, Title, Outcomes, Deadline);

public sealed record RevisionStage(string Id, LocalizedText? Title, ActorRule Actor, DeadlineRule? Deadline, ImmutableDictionary<string, string> Outcomes)
    : Stage(Id, StageKind.Revision, Title, Outcomes, Deadline);

public sealed record DecisionStage(string Id, LocalizedText? Title, ActorRule Actor, DeadlineRule? Deadline, ImmutableDictionary<string, string> Outcomes)
    : Stage(Id, StageKind.Decision, Title, Outcomes, Deadline);

/// <summary>
/// Review: each participant gives an opinion. A legal examination is a review by each country's legal
/// body of the text agreed in review, giving a written conclusion; its silence is never agreement.
/// </summary>
public sealed record ReviewStage(
    string Id,
    LocalizedText? Title,
    ImmutableArray<Participant> Participants,
    CompletionRule Completion,
    SilenceRule Silence,
    ReReviewRule ReReview,
    DeadlineRule? Deadline,
    ImmutableDictionary<string, string> Outcomes,
    ImmutableDictionary<string, SilenceRule>? SilenceByCountry = null,
    bool LegalExamination = false,
    ImmutableArray<Participant> Pool = default)
    : Stage(Id, StageKind.Review, Title, Outcomes, Deadline)
{
    /// <summary>The bodies a draft may also go to, as its drafter proposes and the coordinator confirms; the participants are mandatory.</summary>
    public ImmutableArray<Participant> Pool { get; init; } = Pool.IsDefault ? [] : Pool;

    /// <summary>Who reviews this draft: every mandatory participant and the bodies confirmed for it from the pool, but never the body that drafted it.</summary>
    public IEnumerable<Participant> ParticipantsOf(ResolutionWorkflow.Engine.Resolutions.ResolutionState state) =>
        Named(state).Where(p => p.Organisation != state.DrafterOrganisation);

    /// <summary>Whether the definition names the drafting body among this draft's reviewers (it is left out).</summary>
    public bool NamesDrafter(ResolutionWorkflow.Engine.Resolutions.ResolutionState state) =>
        Named(state).Any(p => p.Organisation == state.DrafterOrganisation);

    private IEnumerable<Participant> Named(ResolutionWorkflow.Engine.Resolutions.ResolutionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var chosen = state.Reviewers is { Confirmed: true } r ? r.Organisations : [];
        return Participants.Concat(Pool.Where(p => chosen.Contains(p.Key)));
    }

    /// <summary>A participant of the stage, mandatory or from the pool, by key.</summary>
    public Participant Participant(string key) => Participants.Concat(Pool).First(p => p.Key == key);

    /// <summary>What a participant's silence means: its own rule, else its country's, else the stage's.</summary>
    public SilenceRule SilenceOf(Participant participant, string? country)
    {
        ArgumentNullException.ThrowIfNull(participant);
        return participant.Silence
            ?? (country is not null && SilenceByCountry is { } byCountry && byCountry.TryGetValue(country, out var rule) ? rule : Silence);
    }
}

/// <summary>
/// Conciliation: the coordinator records the conciliation meeting (its minutes and a decision on rows of
/// the disagreement table); each body whose objection a decision settles confirms it or dissents; rows
/// still open go on to the heads of government (outcome unresolved).
/// </summary>
public sealed record ConciliationStage(string Id, LocalizedText? Title, ActorRule Actor, DeadlineRule? Deadline, ImmutableDictionary<string, string> Outcomes)
    : Stage(Id, StageKind.Conciliation, Title, Outcomes, Deadline);

/// <summary>
/// Adoption: the Standing Committee places the draft on the agenda of a Council of Ministers meeting
/// or puts it to a written poll, then records the Council's decision (adopted, or returned for revision).
/// </summary>
public sealed record AdoptionStage(string Id, LocalizedText? Title, ActorRule Actor, DeadlineRule? Deadline, ImmutableDictionary<string, string> Outcomes)
    : Stage(Id, StageKind.Adoption, Title, Outcomes, Deadline);

/// <summary>A signing stage; <paramref name="RequiresCms"/>: each signature is a detached CMS signature the application has verified, not an account's confirmation.</summary>
public sealed record SigningStage(
    string Id,
    LocalizedText? Title,
    SigningOrder Order,
    ImmutableArray<Signatory> Signatories,
    DeadlineRule? Deadline,
    ImmutableDictionary<string, string> Outcomes,
    bool RequiresCms = false)
    : Stage(Id, StageKind.Signing, Title, Outcomes, Deadline);

public sealed record PublicationStage(
    string Id,
    LocalizedText? Title,
    ActorRule Actor,
    string NumberPattern,
    ImmutableArray<string> Countries,
    DeadlineRule? Deadline,
    ImmutableDictionary<string, string> Outcomes)
    : Stage(Id, StageKind.Publication, Title, Outcomes, Deadline);

public sealed record EndStage(string Id, LocalizedText? Title, EndResult Result)
    : Stage(Id, StageKind.End, Title, ImmutableDictionary<string, string>.Empty, null);

/// <summary>The closed vocabulary: which outcomes each stage kind produces.</summary>
public static class StageVocabulary
{
    public static class Outcomes
    {
        public const string Submitted = "submitted";
        public const string Agreed = "agreed";
        public const string RevisionRequired = "revisionRequired";
        public const string Resubmitted = "resubmitted";
        public const string Conciliation = "conciliation";
        public const string Signed = "signed";
        public const string Declined = "declined";
        public const string TextChanged = "textChanged";
        public const string Published = "published";
        public const string Adopted = "adopted";
        public const string Returned = "returned";
        public const string Unresolved = "unresolved";
    }

    /// <summary>Outcomes every stage of the kind must map. Decision stages name their own.</summary>
    public static IReadOnlyList<string> Required(StageKind kind) => kind switch
    {
        StageKind.Drafting => [Outcomes.Submitted],
        StageKind.Review => [Outcomes.Agreed, Outcomes.RevisionRequired],
        StageKind.Revision => [Outcomes.Resubmitted],
        StageKind.Signing => [Outcomes.Signed, Outcomes.Declined, Outcomes.TextChanged],
        StageKind.Publication => [Outcomes.Published],
        StageKind.Adoption => [Outcomes.Adopted],
        StageKind.Conciliation => [Outcomes.Agreed, Outcomes.Unresolved],
        _ => [],
    };

    /// <summary>Outcomes a stage of the kind may map; null means any name (decision).</summary>
    public static IReadOnlyList<string>? Allowed(StageKind kind) => kind switch
    {
        StageKind.Revision => [Outcomes.Resubmitted, Outcomes.Conciliation],
        StageKind.Adoption => [Outcomes.Adopted, Outcomes.Returned],
        StageKind.Conciliation => [Outcomes.Agreed, Outcomes.Unresolved, Outcomes.Returned],
        StageKind.Decision => null,
        _ => Required(kind),
    };
}
