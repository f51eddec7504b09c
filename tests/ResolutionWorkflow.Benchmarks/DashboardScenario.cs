using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using ResolutionWorkflow.App.Demo;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Contracts;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Tests.Common;
using ResolutionWorkflow.Web.Monitoring;
using ResolutionWorkflow.Web.Resolutions;

namespace ResolutionWorkflow.Benchmarks;

/// <summary>
/// Every dashboard query (and an officer's inbox) against a database of generated resolutions:
/// p50 and p95 per query over repeated runs, beside a raw commit of the same run.
/// The database comes from <c>--data folder</c> (made with <c>demo generate</c>) or is generated here.
/// </summary>
public static class DashboardScenario
{
    public static async Task RunAsync(string? dataFolder, int resolutions, bool smoke, double baselineCommitsPerSecond)
    {
        var directory = WorkflowDirectory.Load(Repository.Workflows);
        var folder = dataFolder ?? Path.Combine(Path.GetTempPath(), "rw-bench-dashboard-" + Guid.NewGuid().ToString("N"));
        var options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, DataFolder = folder, MigrateOnStartup = true };
        var builder = new DbContextOptionsBuilder<ResolutionDbContext>();
        Database.Configure(builder, options);
        var contexts = new PooledDbContextFactory<ResolutionDbContext>(builder.Options);
        try
        {
            await using (var db = await contexts.CreateDbContextAsync())
            {
                await Database.EnsureReadyAsync(db, options, directory.Catalog, DateTimeOffset.UtcNow);
                var existing = await db.Resolutions.CountAsync();
                if (existing < resolutions)
                {
                    var generator = new ScaleGenerator(contexts, new Decider(directory.Catalog, directory.Registry!, directory.Calendars), TimeProvider.System);
                    var report = await generator.RunAsync(new ScaleOptions(resolutions - existing), null, CancellationToken.None);
                    Console.WriteLine($"generated {report.Resolutions:N0} resolutions ({report.JournalEntries:N0} journal entries) in {report.Elapsed.TotalSeconds:F0} s");
                }
            }
            await using (var db = await contexts.CreateDbContextAsync())
            {
                Console.WriteLine($"database: {await db.Resolutions.CountAsync():N0} resolutions ({await db.Resolutions.CountAsync(r => r.Status == "active"):N0} active), " +
                    $"{await db.Journal.CountAsync():N0} journal entries, {await db.Tasks.CountAsync():N0} tasks, {await db.StageVisits.CountAsync():N0} stage stays");
            }

            var dashboard = new Dashboard(contexts, directory.Calendars, directory.Registry!, directory.Catalog, TimeProvider.System, new ConfigurationBuilder().Build());
            var queries = new ResolutionQueries(contexts, directory.Registry!, directory.Calendars, TimeProvider.System);
            var ct = CancellationToken.None;
            var (firstPage, next) = await dashboard.OpenTasksAsync(new TaskFilter(null, null, null, null, false, null), ct);
            var cases = new (string Name, Func<Task> Run)[]
            {
                ("resolutions by stage", () => dashboard.ByStageAsync(ct)),
                ("open tasks, first page", () => dashboard.OpenTasksAsync(new TaskFilter(null, null, null, null, false, null), ct)),
                ("open tasks, next page (keyset)", () => dashboard.OpenTasksAsync(new TaskFilter(null, null, null, null, false, next), ct)),
                ("open tasks, overdue in Russia", () => dashboard.OpenTasksAsync(new TaskFilter(null, null, "ru", null, true, null), ct)),
                ("open tasks, one party", () => dashboard.OpenTasksAsync(new TaskFilter(null, null, null, "by-minfin", false, null), ct)),
                ("open tasks, definition + stage", () => dashboard.OpenTasksAsync(new TaskFilter("union-state-programme", "financial-review", null, null, false, null), ct)),
                ("stuck items", () => dashboard.StuckAsync(ct)),
                ("blocking parties", () => dashboard.BlockingPartiesAsync(ct)),
                ("time in stage", () => dashboard.TimeInStageAsync(ct)),
                ("weekly flow", () => dashboard.WeeklyFlowAsync(ct)),
                ("officer's inbox", () => queries.InboxAsync(new ActorRef("officer.ru-minfin", "ru-minfin", ["officer"]), ct)),
            };
            var runs = smoke ? 3 : 100;
            var commitMs = 1000 / baselineCommitsPerSecond;
            var worst = 0.0;
            foreach (var (name, run) in cases)
            {
                for (var i = 0; i < 3; i++) { await run(); } // warm-up
                var times = new List<double>();
                for (var i = 0; i < runs; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    await run();
                    times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                times.Sort();
                var p50 = times[(int)Math.Ceiling(0.5 * times.Count) - 1];
                var p95 = times[(int)Math.Ceiling(0.95 * times.Count) - 1];
                worst = Math.Max(worst, p95);
                Console.WriteLine($"dashboard {name,-32} p50 {p50,7:F2} ms  p95 {p95,7:F2} ms  = {p95 / commitMs,5:F1}x one raw commit");
            }
            Console.WriteLine($"dashboard slowest p95: {worst:F2} ms (target < 50 ms): {(worst < 50 ? "met" : "missed")}; first page had {firstPage.Count} rows");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (dataFolder is null) { try { Directory.Delete(folder, recursive: true); } catch (IOException) { } }
        }
    }
}
