using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Hangfire;
using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ResolutionWorkflow.App;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Contracts;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Benchmarks;

/// <summary>
/// End-to-end load harness. Every figure is reported beside a baseline measured in the same run
/// (raw single-row commits on the same disk), because the machines are shared and noisy.
/// Scenarios: baseline, reminders, dashboard, search, writer, integrity, documents, cluster, opinions, peer, latency. --smoke runs each for a moment to prove it works.
/// </summary>
public static class Harness
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        var smoke = args.Contains("--smoke");
        var synchronous = args.SkipWhile(a => a != "--synchronous").Skip(1).FirstOrDefault() ?? "FULL";
        var options = new[] { "--synchronous", "--data", "--resolutions", "--in-flight", "--provider", "--connection" };
        var scenario = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !options.Contains(args[i - 1]))).FirstOrDefault() ?? "all";
        var runs = smoke ? 1 : 5;
        var seconds = smoke ? 0.3 : 3.0;
        // Smoke keeps few resolutions in flight: each one's setup (a review task and a mail per reviewer) dominates its time.
        int[] inFlightLevels = smoke ? [1, 4] : [1, 16, 64];
        Console.WriteLine($"# {scenario}, synchronous={synchronous}, runs={runs} x {seconds.ToString(Inv)} s, {Environment.ProcessorCount} cores");

        var baseline = Median(Enumerable.Range(0, runs).Select(_ => BaselineCommitsPerSecond(synchronous, seconds)).ToList());
        Console.WriteLine($"baseline: raw SQLite single-row commits/s (WAL, synchronous={synchronous}): {baseline:F0}");
        if (scenario is "baseline") { return 0; }
        if (scenario is "reminders" or "all")
        {
            await RemindersScenario.RunAsync(smoke);
            if (scenario is "reminders") { return 0; }
        }
        // A database of generated resolutions (made by `demo generate`, or here) for the dashboard and integrity scenarios.
        var data = args.SkipWhile(a => a != "--data").Skip(1).FirstOrDefault();
        var count = int.TryParse(args.SkipWhile(a => a != "--resolutions").Skip(1).FirstOrDefault(), out var n) ? n : smoke ? 300 : 100_000;
        if (scenario is "dashboard" or "all")
        {
            await DashboardScenario.RunAsync(data, count, smoke, baseline);
            if (scenario is "dashboard") { return 0; }
        }
        if (scenario is "search" or "all")
        {
            var provider = args.SkipWhile(a => a != "--provider").Skip(1).FirstOrDefault();
            var connection = args.SkipWhile(a => a != "--connection").Skip(1).FirstOrDefault();
            await SearchScenario.RunAsync(data, provider, connection, count, smoke, baseline);
            if (scenario is "search") { return 0; }
        }
        if (scenario is "writer" or "all")
        {
            await WriterScenario.RunAsync(smoke);
            if (scenario is "writer") { return 0; }
        }
        if (scenario is "integrity" or "all")
        {
            await IntegrityScenario.RunAsync(data, count, smoke);
            if (scenario is "integrity") { return 0; }
        }

        if (scenario is "documents" or "all")
        {
            await DocumentsScenario.RunAsync(smoke, baseline);
            if (scenario is "documents") { return 0; }
        }

        if (scenario is "cluster" or "all")
        {
            await ClusterScenario.RunAsync(smoke);
            if (scenario is "cluster") { return 0; }
        }

        var only = int.TryParse(args.SkipWhile(a => a != "--in-flight").Skip(1).FirstOrDefault(), out var level) ? level : (int?)null;
        await using var app = await App.StartAsync(synchronous, only ?? (smoke ? 3 : 64));
        if (scenario is "opinions" or "all")
        {
            foreach (var inFlight in only is { } one ? [one] : inFlightLevels)
            {
                var measured = new List<(double PerSecond, double Commits, double Statements)>();
                for (var run = 0; run < runs; run++) { measured.Add(await app.OpinionsAsync(inFlight, seconds)); }
                var rate = Median(measured.Select(m => m.PerSecond).ToList());
                Console.WriteLine($"opinions/s with {inFlight,2} in flight: {rate:F0} = {rate / baseline:F2}x baseline; per command {Median(measured.Select(m => m.Commits).ToList()):F2} commits, {Median(measured.Select(m => m.Statements).ToList()):F1} SQL statements");
            }
        }
        if (scenario is "peer" or "all")
        {
            // Ours on SQLite with durable commits beside Workflow Core in memory, same flow, same driver, same run.
            await using var peer = PeerScenario.Start();
            foreach (var inFlight in inFlightLevels[..2])
            {
                var ours = Median(await RepeatAsync(runs, async () => (await app.OpinionsAsync(inFlight, seconds)).PerSecond));
                var theirs = Median(await RepeatAsync(runs, () => peer.OpinionsAsync(inFlight, smoke ? 20 : 200, seconds)));
                Console.WriteLine($"peer: opinions/s with {inFlight,2} in flight: ours {ours:F0} (SQLite, synchronous={synchronous}) vs Workflow Core {theirs:F0} (in memory) = {ours / theirs:F2}x");
            }
        }
        if (scenario is "latency" or "all")
        {
            var max = (await app.OpinionsAsync(inFlightLevels[1], seconds)).PerSecond;
            var latencies = await app.LatencyAsync(max / 2, smoke ? 0.5 : 5);
            var baselineCommitMs = 1000.0 / baseline;
            Console.WriteLine($"latency at {max / 2:F0} opinions/s (half of max): p50 {Percentile(latencies, 0.5):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms; one raw commit {baselineCommitMs:F2} ms; p50 - raw commit = {Percentile(latencies, 0.5) - baselineCommitMs:F2} ms");
        }
        return 0;
    }

    private static double BaselineCommitsPerSecond(string synchronous, double seconds)
    {
        var file = Path.Combine(Path.GetTempPath(), $"rw-bench-raw-{Guid.NewGuid():N}.db");
        try
        {
            using var connection = new SqliteConnection($"Data Source={file}");
            connection.Open();
            Exec(connection, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER); INSERT INTO t VALUES (1, 0);");
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE t SET v = v + 1 WHERE id = 1";
            for (var i = 0; i < 50; i++) { Commit(connection, update); } // warm-up
            var watch = Stopwatch.StartNew();
            var count = 0;
            while (watch.Elapsed.TotalSeconds < seconds) { Commit(connection, update); count++; }
            return count / watch.Elapsed.TotalSeconds;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(file) + "*")) { File.Delete(f); }
        }

        static void Commit(SqliteConnection c, SqliteCommand update)
        {
            using var tx = c.BeginTransaction();
            update.Transaction = tx;
            update.ExecuteNonQuery();
            tx.Commit();
        }
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    internal static async Task<List<double>> RepeatAsync(int runs, Func<Task<double>> measure)
    {
        var values = new List<double>();
        for (var i = 0; i < runs; i++) { values.Add(await measure()); }
        return values;
    }

    internal static double Median(List<double> values) => Percentile(values, 0.5);

    internal static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>
    /// The application with a definition whose review has 200 reviewers: on its embedded default
    /// (SQLite file, in-memory bus), or as one or more nodes (hosts in this process, each with its
    /// own bus connection, consumers, relay and Hangfire server) on <paramref name="server"/> settings.
    /// </summary>
    internal sealed class App : IAsyncDisposable
    {
        private static readonly int Reviewers = int.TryParse(Environment.GetEnvironmentVariable("RW_BENCH_REVIEWERS"), out var n) ? n : 200;
        private readonly IHost[] _hosts;
        private readonly string _folder;
        private readonly List<(Guid Id, string Hash, Queue<string> Left)> _resolutions = [];
        private int _next;

        private App(IHost[] hosts, string folder)
        {
            _hosts = hosts;
            _folder = folder;
        }

        private readonly AllocationSampler? _sampler = AllocationSampler.StartIfAsked();

        /// <summary>Commands go to the nodes in turn, as a load balancer sends requests.</summary>
        private IHost NextNode => _hosts[Interlocked.Increment(ref _next) % _hosts.Length];

        private (long Commands, long Statements, long Commits) Counted()
        {
            var all = _hosts.Select(h => h.Services.GetRequiredService<SqlCounter>().Snapshot()).ToList();
            return (all.Sum(c => c.Commands), all.Sum(c => c.Statements), all.Sum(c => c.Commits));
        }

        public IServiceProvider Services => _hosts[0].Services;

        public static async Task<App> StartAsync(string synchronous, int resolutions, IReadOnlyDictionary<string, string?>? server = null, int nodes = 1)
        {
            var folder = Path.Combine(Path.GetTempPath(), "rw-bench-" + Guid.NewGuid().ToString("N"));
            var workflows = Workflows(folder);
            var hosts = new List<IHost>();
            for (var node = 1; node <= nodes; node++)
            {
                var builder = Host.CreateApplicationBuilder();
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Database:DataFolder"] = Path.Combine(folder, $"data-{node}"),
                    ["Database:SqliteSynchronous"] = synchronous,
                    ["Deadlines:Sweep"] = "false",
                    ["Messaging:Node"] = $"bench-{node}",
                    ["Deadlines:Node"] = $"bench-{node}",
                });
                if (server is not null) { builder.Configuration.AddInMemoryCollection(server); }
                builder.Services.AddSingleton<SqlCounter>();
                builder.Services.AddResolutionWorkflow(builder.Configuration, workflows);
                var host = builder.Build();
                await host.StartAsync();
                hosts.Add(host);
            }
            var app = new App([.. hosts], folder);
            await app.FreshAsync(resolutions);
            return app;
        }

        /// <summary>
        /// Makes sure <paramref name="count"/> resolutions have at least half their reviewers left,
        /// then lets the work their creation caused settle (each submission opens a review task per
        /// reviewer: outbox rows and a notification mail each), so that it is not measured as the
        /// cost of the opinions that follow.
        /// </summary>
        private async Task FreshAsync(int count)
        {
            var created = false;
            while (_resolutions.Count(r => r.Left.Count > Reviewers / 2) < count) { await NewResolutionAsync(); created = true; }
            if (created) { await SettleAsync(); }
        }

        private async Task SettleAsync()
        {
            var jobs = Services.GetRequiredService<JobStorage>().GetMonitoringApi();
            var contexts = Services.GetRequiredService<IDbContextFactory<ResolutionDbContext>>();
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromMinutes(10))
            {
                await using (var db = await contexts.CreateDbContextAsync())
                {
                    var unsent = await db.Outbox.CountAsync(o => o.SentAt == null);
                    var statistics = jobs.GetStatistics();
                    if (unsent == 0 && statistics.Enqueued == 0 && statistics.Processing == 0)
                    {
                        Console.Error.WriteLine($"(setup settled in {watch.Elapsed.TotalSeconds:F1} s: {_resolutions.Count} resolutions, {statistics.Succeeded} notification jobs done)");
                        return;
                    }
                }
                await Task.Delay(200);
            }
            throw new TimeoutException("the work caused by creating the benchmark's resolutions did not settle in 10 minutes");
        }

        private async Task NewResolutionAsync()
        {
            var id = Guid.NewGuid();
            var drafter = new ActorRef("drafter", "ru-mineconomy", ["drafter"]);
            var started = await Send(new StartResolution(Guid.NewGuid(), id, drafter, "bench-review", "Нагрузочный тест", "1. Пункт."));
            var submitted = await Send(new SubmitForReview(Guid.NewGuid(), id, drafter, started.TextHash));
            _resolutions.Add((id, submitted.TextHash, new Queue<string>(Enumerable.Range(1, Reviewers).Select(i => $"bench-{i:000}"))));
        }

        /// <summary>With RW_BENCH_DIRECT=1 opinions skip the bus and go straight to the command processor: the bus's share, measured.</summary>
        private static readonly bool Direct = Environment.GetEnvironmentVariable("RW_BENCH_DIRECT") == "1";

        private async Task<CommandAccepted> Send<T>(T command) where T : class, IResolutionCommand
        {
            if (Direct)
            {
                var outcome = await NextNode.Services.GetRequiredService<global::ResolutionWorkflow.App.Commands.CommandProcessor>().ExecuteAsync(global::ResolutionWorkflow.App.Messaging.CommandMapper.ToEngine(command).Command!);
                return outcome.Accepted
                    ? new CommandAccepted(command.CommandId, outcome.Summary!.ResolutionId, outcome.Summary.StageId, outcome.Summary.Status, outcome.Summary.TextVersion, outcome.Summary.TextHash, outcome.Summary.Version, outcome.Duplicate)
                    : throw new InvalidOperationException($"benchmark command refused: {outcome.Rejection}");
            }
            using var scope = NextNode.Services.CreateScope();
            var response = await scope.ServiceProvider.GetRequiredService<IRequestClient<T>>().GetResponse<CommandAccepted, CommandRejected>(command);
            if (response.Is(out Response<CommandAccepted>? accepted)) { return accepted!.Message; }
            response.Is(out Response<CommandRejected>? rejected);
            throw new InvalidOperationException($"benchmark command refused: {rejected?.Message.Reason}");
        }

        /// <summary>
        /// Opinions per second with <paramref name="inFlight"/> resolutions each receiving one opinion at a time;
        /// <paramref name="during"/> runs alongside the measured window only (not the setup), until it ends.
        /// </summary>
        public async Task<(double PerSecond, double Commits, double Statements)> OpinionsAsync(int inFlight, double seconds, Func<CancellationToken, Task>? during = null)
        {
            // Fresh resolutions when the current ones have few reviewers left, so every run measures a full stream.
            await FreshAsync(inFlight);
            var targets = _resolutions.Where(r => r.Left.Count > Reviewers / 2).Take(inFlight).ToList();
            var before = Counted();
            _sampler?.Reset(); // what setup allocated is not measured
            var (allocated, paused, cpu) = (GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration(), Process.GetCurrentProcess().TotalProcessorTime);
            var count = 0;
            using var measuring = new CancellationTokenSource();
            var alongside = during?.Invoke(measuring.Token) ?? Task.CompletedTask;
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(targets.Select(async target =>
            {
                while (watch.Elapsed.TotalSeconds < seconds && target.Left.Count > 1)
                {
                    var org = target.Left.Dequeue();
                    await Send(new GiveOpinion(Guid.NewGuid(), target.Id, new ActorRef($"officer.{org}", org, ["officer"]), target.Hash, "agree", [], null));
                    Interlocked.Increment(ref count);
                }
            }));
            var elapsed = watch.Elapsed.TotalSeconds;
            await measuring.CancelAsync();
            await alongside;
            var after = Counted();
            if (Environment.GetEnvironmentVariable("RW_BENCH_COSTS") == "1")
            {
                Console.Error.WriteLine($"  ({count} opinions: per opinion {(GC.GetTotalAllocatedBytes() - allocated) / Math.Max(count, 1) / 1024.0:F0} KiB allocated, CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / Math.Max(count, 1):F2} ms; GC paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds / elapsed / 10:F1} % of the time)");
            }
            _sampler?.Report(count);
            return (count / elapsed, (after.Commits - before.Commits) / (double)Math.Max(count, 1), (after.Statements - before.Statements) / (double)Math.Max(count, 1));
        }

        /// <summary>Send-to-answer times (the answer comes after the commit) at a fixed rate.</summary>
        public async Task<List<double>> LatencyAsync(double perSecond, double seconds)
        {
            await FreshAsync((int)Math.Ceiling(perSecond * seconds / (Reviewers / 2.0)) + 1);
            var latencies = new List<double>();
            var interval = TimeSpan.FromSeconds(1 / Math.Max(perSecond, 1));
            var pending = new List<Task>();
            var watch = Stopwatch.StartNew();
            var next = TimeSpan.Zero;
            var index = 0;
            while (watch.Elapsed.TotalSeconds < seconds)
            {
                if (watch.Elapsed < next) { await Task.Delay(next - watch.Elapsed); }
                next += interval;
                while (_resolutions.All(r => r.Left.Count <= 1)) { await NewResolutionAsync(); }
                var live = _resolutions.Where(r => r.Left.Count > 1).ToList();
                var target = live[index++ % live.Count];
                var org = target.Left.Dequeue();
                pending.Add(Task.Run(async () =>
                {
                    var sent = Stopwatch.GetTimestamp();
                    await Send(new GiveOpinion(Guid.NewGuid(), target.Id, new ActorRef($"officer.{org}", org, ["officer"]), target.Hash, "agree", [], null));
                    lock (latencies) { latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds); }
                }));
            }
            await Task.WhenAll(pending);
            return latencies;
        }

        /// <summary>The shipped workflows plus 200 test ministries and a review definition that asks all of them.</summary>
        private static string Workflows(string folder)
        {
            var target = Path.Combine(folder, "workflows");
            foreach (var file in Directory.GetFiles(Repository.Workflows, "*", SearchOption.AllDirectories))
            {
                var to = Path.Combine(target, Path.GetRelativePath(Repository.Workflows, file));
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(file, to);
            }
            var registryFile = Path.Combine(target, "registry", "registry.json");
            var registry = JsonNode.Parse(File.ReadAllText(registryFile))!.AsObject();
            var participants = new JsonArray();
            for (var i = 1; i <= Reviewers; i++)
            {
                var id = $"bench-{i:000}";
                registry["organisations"]!.AsArray().Add(new JsonObject { ["id"] = id, ["country"] = i % 2 == 0 ? "by" : "ru", ["name"] = new JsonObject { ["ru"] = id, ["en"] = id }, ["mailbox"] = $"{id}@bench.example" });
                participants.Add(new JsonObject { ["organisation"] = id });
            }
            File.WriteAllText(registryFile, registry.ToJsonString());
            File.WriteAllText(Path.Combine(target, "definitions", "bench-review.v1.json"), $$"""
                { "schemaVersion": 1, "id": "bench-review", "version": 1, "title": { "ru": "Нагрузка", "en": "Load" }, "start": "drafting",
                  "stages": [
                    { "id": "drafting", "title": { "ru": "Подготовка проекта", "en": "Drafting" }, "kind": "drafting", "actor": { "role": "drafter" }, "outcomes": { "submitted": "review" } },
                    { "id": "review", "title": { "ru": "Согласование", "en": "Review" }, "kind": "review", "participants": {{participants.ToJsonString()}}, "completion": "all", "silence": { "policy": "escalate" }, "reReview": "objectors",
                      "deadline": { "days": 10, "unit": "working", "calendar": "party", "reminders": [ { "before": 3 } ] }, "outcomes": { "agreed": "adopted", "revisionRequired": "revision" } },
                    { "id": "revision", "title": { "ru": "Доработка", "en": "Revision" }, "kind": "revision", "actor": { "role": "drafter" }, "outcomes": { "resubmitted": "review" } },
                    { "id": "adopted", "title": { "ru": "Принято", "en": "Adopted" }, "kind": "end", "result": "adopted" } ] }
                """);
            return target;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var host in _hosts)
            {
                await host.StopAsync();
                host.Dispose();
            }
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        }
    }
}
