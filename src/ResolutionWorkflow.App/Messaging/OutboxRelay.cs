using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Contracts;

namespace ResolutionWorkflow.App.Messaging;

/// <summary>
/// Publishes outbox rows in order and marks them sent. At least once: a crash between publishing
/// and marking publishes again after a restart, with the same message ids, so subscribers can
/// drop repeats. One relay per database: rows are taken in id order, not claimed.
/// </summary>
public sealed partial class OutboxRelay(
    IDbContextFactory<ResolutionDbContext> contexts, IBus bus, MessagingOptions options, OutboxSignal signal, TimeProvider time, ILogger<OutboxRelay> logger) : BackgroundService
{
    public const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await RelayBatchAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
            if (sent < BatchSize)
            {
                // Woken by a commit in this process, or after the poll interval for rows other nodes wrote.
                await signal.WaitAsync(options.OutboxPollInterval, stoppingToken).ConfigureAwait(false);
                await Task.Delay(options.OutboxBatchGap, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Publishes up to one batch of unsent rows; returns how many.</summary>
    public async Task<int> RelayBatchAsync(CancellationToken ct)
    {
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var rows = await db.Outbox.AsNoTracking().Where(o => o.SentAt == null).OrderBy(o => o.Id).Take(BatchSize).ToListAsync(ct).ConfigureAwait(false);
            foreach (var row in rows)
            {
                await PublishAsync(db, row, ct).ConfigureAwait(false);
            }
            if (rows.Count > 0)
            {
                var ids = rows.Select(r => r.Id).ToList();
                var now = time.GetUtcNow();
                await db.Outbox.Where(o => ids.Contains(o.Id)).ExecuteUpdateAsync(o => o.SetProperty(x => x.SentAt, now), ct).ConfigureAwait(false);
            }
            return rows.Count;
        }
    }

    private async Task PublishAsync(ResolutionDbContext db, OutboxRow row, CancellationToken ct)
    {
        var p = JsonNode.Parse(row.Payload)!.AsObject();
        var data = p["data"]!.AsObject();
        var at = p["at"]!.GetValue<DateTimeOffset>();
        await Publish(new ResolutionJournalled(row.ResolutionId, row.JournalSequence, row.MessageType, at,
            p["actorUserId"]!.GetValue<string>(), p["actorOrganisation"]!.GetValue<string>(), data.ToJsonString(),
            p["previousHash"]!.GetValue<string>(), p["hash"]!.GetValue<string>()), row, "journalled", ct).ConfigureAwait(false);

        var task = data["task"] as JsonObject;
        var reviewer = (string?)task?["kind"] == "review" ? (string?)task!["assignee"]?["organisation"] : null;
        switch (row.MessageType)
        {
            case "task-opened" when reviewer is { } org:
                var version = p["textVersion"]!.GetValue<int>();
                var text = await db.TextVersions.AsNoTracking().Where(t => t.ResolutionId == row.ResolutionId && t.Number == version)
                    .Select(t => t.Text).SingleAsync(ct).ConfigureAwait(false);
                var request = new ReviewRequested(row.ResolutionId, (int)task!["no"]!, org, (string)task["stageId"]!,
                    (string)p["title"]!, version, (string)p["textHash"]!, text, (DateTimeOffset?)task["dueAt"]);
                await Publish(request, row, "review-requested", ct).ConfigureAwait(false);
                if (options.PartyChannels.Contains(org))
                {
                    var endpoint = await bus.GetSendEndpoint(new Uri($"exchange:{MessagingOptions.EventsExchangeOf(org)}")).ConfigureAwait(false);
                    await endpoint.Send(request, c => c.MessageId = MessageId(row, "review-requested-to-party"), ct).ConfigureAwait(false);
                }
                break;
            case "stage-completed":
                await Publish(new StageChanged(row.ResolutionId, data["stageId"]!.GetValue<string>(), data["outcome"]!.GetValue<string>(),
                    data["nextStageId"]!.GetValue<string>(), at), row, "stage-changed", ct).ConfigureAwait(false);
                break;
            case "opinion-recorded":
                await Publish(new OpinionGiven(row.ResolutionId, data["stageId"]!.GetValue<string>(), data["organisation"]!.GetValue<string>(),
                    data["kind"]!.GetValue<string>(), data["textVersion"]!.GetValue<int>(), at), row, "opinion-given", ct).ConfigureAwait(false);
                break;
        }
    }

    private Task Publish<T>(T message, OutboxRow row, string kind, CancellationToken ct) where T : class =>
        bus.Publish(message, c => c.MessageId = MessageId(row, kind), ct);

    /// <summary>The same outbox row always yields the same message id, so a repeat after a crash can be recognised.</summary>
    public static Guid MessageId(OutboxRow row, string kind)
    {
        ArgumentNullException.ThrowIfNull(row);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{row.ResolutionId:N}/{row.JournalSequence}/{kind}"));
        return new Guid(hash.AsSpan(0, 16));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "outbox relay failed; it will try again")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
