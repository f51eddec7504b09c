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
public sealed partial class ResolutionCommandConsumer<T>(
    CommandProcessor processor, IncidentLog incidents, PartyRefusals refusals, MessagingOptions options, TimeProvider time, Documents.SignatureCheck signatures,
    Documents.AttachmentStore documents, ILogger<ResolutionCommandConsumer<T>> logger)
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
            await AnswerPartyAsync(context, channel, outcome).ConfigureAwait(false);
        }
        else if (context.ResponseAddress is not null)
        {
            await RespondAsync(context, outcome).ConfigureAwait(false);
        }
    }

    private static Task RespondAsync(ConsumeContext<T> context, CommandOutcome outcome) =>
        outcome is { Accepted: true, Summary: { } s }
            ? context.RespondAsync(new CommandAccepted(outcome.CommandId, outcome.ResolutionId, s.StageId, s.Status, s.TextVersion, s.TextHash, s.Version, outcome.Duplicate))
            : context.RespondAsync(new CommandRejected(outcome.CommandId, outcome.ResolutionId, Code(outcome.Rejection!.Code), outcome.Rejection.Message,
                outcome.Rejection.Key, outcome.Rejection.Args));

    /// <summary>
    /// A party hears the answer on its own events exchange. A refusal is recorded against the party,
    /// never in the resolution its message names. A reply address is honoured only within the party's
    /// own names: on a party's word the application sends nothing to anyone else.
    /// </summary>
    private async Task AnswerPartyAsync(ConsumeContext<T> context, string channel, CommandOutcome outcome)
    {
        var message = context.Message;
        var ct = context.CancellationToken;
        if (outcome.Rejection is { } rejection)
        {
            await refusals.RecordAsync(channel, message, Code(rejection.Code), rejection, ct).ConfigureAwait(false);
        }
        var endpoint = await context.GetSendEndpoint(new Uri($"exchange:{MessagingOptions.EventsExchangeOf(channel)}")).ConfigureAwait(false);
        await endpoint.Send(new PartyCommandAnswered(message.CommandId, message.ResolutionId, outcome.Accepted,
            outcome.Rejection is { } r ? Code(r.Code) : null, outcome.Rejection?.Message), ct).ConfigureAwait(false);
        if (context.ResponseAddress is not { } address) { return; }
        if (IsOwnedBy(address, channel))
        {
            await RespondAsync(context, outcome).ConfigureAwait(false);
        }
        else
        {
            await refusals.RecordAsync(channel, message, "responseAddressRefused",
                Engine.Resolutions.Rejection.Of(Engine.Resolutions.RejectionCode.NotPermitted, "foreignReplyAddress", ("channel", channel), ("address", address)), ct).ConfigureAwait(false);
        }
    }

    /// <summary>A queue or exchange named "{org}.…", as a party's broker rights allow it to own.</summary>
    private static bool IsOwnedBy(Uri address, string channel) =>
        address.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() is { } name
        && name.StartsWith(channel + ".", StringComparison.Ordinal);

    private async Task<CommandOutcome> HandleAsync(T message, string? channel, CancellationToken ct)
    {
        // Checked whole before anything runs: a bad field is the sender's rejection, never an exception, a retry or an incident.
        if (CommandInput.Problems(message, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)) is { Count: > 0 } problems)
        {
            return new CommandOutcome(message.CommandId, message.ResolutionId, false, null, Engine.Resolutions.Rejection.Of(Engine.Resolutions.RejectionCode.InvalidInput, "invalidInput",
                ("problems", CommandInput.Describe(problems)), ("fields", problems.Select(p => p.Path).Distinct())));
        }
        ActorRef? actor = null;
        if (channel is not null)
        {
            // A party system acts as an officer of its own organisation, and nothing else.
            actor = new ActorRef($"{channel}/{message.Actor?.UserId ?? "system"}", channel, ["officer"]);
        }
        var (command, rejection) = CommandMapper.ToEngine(message, actor);
        if (command is null) { return new CommandOutcome(message.CommandId, message.ResolutionId, false, null, rejection); }

        // The claim was checked with the rest of the message above: bounded and storable.
        if (channel is not null && message.Actor?.Organisation is { Length: > 0 } claimed && claimed != channel)
        {
            return CommandOutcome.Refused(command, Engine.Resolutions.Rejection.Of(Engine.Resolutions.RejectionCode.NotPermitted, "foreignChannel",
                ("channel", channel), ("organisation", claimed)));
        }
        if (await documents.CheckNamedAsync(command, ct).ConfigureAwait(false) is { } notStored) { return CommandOutcome.Refused(command, notStored); }
        if (command is Engine.Resolutions.Sign sign && message is SignResolution { Cms: { } cms })
        {
            // Who may sign, and what, is answered before a byte of the signature is read: a stranger's file is not parsed.
            var (answered, early) = await processor.DryRunAsync(sign with { Evidence = null }, ct).ConfigureAwait(false);
            if (answered)
            {
                // Sent again: the first answer stands, whatever the clock or the anchors say now; the same signature bytes make it the same request.
                command = sign with { Evidence = Documents.SignatureCheck.BytesOnly(cms) };
            }
            else if (early is { Key: not "cmsRequired" }) { return CommandOutcome.Refused(command, early); }
            else
            {
                var (verified, refusal) = await signatures.VerifyAsync(sign, cms, ct).ConfigureAwait(false);
                if (verified is null) { return CommandOutcome.Refused(command, refusal!); }
                command = verified;
            }
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
