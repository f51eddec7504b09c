using System.Collections.Immutable;
using System.Text.Json.Serialization;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Texts;

namespace ResolutionWorkflow.Engine.Resolutions;

/// <summary>What happened to a resolution. The type names below are stored in the journal: never rename them.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ResolutionStarted), "resolution-started")]
[JsonDerivedType(typeof(TextVersionIssued), "text-version-issued")]
[JsonDerivedType(typeof(StageEntered), "stage-entered")]
[JsonDerivedType(typeof(StageCompleted), "stage-completed")]
[JsonDerivedType(typeof(TaskOpened), "task-opened")]
[JsonDerivedType(typeof(TaskClosed), "task-closed")]
[JsonDerivedType(typeof(ActDated), "act-dated")]
[JsonDerivedType(typeof(OpinionRecorded), "opinion-recorded")]
[JsonDerivedType(typeof(RemarkRaised), "remark-raised")]
[JsonDerivedType(typeof(RemarkAnswered), "remark-answered")]
[JsonDerivedType(typeof(RemarkSettled), "remark-settled")]
[JsonDerivedType(typeof(DecisionRecorded), "decision-recorded")]
[JsonDerivedType(typeof(ConciliationMeetingRecorded), "conciliation-meeting-recorded")]
[JsonDerivedType(typeof(RemarkDecided), "remark-decided")]
[JsonDerivedType(typeof(WordingCarried), "wording-carried")]
[JsonDerivedType(typeof(MinutesConfirmed), "minutes-confirmed")]
[JsonDerivedType(typeof(MinutesDissented), "minutes-dissented")]
[JsonDerivedType(typeof(ReviewersProposed), "reviewers-proposed")]
[JsonDerivedType(typeof(ReviewersConfirmed), "reviewers-confirmed")]
[JsonDerivedType(typeof(AdoptionScheduled), "adoption-scheduled")]
[JsonDerivedType(typeof(AdoptionRecorded), "adoption-recorded")]
[JsonDerivedType(typeof(SignatureRecorded), "signature-recorded")]
[JsonDerivedType(typeof(SigningDeclined), "signing-declined")]
[JsonDerivedType(typeof(SignaturesVoided), "signatures-voided")]
[JsonDerivedType(typeof(Registered), "registered")]
[JsonDerivedType(typeof(PublicationRecorded), "publication-recorded")]
[JsonDerivedType(typeof(ResolutionWithdrawn), "resolution-withdrawn")]
[JsonDerivedType(typeof(ResolutionClosed), "resolution-closed")]
[JsonDerivedType(typeof(DeadlineExtended), "deadline-extended")]
[JsonDerivedType(typeof(TaskReassigned), "task-reassigned")]
[JsonDerivedType(typeof(SilencePolicyApplied), "silence-policy-applied")]
[JsonDerivedType(typeof(TaskEscalated), "task-escalated")]
[JsonDerivedType(typeof(CommandRefused), "command-refused")]
[JsonDerivedType(typeof(TaskNudged), "task-nudged")]
[JsonDerivedType(typeof(DrafterNotAsked), "drafter-not-asked")]
public abstract record ResolutionEvent
{
    public DateTimeOffset At { get; init; }
}

public sealed record ResolutionStarted(Guid ResolutionId, string DefinitionId, int DefinitionVersion, string Title, string DrafterOrganisation, string DrafterUserId) : ResolutionEvent;

/// <summary>A version of the text; <paramref name="Attachments"/> is its manifest, written only when it has one (so earlier versions read as written).</summary>
public sealed record TextVersionIssued(int Number, string Text, string Hash, string IssuedBy, string? Note,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Attachment>? Attachments = null) : ResolutionEvent;

public sealed record StageEntered(string StageId, int Entry) : ResolutionEvent;

public sealed record StageCompleted(string StageId, string Outcome, string NextStageId) : ResolutionEvent;

public sealed record TaskOpened(WorkTask Task) : ResolutionEvent;

public sealed record TaskClosed(int TaskNo, WorkTaskStatus Status) : ResolutionEvent;

/// <summary>An opinion; <paramref name="Late"/> when given after the task's deadline (received and considered all the same; stored only when true).</summary>
/// <summary>The act's date: the day of the last signature in the definition's zone.</summary>
public sealed record ActDated(DateOnly Date) : ResolutionEvent;

/// <summary>
/// An opinion; <paramref name="Late"/>, <paramref name="LetterNumber"/> (the body's outgoing letter) and
/// <paramref name="Official"/> (who gave it, as the approval sheet names them) are written only when there is one.
/// </summary>
public sealed record OpinionRecorded(string StageId, string ParticipantKey, string Organisation, string UserId, OpinionKind Kind, int TextVersion, string? Comment,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Late = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] string? LetterNumber = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Official? Official = null) : ResolutionEvent;

/// <summary>The official who acted, as they were when they acted: "Андреева М. В.", "Начальник правового управления".</summary>
public sealed record Official(string Name, string Position);

/// <summary>
/// A row of the disagreement table; <paramref name="Late"/> when its opinion came after the deadline, <paramref name="ProposedWording"/>
/// the wording the body proposes (each stored only when there is one, so older rows read as they were written).
/// </summary>
public sealed record RemarkRaised(int RemarkNo, string StageId, string ParticipantKey, string Organisation, string UserId, int TextVersion, string Clause, string Text, bool Objection,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Late = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] string? ProposedWording = null) : ResolutionEvent;

public sealed record RemarkAnswered(int RemarkNo, RemarkAnswer Answer, string Reason, string UserId) : ResolutionEvent;

/// <summary>How a row of the disagreement table was closed.</summary>
public enum SettledBy { AnswerToNonBlockingRemark, AuthorAgreed, SilenceDeemedAgreed, ConciliationDecision }

