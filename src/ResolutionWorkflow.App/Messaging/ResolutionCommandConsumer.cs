using MassTransit;
using Microsoft.Extensions.Logging;
using ResolutionWorkflow.App.Commands;
using ResolutionWorkflow.Contracts;

namespace ResolutionWorkflow.App.Messaging;

/// <summary>
/// Hands each command to the command path and answers. On the application's own queue the actor
/// in the message is trusted (the web app set it from the signed-in user); on a party channel
/// (<c>{org}.commands</c>) the organisation is the channel's, whatever the message says.
/// </summary>
public sealed partial class ResolutionCommandConsumer<T>(CommandProcessor processor, IncidentLog incidents, MessagingOptions options, ILogger<ResolutionCommandConsumer<T>> logger)
    : IConsumer<T> where T : class, IResolutionCommand
{
    public async Task Consume(ConsumeContext<T> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        var channel = PartyChannelOf(context.ReceiveContext.InputAddress);
        CommandOutcome outcome;
        try
        {
            outcome = await HandleAsync(message, channel, context.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (context.GetRetryAttempt() >= options.Attempts - 1)
        {
            // Last attempt: the bus moves the message to the error queue; the incident makes it visible and retryable.
            LogGaveUp(logger, message.CommandId, options.Attempts, e);
            await incidents.RecordAsync(message, e, context.GetRetryAttempt() + 1, context.CancellationToken).ConfigureAwait(false);
            throw;
        }

        if (channel is not null)
        {
            var endpoint = await context.GetSendEndpoint(new Uri($"exchange:{MessagingOptions.EventsExchangeOf(channel)}")).ConfigureAwait(false);
            await endpoint.Send(new PartyCommandAnswered(message.CommandId, message.ResolutionId, outcome.Accepted,
                outcome.Rejection is { } r ? Code(r.Code) : null, outcome.Rejection?.Message), context.CancellationToken).ConfigureAwait(false);
        }
        if (context.ResponseAddress is not null)
        {
            if (outcome is { Accepted: true, Summary: { } s })
            {
                await context.RespondAsync(new CommandAccepted(outcome.CommandId, outcome.ResolutionId, s.StageId, s.Status, s.TextVersion, s.TextHash, s.Version, outcome.Duplicate)).ConfigureAwait(false);
            }
            else
            {
                await context.RespondAsync(new CommandRejected(outcome.CommandId, outcome.ResolutionId, Code(outcome.Rejection!.Code), outcome.Rejection.Message)).ConfigureAwait(false);
            }
        }
    }

    private async Task<CommandOutcome> HandleAsync(T message, string? channel, CancellationToken ct)
    {
        ActorRef? actor = null;
        if (channel is not null)
        {
            // A party system acts as an officer of its own organisation, and nothing else.
            actor = new ActorRef($"{channel}/{message.Actor?.UserId ?? "system"}", channel, ["officer"]);
        }
        var (command, rejection) = CommandMapper.ToEngine(message, actor);
        if (command is null) { return new CommandOutcome(message.CommandId, message.ResolutionId, false, null, rejection); }

        if (channel is not null && message.Actor?.Organisation is { Length: > 0 } claimed && claimed != channel)
        {
            return await processor.RefuseAsync(command, $"{channel}.commands", claimed,
                $"the channel of {channel} cannot act for {claimed}", ct).ConfigureAwait(false);
        }
        return await processor.ExecuteAsync(command, ct).ConfigureAwait(false);
    }

    private string? PartyChannelOf(Uri? inputAddress)
    {
        var queue = inputAddress?.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        return queue is not null && queue.EndsWith(".commands", StringComparison.Ordinal)
            && options.PartyChannels.Contains(queue[..^".commands".Length])
            ? queue[..^".commands".Length]
            : null;
    }

    private static string Code(Engine.Resolutions.RejectionCode code) => App.Persistence.ProjectionWriter.Name(code);

    [LoggerMessage(Level = LogLevel.Error, Message = "command {CommandId} failed {Attempts} times; it goes to the error queue as an incident")]
    private static partial void LogGaveUp(ILogger logger, Guid commandId, int attempts, Exception error);
}
