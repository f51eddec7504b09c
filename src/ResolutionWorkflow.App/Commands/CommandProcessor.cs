using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Engine.Journal;
using ResolutionWorkflow.Engine.Resolutions;

namespace ResolutionWorkflow.App.Commands;

/// <summary>
/// The one path every state change takes: load the instance, ask the engine, and write state,
/// journal, outbox, deadlines and the processed-command record in a single transaction. A
/// concurrency conflict is retried from the start, so no update is lost; a repeated command id
/// gets the first answer and writes nothing.
/// </summary>
public sealed partial class CommandProcessor(
    IDbContextFactory<ResolutionDbContext> contexts, Decider decider, TimeProvider time, ILogger<CommandProcessor> logger)
{
    public int MaxAttempts { get; init; } = 50;

    public Task<CommandOutcome> ExecuteAsync(ResolutionCommand command, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return WithRetriesAsync(command, (state, now) => decider.Decide(state, command, now), ct);
    }

    /// <summary>
    /// Refuses a command that its channel may not send (a party system naming another organisation)
    /// and records the attempt in the resolution's journal. A repeat gets the same refusal.
    /// </summary>
    public Task<CommandOutcome> RefuseAsync(ResolutionCommand command, string channel, string claimedOrganisation, string reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var rejection = new Rejection(RejectionCode.NotPermitted, reason);
        return WithRetriesAsync(command, (state, _) => state is null
            ? new Decision.Rejected(rejection)
            : new Decision.Accepted([new CommandRefused(command.CommandId, command.GetType().Name, channel, claimedOrganisation, reason)]),
            ct, refusal: rejection);
    }

    private async Task<CommandOutcome> WithRetriesAsync(ResolutionCommand command, Func<ResolutionState?, DateTimeOffset, Decision> decide, CancellationToken ct, Rejection? refusal = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
            await using (db.ConfigureAwait(false))
            {
                try
                {
                    return await ExecuteOnceAsync(db, command, decide, refusal, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (IsConflict(e) && attempt < MaxAttempts)
                {
                    LogConflict(logger, command.CommandId, attempt, e);
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * Math.Min(attempt, 10))), ct).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task<CommandOutcome> ExecuteOnceAsync(
        ResolutionDbContext db, ResolutionCommand command, Func<ResolutionState?, DateTimeOffset, Decision> decide, Rejection? refusal, CancellationToken ct)
    {
        // The row first, the processed-command check second: a twin that commits in between is
        // then either seen here as done, or its commit bumps the version and our write retries.
        var row = await db.Resolutions.AsNoTracking().Where(r => r.Id == command.ResolutionId)
            .Select(r => new { r.State, r.Version, r.JournalLength, r.JournalHead }).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        var done = await db.ProcessedCommands.AsNoTracking().Where(p => p.CommandId == command.CommandId)
            .Select(p => p.Result).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        if (done is not null)
        {
            return JsonSerializer.Deserialize<CommandOutcome>(done, StateJson.Options)! with { Duplicate = true };
        }
        ResolutionState? state = null;
        if (row is not null)
        {
            var texts = await db.TextVersions.AsNoTracking().Where(t => t.ResolutionId == command.ResolutionId)
                .ToDictionaryAsync(t => t.Number, t => t.Text, ct).ConfigureAwait(false);
            state = StateJson.Deserialize(row.State, texts);
        }

        var now = time.GetUtcNow();
        var decision = decide(state, now);
        if (decision is Decision.Rejected rejected)
        {
            return CommandOutcome.Refused(command, rejected.Rejection);
        }
        var events = ((Decision.Accepted)decision).Events;
        var after = Evolve.ApplyAll(state, events)!;

        if (events.OfType<Registered>().FirstOrDefault() is { } registered
            && await db.Resolutions.AnyAsync(r => r.RegistrationYear == registered.Year && r.RegistrationNumber == registered.Number && r.Id != command.ResolutionId, ct).ConfigureAwait(false))
        {
            return CommandOutcome.Refused(command, new Rejection(RejectionCode.RegistrationNumberTaken,
                $"registration number {registered.Number} is already used in {registered.Year}"));
        }

        var entries = JournalChain.Append(row?.JournalLength ?? 0, row?.JournalHead ?? JournalChain.Genesis, command.ResolutionId, command.CommandId, command.Actor, events);
        var outcome = refusal is not null
            ? CommandOutcome.Refused(command, refusal)
            : new CommandOutcome(command.CommandId, command.ResolutionId, true,
                new ResolutionSummary(after.Id, after.StageId, ProjectionWriter.Name(after.Status), after.CurrentText.Number, after.CurrentText.Hash, (row?.Version ?? 0) + 1, entries[^1].Sequence),
                null);

        var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await ProjectionWriter.StageAsync(db, state, after, row?.Version, [.. events.Zip(entries)], now, ct).ConfigureAwait(false);
            db.ProcessedCommands.Add(new ProcessedCommandRow
            {
                CommandId = command.CommandId,
                ResolutionId = command.ResolutionId,
                CommandType = command.GetType().Name,
                ActorUserId = command.Actor.UserId,
                ProcessedAt = now,
                Result = JsonSerializer.Serialize(outcome, StateJson.Options),
            });
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
        return outcome;
    }

    /// <summary>Another command got there first (stale version, same id inserted, writer busy): try again from a fresh read.</summary>
    internal static bool IsConflict(Exception e) => e switch
    {
        DbUpdateConcurrencyException => true,
        DbUpdateException { InnerException: { } inner } => IsConflict(inner),
        SqliteException s => s.SqliteErrorCode is 5 or 6 || (s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode is 1555 or 2067),
        PostgresException p => p.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected,
        Microsoft.Data.SqlClient.SqlException m => m.Number is 2627 or 2601 or 1205,
        DbException { InnerException: { } inner } => IsConflict(inner),
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "command {CommandId} met a conflict on attempt {Attempt}; retrying")]
    private static partial void LogConflict(ILogger logger, Guid commandId, int attempt, Exception conflict);
}
