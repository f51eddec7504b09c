using System.Collections.Immutable;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Texts;

namespace ResolutionWorkflow.Engine.Resolutions;

/// <summary>
/// A request to change a resolution. Every command carries its own id (a repeat is recognised
/// and answered with the first result), the actor and the resolution.
/// </summary>
public abstract record ResolutionCommand
{
    public required Guid CommandId { get; init; }

    public required Guid ResolutionId { get; init; }

    public required Actor Actor { get; init; }

    /// <summary>The version the actor read; checked where the version is written, so a change in between refuses the command.</summary>
    public int? ExpectedVersion { get; init; }
}

/// <summary>A new draft; <paramref name="Reviewers"/> proposes the bodies concerned from the definition's pool, if it has one.</summary>
public sealed record StartResolution(string DefinitionId, string Title, string Text, ImmutableArray<string>? Reviewers = null) : ResolutionCommand;

/// <summary>The drafter proposes the bodies concerned with the draft from the definition's pool (replacing an earlier proposal).</summary>
public sealed record ProposeReviewers(ImmutableArray<string> Organisations) : ResolutionCommand;

/// <summary>The coordinator confirms the proposal (<paramref name="Organisations"/> null) or sets the bodies itself, with <paramref name="Reason"/>.</summary>
public sealed record ConfirmReviewers(ImmutableArray<string>? Organisations, string? Reason) : ResolutionCommand;

public sealed record SubmitForReview(string SeenTextHash) : ResolutionCommand;

/// <summary>A remark on a clause, with the wording the body proposes instead, if any.</summary>
public sealed record RemarkInput(string Clause, string Text, string? ProposedWording = null);

/// <summary>An opinion on the text whose hash the body saw; <paramref name="LetterNumber"/> is the outgoing number of the body's letter, for the approval sheet.</summary>
public sealed record RecordOpinion(string SeenTextHash, OpinionKind Kind, ImmutableArray<RemarkInput> Remarks, string? Comment = null, string? LetterNumber = null) : ResolutionCommand
{
    /// <summary>Who of the body gives it, from their account (the application fills it in; not part of what is asked).</summary>
    public Official? Official { get; init; }
}

public sealed record AnswerRemark(int RemarkNo, RemarkAnswer Answer, string Reason) : ResolutionCommand;

public sealed record IssueTextVersion(string Text, string? Note = null) : ResolutionCommand;

/// <summary>The drafter attaches a document whose bytes the application has stored; a new version carries it.</summary>
public sealed record AttachDocument(Attachment Document) : ResolutionCommand;

/// <summary>The drafter removes an attached document (by its SHA-256); a new version is issued without it.</summary>
public sealed record RemoveAttachment(string Sha256) : ResolutionCommand;

public sealed record Resubmit : ResolutionCommand;

public sealed record RequestConciliation(string Reason) : ResolutionCommand;

/// <summary>A decision on a row: <paramref name="Choice"/>, <paramref name="Wording"/> the clause's new text (for a new wording), <paramref name="Note"/> the reasoning, if recorded.</summary>
public sealed record ConciliationInput(int RemarkNo, WordingChoice? Choice, string? Wording = null, string? Note = null);

public sealed record DecideOutcome(string Outcome, string Reason, ImmutableArray<ConciliationInput> Decisions) : ResolutionCommand;

/// <summary>
/// The conciliation meeting as its minutes record it: the day it met (<paramref name="Format"/> in person at
/// <paramref name="Place"/>, or by videoconference), the organisations that took part, the protocol number,
/// the minutes, and a decision on rows of the disagreement table; <paramref name="ReturnToDrafter"/> when
/// the meeting asks the drafter to revise the text once the decisions are confirmed; <paramref name="MinutesFile"/>,
/// when given, the signed minutes as a document (its bytes stored by the application, named by SHA-256).
/// </summary>
public sealed record RecordConciliationMeeting(DateOnly Date, MeetingFormat Format, string? Place, ImmutableArray<string> Participants, string Protocol, string Minutes,
    ImmutableArray<ConciliationInput> Decisions, bool ReturnToDrafter, Attachment? MinutesFile = null) : ResolutionCommand
{
    /// <summary>The kind a meeting's minutes file is kept under, whatever the sender calls it.</summary>
    public const string MinutesFileKind = "minutes";
}

/// <summary>
/// The Standing Committee issues the text version the minutes decided: the engine puts each decided wording into
/// its clause of the text whose hash the coordinator saw (<paramref name="SeenTextHash"/>).
/// </summary>
public sealed record IssueAgreedText(string SeenTextHash, string? Note) : ResolutionCommand;

/// <summary>A body whose objection the minutes decide confirms the decision, or dissents with <paramref name="Reason"/>.</summary>
public sealed record AnswerMinutes(bool Confirm, string? Reason) : ResolutionCommand;

/// <summary>The Standing Committee places the draft on a Council meeting's agenda, or starts a written poll ending on <paramref name="Date"/>.</summary>
public sealed record ScheduleAdoption(AdoptionForm Form, DateOnly Date, string? Place) : ResolutionCommand;

/// <summary>The Council's decision as its protocol records it: adopted, or returned for revision (with the reason in <paramref name="Note"/>).</summary>
public sealed record RecordAdoption(string Outcome, DateOnly Date, string Protocol, string? Note) : ResolutionCommand;

/// <summary>
/// A signature on the text whose hash the signer saw; <paramref name="Evidence"/> is the detached CMS
/// signature the application verified (required where the signing stage says so).
/// </summary>
public sealed record Sign(string SeenTextHash, SignatureEvidence? Evidence = null) : ResolutionCommand;

/// <summary>
/// What a verified CMS signature proves, as the journal keeps it: who (the certificate's subject,
/// issuer and serial number), with which algorithms, when, over which bytes (their SHA-256: the
/// version's hash), and the signature itself (base64), so anyone can check it again without this application.
/// </summary>
public sealed record SignatureEvidence(string Subject, string Issuer, string Serial, string Algorithm, DateTimeOffset SignedAt, string ContentSha256, string Cms)
{
    public const string TimeStamp = "timeStamp", SigningTime = "signingTime", Received = "received";

    /// <summary>
    /// Where <see cref="SignedAt"/> comes from: a time-stamping authority's token (<see cref="TimeStamp"/>, with
    /// <see cref="TimeStampAuthority"/>), the signer's signing-time attribute, or the moment the signature was
    /// received. Null in signatures recorded before this was kept (the signing-time attribute, else receipt).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? TimeFrom { get; init; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? TimeStampAuthority { get; init; }
}

public sealed record DeclineToSign(string Reason) : ResolutionCommand;

public sealed record Register(string Number) : ResolutionCommand;

public sealed record RecordPublication(string Country, string Portal, string Reference, DateOnly PublishedOn) : ResolutionCommand;

public sealed record Withdraw(string Reason) : ResolutionCommand;

public sealed record ExtendDeadline(int TaskNo, int Days, DayUnit Unit, string Reason) : ResolutionCommand;

public sealed record ReassignTask(int TaskNo, string? Organisation, string? UserId, string Reason) : ResolutionCommand;

/// <summary>A coordinator asks for the reminder to go out now.</summary>
public sealed record Nudge(int TaskNo, string Reason) : ResolutionCommand;

/// <summary>Sent by the deadline sweeper when a task's due instant has passed.</summary>
public sealed record ApplyDeadline(int TaskNo) : ResolutionCommand;
