using ResolutionWorkflow.Contracts;
using ResolutionWorkflow.Engine.Resolutions;

namespace ResolutionWorkflow.App.Messaging;

/// <summary>Turns a contract message into the engine's command (by its <see cref="CommandCatalog"/> entry); words that name no enum value are a clear rejection, not an exception.</summary>
public static class CommandMapper
{
    public static (ResolutionCommand? Command, Rejection? Rejection) ToEngine(IResolutionCommand message, ActorRef? actorOverride = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var a = actorOverride ?? message.Actor;
        if (a is null || string.IsNullOrWhiteSpace(a.UserId) || string.IsNullOrWhiteSpace(a.Organisation))
        {
            return (null, Rejection.Of(RejectionCode.InvalidInput, "noActor"));
        }
        if (message.CommandId == Guid.Empty || message.ResolutionId == Guid.Empty)
        {
            return (null, Rejection.Of(RejectionCode.InvalidInput, "noIds"));
        }
        var actor = new Actor(a.UserId, a.Organisation, [.. a.Roles ?? []]);
        if (CommandCatalog.Find(message.GetType()) is not { } entry)
        {
            return (null, Rejection.Of(RejectionCode.InvalidInput, "unknownCommand", ("command", message.GetType().Name)));
        }
        try
        {
            return (entry.ToEngine(message, actor) with { ExpectedVersion = message.ExpectedVersion }, null);
        }
        catch (UnknownWordException e)
        {
            return (null, e.Rejection);
        }
    }
}
