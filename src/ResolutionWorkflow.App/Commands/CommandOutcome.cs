using ResolutionWorkflow.Engine.Resolutions;

namespace ResolutionWorkflow.App.Commands;

/// <summary>What a resolution looks like after an accepted command: enough for a caller to go on.</summary>
public sealed record ResolutionSummary(Guid ResolutionId, string StageId, string Status, int TextVersion, string TextHash, int Version, long JournalLength);

/// <summary>The answer to a command: accepted with the new summary, or the engine's rejection. A repeated command id gets the first answer.</summary>
public sealed record CommandOutcome(Guid CommandId, Guid ResolutionId, bool Accepted, ResolutionSummary? Summary, Rejection? Rejection, bool Duplicate = false)
{
    public static CommandOutcome Refused(ResolutionCommand command, Rejection rejection)
    {
        ArgumentNullException.ThrowIfNull(command);
        return new(command.CommandId, command.ResolutionId, false, null, rejection);
    }
}
