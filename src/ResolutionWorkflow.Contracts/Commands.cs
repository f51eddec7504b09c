namespace ResolutionWorkflow.Contracts;

/// <summary>Who acts. A party system's organisation is taken from the channel it uses, not from this field.</summary>
public sealed record ActorRef(string UserId, string Organisation, IReadOnlyList<string> Roles);

/// <summary>
/// Every command names itself (a repeat of the same id is answered with the first result),
/// its actor and its resolution. Commands a person issues after reading the text carry the
/// SHA-256 of the text they read.
/// </summary>
public interface IResolutionCommand
{
    Guid CommandId { get; }

    Guid ResolutionId { get; }

    ActorRef Actor { get; }

    /// <summary>The resolution version the sender read (the API's If-Match); a different version refuses the command.</summary>
    int? ExpectedVersion { get; }
}

/// <summary>What every command record shares.</summary>
public abstract record CommandMessage(Guid CommandId, Guid ResolutionId, ActorRef Actor) : IResolutionCommand
{
    public int? ExpectedVersion { get; init; }
}

/// <summary>A new draft; Reviewers, if given, proposes the bodies concerned from the definition's pool.</summary>
public sealed record StartResolution(Guid CommandId, Guid ResolutionId, ActorRef Actor, string DefinitionId, string Title, string Text, IReadOnlyList<string>? Reviewers = null) : CommandMessage(CommandId, ResolutionId, Actor);

/// <summary>The drafter proposes the bodies concerned with the draft, from the definition's pool.</summary>
public sealed record ProposeReviewers(Guid CommandId, Guid ResolutionId, ActorRef Actor, IReadOnlyList<string> Organisations) : CommandMessage(CommandId, ResolutionId, Actor);

/// <summary>The coordinator confirms the bodies: the proposed list confirms the proposal, another list amends it (with a reason).</summary>
public sealed record ConfirmReviewers(Guid CommandId, Guid ResolutionId, ActorRef Actor, IReadOnlyList<string> Organisations, string? Reason) : CommandMessage(CommandId, ResolutionId, Actor);

public sealed record SubmitForReview(Guid CommandId, Guid ResolutionId, ActorRef Actor, string SeenTextHash) : CommandMessage(CommandId, ResolutionId, Actor);

/// <summary>A remark on a clause; <paramref name="ProposedWording"/> is the wording the body proposes instead, if any.</summary>
public sealed record RemarkOnClause(string Clause, string Text, string? ProposedWording = null);

/// <summary>Opinion: "agree", "agreeWithRemarks" or "disagree".</summary>
public sealed record GiveOpinion(Guid CommandId, Guid ResolutionId, ActorRef Actor, string SeenTextHash, string Opinion, IReadOnlyList<RemarkOnClause> Remarks, string? Comment,
    string? LetterNumber = null) : CommandMessage(CommandId, ResolutionId, Actor);

/// <summary>Answer: "accepted", "partlyAccepted" or "rejected".</summary>
public sealed record AnswerRemark(Guid CommandId, Guid ResolutionId, ActorRef Actor, int RemarkNo, string Answer, string Reason) : CommandMessage(CommandId, ResolutionId, Actor);

public sealed record IssueTextVersion(Guid CommandId, Guid ResolutionId, ActorRef Actor, string Text, string? Note) : CommandMessage(CommandId, ResolutionId, Actor);

/// <summary>
/// The drafter attaches a document whose bytes the application has stored (its upload route stores
/// them first, then sends this): kind from the definition, file name, the type found in the bytes, size, SHA-256.
/// </summary>
public sealed record AttachDocument(Guid CommandId, Guid ResolutionId, ActorRef Actor, string Kind, string Name, string MediaType, long Size, string Sha256) : CommandMessage(CommandId, ResolutionId, Actor);

/// <summary>The drafter removes the attached document with this SHA-256 from the next version.</summary>
public sealed record RemoveAttachment(Guid CommandId, Guid ResolutionId, ActorRef Actor, string Sha256) : CommandMessage(CommandId, ResolutionId, Actor);

public sealed record Resubmit(Guid CommandId, Guid ResolutionId, ActorRef Actor) : CommandMessage(CommandId, ResolutionId, Actor);

public sealed record RequestConciliation(Guid CommandId, Guid ResolutionId, ActorRef Actor, string Reason) : CommandMessage(CommandId, ResolutionId, Actor);

/// <summary>
/// A decision on a row of the disagreement table. Choice: "keepDrafterWording", "acceptProposedWording"
/// (the wording the body proposed) or "newWording" (Wording: the clause's new text); Decision: the reasoning, optional.
/// </summary>
public sealed record ConciliationDecision(int RemarkNo, string? Choice, string? Wording = null, string? Decision = null);

