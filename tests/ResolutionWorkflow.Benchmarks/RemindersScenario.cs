using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ResolutionWorkflow.App;
using ResolutionWorkflow.App.Commands;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Benchmarks;

/// <summary>
/// Deadline reminders: how much 100,000 pending deadline rows slow the host's start (ratio to the
/// same host with none), and how late reminders go out (p50, p99) against the sweeper's poll interval.
/// </summary>
public static class RemindersScenario
{
    private const int PollSeconds = 1;

    public static async Task RunAsync(bool smoke)
    {
        var folder = Path.Combine(Path.GetTempPath(), "rw-bench-reminders-" + Guid.NewGuid().ToString("N"));
        var database = Path.Combine(folder, "data", "resolutions.db");
        var pendingRows = smoke ? 2_000 : 100_000;
        var reminders = smoke ? 10 : 200;
        var starts = smoke ? 1 : 5;
        try
        {
            // Resolutions in review give real open tasks for the reminders to be about.
            var tasks = new List<(Guid Resolution, int TaskNo, long DueTicks, string Calendar)>();
            var host = await StartAsync(folder);
            try
            {
                var processor = host.Services.GetRequiredService<CommandProcessor>();
                var drafter = new Actor("drafter", "ru-mineconomy", ["drafter"]);
                for (var i = 0; i < Math.Max(2, reminders / 8 + 1); i++)
                {
                    var id = Guid.NewGuid();
                    var started = await processor.ExecuteAsync(new StartResolution("council-of-ministers-resolution", $"Напоминания {i}", "1. Пункт.") { CommandId = Guid.NewGuid(), ResolutionId = id, Actor = drafter });
                    await processor.ExecuteAsync(new SubmitForReview(started.Summary!.TextHash) { CommandId = Guid.NewGuid(), ResolutionId = id, Actor = drafter });
                }
            }
            finally
            {
                await DrainedAsync(database);
                await StopAsync(host);
            }
            using (var connection = Open(database))
            {
                using var read = connection.CreateCommand();
                read.CommandText = "SELECT ResolutionId, TaskNo, DueAt, Calendar FROM tasks WHERE Status = 'open' AND DueAt IS NOT NULL";
                using var reader = read.ExecuteReader();
                while (reader.Read()) { tasks.Add((Guid.Parse(reader.GetString(0)), reader.GetInt32(1), reader.GetInt64(2), reader.GetString(3))); }
            }

            await MedianStartAsync(folder, 1); // warm-up: the first start in a process pays for loading and compiling code
            var empty = await MedianStartAsync(folder, starts);
            var now = DateTimeOffset.UtcNow;
            using (var connection = Open(database))
            {
                // Pending rows spread over the coming year, none due: the host must not pay for them at start.
                Insert(connection, Enumerable.Range(0, pendingRows).Select(i =>
                {
                    var task = tasks[i % tasks.Count];
                    return (task, now.AddMinutes(10 + (i % 525_000)).UtcTicks, "reminder");
                }));
            }
            var loaded = await MedianStartAsync(folder, starts);
            Console.WriteLine($"reminders: host start with {pendingRows:N0} pending deadlines {loaded:F0} ms vs empty {empty:F0} ms = {loaded / empty:F2}x (target at most 1.2x)");

            // Lateness: reminders due a few seconds from now, one every 20 ms, with the host running.
            host = await StartAsync(folder);
            try
            {
                var first = DateTimeOffset.UtcNow.AddSeconds(3);
                var due = Enumerable.Range(0, reminders).Select(i => (tasks[i % tasks.Count], first.AddMilliseconds(i * 20).UtcTicks, "reminder")).ToList();
                List<long> ids;
                using (var connection = Open(database)) { ids = Insert(connection, due); }
                var lateness = await WaitForMailAsync(database, ids, TimeSpan.FromSeconds(120));
                lateness.Sort();
                var p50 = lateness[(int)Math.Ceiling(0.5 * lateness.Count) - 1];
                var p99 = lateness[(int)Math.Ceiling(0.99 * lateness.Count) - 1];
                Console.WriteLine($"reminders: {lateness.Count} sent with {pendingRows:N0} pending rows; lateness p50 {p50:F0} ms, p99 {p99:F0} ms = {p99 / (PollSeconds * 1000.0):F2}x the {PollSeconds} s poll interval");
            }
            finally { await StopAsync(host); }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<IHost> StartAsync(string folder)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:DataFolder"] = Path.Combine(folder, "data"),
            ["Mail:PickupFolder"] = Path.Combine(folder, "mail"),
            ["Deadlines:PollSeconds"] = PollSeconds.ToString(CultureInfo.InvariantCulture),
        });
        builder.Services.AddResolutionWorkflow(builder.Configuration, Repository.Workflows);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>From building the host to started, the median of several starts over the same files.</summary>
    private static async Task<double> MedianStartAsync(string folder, int starts)
    {
        var times = new List<double>();
        for (var i = 0; i < starts; i++)
        {
            var watch = Stopwatch.StartNew();
            var host = await StartAsync(folder);
            times.Add(watch.Elapsed.TotalMilliseconds);
            await StopAsync(host);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    private static async Task StopAsync(IHost host)
    {
        await host.StopAsync();
        host.Dispose();
    }

    /// <summary>Lets the outbox relay deliver what the set-up commands journaled, so stopping cancels nothing.</summary>
    private static async Task DrainedAsync(string database)
    {
        for (var i = 0; i < 100; i++)
        {
            using var connection = Open(database);
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM outbox WHERE SentAt IS NULL";
            if ((long)count.ExecuteScalar()! == 0) { await Task.Delay(500); return; }
            await Task.Delay(100);
        }
    }

    private static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        return connection;
    }

    private static List<long> Insert(SqliteConnection connection, IEnumerable<((Guid Resolution, int TaskNo, long DueTicks, string Calendar) Task, long FireTicks, string Kind)> rows)
    {
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO deadlines (ResolutionId, TaskNo, Kind, FireAt, TaskDueAt, Calendar, State, Attempts) VALUES ($r, $n, $k, $f, $d, $c, 'pending', 0) RETURNING Id";
        var (r, n, k, f, d, c) = (insert.Parameters.Add("$r", SqliteType.Text), insert.Parameters.Add("$n", SqliteType.Integer), insert.Parameters.Add("$k", SqliteType.Text),
            insert.Parameters.Add("$f", SqliteType.Integer), insert.Parameters.Add("$d", SqliteType.Integer), insert.Parameters.Add("$c", SqliteType.Text));
        var ids = new List<long>();
        foreach (var (task, fire, kind) in rows)
        {
            (r.Value, n.Value, k.Value, f.Value, d.Value, c.Value) = (task.Resolution.ToString().ToUpperInvariant(), task.TaskNo, kind, fire, task.DueTicks, task.Calendar);
            ids.Add((long)insert.ExecuteScalar()!);
        }
        transaction.Commit();
        return ids;
    }

    /// <summary>Waits until each row's reminder is recorded as sent; lateness is the recorded send time minus the row's fire time.</summary>
    private static async Task<List<double>> WaitForMailAsync(string database, List<long> ids, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        var keys = string.Join(",", ids.Select(id => $"'deadline/{id}'"));
        while (true)
        {
            using var connection = Open(database);
            using var query = connection.CreateCommand();
            query.CommandText = $"SELECT m.SentAt - d.FireAt FROM sent_mail m JOIN deadlines d ON m.Key = 'deadline/' || d.Id WHERE m.Key IN ({keys})";
            var late = new List<double>();
            using (var reader = query.ExecuteReader())
            {
                while (reader.Read()) { late.Add(reader.GetInt64(0) / (double)TimeSpan.TicksPerMillisecond); }
            }
            if (late.Count >= ids.Count) { return late; }
            if (watch.Elapsed > timeout) { throw new TimeoutException($"only {late.Count} of {ids.Count} reminders were sent in {timeout.TotalSeconds} s"); }
            await Task.Delay(250);
        }
    }
}
