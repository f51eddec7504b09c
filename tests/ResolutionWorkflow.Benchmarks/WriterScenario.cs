using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Journal;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Benchmarks;

/// <summary>
/// On PostgreSQL, the same planned rows (a review: start, submit, an opinion from every reviewer)
/// written by the row writer and by EF Core's SaveChanges, alternating, one transaction per command
/// and then 32 commands per transaction (as group commit does). Decides which path server
/// providers take; the figures are in docs/benchmarks.md. Needs RW_TEST_POSTGRES (a role that may
/// create databases), as the tests do.
/// </summary>
public static class WriterScenario
{
    public static async Task RunAsync(bool smoke)
    {
        var admin = Environment.GetEnvironmentVariable("RW_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(admin))
        {
            if (Environment.GetEnvironmentVariable("RW_REQUIRE_SERVERS") == "1") { throw new InvalidOperationException("writer: RW_TEST_POSTGRES is not set (source infra/test-env.sh)"); }
            Console.WriteLine("writer: skipped, no PostgreSQL (set RW_TEST_POSTGRES; infra/test-services.sh starts one)");
            return;
        }
        var name = "rw_bench_" + Guid.NewGuid().ToString("N")[..12];
        await ExecAsync(admin, $"CREATE DATABASE \"{name}\"");
        try
        {
            var options = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString() };
            var builder = new DbContextOptionsBuilder<ResolutionDbContext>();
            Database.Configure(builder, options);
            var contexts = new PooledDbContextFactory<ResolutionDbContext>(builder.Options);
            var directory = WorkflowDirectory.Load(Repository.Workflows);
            await using (var db = await contexts.CreateDbContextAsync())
            {
                await Database.EnsureReadyAsync(db, options, directory.Catalog, DateTimeOffset.UtcNow);
            }
            var decider = new Decider(directory.Catalog, directory.Registry!, directory.Calendars);
            var resolutions = smoke ? 4 : 60;
            var runs = smoke ? 1 : 5;
            // Warm-up: both paths compiled and connected before anything is timed.
            await MeasureAsync(contexts, Plan(decider, 2), 1, WithRowWriterAsync);
            await MeasureAsync(contexts, Plan(decider, 2), 1, WithSaveChangesAsync);
            // A transaction takes at most one command per resolution, as the group writer does.
            foreach (var group in new[] { 1, Math.Min(32, resolutions) })
            {
                var writer = new List<double>();
                var saveChanges = new List<double>();
                for (var run = 0; run < runs; run++)
                {
                    writer.Add(await MeasureAsync(contexts, Plan(decider, resolutions), group, WithRowWriterAsync));
                    saveChanges.Add(await MeasureAsync(contexts, Plan(decider, resolutions), group, WithSaveChangesAsync));
                }
                var w = Harness.Median(writer);
                var s = Harness.Median(saveChanges);
                Console.WriteLine($"writer on PostgreSQL, {group,2} command(s) per transaction: row writer {w:F0} commands/s, SaveChanges {s:F0} commands/s = row writer {w / s:F2}x SaveChanges");
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecAsync(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    /// <summary>The rows of each command of a review for each of <paramref name="count"/> new resolutions, in an order a resolution's commands keep.</summary>
    private static List<RowChanges> Plan(Decider decider, int count)
    {
        var now = Instants.Canonical(DateTimeOffset.UtcNow);
        var perResolution = new List<List<RowChanges>>();
        for (var n = 0; n < count; n++)
        {
            var id = Guid.NewGuid();
            var plans = new List<RowChanges>();
            ResolutionState? state = null;
            StoredHead? head = null;
            void Apply(ResolutionCommand command)
            {
                var events = ((Decision.Accepted)decider.Decide(state, command, now)).Events;
                var after = Evolve.ApplyAll(state, events)!;
                var entries = JournalChain.Append(head?.JournalLength ?? 0, head?.JournalHead ?? JournalChain.Genesis, id, command.CommandId, command.Actor, events);
                var rows = ProjectionWriter.Plan(state, after, head, [.. events.Zip(entries)], now);
                rows.Added.Add(new ProcessedCommandRow { CommandId = command.CommandId, ResolutionId = id, CommandType = command.GetType().Name, ActorUserId = command.Actor.UserId, ProcessedAt = now, Result = "{}" });
                plans.Add(rows);
                state = after;
                head = new StoredHead((head?.Version ?? 0) + 1, entries[^1].Sequence, entries[^1].Hash);
            }
            Apply(new StartResolution("council-of-ministers-resolution", "О программе", CommandBuilder.Text1) { CommandId = Guid.NewGuid(), ResolutionId = id, Actor = Actors.Drafter });
            Apply(new SubmitForReview(state!.CurrentText.Hash) { CommandId = Guid.NewGuid(), ResolutionId = id, Actor = Actors.Drafter });
            foreach (var reviewer in state!.Tasks.Where(t => t.Status == WorkTaskStatus.Open && t.Assignee.Organisation is not null).Select(t => t.Assignee.Organisation!).Distinct().ToList())
            {
                Apply(new RecordOpinion(state!.CurrentText.Hash, OpinionKind.Agree, []) { CommandId = Guid.NewGuid(), ResolutionId = id, Actor = Actors.Officer(reviewer) });
            }
            perResolution.Add(plans);
        }
        // Interleaved, as commands for different resolutions arrive together.
        return [.. Enumerable.Range(0, perResolution.Max(p => p.Count)).SelectMany(i => perResolution.Where(p => i < p.Count).Select(p => p[i]))];
    }

    private static async Task<double> MeasureAsync(PooledDbContextFactory<ResolutionDbContext> contexts, List<RowChanges> plans, int group,
        Func<PooledDbContextFactory<ResolutionDbContext>, IReadOnlyList<RowChanges>, Task> write)
    {
        var watch = Stopwatch.StartNew();
        foreach (var chunk in plans.Chunk(group)) { await write(contexts, chunk); }
        return plans.Count / watch.Elapsed.TotalSeconds;
    }

    // The row writer as the group writer uses it: one kept context and connection, its statements prepared once.
    private static RowWriter? _writer;

    private static async Task WithRowWriterAsync(PooledDbContextFactory<ResolutionDbContext> contexts, IReadOnlyList<RowChanges> plans)
    {
        if (_writer is null)
        {
            var db = await contexts.CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            _writer = new RowWriter(db);
        }
        // As the command processor writes a group: the commands' rows together, in one write.
        var all = new RowChanges();
        foreach (var rows in plans)
        {
            all.Added.AddRange(rows.Added);
            all.Updated.AddRange(rows.Updated);
        }
        await using var transaction = await _writer.Context.Database.BeginTransactionAsync();
        await _writer.WriteAsync(all, CancellationToken.None);
        await transaction.CommitAsync();
    }

    /// <summary>The same rows through change tracking: inserts added, updates attached with only the changed columns marked, the version checked.</summary>
    private static async Task WithSaveChangesAsync(PooledDbContextFactory<ResolutionDbContext> contexts, IReadOnlyList<RowChanges> plans)
    {
        await using var db = await contexts.CreateDbContextAsync();
        foreach (var rows in plans)
        {
            db.AddRange(rows.Added);
            foreach (var update in rows.Updated)
            {
                var entry = db.Attach(update.After);
                foreach (var property in entry.Properties.Where(p => !p.Metadata.IsPrimaryKey()))
                {
                    var before = update.Before is null ? null : property.Metadata.PropertyInfo!.GetValue(update.Before);
                    if (update.Before is null || !Equals(before, property.CurrentValue)) { property.IsModified = true; }
                    if (update.CheckVersion && property.Metadata.IsConcurrencyToken) { property.OriginalValue = before; }
                }
            }
        }
        await db.SaveChangesAsync();
    }

    internal static async Task ExecAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
