namespace ResolutionWorkflow.Contracts;

/// <summary>The command was applied (or had been: <see cref="Duplicate"/>); the resolution now looks like this.</summary>
public sealed record CommandAccepted(Guid CommandId, Guid ResolutionId, string StageId, string Status, int TextVersion, string TextHash, int Version, bool Duplicate);

/// <summary>
/// The command was refused; <see cref="Code"/> is stable (e.g. "staleTextHash"), <see cref="Reason"/> says why in English
/// words. <see cref="ReasonKey"/> names that sentence and <see cref="ReasonArgs"/> holds its arguments, so a receiver can
/// word it in its own language (absent from answers recorded before the keys existed).
/// </summary>
public sealed record CommandRejected(Guid CommandId, Guid ResolutionId, string Code, string Reason,
    string? ReasonKey = null, IReadOnlyDictionary<string, string>? ReasonArgs = null);