public sealed record DecideOutcome(Guid CommandId, Guid ResolutionId, ActorRef Actor, string Outcome, string Reason, IReadOnlyList<ConciliationDecision> Decisions) : CommandMessage(CommandId, ResolutionId, Actor);

/// <summary>
/// The conciliation meeting as its minutes record it. Format: "inPerson" (at Place) or "videoconference";
/// Participants: the organisations that took part; Decisions: per row of the disagreement table;
/// ReturnToDrafter: the meeting asks for a revised text once its decisions are confirmed.
/// </summary>
public sealed record RecordConciliationMeeting(Guid CommandId, Guid ResolutionId, ActorRef Actor, DateOnly Date, string Format, string? Place, IReadOnlyList<string> Participants,
    string Protocol, string Minutes, IReadOnlyList<ConciliationDecision> Decisions, bool ReturnToDrafter, StoredDocument? MinutesFile = null) : CommandMessage(CommandId, ResolutionId, Actor);

/// <summary>A document whose bytes the application already stores (uploaded first), named by their SHA-256 with the type and size found in them.</summary>
public sealed record StoredDocument(string Name, string MediaType, long Size, string Sha256);

/// <summary>The Standing Committee issues the text version the conciliation minutes decided (each decided wording put into its clause of the text it saw), with an optional note.</summary>
public sealed record IssueAgreedText(Guid CommandId, Guid ResolutionId, ActorRef Actor, string SeenTextHash, string? Note) : CommandMessage(CommandId, ResolutionId, Actor);

/// <summary>A body whose objection the minutes decide confirms (Confirm true) or dissents, with the reason.</summary>
public sealed record AnswerMinutes(Guid CommandId, Guid ResolutionId, ActorRef Actor, bool Confirm, string? Reason) : CommandMessage(CommandId, ResolutionId, Actor);

/// <summary>Form: "meeting" (the Council meeting of that date) or "writtenPoll" (a written poll closing on that date).</summary>
public sealed record ScheduleAdoption(Guid CommandId, Guid ResolutionId, ActorRef Actor, string Form, DateOnly Date, string? Place) : CommandMessage(CommandId, ResolutionId, Actor);

/// <summary>Outcome: "adopted", or "returned" (for revision, with the reason in Note), as protocol Protocol of Date records it.</summary>
public sealed record RecordAdoption(Guid CommandId, Guid ResolutionId, ActorRef Actor, string Outcome, DateOnly Date, string Protocol, string? Note) : CommandMessage(CommandId, ResolutionId, Actor);

/// <summary>
/// A signature on the text whose hash the signer saw; <paramref name="Cms"/> is a detached CMS (PKCS #7)
/// signature over the version's content (GET …/versions/{n}/content), DER in base64, where the stage requires one.
/// </summary>
public sealed record SignResolution(Guid CommandId, Guid ResolutionId, ActorRef Actor, string SeenTextHash, string? Cms = null) : CommandMessage(CommandId, ResolutionId, Actor);

public sealed record DeclineToSign(Guid CommandId, Guid ResolutionId, ActorRef Actor, string Reason) : CommandMessage(CommandId, ResolutionId, Actor);

public sealed record RegisterResolution(Guid CommandId, Guid ResolutionId, ActorRef Actor, string Number) : CommandMessage(CommandId, ResolutionId, Actor);

public sealed record RecordPublication(Guid CommandId, Guid ResolutionId, ActorRef Actor, string Country, string Portal, string Reference, DateOnly PublishedOn) : CommandMessage(CommandId, ResolutionId, Actor);

public sealed record WithdrawResolution(Guid CommandId, Guid ResolutionId, ActorRef Actor, string Reason) : CommandMessage(CommandId, ResolutionId, Actor);

/// <summary>Unit: "working" or "calendar".</summary>
public sealed record ExtendDeadline(Guid CommandId, Guid ResolutionId, ActorRef Actor, int TaskNo, int Days, string Unit, string Reason) : CommandMessage(CommandId, ResolutionId, Actor);

public sealed record NudgeTask(Guid CommandId, Guid ResolutionId, ActorRef Actor, int TaskNo, string Reason) : CommandMessage(CommandId, ResolutionId, Actor);

public sealed record ReassignTask(Guid CommandId, Guid ResolutionId, ActorRef Actor, int TaskNo, string? Organisation, string? UserId, string Reason) : CommandMessage(CommandId, ResolutionId, Actor);
