namespace ResolutionWorkflow.Contracts;

/// <summary>The command was applied (or had been: <see cref="Duplicate"/>); the resolution now looks like this.</summary>
public sealed record CommandAccepted(Guid CommandId, Guid ResolutionId, string StageId, string Status, int TextVersion, string TextHash, int Version, bool Duplicate);

/// <summary>The command was refused; <see cref="Code"/> is stable (e.g. "staleTextHash"), <see cref="Reason"/> says why in words.</summary>
public sealed record CommandRejected(Guid CommandId, Guid ResolutionId, string Code, string Reason);
