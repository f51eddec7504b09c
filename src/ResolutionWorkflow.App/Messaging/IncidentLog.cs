using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Contracts;

namespace ResolutionWorkflow.App.Messaging;

/// <summary>Commands that kept failing, for coordinators to see and retry. Retrying resends the same command id, so it applies at most once.</summary>
public sealed class IncidentLog(IDbContextFactory<ResolutionDbContext> contexts, TimeProvider time)
{
    private static readonly Dictionary<string, Type> CommandTypes = typeof(IResolutionCommand).Assembly.GetTypes()
        .Where(t => t.IsClass && typeof(IResolutionCommand).IsAssignableFrom(t)).ToDictionary(t => t.Name);

    public async Task RecordAsync(IResolutionCommand message, Exception error, int attempts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(error);
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            db.Incidents.Add(new IncidentRow
            {
                CommandId = message.CommandId,
                ResolutionId = message.ResolutionId,
                MessageType = message.GetType().Name,
                Payload = JsonSerializer.Serialize(message, message.GetType(), StateJson.Options),
                Error = $"{error.GetType().Name}: {error.GetBaseException().Message}",
                Attempts = attempts,
                FailedAt = time.GetUtcNow(),
                State = IncidentStates.Open,
            });
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>A journal that no longer verifies: nothing to retry, a coordinator closes it once the cause is dealt with.</summary>
    public async Task RecordJournalBreakAsync(Guid resolutionId, long entry, string problem, CancellationToken ct)
    {
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            db.Incidents.Add(new IncidentRow
            {
                CommandId = Guid.Empty,
                ResolutionId = resolutionId,
                MessageType = IncidentKinds.JournalBroken,
                Payload = JsonSerializer.Serialize(new { entry, problem }),
                Error = problem,
                Attempts = 0,
                FailedAt = time.GetUtcNow(),
                State = IncidentStates.Open,
            });
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Closes an incident that has nothing to retry (a broken journal), recording who closed it.</summary>
    public async Task<bool> CloseAsync(long incidentId, string closedBy, CancellationToken ct = default)
    {
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var incident = await db.Incidents.SingleOrDefaultAsync(i => i.Id == incidentId && i.State == IncidentStates.Open && i.MessageType == IncidentKinds.JournalBroken, ct).ConfigureAwait(false);
            if (incident is null) { return false; }
            incident.State = IncidentStates.Closed;
            incident.RetriedAt = time.GetUtcNow();
            incident.RetriedBy = closedBy;
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            return true;
        }
    }

    public async Task<IReadOnlyList<IncidentRow>> OpenAsync(CancellationToken ct = default)
    {
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            return await db.Incidents.AsNoTracking().Where(i => i.State == IncidentStates.Open).OrderBy(i => i.Id).ToListAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Sends the failed command again to the application's command queue and marks the incident retried.</summary>
    public async Task<bool> RetryAsync(long incidentId, string retriedBy, ISendEndpointProvider bus, Uri commandQueue, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(bus);
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var incident = await db.Incidents.SingleOrDefaultAsync(i => i.Id == incidentId && i.State == IncidentStates.Open, ct).ConfigureAwait(false);
            if (incident is null || !CommandTypes.TryGetValue(incident.MessageType, out var type)) { return false; }
            var message = JsonSerializer.Deserialize(incident.Payload, type, StateJson.Options)!;
            var endpoint = await bus.GetSendEndpoint(commandQueue).ConfigureAwait(false);
            await endpoint.Send(message, type, ct).ConfigureAwait(false);
            incident.State = IncidentStates.Retried;
            incident.RetriedAt = time.GetUtcNow();
            incident.RetriedBy = retriedBy;
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            return true;
        }
    }
}