public sealed record RemarkSettled(int RemarkNo, SettledBy By, string? Note) : ResolutionEvent;

public sealed record DecisionRecorded(string StageId, string Outcome, string Reason, string UserId) : ResolutionEvent;

/// <summary>How a conciliation meeting met.</summary>
public enum MeetingFormat { InPerson, Videoconference }

/// <summary>A conciliation meeting, as its minutes record it; <paramref name="MinutesFile"/> (written only when given) the signed minutes as a document.</summary>
public sealed record ConciliationMeetingRecorded(string StageId, DateOnly Date, MeetingFormat Format, string? Place, ImmutableArray<string> Participants, string Protocol,
    string Minutes, bool ReturnToDrafter, string UserId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Attachment? MinutesFile = null) : ResolutionEvent;

/// <summary>What a conciliation decision does to the clause a row objects to.</summary>
public enum WordingChoice { KeepDrafterWording, AcceptProposedWording, NewWording }

/// <summary>
/// A decision on a row (the meeting's, settled when the body that raised it confirms the minutes; or the
/// heads of government's): <paramref name="Choice"/> and, when it changes the text, <paramref name="Wording"/>,
/// the clause as it is to read; <paramref name="Decision"/> the reasoning as recorded. Decisions from before
/// choices were recorded carry only their words.
/// </summary>
public sealed record RemarkDecided(int RemarkNo, string Decision,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] WordingChoice? Choice = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Wording = null) : ResolutionEvent;

/// <summary>Text version <paramref name="TextVersion"/> carries the wording decided on row <paramref name="RemarkNo"/>: the clause change and the decision it came from.</summary>
public sealed record WordingCarried(int RemarkNo, string Clause, int TextVersion) : ResolutionEvent;

public sealed record MinutesConfirmed(string Organisation, string UserId) : ResolutionEvent;

/// <summary>A body dissents from the minutes: its rows stay open and go on with the disagreement table.</summary>
public sealed record MinutesDissented(string Organisation, string Reason, string UserId) : ResolutionEvent;

/// <summary>The drafter proposes the bodies concerned with the draft, from the definition's pool (the mandatory ones are always asked).</summary>
public sealed record ReviewersProposed(ImmutableArray<string> Organisations, string UserId) : ResolutionEvent;

/// <summary>The coordinator confirms the bodies the draft goes to, or amends the proposal (<paramref name="Amended"/>, with the reason).</summary>
public sealed record ReviewersConfirmed(ImmutableArray<string> Organisations, bool Amended, string? Reason, string UserId) : ResolutionEvent;

/// <summary>How the Council of Ministers takes a decision: at a meeting, or by a written poll of its members.</summary>
public enum AdoptionForm { Meeting, WrittenPoll }

/// <summary>The draft is on a Council meeting's agenda for <paramref name="Date"/> (at <paramref name="Place"/>), or put to a written poll ending then.</summary>
public sealed record AdoptionScheduled(string StageId, AdoptionForm Form, DateOnly Date, string? Place, string UserId) : ResolutionEvent;

/// <summary>The Council's decision on <paramref name="Date"/> as protocol <paramref name="Protocol"/> records it.</summary>
public sealed record AdoptionRecorded(string StageId, string Outcome, AdoptionForm Form, DateOnly Date, string Protocol, string? Note, string UserId) : ResolutionEvent;

/// <summary>A signature; <paramref name="Evidence"/> (written only when there is one) is the verified CMS signature.</summary>
public sealed record SignatureRecorded(string SignatoryKey, string UserId, string Organisation, string TextHash, int TextVersion,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SignatureEvidence? Evidence = null) : ResolutionEvent;

public sealed record SigningDeclined(string SignatoryKey, string UserId, string Reason) : ResolutionEvent;

public sealed record SignaturesVoided(int Count, string Reason) : ResolutionEvent;

public sealed record Registered(string Number, int Year, string UserId) : ResolutionEvent;

public sealed record PublicationRecorded(string Country, string Portal, string Reference, DateOnly PublishedOn, string UserId) : ResolutionEvent;

public sealed record ResolutionWithdrawn(string Reason, string UserId) : ResolutionEvent;

public sealed record ResolutionClosed(EndResult Result) : ResolutionEvent;

public sealed record DeadlineExtended(int TaskNo, DateTimeOffset? PreviousDueAt, DateTimeOffset DueAt, ImmutableArray<DateTimeOffset> RemindAt, string Reason, bool Provisional) : ResolutionEvent;

public sealed record TaskReassigned(int TaskNo, Assignee Previous, Assignee Assignee, string Reason) : ResolutionEvent;

/// <summary>A review deadline passed in silence; <see cref="Rule"/> states the rule applied, in words.</summary>
public sealed record SilencePolicyApplied(int TaskNo, string ParticipantKey, SilencePolicy Policy, string Rule) : ResolutionEvent;

public sealed record TaskEscalated(int TaskNo, string ToRole) : ResolutionEvent;

/// <summary>
/// A command refused before the engine saw it because its channel may not speak for the actor it
/// names (a party system acting for another organisation). Journaled so the attempt is on record;
/// it changes nothing else.
/// </summary>
public sealed record CommandRefused(Guid RefusedCommandId, string CommandType, string Channel, string ClaimedOrganisation, string Reason) : ResolutionEvent;

/// <summary>A coordinator sent the task's reminder now, with a reason.</summary>
public sealed record TaskNudged(int TaskNo, string Reason, string UserId) : ResolutionEvent;

/// <summary>The definition names the drafting body among a review stage's participants: it is not asked to review its own draft.</summary>
public sealed record DrafterNotAsked(string StageId, string Organisation) : ResolutionEvent;
