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
}

public sealed record StartResolution(Guid CommandId, Guid ResolutionId, ActorRef Actor, string DefinitionId, string Title, string Text) : IResolutionCommand;

public sealed record SubmitForReview(Guid CommandId, Guid ResolutionId, ActorRef Actor, string SeenTextHash) : IResolutionCommand;

public sealed record RemarkOnClause(string Clause, string Text);

/// <summary>Opinion: "agree", "agreeWithRemarks" or "disagree".</summary>
public sealed record GiveOpinion(Guid CommandId, Guid ResolutionId, ActorRef Actor, string SeenTextHash, string Opinion, IReadOnlyList<RemarkOnClause> Remarks, string? Comment) : IResolutionCommand;

/// <summary>Answer: "accepted", "partlyAccepted" or "rejected".</summary>
public sealed record AnswerRemark(Guid CommandId, Guid ResolutionId, ActorRef Actor, int RemarkNo, string Answer, string Reason) : IResolutionCommand;

public sealed record IssueTextVersion(Guid CommandId, Guid ResolutionId, ActorRef Actor, string Text, string? Note) : IResolutionCommand;

public sealed record Resubmit(Guid CommandId, Guid ResolutionId, ActorRef Actor) : IResolutionCommand;

public sealed record RequestConciliation(Guid CommandId, Guid ResolutionId, ActorRef Actor, string Reason) : IResolutionCommand;

public sealed record ConciliationDecision(int RemarkNo, string Decision);

public sealed record DecideOutcome(Guid CommandId, Guid ResolutionId, ActorRef Actor, string Outcome, string Reason, IReadOnlyList<ConciliationDecision> Decisions) : IResolutionCommand;

public sealed record SignResolution(Guid CommandId, Guid ResolutionId, ActorRef Actor, string SeenTextHash) : IResolutionCommand;

public sealed record DeclineToSign(Guid CommandId, Guid ResolutionId, ActorRef Actor, string Reason) : IResolutionCommand;

public sealed record RegisterResolution(Guid CommandId, Guid ResolutionId, ActorRef Actor, string Number) : IResolutionCommand;

public sealed record RecordPublication(Guid CommandId, Guid ResolutionId, ActorRef Actor, string Country, string Portal, string Reference, DateOnly PublishedOn) : IResolutionCommand;

public sealed record WithdrawResolution(Guid CommandId, Guid ResolutionId, ActorRef Actor, string Reason) : IResolutionCommand;

/// <summary>Unit: "working" or "calendar".</summary>
public sealed record ExtendDeadline(Guid CommandId, Guid ResolutionId, ActorRef Actor, int TaskNo, int Days, string Unit, string Reason) : IResolutionCommand;

public sealed record NudgeTask(Guid CommandId, Guid ResolutionId, ActorRef Actor, int TaskNo, string Reason) : IResolutionCommand;

public sealed record ReassignTask(Guid CommandId, Guid ResolutionId, ActorRef Actor, int TaskNo, string? Organisation, string? UserId, string Reason) : IResolutionCommand;
