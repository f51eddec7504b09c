using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using ResolutionWorkflow.App.Demo;
using ResolutionWorkflow.App.Integrity;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.App.Retention;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Journal;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Benchmarks;

/// <summary>
/// Journal verification over every resolution of a database made by <c>demo generate</c>
/// (<c>--data</c>, or generated here), beside a plain read of the same journal rows in the same run
/// (what hashing and chaining add); and the retention job over a year of bookkeeping rows, beside
/// one plain DELETE per table on the same rows (what deleting in short batches costs).
/// </summary>
public static class IntegrityScenario
{
    public static async Task RunAsync(string? dataFolder, int resolutions, bool smoke)
    {
        var directory = WorkflowDirectory.Load(Repository.Workflows);
        var folder = dataFolder ?? Path.Combine(Path.GetTempPath(), "rw-bench-integrity-" + Guid.NewGuid().ToString("N"));
        var contexts = Contexts(folder);
        var scratch = new List<string>(); // the retention scenario's own databases
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

            // Retention: bookkeeping rows of a busy year (a generated database has none: it is lived through the
            // engine, not the command path), the same in two fresh databases; the job on one, one DELETE per table on the other.
            var options = new RetentionOptions();
            var now = DateTimeOffset.UtcNow;
            var scale = smoke ? 0.001 : 1.0;
            var jobFolder = await FreshAsync(directory, scratch);
            var plainFolder = await FreshAsync(directory, scratch);
            var filled = await FillAsync(Contexts(jobFolder), now, scale);
            await FillAsync(Contexts(plainFolder), now, scale);
            var job = Stopwatch.StartNew();
            var report = await new RetentionJob(Contexts(jobFolder), options, TimeProvider.System).RunAsync(CancellationToken.None);
            job.Stop();
            var plain = Stopwatch.StartNew();
            var plainDeleted = await PlainDeletesAsync(Contexts(plainFolder), options, now);
            plain.Stop();
            var deleted = report.ProcessedCommands + report.SentOutbox + report.SentMail + report.FinishedDeadlines;
            Console.WriteLine($"retention: of {filled:N0} rows, {deleted:N0} past their window (processed commands {report.ProcessedCommands:N0}, sent outbox {report.SentOutbox:N0}, " +
                $"sent mail {report.SentMail:N0}, finished deadlines {report.FinishedDeadlines:N0}) deleted in {job.Elapsed.TotalSeconds:F1} s = {deleted / job.Elapsed.TotalSeconds:N0} rows/s, " +
                $"batches of {options.BatchSize:N0}; one DELETE per table in one transaction: {plainDeleted:N0} rows in {plain.Elapsed.TotalSeconds:F1} s; job = {job.Elapsed / plain.Elapsed:F2}x the plain deletes");
            if (smoke) { Console.WriteLine("(smoke: figures prove the scenario runs, nothing more)"); }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var own in scratch) { Directory.Delete(own, recursive: true); }
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

    /// <summary>An empty database at the current schema, in a folder of its own.</summary>
    private static async Task<string> FreshAsync(WorkflowDirectory directory, List<string> folders)
    {
        var folder = Path.Combine(Path.GetTempPath(), "rw-bench-retention-" + Guid.NewGuid().ToString("N"));
        folders.Add(folder);
        await using var db = await Contexts(folder).CreateDbContextAsync();
        await Database.EnsureReadyAsync(db, Options(folder), directory.Catalog, DateTimeOffset.UtcNow);
        return folder;
    }

    /// <summary>
    /// A year's bookkeeping at full scale: 1,000,000 processed commands over 90 days, 1,000,000 outbox
    /// rows sent over 30 days, 200,000 sent mails over 90 days, 500,000 deadline rows over 90 days
    /// (a fifth still pending). Written by the row writer, 10,000 rows per transaction.
    /// </summary>
    private static async Task<long> FillAsync(PooledDbContextFactory<ResolutionDbContext> contexts, DateTimeOffset now, double scale)
    {
        var resolution = Guid.NewGuid();
        DateTimeOffset Ago(double days, int i, int n) => Instants.Canonical(now - TimeSpan.FromDays(days * i / n));
        IEnumerable<object> Rows()
        {
            var n = (int)(1_000_000 * scale);
            for (var i = 0; i < n; i++)
            {
                yield return new ProcessedCommandRow { CommandId = Guid.NewGuid(), ResolutionId = resolution, CommandType = "RecordOpinion", ActorUserId = "officer.by-minfin", ProcessedAt = Ago(90, i, n), Result = "{\"accepted\":true}" };
            }
            for (var i = 0; i < n; i++)
            {
                var at = Ago(30, i, n);
                yield return new OutboxRow { ResolutionId = resolution, JournalSequence = i + 1, MessageType = "journalled", Payload = "{\"type\":\"opinion-recorded\"}", CreatedAt = at, SentAt = at };
            }
            var mails = (int)(200_000 * scale);
            for (var i = 0; i < mails; i++)
            {
                yield return new SentMailRow { Key = $"journal/{resolution:N}/{i}", Recipient = "office@by-minfin.example", MessageId = $"{i}@resolution-workflow.local", Template = "task-assigned", SentAt = Ago(90, i, mails) };
            }
            var deadlines = (int)(500_000 * scale);
            for (var i = 0; i < deadlines; i++)
            {
                var at = Ago(90, i, deadlines);
                yield return new DeadlineRow { ResolutionId = resolution, TaskNo = i, Kind = DeadlineKinds.Reminder, FireAt = at, TaskDueAt = at, Calendar = "by",
                    State = i % 5 == 0 ? DeadlineStates.Pending : DeadlineStates.Done };
            }
        }
        long count = 0;
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var writer = new RowWriter(db);
        foreach (var chunk in Rows().Chunk(10_000))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await writer.InsertAsync(chunk, CancellationToken.None);
            await transaction.CommitAsync();
            count += chunk.Length;
        }
        return count;
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
