using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using ResolutionWorkflow.App.Demo;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Contracts;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Tests.Common;
using ResolutionWorkflow.Web.Resolutions;

namespace ResolutionWorkflow.Benchmarks;

/// <summary>
/// Search against a database of generated resolutions, on SQLite (<c>--data folder</c>) or PostgreSQL
/// (<c>--provider postgresql --connection cs</c>): p50 and p95 of the first result page for words that
/// match one resolution, an eighth of them (a title subject) and all of them (a word of every text),
/// as a coordinator (sees all) and as an officer (need to know), beside a raw commit of the same run.
/// </summary>
public static class SearchScenario
{
    private static readonly (string Name, string Query)[] Queries =
    [
        ("one match (a draft's number)", "проекта 4242"),
        ("a subject, 1/8 of all (word form)", "пограничную безопасность"),
        ("a title word, 1/8 of all", "микроэлектроники"),
        ("a word of every text", "положения"),
        ("no match", "гидрометеорология"),
    ];

    public static async Task RunAsync(string? dataFolder, string? provider, string? connection, int resolutions, bool smoke, double baselineCommitsPerSecond)
    {
        var directory = WorkflowDirectory.Load(Repository.Workflows);
        var folder = dataFolder ?? Path.Combine(Path.GetTempPath(), "rw-bench-search-" + Guid.NewGuid().ToString("N"));
        var options = provider is "postgresql"
            ? new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connection, MigrateOnStartup = true }
            : new DatabaseOptions { Provider = DatabaseProvider.Sqlite, DataFolder = folder, MigrateOnStartup = true };
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
                    Console.WriteLine($"generated {report.Resolutions:N0} resolutions in {report.Elapsed.TotalSeconds:F0} s");
                }
                Console.WriteLine($"search: {options.Provider}, {await db.Resolutions.CountAsync():N0} resolutions, {await db.SearchDocuments.CountAsync():N0} search documents");
            }

            var search = new ResolutionSearch(contexts, options, new SearchOptions());
            var readers = new (string Name, ActorRef Actor)[]
            {
                ("coordinator", new ActorRef("coordinator", "su-standing-committee", ["coordinator"])),
                ("officer", new ActorRef("officer.ru-minfin", "ru-minfin", ["officer"])),
            };
            var runs = smoke ? 3 : 50;
            var commitMs = 1000 / baselineCommitsPerSecond;
            var worst = 0.0;
            foreach (var (reader, actor) in readers)
            {
                foreach (var (name, query) in Queries)
                {
                    var found = 0;
                    for (var i = 0; i < 2; i++) { found = (await search.SearchAsync(query, actor, 0, ResolutionSearch.DefaultPageSize, CancellationToken.None)).Items.Count; }
                    var times = new List<double>();
                    for (var i = 0; i < runs; i++)
                    {
                        var start = Stopwatch.GetTimestamp();
                        await search.SearchAsync(query, actor, 0, ResolutionSearch.DefaultPageSize, CancellationToken.None);
                        times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                    times.Sort();
                    var p50 = times[(int)Math.Ceiling(0.5 * times.Count) - 1];
                    var p95 = times[(int)Math.Ceiling(0.95 * times.Count) - 1];
                    worst = Math.Max(worst, p95);
                    Console.WriteLine($"search {options.Provider} {reader,-11} {name,-36} p50 {p50,8:F2} ms  p95 {p95,8:F2} ms  = {p95 / commitMs,6:F1}x one raw commit  ({found} on the first page)");
                }
            }
            Console.WriteLine($"search {options.Provider} slowest p95: {worst:F2} ms (target < 100 ms): {(worst < 100 ? "met" : "missed")}");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (dataFolder is null && provider is not "postgresql") { try { Directory.Delete(folder, recursive: true); } catch (IOException) { } }
        }
    }
}
