using System.Collections.Concurrent;
using System.Data.Common;
using System.Threading.Channels;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using ResolutionWorkflow.App.Integrity;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Engine.Journal;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Engine.Texts;

namespace ResolutionWorkflow.App.Commands;

/// <summary>
/// The one path every state change takes: load the instance, ask the engine, and write state,
/// journal, outbox, deadlines and the processed-command record in a single transaction. A
/// concurrency conflict is retried from the start, so no update is lost; a repeated command id
/// gets the first answer and writes nothing. With <see cref="GroupSize"/> above one, each command
/// is read and decided on its caller's thread, and one writer commits the decided commands for
/// different resolutions that are waiting at the same moment in one transaction (group commit); if
/// that transaction fails, each is written again on its own, and one that conflicts is decided again.
/// </summary>
public sealed partial class CommandProcessor(
    IDbContextFactory<ResolutionDbContext> contexts, Decider decider, TimeProvider time, ILogger<CommandProcessor> logger) : IAsyncDisposable
{
    private readonly Lock _start = new();
    private Channel<Pending>? _queue;
    private Task? _writer;

    public int MaxAttempts { get; init; } = 50;

    /// <summary>How many waiting commands one transaction may take; 1 writes each command on its own.</summary>
    public int GroupSize { get; init; } = 1;

    /// <summary>Called after each commit (the outbox relay's wake-up).</summary>
    public Action? Committed { get; init; }

    /// <summary>Where each committed journal head is also written, outside the database; none when null.</summary>
    public JournalAnchorWriter? Anchors { get; init; }

    /// <summary>A version no resolution reaches: what a caller expects when the version it names is none of ours (If-Match with a foreign tag).</summary>
    public const int NoVersion = int.MaxValue;

    public async Task<CommandOutcome> ExecuteAsync(ResolutionCommand command, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        // The official is always the account's, whatever a caller put there.
        if (command is RecordOpinion opinion) { command = opinion with { Official = await OfficialAsync(opinion.Actor.UserId, ct).ConfigureAwait(false) }; }
        return await TracedAsync(command, DecideWith(command), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// What the engine would answer the command now, recording nothing: whether its id was already
    /// answered (the real run then gives that answer), else its refusal, or null when it would be taken.
    /// Lets a caller ask the cheap question (is it this person's task, at this stage?) before costly work
    /// such as reading a signature.
    /// </summary>
    public async Task<(bool Answered, Rejection? Refusal)> DryRunAsync(ResolutionCommand command, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            if (await _resultOf(db, command.CommandId, ct).ConfigureAwait(false) is not null) { return (true, null); }
            var prepared = await PrepareAsync(db, command, DecideWith(command), null, ct).ConfigureAwait(false);
            return (false, prepared.Outcome.Rejection);
        }
    }

    /// <summary>The official an account names ("Андреева М. В.", their position), as the opinion records them; none for an account without a name.</summary>
    private async Task<Official?> OfficialAsync(string userId, CancellationToken ct)
    {
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var person = await db.Users.AsNoTracking().Where(u => u.UserName == userId)
                .Select(u => new { u.Surname, u.GivenName, u.Patronymic, u.Position }).FirstOrDefaultAsync(ct).ConfigureAwait(false);
            var name = person is null ? Localization.PersonName.None : new Localization.PersonName(person.Surname, person.GivenName, person.Patronymic);
            return name.IsKnown ? new Official(name.Short, person!.Position) : null;
        }
    }

    private Func<ResolutionState?, DateTimeOffset, Decision> DecideWith(ResolutionCommand command) => (state, now) => decider.Decide(state, command, now);

    /// <summary>One span per command, from its decision to its commit, and the count of outcomes by code.</summary>
    private async Task<CommandOutcome> TracedAsync(ResolutionCommand command, Func<ResolutionState?, DateTimeOffset, Decision> decide, CancellationToken ct, Rejection? refusal = null)
    {
        var name = command.GetType().Name;
        using var activity = Telemetry.Telemetry.Source.StartActivity($"command {name}");
        activity?.SetTag("rw.command_id", command.CommandId).SetTag("rw.resolution_id", command.ResolutionId);
        try
        {
            var outcome = await WithRetriesAsync(command, decide, ct, refusal).ConfigureAwait(false);
            activity?.SetTag("rw.outcome", outcome.Accepted ? "accepted" : outcome.Rejection?.Code.ToString());
            Telemetry.Telemetry.CommandHandled(name, outcome);
            return outcome;
        }
        catch (Exception e)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            throw;
        }
    }

    private async Task<CommandOutcome> WithRetriesAsync(ResolutionCommand command, Func<ResolutionState?, DateTimeOffset, Decision> decide, CancellationToken ct, Rejection? refusal = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Prepared prepared;
                var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
                await using (db.ConfigureAwait(false))
                {
                    await db.Database.OpenConnectionAsync(ct).ConfigureAwait(false);
                    prepared = await PrepareAsync(db, command, decide, refusal, ct).ConfigureAwait(false);
                    if (prepared.Rows is null) { return prepared.Outcome; }
                    if (GroupSize == 1)
                    {
                        var writer = new RowWriter(db);
                        await using (writer.ConfigureAwait(false))
                        {
                            await WriteAsync(writer, [prepared], ct).ConfigureAwait(false);
                        }
                        return prepared.Outcome;
                    }
                }
                // Read and decided here, in parallel with other commands; the group writer only writes.
                await EnqueueAsync(prepared, ct).ConfigureAwait(false);
                return prepared.Outcome;
            }
            catch (Exception e) when (IsConflict(e) && attempt < MaxAttempts)
            {
                LogConflict(logger, command.CommandId, attempt, e);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * Math.Min(attempt, 10))), ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes the prepared commands' rows in one transaction and commits once; then remembers the states written.</summary>
    private async Task WriteAsync(RowWriter writer, IReadOnlyList<Prepared> prepared, CancellationToken ct)
    {
        var all = new RowChanges();
        foreach (var rows in prepared.Select(x => x.Rows).OfType<RowChanges>())
        {
            all.Statements.AddRange(rows.Statements);
            all.Added.AddRange(rows.Added);
            all.Updated.AddRange(rows.Updated);
        }
        if (all.Added.Count == 0 && all.Updated.Count == 0) { return; }
        var transaction = await writer.Context.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await writer.WriteAsync(all, ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
        Committed?.Invoke();
        Telemetry.Telemetry.GroupCommitted(prepared.Count);
        foreach (var x in prepared) { Remember(x.Written); }
        Anchor(prepared);
    }

    /// <summary>The commit stands whether or not its heads reach the anchor file; a failure is logged for the operator.</summary>
    private void Anchor(IReadOnlyList<Prepared> prepared)
    {
        if (Anchors is null) { return; }
        try
        {
            Anchors.Append(prepared.Select(x => x.Written).OfType<Written>().Select(w => new AnchoredHead(w.ResolutionId, w.JournalLength, w.JournalHead)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogAnchorFailed(logger, Anchors.Folder, e);
        }
    }

    /// <summary>The answer to a command and, when it changes something, the rows it writes.</summary>
    private sealed record Prepared(CommandOutcome Outcome, Written? Written, RowChanges? Rows);

    /// <summary>The state a command wrote and the version it wrote it at.</summary>
    private sealed record Written(Guid ResolutionId, int Version, ResolutionState State, long JournalLength, string JournalHead);

    /// <summary>
    /// Decoded states of resolutions written here, with their versions. The row's version decides
    /// whether an entry is still the truth: any write, here or on another node, bumps it. Bounded:
    /// past the limit the whole cache is dropped and refills from use.
    /// </summary>
    private readonly ConcurrentDictionary<Guid, (int Version, ResolutionState State)> _states = new();
    private const int StatesKept = 10_000;

    private void Remember(Written? written)
    {
        if (written is null) { return; }
        if (_states.Count >= StatesKept) { _states.Clear(); }
        _states[written.ResolutionId] = (written.Version, written.State);
    }

    // Compiled once per processor (a compiled query serves one model, and a processor one database): every
    // command runs both, and building and looking up a LINQ query each time cost more than running it.
    private readonly Func<ResolutionDbContext, Guid, CancellationToken, Task<StoredHead?>> _headOf = EF.CompileAsyncQuery(
        (ResolutionDbContext db, Guid id, CancellationToken ct) => db.Resolutions.AsNoTracking().Where(r => r.Id == id)
            .Select(r => new StoredHead(r.Version, r.JournalLength, r.JournalHead)).FirstOrDefault());

    private readonly Func<ResolutionDbContext, Guid, CancellationToken, Task<Processed?>> _resultOf = EF.CompileAsyncQuery(
        (ResolutionDbContext db, Guid commandId, CancellationToken ct) => db.ProcessedCommands.AsNoTracking().Where(p => p.CommandId == commandId)
            .Select(p => new Processed(p.Result, p.RequestHash)).FirstOrDefault());

    private sealed record Processed(string Result, string? RequestHash);

    /// <summary>Reads the instance and decides, outside any transaction; the version check at the write guards the read.</summary>
    private async Task<Prepared> PrepareAsync(
        ResolutionDbContext db, ResolutionCommand command, Func<ResolutionState?, DateTimeOffset, Decision> decide, Rejection? refusal, CancellationToken ct)
    {
        // The row first, the processed-command check second: a twin that commits in between is
        // then either seen here as done, or its commit bumps the version and our write retries.
        var row = await _headOf(db, command.ResolutionId, ct).ConfigureAwait(false);
        var done = await _resultOf(db, command.CommandId, ct).ConfigureAwait(false);
        var fingerprint = CommandFingerprint.Of(command);
        if (done is not null)
        {
            // The first answer belongs to whoever asked the first time, and only for the same request.
            return done.RequestHash is not null && done.RequestHash != fingerprint
                ? new Prepared(CommandOutcome.Refused(command, Rejection.Of(RejectionCode.IdempotencyKeyReused, "idempotencyKeyReused")), null, null)
                : new Prepared(JsonSerializer.Deserialize<CommandOutcome>(done.Result, StateJson.Options)! with { Duplicate = true }, null, null);
        }
        if (command.ExpectedVersion is { } expected && expected != (row?.Version ?? 0))
        {
            // Checked against the version read here; the write below succeeds only if it is still that version.
            return new Prepared(CommandOutcome.Refused(command, row is null
                ? Rejection.Of(RejectionCode.VersionChanged, "unknownResolution", ("resolution", command.ResolutionId))
                : expected == NoVersion ? Rejection.Of(RejectionCode.VersionChanged, "versionNotNamed", ("version", row.Version))
                : Rejection.Of(RejectionCode.VersionChanged, "versionChanged", ("version", row.Version), ("expected", expected))), null, null);
        }
        var state = row is null ? null
            : _states.TryGetValue(command.ResolutionId, out var known) && known.Version == row.Version ? known.State
            : await ProjectionWriter.ReadStateAsync(db, command.ResolutionId, row.JournalLength, ct).ConfigureAwait(false);

        var now = Instants.Canonical(time.GetUtcNow());
        var decision = decide(state, now);
        if (decision is Decision.Rejected rejected)
        {
            return new Prepared(CommandOutcome.Refused(command, rejected.Rejection), null, null);
        }
        var events = ((Decision.Accepted)decision).Events;
        var after = Evolve.ApplyAll(state, events)!;

        if (events.OfType<Registered>().FirstOrDefault() is { } registered
            && await db.Resolutions.AnyAsync(r => r.RegistrationYear == registered.Year && r.RegistrationNumber == registered.Number && r.Id != command.ResolutionId, ct).ConfigureAwait(false))
        {
            return new Prepared(CommandOutcome.Refused(command, Rejection.Of(RejectionCode.RegistrationNumberTaken, "registrationNumberTaken", ("number", registered.Number), ("year", registered.Year))), null, null);
        }

        var entries = JournalChain.Append(row?.JournalLength ?? 0, row?.JournalHead ?? JournalChain.Genesis, command.ResolutionId, command.CommandId, command.Actor, events);
        var outcome = refusal is not null
            ? CommandOutcome.Refused(command, refusal)
            : new CommandOutcome(command.CommandId, command.ResolutionId, true,
                new ResolutionSummary(after.Id, after.StageId, ProjectionWriter.Name(after.Status), after.CurrentText.Number, after.CurrentText.Hash, (row?.Version ?? 0) + 1, entries[^1].Sequence),
                null);

        var rows = ProjectionWriter.Plan(state, after, row, [.. events.Zip(entries)], now);
        var trace = Telemetry.Telemetry.CurrentContext();
        foreach (var outbox in rows.Added.OfType<OutboxRow>()) { outbox.TraceContext = trace; }
        rows.Added.Add(new ProcessedCommandRow
        {
            CommandId = command.CommandId,
            ResolutionId = command.ResolutionId,
            CommandType = command.GetType().Name,
            ActorUserId = command.Actor.UserId,
            ProcessedAt = now,
            Result = JsonSerializer.Serialize(outcome, StateJson.Options),
            RequestHash = fingerprint,
        });
        return new Prepared(outcome, new Written(command.ResolutionId, (row?.Version ?? 0) + 1, after, entries[^1].Sequence, entries[^1].Hash), rows);
    }

    // ---- group commit ----------------------------------------------------------------------

    private sealed record Pending(Prepared Prepared, TaskCompletionSource Done, CancellationToken Ct)
    {
        public Guid ResolutionId => Prepared.Written!.ResolutionId;
    }

    /// <summary>Hands a decided command to the writer; completes when it is committed, or throws what its write met.</summary>
    private Task EnqueueAsync(Prepared prepared, CancellationToken ct)
    {
        lock (_start)
        {
            if (_queue is null)
            {
                _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
                _writer = Task.Run(WriteLoopAsync, CancellationToken.None);
            }
        }
        var pending = new Pending(prepared, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), ct);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);
        return pending.Done.Task;
    }

    /// <summary>
    /// One writer, which only writes: takes what is waiting, at most one command per resolution (a
    /// second was decided on the same version and waits for the next round, where its version check
    /// sends it back to be decided again), and commits them together.
    /// </summary>
    private async Task WriteLoopAsync()
    {
        var reader = _queue!.Reader;
        var carried = new List<Pending>();
        while (carried.Count > 0 || await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var batch = new List<Pending>();
            var later = new List<Pending>();
            var resolutions = new HashSet<Guid>();
            void Take(Pending p) => (batch.Count < GroupSize && resolutions.Add(p.ResolutionId) ? batch : later).Add(p);
            carried.ForEach(Take);
            while (batch.Count < GroupSize && reader.TryRead(out var next)) { Take(next); }
            carried = later;
            batch.RemoveAll(p => p.Ct.IsCancellationRequested && p.Done.TrySetCanceled(p.Ct));
            if (batch.Count > 0) { await WriteGroupAsync(batch).ConfigureAwait(false); }
        }
    }

    private async Task WriteGroupAsync(List<Pending> batch)
    {
        var failure = await TryWriteAsync(batch);
        // The kept connection may have gone stale (a server closed it); the next try opens a new one.
        if (failure is not null && !IsConflict(failure)) { failure = await TryWriteAsync(batch); }
        if (failure is null) { return; }
        if (batch.Count == 1)
        {
            batch[0].Done.TrySetException(failure);
            return;
        }
        LogGroupFailed(logger, batch.Count, failure);
        // One command's conflict must not fail the others: each is written again on its own.
        foreach (var p in batch)
        {
            if (await TryWriteAsync([p]) is { } alone) { p.Done.TrySetException(alone); }
        }
    }

    /// <summary>Writes the commands in one transaction and completes them; returns the failure instead, completing none.</summary>
    private async Task<Exception?> TryWriteAsync(List<Pending> batch)
    {
        try
        {
            _session ??= await OpenSessionAsync().ConfigureAwait(false);
            await WriteAsync(_session, [.. batch.Select(p => p.Prepared)], CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // After a failure the connection's state is not known: the next write starts afresh.
            await CloseSessionAsync().ConfigureAwait(false);
            return e;
        }
        foreach (var p in batch) { p.Done.TrySetResult(); }
        return null;
    }

    /// <summary>
    /// The group writer's context, open connection and statements, kept from one group to the next
    /// while its writes succeed: taking a pooled context, opening it and compiling the statements
    /// again for every group cost about as much as running them.
    /// </summary>
    private RowWriter? _session;

    private async Task<RowWriter> OpenSessionAsync()
    {
        var db = await contexts.CreateDbContextAsync().ConfigureAwait(false);
        try
        {
            await db.Database.OpenConnectionAsync().ConfigureAwait(false);
            return new RowWriter(db);
        }
        catch
        {
            await db.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task CloseSessionAsync()
    {
        if (_session is not { } session) { return; }
        _session = null;
        await session.DisposeAsync().ConfigureAwait(false);
        await session.Context.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _queue?.Writer.TryComplete();
        if (_writer is not null) { await _writer.ConfigureAwait(false); }
        await CloseSessionAsync().ConfigureAwait(false);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "journal heads could not be written to the anchor folder {Folder}")]
    private static partial void LogAnchorFailed(ILogger logger, string folder, Exception error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "a group of {Count} commands could not be written together; writing each on its own")]
    private static partial void LogGroupFailed(ILogger logger, int count, Exception error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "command {CommandId} met a conflict on attempt {Attempt}; retrying")]
    private static partial void LogConflict(ILogger logger, Guid commandId, int attempt, Exception conflict);
}
