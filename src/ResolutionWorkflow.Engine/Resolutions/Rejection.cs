namespace ResolutionWorkflow.Engine.Resolutions;

public enum RejectionCode
{
    InvalidInput,
    UnknownDefinition,
    UnknownResolution,
    AlreadyStarted,
    ResolutionClosed,
    NotPermitted,
    NotYourTask,
    StageClosed,
    StaleTextHash,
    UnknownClause,
    UnknownRemark,
    UnknownTask,
    TaskClosed,
    UnansweredRemarks,
    OpenRemarksBlockSigning,
    UnknownOutcome,
    DeadlinePassed,
    DeadlineNotReached,
    InvalidRegistrationNumber,
    RegistrationRequired,
    AlreadyRecorded,
    NoChange,
    CalendarMissing,
    RegistrationNumberTaken,
    VersionChanged,
    IdempotencyKeyReused,
}

/// <summary>Why a command was refused, in words a person can act on.</summary>
public sealed record Rejection(RejectionCode Code, string Message);

/// <summary>The result of <c>decide</c>: the events to append, or the reason for refusal.</summary>
public abstract record Decision
{
    public sealed record Accepted(IReadOnlyList<ResolutionEvent> Events) : Decision;

    public sealed record Rejected(Rejection Rejection) : Decision;
}
