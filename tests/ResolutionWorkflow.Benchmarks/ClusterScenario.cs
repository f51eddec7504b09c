using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Benchmarks;

/// <summary>
/// The production path: PostgreSQL and RabbitMQ, one node and then two (hosts in this process, each
/// with its own bus connection, consumers, outbox relay and Hangfire server, commands sent to them
/// in turn). The baseline, in the same run, is PostgreSQL's raw single-row commit rate on this
/// machine. Reports opinions/s at 16 and 64 in flight, p50/p99 latency at half the 16-in-flight
/// rate, and the outbox lag (age of the oldest unpublished row) sampled under load.
/// Needs RW_TEST_POSTGRES and RW_TEST_RABBITMQ (source infra/test-env.sh) and rabbitmqctl for a virtual host of its own.
/// </summary>
public static class ClusterScenario
{
    public static async Task RunAsync(bool smoke)
    {
        var admin = Environment.GetEnvironmentVariable("RW_TEST_POSTGRES");
        var rabbit = Environment.GetEnvironmentVariable("RW_TEST_RABBITMQ");
        if (string.IsNullOrWhiteSpace(admin) || string.IsNullOrWhiteSpace(rabbit))
        {
            if (Environment.GetEnvironmentVariable("RW_REQUIRE_SERVERS") == "1") { throw new InvalidOperationException("cluster: RW_TEST_POSTGRES or RW_TEST_RABBITMQ is not set (source infra/test-env.sh)"); }
            Console.WriteLine("cluster: skipped, no PostgreSQL or RabbitMQ (infra/test-services.sh starts them; source infra/test-env.sh)");
            return;
        }
        var runs = smoke ? 1 : 5;
        var seconds = smoke ? 0.3 : 3.0;
        var vhost = "rw-bench-" + Guid.NewGuid().ToString("N")[..8];
        await RabbitCtl.RunAsync("add_vhost", vhost);
        var amqp = new Uri(rabbit);
        var user = Uri.UnescapeDataString(amqp.UserInfo.Split(':')[0]);
        await RabbitCtl.RunAsync("set_permissions", "-p", vhost, user, ".*", ".*", ".*");
        var databases = new List<string>();
        try
        {
            var raw = await NewDatabaseAsync(admin, databases);
            var baseline = Harness.Median([.. await Harness.RepeatAsync(runs, () => RawCommitsPerSecondAsync(raw, seconds))]);
            Console.WriteLine($"cluster baseline: raw PostgreSQL single-row commits/s: {baseline:F0}");
            // Smoke proves the path in seconds; creating 64 resolutions' review tasks alone takes minutes
            // (each resolution opens a review task and a mail per reviewer, which settle before measuring).
            var levels = smoke ? new[] { 1, 2 } : new[] { 16, 64 };
            var atFirst = new double[3];
            foreach (var nodes in new[] { 1, 2 })
            {
                var settings = new Dictionary<string, string?>
                {
                    ["Database:Provider"] = "PostgreSql",
                    ["Database:ConnectionString"] = await NewDatabaseAsync(admin, databases),
                    ["Messaging:Transport"] = "RabbitMq",
                    ["Messaging:RabbitMq:Host"] = amqp.Host,
                    ["Messaging:RabbitMq:Port"] = (amqp.Port > 0 ? amqp.Port : 5672).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["Messaging:RabbitMq:VirtualHost"] = vhost,
                    ["Messaging:RabbitMq:Username"] = user,
                    ["Messaging:RabbitMq:Password"] = Uri.UnescapeDataString(amqp.UserInfo.Split(':')[1]),
                };
                await using var app = await Harness.App.StartAsync("FULL", levels[^1], settings, nodes);
                foreach (var inFlight in levels)
                {
                    var rates = new List<double>();
                    var lags = new List<double>();
                    for (var run = 0; run < runs; run++)
                    {
                        rates.Add((await app.OpinionsAsync(inFlight, seconds, ct => SampleLagAsync(app, lags, ct))).PerSecond);
                    }
                    var rate = Harness.Median(rates);
                    if (inFlight == levels[0]) { atFirst[nodes] = rate; }
                    Console.WriteLine($"cluster: {nodes} node(s), opinions/s with {inFlight,2} in flight: {rate:F0} = {rate / baseline:F2}x baseline; outbox lag p50 {Harness.Percentile(lags, 0.5) * 1000:F0} ms, max {lags.DefaultIfEmpty().Max() * 1000:F0} ms");
                }
                var latencies = await app.LatencyAsync(atFirst[nodes] / 2, smoke ? 0.5 : 5);
                Console.WriteLine($"cluster: {nodes} node(s), latency at {atFirst[nodes] / 2:F0} opinions/s (half the {levels[0]}-in-flight rate): p50 {Harness.Percentile(latencies, 0.5):F1} ms, p99 {Harness.Percentile(latencies, 0.99):F1} ms; one raw commit {1000 / baseline:F2} ms");
            }
            Console.WriteLine($"cluster: 2 nodes vs 1 at {levels[0]} in flight: {atFirst[2] / atFirst[1]:F2}x");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            foreach (var name in databases) { await WriterScenario.ExecAsync(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"); }
            await RabbitCtl.RunAsync("delete_vhost", vhost);
        }
    }

    private static async Task<string> NewDatabaseAsync(string admin, List<string> made)
    {
        var name = "rw_bench_" + Guid.NewGuid().ToString("N")[..12];
        await WriterScenario.ExecAsync(admin, $"CREATE DATABASE \"{name}\"");
        made.Add(name);
        return new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 100 }.ToString();
    }

    /// <summary>One connection, one row, one UPDATE per transaction, committed: what the disk and server allow one writer.</summary>
    private static async Task<double> RawCommitsPerSecondAsync(string connectionString, double seconds)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS t(id int PRIMARY KEY, v bigint); INSERT INTO t VALUES (1, 0) ON CONFLICT DO NOTHING", connection))
        {
            await create.ExecuteNonQueryAsync();
        }
        await using var update = new NpgsqlCommand("UPDATE t SET v = v + 1 WHERE id = 1", connection);
        async Task CommitAsync()
        {
            await using var tx = await connection.BeginTransactionAsync();
            update.Transaction = tx;
            await update.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }
        for (var i = 0; i < 50; i++) { await CommitAsync(); } // warm-up
        var watch = Stopwatch.StartNew();
        var count = 0;
        while (watch.Elapsed.TotalSeconds < seconds) { await CommitAsync(); count++; }
        return count / watch.Elapsed.TotalSeconds;
    }

    /// <summary>Every 100 ms: the age in seconds of the oldest outbox row not yet published (0 when none waits).</summary>
    private static async Task SampleLagAsync(Harness.App app, List<double> lags, CancellationToken ct)
    {
        var contexts = app.Services.GetRequiredService<IDbContextFactory<ResolutionDbContext>>();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await using (var db = await contexts.CreateDbContextAsync(ct))
                {
                    var oldest = await db.Outbox.Where(o => o.SentAt == null).MinAsync(o => (DateTimeOffset?)o.CreatedAt, ct);
                    lags.Add(oldest is { } o ? Math.Max(0, (DateTimeOffset.UtcNow - o).TotalSeconds) : 0);
                }
                await Task.Delay(100, ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
