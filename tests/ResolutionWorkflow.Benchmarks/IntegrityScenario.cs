using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using ResolutionWorkflow.App.Demo;
using ResolutionWorkflow.App.Integrity;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.App.Retention;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Benchmarks;

/// <summary>
/// Journal verification over every resolution, beside a plain read of the same journal rows in the
/// same run (what hashing and chaining add), and the retention job beside the plain DELETE
/// statements it replaces (what deleting in batches costs). On a database made by <c>demo
/// generate</c> (<c>--data</c>), or generated here. Retention runs on copies, never on the original.
/// </summary>
public static class IntegrityScenario
{
    public static async Task RunAsync(string? dataFolder, int resolutions, bool smoke)
    {
        var directory = WorkflowDirectory.Load(Repository.Workflows);
        var folder = dataFolder ?? Path.Combine(Path.GetTempPath(), "rw-bench-integrity-" + Guid.NewGuid().ToString("N"));
        var contexts = Contexts(folder);
        var copies = new List<string>();
        try
        {
            await using (var db = await contexts.CreateDbContextAsync())
            {
                await Database.EnsureReadyAsync(db, Options(folder), directory.Catalog, DateTimeOffset.UtcNow);
                var existing = await db.Resolutions.CountAsync();
                if (existing < resolutions)
                {
                    var generator = new ScaleGenerator(contexts, new Decider(directory.Catalog, directory.Registry!, directory.Calendars), TimeProvider.System);
                    await generator.RunAsync(new ScaleOptions(resolutions - existing), null, CancellationToken.None);
                }
            }

            // Verification: the read alone first (it also warms the file cache), then read + verify.
            var read = Stopwatch.StartNew();
            long rows = 0;
            await using (var db = await contexts.CreateDbContextAsync())
            {
                await foreach (var _ in db.Journal.AsNoTracking().OrderBy(j => j.ResolutionId).ThenBy(j => j.Sequence).AsAsyncEnumerable()) { rows++; }
            }
            read.Stop();
            var verify = Stopwatch.StartNew();
            long chains = 0, entries = 0, broken = 0;
            await foreach (var verdict in new JournalVerifier(contexts).VerifyAllAsync())
            {
                chains++;
                entries += verdict.Length;
                if (!verdict.IsValid) { broken++; }
            }
            verify.Stop();
            Console.WriteLine($"verify: {chains:N0} resolutions, {entries:N0} entries in {verify.Elapsed.TotalSeconds:F1} s = {entries / verify.Elapsed.TotalSeconds:N0} entries/s; " +
                $"reading the same {rows:N0} rows alone {read.Elapsed.TotalSeconds:F1} s; verify = {verify.Elapsed / read.Elapsed:F2}x the read; {broken} broken");

            // Retention: the job (batches of 1 000) on one copy, one DELETE per table on another.
            var options = new RetentionOptions();
            var now = DateTimeOffset.UtcNow;
            var jobCopy = await CopyAsync(folder, copies);
            var job = Stopwatch.StartNew();
            var report = await new RetentionJob(Contexts(jobCopy), options, TimeProvider.System).RunAsync(CancellationToken.None);
            job.Stop();
            var plainCopy = await CopyAsync(folder, copies);
            var plain = Stopwatch.StartNew();
            var plainDeleted = await PlainDeletesAsync(Contexts(plainCopy), options, now);
            plain.Stop();
            var deleted = report.ProcessedCommands + report.SentOutbox + report.SentMail + report.FinishedDeadlines;
            Console.WriteLine($"retention: {deleted:N0} rows (processed commands {report.ProcessedCommands:N0}, sent outbox {report.SentOutbox:N0}, sent mail {report.SentMail:N0}, " +
                $"finished deadlines {report.FinishedDeadlines:N0}) in {job.Elapsed.TotalSeconds:F1} s; one DELETE per table {plainDeleted:N0} rows in {plain.Elapsed.TotalSeconds:F1} s; " +
                $"job = {job.Elapsed / plain.Elapsed:F2}x the plain deletes");
            if (smoke) { Console.WriteLine("(smoke: figures prove the scenario runs, nothing more)"); }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var copy in copies) { Directory.Delete(copy, recursive: true); }
            if (dataFolder is null) { try { Directory.Delete(folder, recursive: true); } catch (IOException) { } }
        }
    }

    private static DatabaseOptions Options(string folder) => new() { Provider = DatabaseProvider.Sqlite, DataFolder = folder, MigrateOnStartup = true };

    private static PooledDbContextFactory<ResolutionDbContext> Contexts(string folder)
    {
        var builder = new DbContextOptionsBuilder<ResolutionDbContext>();
        Database.Configure(builder, Options(folder));
        return new PooledDbContextFactory<ResolutionDbContext>(builder.Options);
    }

    /// <summary>A consistent copy of the database file (VACUUM INTO), in a folder of its own.</summary>
    private static async Task<string> CopyAsync(string folder, List<string> copies)
    {
        var copy = Path.Combine(Path.GetTempPath(), "rw-bench-copy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(copy);
        copies.Add(copy);
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "resolutions.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "VACUUM INTO $target";
        command.Parameters.AddWithValue("$target", Path.Combine(copy, "resolutions.db"));
        await command.ExecuteNonQueryAsync();
        return copy;
    }

    /// <summary>The same deletions as one statement per table, in one transaction: the cheapest way, holding the writer throughout.</summary>
    private static async Task<int> PlainDeletesAsync(PooledDbContextFactory<ResolutionDbContext> contexts, RetentionOptions options, DateTimeOffset now)
    {
        await using var db = await contexts.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var commands = now - options.ProcessedCommands;
        var outbox = now - options.SentOutbox;
        var mail = now - options.SentMail;
        var deadlines = now - options.FinishedDeadlines;
        var deleted = await db.ProcessedCommands.Where(p => p.ProcessedAt < commands).ExecuteDeleteAsync()
            + await db.Outbox.Where(o => o.SentAt != null && o.SentAt < outbox).ExecuteDeleteAsync()
            + await db.SentMail.Where(m => m.SentAt < mail).ExecuteDeleteAsync()
            + await db.Deadlines.Where(d => (d.State == DeadlineStates.Done || d.State == DeadlineStates.Skipped) && d.FireAt < deadlines).ExecuteDeleteAsync();
        await transaction.CommitAsync();
        return deleted;
    }
}
