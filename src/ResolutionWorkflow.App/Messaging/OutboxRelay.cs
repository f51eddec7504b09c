using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
/// drop repeats. Every node runs a relay: each claims its rows (with a lease) before publishing
/// them, so in normal operation each row is published by one relay, once.
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

    /// <summary>Publishes up to one batch of unsent rows this relay has claimed; returns how many.</summary>
    public async Task<int> RelayBatchAsync(CancellationToken ct)
    {
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var claim = $"{options.Node}/{Guid.NewGuid():N}";
            var now = time.GetUtcNow();
            await ClaimAsync(db, claim, now, now + options.OutboxClaimLease, ct).ConfigureAwait(false);
            var rows = await db.Outbox.AsNoTracking().Where(o => o.ClaimedBy == claim && o.SentAt == null).OrderBy(o => o.Id).ToListAsync(ct).ConfigureAwait(false);
            foreach (var row in rows)
            {
                await PublishAsync(db, row, ct).ConfigureAwait(false);
            }
            if (rows.Count > 0)
            {
                var ids = rows.Select(r => r.Id).ToList();
                var sent = time.GetUtcNow();
                await db.Outbox.Where(o => ids.Contains(o.Id) && o.ClaimedBy == claim)
                    .ExecuteUpdateAsync(o => o.SetProperty(x => x.SentAt, sent).SetProperty(x => x.ClaimedUntil, (DateTimeOffset?)null), ct).ConfigureAwait(false);
            }
            return rows.Count;
        }
    }

    /// <summary>
    /// Takes up to a batch of unsent rows that no live claim holds, oldest first. On a server the
    /// rows another relay is claiming at the same moment are skipped, not waited for (PostgreSQL
    /// <c>FOR UPDATE SKIP LOCKED</c>, SQL Server <c>UPDLOCK, READPAST</c>), so each row goes to one
    /// relay; SQLite serves one process (a second is refused at start), where a plain update will do.
    /// </summary>
    private static async Task<int> ClaimAsync(ResolutionDbContext db, string claim, DateTimeOffset now, DateTimeOffset until, CancellationToken ct)
    {
        if (db.Database.IsSqlite())
        {
            return await db.Outbox.Where(o => o.SentAt == null && (o.ClaimedUntil == null || o.ClaimedUntil < now)).OrderBy(o => o.Id).Take(BatchSize)
                .ExecuteUpdateAsync(o => o.SetProperty(x => x.ClaimedBy, claim).SetProperty(x => x.ClaimedUntil, until), ct).ConfigureAwait(false);
        }
        using var maker = db.Database.GetDbConnection().CreateCommand();
        System.Data.Common.DbParameter Parameter(string name, object value)
        {
            var parameter = maker.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value;
            return parameter;
        }
        return await db.Database.ExecuteSqlRawAsync(ClaimSql(db, db.Database.IsNpgsql()),
            [Parameter("claim", claim), Parameter("until", until), Parameter("now", now), Parameter("batch", BatchSize)], ct).ConfigureAwait(false);
    }

    /// <summary>The claiming statement for a server provider, with the model's table and column names (tested as T-SQL with ScriptDom).</summary>
    internal static string ClaimSql(ResolutionDbContext db, bool postgres)
    {
        var t = TableShape.Of(db, typeof(OutboxRow));
        string C(string property) => t.Columns.Single(c => c.Property.Name == property).Delimited;
        return postgres
            ? $"UPDATE {t.DelimitedName} SET {C("ClaimedBy")} = @claim, {C("ClaimedUntil")} = @until WHERE {C("Id")} IN (" +
              $"SELECT {C("Id")} FROM {t.DelimitedName} WHERE {C("SentAt")} IS NULL AND ({C("ClaimedUntil")} IS NULL OR {C("ClaimedUntil")} < @now) " +
              $"ORDER BY {C("Id")} LIMIT @batch FOR UPDATE SKIP LOCKED)"
            : $"WITH claimable AS (SELECT TOP (@batch) * FROM {t.DelimitedName} WITH (UPDLOCK, READPAST, ROWLOCK) " +
              $"WHERE {C("SentAt")} IS NULL AND ({C("ClaimedUntil")} IS NULL OR {C("ClaimedUntil")} < @now) ORDER BY {C("Id")}) " +
              $"UPDATE claimable SET {C("ClaimedBy")} = @claim, {C("ClaimedUntil")} = @until";
    }

    private async Task PublishAsync(ResolutionDbContext db, OutboxRow row, CancellationToken ct)
    {
        // The publication continues the trace of the command that wrote the row.
        using var activity = Telemetry.Telemetry.StartContinuing("outbox publish", System.Diagnostics.ActivityKind.Producer, row.TraceContext);
        activity?.SetTag("rw.resolution_id", row.ResolutionId).SetTag("rw.journal_sequence", row.JournalSequence).SetTag("rw.event", row.MessageType);
        using var payload = JsonDocument.Parse(row.Payload);
        var p = payload.RootElement;
        var data = p.GetProperty("data");
        var at = p.GetProperty("at").GetDateTimeOffset();
        await Publish(new ResolutionJournalled(row.ResolutionId, row.JournalSequence, row.MessageType, at,
            p.GetProperty("actorUserId").GetString()!, p.GetProperty("actorOrganisation").GetString()!, data.GetRawText(),
            p.GetProperty("previousHash").GetString()!, p.GetProperty("hash").GetString()!), row, "journalled", ct).ConfigureAwait(false);

        switch (row.MessageType)
        {
            case "task-opened" when data.TryGetProperty("task", out var task) && Text(task, "kind") == "review"
                && task.TryGetProperty("assignee", out var assignee) && Text(assignee, "organisation") is { } org:
                var version = p.GetProperty("textVersion").GetInt32();
                var text = await db.TextVersions.AsNoTracking().Where(t => t.ResolutionId == row.ResolutionId && t.Number == version)
                    .Select(t => t.Text).SingleAsync(ct).ConfigureAwait(false);
                var due = task.TryGetProperty("dueAt", out var d) && d.ValueKind == JsonValueKind.String ? d.GetDateTimeOffset() : (DateTimeOffset?)null;
                var attachments = await db.AttachmentsOfAsync(row.ResolutionId, version, ct).ConfigureAwait(false);
                var request = new ReviewRequested(row.ResolutionId, task.GetProperty("no").GetInt32(), org, Text(task, "stageId")!,
                    Text(p, "title")!, version, Text(p, "textHash")!, text, due,
                    [.. attachments.Select(a => new AttachedDocument(a.Kind, a.Name, a.MediaType, a.Size, a.Sha256,
                        AttachedDocument.PathOf(row.ResolutionId, version, a.Sha256)))]);
                await Publish(request, row, "review-requested", ct).ConfigureAwait(false);
                if (options.PartyChannels.Contains(org))
                {
                    var endpoint = await bus.GetSendEndpoint(new Uri($"exchange:{MessagingOptions.EventsExchangeOf(org)}")).ConfigureAwait(false);
                    await endpoint.Send(request, c => c.MessageId = MessageId(row, "review-requested-to-party"), ct).ConfigureAwait(false);
                }
                break;
            case "stage-completed":
                await Publish(new StageChanged(row.ResolutionId, Text(data, "stageId")!, Text(data, "outcome")!, Text(data, "nextStageId")!, at),
                    row, "stage-changed", ct).ConfigureAwait(false);
                break;
            case "opinion-recorded":
                await Publish(new OpinionGiven(row.ResolutionId, Text(data, "stageId")!, Text(data, "organisation")!, Text(data, "kind")!,
                    data.GetProperty("textVersion").GetInt32(), at), row, "opinion-given", ct).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>A string property, or null when it is missing or not a string.</summary>
    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

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
