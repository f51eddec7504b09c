using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ResolutionWorkflow.App.Persistence;

/// <summary>
/// Counts round trips, SQL statements and commits, so the benchmarks report write economy as
/// measured rather than guessed. One instance per process; the interceptors below feed it.
/// </summary>
public sealed class SqlCounter
{
    private long _commands;
    private long _statements;
    private long _commits;

    public long Commands => Interlocked.Read(ref _commands);
    public long Statements => Interlocked.Read(ref _statements);
    public long Commits => Interlocked.Read(ref _commits);

    public (long Commands, long Statements, long Commits) Snapshot() => (Commands, Statements, Commits);

    internal void Command(string sql)
    {
        Interlocked.Increment(ref _commands);
        Interlocked.Add(ref _statements, CountStatements(sql));
    }

    internal void Commit() => Interlocked.Increment(ref _commits);

    /// <summary>EF batches statements into one command separated by ";" at line ends.</summary>
    internal static int CountStatements(string sql)
    {
        var count = 0;
        foreach (var part in sql.Split(';'))
        {
            if (!string.IsNullOrWhiteSpace(part)) { count++; }
        }
        return Math.Max(count, 1);
    }
}

internal sealed class SqlCountingInterceptor(SqlCounter counter) : DbCommandInterceptor
{
    /// <summary>The interceptor configured on a context, for commands that bypass EF (they count too).</summary>
    public static SqlCountingInterceptor? Of(DbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<SqlCountingInterceptor>().FirstOrDefault();

    public void Executing(DbCommand command) => counter.Command(command.CommandText);

    /// <summary>A batch is one round trip carrying all of its statements.</summary>
    public void Executing(DbBatch batch) => counter.Command(string.Join(";", batch.BatchCommands.Select(c => c.CommandText)));

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        counter.Command(command.CommandText);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        counter.Command(command.CommandText);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        counter.Command(command.CommandText);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        counter.Command(command.CommandText);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        counter.Command(command.CommandText);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        counter.Command(command.CommandText);
        return ValueTask.FromResult(result);
    }
}

internal sealed class CommitCountingInterceptor(SqlCounter counter) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => counter.Commit();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        counter.Commit();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Per-connection SQLite settings: durability as configured, and waiting (not failing) on a busy
/// writer. Applied once per native connection: the pool keeps them open across logical opens,
/// and EF opens a connection for every query.
/// </summary>
internal sealed class SqliteSettingsInterceptor(string synchronous) : DbConnectionInterceptor
{
    private readonly string _pragmas = $"PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=30000;";
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _applied = [];

    private bool Needed(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || _applied.TryAdd(handle, this);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!Needed(connection)) { return; }
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!Needed(connection)) { return; }
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
