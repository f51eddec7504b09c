using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using ResolutionWorkflow.App.Integrity;
using ResolutionWorkflow.App.Notifications;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Integration.Tests.Support;
using ResolutionWorkflow.Tests.Common;
using Xunit.Sdk;

namespace ResolutionWorkflow.Integration.Tests.Cluster;

/// <summary>
/// The cluster as an operator runs it: three processes of the published application on one
/// PostgreSQL database (Hangfire's storage too) and RabbitMQ, with the deployment's environment —
/// two nodes that are web and worker, one worker only — and a real SMTP server catching the mail.
/// A bounded load goes through both web nodes; the worker-only node is killed with SIGKILL in the
/// middle of it, while reminders are falling due, and started again.
/// </summary>
[Trait("Category", "Server")]
[Trait("Category", "Cluster")]
public sealed class ClusterOfProcessesTests(ITestOutputHelper output)
{
    private const int Resolutions = 8;

    /// <summary>The cluster's sweep interval.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <summary>How long a dead node's locks, claimed rows, jobs and mails stay its own.</summary>
    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(15);

    /// <summary>Time for the work itself once a reminder is free: the job, the mail's rendering and its SMTP conversation, on a busy two-core machine.</summary>
    private static readonly TimeSpan WorkAllowance = TimeSpan.FromSeconds(10);
    private const string Text = "Совет Министров Союзного государства постановляет:\n\n1. Первый пункт.\n2. Второй пункт.";
    private static readonly string[] Reviewers = ["by-mineconomy", "by-minfin", "by-mfa", "by-minjust", "ru-minfin", "ru-mfa", "ru-minjust"];

    [Fact]
    public Task A_worker_killed_mid_load_loses_nothing_acknowledged_and_nothing_is_done_or_mailed_twice() => InClusterAsync(async (db, smtp, cluster) =>
    {
        // Three processes under load keep both cores busy: the test takes the machine's turn, so that the browser's every-page walk does not run beside it.
        using var turn = await MachineTurn.TakeAsync(TimeSpan.FromMinutes(10));
        // The first node makes the schema and the demo accounts; the others join a ready database.
        var a = await cluster.StartAsync("node-a", "all", ("Demo__Enabled", "true"));
        await a.WaitReadyAsync(TimeSpan.FromSeconds(120));
        var b = await cluster.StartAsync("node-b", "all");
        var c = await cluster.StartAsync("node-c", "worker");
        await b.WaitReadyAsync(TimeSpan.FromSeconds(120));
        await c.WaitReadyAsync(TimeSpan.FromSeconds(120));

        using var webA = new Client(a.Address);
        using var webB = new Client(b.Address);
        var web = new[] { webA, webB };
        var tokens = new Dictionary<string, string>();
        foreach (var user in Reviewers.Select(r => $"officer.{r}").Append("drafter").Append("coordinator"))
        {
            tokens[user] = await web[0].TokenAsync(user);
        }

        // Start and submit through both web nodes.
        var started = new List<(Guid Id, string Hash)>();
        for (var i = 0; i < Resolutions; i++)
        {
            var node = web[i % 2];
            var created = await node.AcknowledgedAsync(tokens["drafter"], "/api/resolutions", new { definitionId = "council-of-ministers-resolution", title = $"Кластер {i + 1}", text = Text });
            var id = created.GetProperty("resolutionId").GetGuid();
            var submitted = await node.AcknowledgedAsync(tokens["drafter"], $"/api/resolutions/{id}/submit", new { seenTextHash = created.GetProperty("textHash").GetString() });
            started.Add((id, submitted.GetProperty("textHash").GetString()!));
        }

        // Every reviewer's opinion on every draft, eight in flight, alternating web nodes; a third of the way in the worker-only node is killed.
        var opinions = started.SelectMany(r => Reviewers.Select(o => (r.Id, r.Hash, Organisation: o))).ToList();
        var done = 0;
        var killed = new TaskCompletionSource();
        using var gate = new SemaphoreSlim(8);
        var load = opinions.Select(async (o, i) =>
        {
            await gate.WaitAsync();
            try
            {
                await web[i % 2].AcknowledgedAsync(tokens[$"officer.{o.Organisation}"], $"/api/resolutions/{o.Id}/opinions", new { seenTextHash = o.Hash, opinion = "agree" });
                if (Interlocked.Increment(ref done) == opinions.Count / 3) { killed.SetResult(); }
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        await killed.Task.WaitAsync(TimeSpan.FromMinutes(5));
        // Reminders fall due now, on every open task: the killed node may hold some of them.
        var dueAtKill = await MakeRemindersDueAsync(db);
        var killedAt = DateTimeOffset.UtcNow;
        var queuedAtKill = await QueuedJobsAsync(db);
        await c.KillAsync();
        c = await cluster.StartAsync("node-c", "worker");
        await Task.WhenAll(load);
        await c.WaitReadyAsync(TimeSpan.FromSeconds(120));
        // Once the drafts are at the legal examination (the last opinions, acknowledged, may still be on their way), a node
        // dies in the middle of a sweep, leaving its lock behind as SIGKILL does, just as the legal bodies' reminders fall due:
        // no turn sweeps until the lock is stale, and the first after it does. (Their own reminders may have fallen due at
        // the kill already, if the load was quick: these are new ones, as a deadline's extension writes them.)
        var startedIds = started.Select(s => s.Id).ToList();
        await AtStageAsync(db, startedIds, "legal-examination");
        var lockLeftAt = await LeaveSweepLockAsync(db);
        var dueBehindLock = await AddDueRemindersAsync(db, startedIds, "legal-examination");

        await SettledAsync(db, smtp);

        await using var ctx = db.NewContext();
        // Every acknowledged opinion exists exactly once; every resolution left review for the legal examination.
        var recorded = await ctx.Journal.AsNoTracking().Where(j => j.EventType == "opinion-recorded" && started.Select(s => s.Id).Contains(j.ResolutionId))
            .GroupBy(j => new { j.ResolutionId, j.ActorOrganisation }).Select(g => g.Count()).ToListAsync();
        Assert.Equal(opinions.Count, recorded.Count);
        Assert.All(recorded, n => Assert.Equal(1, n));
        // Both web nodes read the same state.
        foreach (var (id, _) in started)
        {
            var seen = await Task.WhenAll(web.Select(w => w.ReadAsync(tokens["coordinator"], $"/api/resolutions/{id}")));
            Assert.Equal("legal-examination", seen[0].GetProperty("stageId").GetString());
            Assert.Equal(seen[0].GetProperty("version").GetInt32(), seen[1].GetProperty("version").GetInt32());
            Assert.Equal(seen[0].GetProperty("stageId").GetString(), seen[1].GetProperty("stageId").GetString());
        }

        // Every mail once by recipient and what it is about, under one Message-ID. The one exception is by design: a
        // mail the killed worker handed to SMTP but had not yet recorded as sent is sent again when its claim's lease
        // runs out, under the same Message-ID, so a receiving server drops the repeat. Only a mail first sent before the kill may repeat, and once.
        var received = smtp.Received;
        Assert.All(received.GroupBy(m => (m.To.ToString(), m.Headers[Notifier.EventHeader])),
            g => Assert.True(g.Select(m => m.MessageId).Distinct().Count() == 1, $"{g.Key} arrived under {g.Select(m => m.MessageId).Distinct().Count()} Message-IDs"));
        Assert.All(received.GroupBy(m => m.MessageId).Where(g => g.Count() > 1), g =>
        {
            Assert.True(g.Count() == 2, $"{g.Key} arrived {g.Count()} times");
            Assert.True(g.Min(m => m.Date) <= killedAt.AddSeconds(2), $"{g.Key} was repeated, but was first sent at {g.Min(m => m.Date):O}, after the kill at {killedAt:O}");
        });
        received = [.. received.DistinctBy(m => m.MessageId)];
        var recordedMail = await ctx.SentMail.AsNoTracking().ToListAsync();
        Assert.Equal(recordedMail.Select(m => m.MessageId).Order(), received.Select(m => m.MessageId).Order());
        // Every reminder that fell due went out, once (the Message-IDs are already unique).
        var reminders = await ctx.Deadlines.AsNoTracking().Where(d => d.Kind == DeadlineKinds.Reminder && d.State == DeadlineStates.Done).Select(d => d.Id).ToListAsync();
        Assert.NotEmpty(reminders);
        var remindedKeys = received.Select(m => m.Headers[Notifier.EventHeader]).ToHashSet();
        Assert.All(reminders, id => Assert.Contains($"deadline/{id}", remindedKeys));

        // Reminders resume at once: whatever a dead node held (the sweep's lock, Hangfire's own, claimed rows, jobs and mails)
        // is free after the stale time, and the next two turns sweep it. A reminder counts as mailed when its last recipient had it.
        var mailedAt = smtp.Arrivals.GroupBy(a => (Event: a.Message.Headers[Notifier.EventHeader] ?? "", To: a.Message.To.ToString()))
            .Select(g => (g.Key.Event, At: g.Min(a => a.At))).GroupBy(m => m.Event).ToDictionary(g => g.Key, g => g.Max(m => m.At));
        var bound = Stale + 2 * Poll + WorkAllowance;
        // Due when node-c was killed: those whose task was still open were mailed within the bound (the others were skipped, as they should be).
        var lags = dueAtKill.Intersect(reminders).Select(id => (Id: id, Lag: mailedAt[$"deadline/{id}"] - killedAt)).OrderBy(r => r.Lag).ToList();
        Assert.NotEmpty(lags);
        var attempts = await ctx.Deadlines.AsNoTracking().Where(d => dueAtKill.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Attempts);
        Assert.True(lags[^1].Lag <= bound, $"reminder {lags[^1].Id}, due when node-c was killed at {killedAt:HH:mm:ss.fff}, was mailed {lags[^1].Lag.TotalSeconds:0.0} s after the kill; "
            + $"the bound is {bound.TotalSeconds} s (stale time {Stale.TotalSeconds} s, two polls of {Poll.TotalSeconds} s, {WorkAllowance.TotalSeconds} s for the work); "
            + $"{lags.Count(r => r.Lag > bound)} of {lags.Count} were later; Hangfire jobs waiting at the kill: {queuedAtKill}; lag in s (claims): {string.Join(", ", lags.Select(r => $"{r.Lag.TotalSeconds:0.0} ({attempts[r.Id]})"))}");
        // Due behind the dead node's lock (the legal bodies' tasks stay open, so every one is mailed): none before the lock
        // was stale — the lock was honoured — and every one within the bound of it being left.
        Assert.Equal(2 * Resolutions, dueBehindLock.Count); // the Ministry of Justice of Russia and the NCLR of Belarus on each
        Assert.All(dueBehindLock, id => Assert.Contains(id, reminders));
        var behind = dueBehindLock.Select(id => (Id: id, Lag: mailedAt[$"deadline/{id}"] - lockLeftAt)).OrderBy(r => r.Lag).ToList();
        Assert.True(behind[0].Lag >= Stale - Poll, $"reminder {behind[0].Id} was mailed {behind[0].Lag.TotalSeconds:0.0} s after the sweep's lock was left, before it was stale ({Stale.TotalSeconds} s)");
        Assert.True(behind[^1].Lag <= bound, $"reminder {behind[^1].Id}, due behind a dead node's sweep lock, was mailed {behind[^1].Lag.TotalSeconds:0.0} s after the lock was left; the bound is {bound.TotalSeconds} s");

        // Every journal verifies; no incident was opened.
        var verifier = new JournalVerifier(new PooledDbContextFactory<ResolutionDbContext>(db.ContextOptions()));
        await foreach (var verdict in verifier.VerifyAllAsync())
        {
            Assert.True(verdict.IsValid, $"journal of {verdict.ResolutionId}: {verdict}");
        }
        Assert.Empty(await ctx.Incidents.AsNoTracking().ToListAsync());
        output.WriteLine($"{opinions.Count} opinions, {received.Count} mails, {reminders.Count} reminders sent; node-c killed at {opinions.Count / 3} acknowledged opinions; "
            + $"{lags.Count} reminders due at the kill mailed within {lags[^1].Lag.TotalSeconds:0.0} s of it (median {lags[lags.Count / 2].Lag.TotalSeconds:0.0} s); "
            + $"{behind.Count} due behind a dead node's sweep lock mailed {behind[0].Lag.TotalSeconds:0.0}–{behind[^1].Lag.TotalSeconds:0.0} s after it was left (bound {bound.TotalSeconds} s)");
    });

    [Fact]
    public Task A_node_restarted_while_its_previous_lives_lock_remains_starts_and_registers_its_jobs_once_the_lock_is_stale() => InClusterAsync(async (db, _, cluster) =>
    {
        var stale = TimeSpan.FromMinutes(1);
        var settings = ("Deadlines__StaleLockAfter", "00:01:00");
        var first = await cluster.StartAsync("node-a", "worker", settings);
        await first.WaitReadyAsync(TimeSpan.FromSeconds(120));
        Assert.Equal(0, await first.StopAsync(TimeSpan.FromSeconds(30)));

        // As a node killed while scheduling the sweep leaves it: the job's lock row stays; the job is to be registered again.
        await using (var ctx = db.NewContext())
        {
            await ctx.Database.ExecuteSqlRawAsync("""
                DELETE FROM hangfire.hash WHERE key = 'recurring-job:deadline-sweep';
                DELETE FROM hangfire.set WHERE key = 'recurring-jobs' AND value = 'deadline-sweep';
                INSERT INTO hangfire.lock (resource, updatecount, acquired)
                VALUES ('hangfire:lock:recurring-job:deadline-sweep', 0, now() at time zone 'utc');
                """);
        }

        // The row is kept fresh until the restarted node has met it held, however long its start takes on a busy machine;
        // then it is left to go stale, as a dead node's lock does.
        using var holding = new CancellationTokenSource();
        var holder = Task.Run(async () =>
        {
            await using var ctx = db.NewContext();
            while (!holding.IsCancellationRequested)
            {
                await ctx.Database.ExecuteSqlRawAsync("UPDATE hangfire.lock SET acquired = now() at time zone 'utc' WHERE resource = 'hangfire:lock:recurring-job:deadline-sweep'");
                await Task.Delay(1000);
            }
        });
        var again = await cluster.StartAsync("node-a", "worker", settings);
        await again.WaitReadyAsync(TimeSpan.FromSeconds(120));
        var meetBy = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!again.Tail(int.MaxValue).Contains("Recurring jobs not registered yet", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < meetBy, "the restarted node did not report the held lock within 60 s of being ready");
            await Task.Delay(500);
        }
        await holding.CancelAsync();
        await holder;

        // Stale a minute after its last refresh; the node retries every 5 s, each try waiting a while for the lock.
        var allowance = TimeSpan.FromSeconds(45);
        var until = DateTime.UtcNow + stale + allowance;
        while (!await SweepRegisteredAsync(db))
        {
            Assert.True(DateTime.UtcNow < until, $"the sweep was not registered within {(stale + allowance).TotalSeconds} s of the lock's last refresh");
            await Task.Delay(1000);
        }
    });

    /// <summary>
    /// A PostgreSQL database, a RabbitMQ virtual host and an SMTP server of the test's own; on failure, every
    /// node's log is kept under artifacts/cluster/&lt;test&gt; and the message names the files and shows their tails.
    /// </summary>
    private static async Task InClusterAsync(Func<PostgresTestDatabase, TestSmtpServer, Nodes, Task> body, [CallerMemberName] string test = "")
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await using var vhost = await RabbitVirtualHost.CreateAsync();
        await using var smtp = new TestSmtpServer();
        var folder = Path.Combine(Path.GetTempPath(), "rw-cluster-" + Guid.NewGuid().ToString("N"));
        var cluster = new Nodes(new DeployedEnvironment(db, vhost, smtp.Port), folder);
        try
        {
            await body(db, smtp, cluster);
        }
        catch (Exception e) when (e is not SkipException)
        {
            string kept;
            try { kept = string.Join(", ", cluster.KeepLogs(Path.Combine(Repository.Root, "artifacts", "cluster", test))); }
            catch (Exception keeping) when (keeping is IOException or UnauthorizedAccessException) { kept = $"not kept ({keeping.Message})"; }
            throw new XunitException($"{e.Message}\n\nEach node's log: {kept}\n\n{cluster.Tails()}", e);
        }
        finally
        {
            await cluster.DisposeAsync();
            if (Directory.Exists(folder)) { Directory.Delete(folder, recursive: true); }
        }
    }

    private static async Task<string> QueuedJobsAsync(PostgresTestDatabase db)
    {
        await using var ctx = db.NewContext();
        var queues = await ctx.Database.SqlQueryRaw<string>("SELECT queue || ' ' || count(*) AS \"Value\" FROM hangfire.jobqueue WHERE fetchedat IS NULL GROUP BY queue").ToListAsync();
        return queues.Count == 0 ? "none" : string.Join(", ", queues);
    }

    private static async Task<bool> SweepRegisteredAsync(PostgresTestDatabase db)
    {
        await using var ctx = db.NewContext();
        return await ctx.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM hangfire.set WHERE key = 'recurring-jobs' AND value = 'deadline-sweep'").SingleAsync() == 1;
    }

    /// <summary>Makes every reminder not yet due fall due now; returns them.</summary>
    /// <summary>Waits until every one of <paramref name="ids"/> is in <paramref name="stage"/>, its tasks and their reminders written with it.</summary>
    private static async Task AtStageAsync(PostgresTestDatabase db, List<Guid> ids, string stage)
    {
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            await using var ctx = db.NewContext();
            var elsewhere = await ctx.Resolutions.AsNoTracking().Where(r => ids.Contains(r.Id) && r.StageId != stage).Select(r => r.StageId).ToListAsync();
            if (elsewhere.Count == 0) { return; }
            Assert.True(DateTime.UtcNow < until, $"{elsewhere.Count} of {ids.Count} resolutions did not reach {stage} within 2 minutes ({string.Join(", ", elsewhere.Distinct())})");
            await Task.Delay(500);
        }
    }

    /// <summary>A reminder due now on every open task of <paramref name="ids"/> in <paramref name="stage"/>; returns the new rows.</summary>
    private static async Task<IReadOnlyList<long>> AddDueRemindersAsync(PostgresTestDatabase db, List<Guid> ids, string stage)
    {
        await using var ctx = db.NewContext();
        var now = DateTimeOffset.UtcNow;
        var rows = (await ctx.Tasks.AsNoTracking().Where(t => ids.Contains(t.ResolutionId) && t.StageId == stage && t.Status == "open" && t.DueAt != null).ToListAsync())
            .Select(t => new DeadlineRow { ResolutionId = t.ResolutionId, TaskNo = t.TaskNo, Kind = DeadlineKinds.Reminder, FireAt = now, TaskDueAt = t.DueAt!.Value, Calendar = t.Calendar!, State = DeadlineStates.Pending })
            .ToList();
        ctx.Deadlines.AddRange(rows);
        await ctx.SaveChangesAsync();
        return [.. rows.Select(r => r.Id)];
    }

    private static async Task<IReadOnlyList<long>> MakeRemindersDueAsync(PostgresTestDatabase db)
    {
        await using var ctx = db.NewContext();
        var now = DateTimeOffset.UtcNow;
        var ids = await ctx.Deadlines.Where(d => d.Kind == DeadlineKinds.Reminder && d.State == DeadlineStates.Pending && d.FireAt > now).Select(d => d.Id).ToListAsync();
        await ctx.Deadlines.Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(s => s.SetProperty(d => d.FireAt, now));
        return ids;
    }

    /// <summary>
    /// Leaves the sweep's lock row as a node killed mid-sweep does; returns when. A live node's sweep that held the lock
    /// at that moment deletes the row as it finishes, so the row is looked at again two turns later, and left again if gone.
    /// </summary>
    private static async Task<DateTimeOffset> LeaveSweepLockAsync(PostgresTestDatabase db)
    {
        await using var ctx = db.NewContext();
        for (var attempt = 1; ; attempt++)
        {
            var leftAt = DateTimeOffset.UtcNow;
            await ctx.Database.ExecuteSqlRawAsync("""
                INSERT INTO hangfire.lock (resource, updatecount, acquired) VALUES ('hangfire:deadline-sweep', 0, now())
                ON CONFLICT (resource) DO UPDATE SET acquired = EXCLUDED.acquired
                """);
            await Task.Delay(2 * Poll);
            var held = await ctx.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM hangfire.lock WHERE resource = 'hangfire:deadline-sweep'").SingleAsync() == 1;
            if (held) { return leftAt; }
            Assert.True(attempt < 5, "the sweep's lock row, left as a dead node leaves it, was deleted five times by live sweeps");
        }
    }

    /// <summary>Waits until the cluster has nothing left to do: outbox published, no mail or reminder claimed, no reminder due, and the mail count still.</summary>
    private static async Task SettledAsync(PostgresTestDatabase db, TestSmtpServer smtp)
    {
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        var quietSince = DateTime.UtcNow;
        var lastCount = -1;
        var state = "";
        while (DateTime.UtcNow < until)
        {
            await using var ctx = db.NewContext();
            var now = DateTimeOffset.UtcNow;
            var outbox = await ctx.Outbox.CountAsync(o => o.SentAt == null);
            var claimedMail = await ctx.SentMail.CountAsync(m => m.ClaimedUntil != null);
            var reminders = await ctx.Deadlines.CountAsync(d => d.Kind == DeadlineKinds.Reminder && (d.State == DeadlineStates.Claimed || (d.State == DeadlineStates.Pending && d.FireAt <= now)));
            var count = smtp.Received.Count;
            state = $"unsent outbox rows {outbox}, claimed mails {claimedMail}, reminders due or claimed {reminders}, mails received {count}";
            if (count != lastCount) { lastCount = count; quietSince = DateTime.UtcNow; }
            if (outbox == 0 && claimedMail == 0 && reminders == 0 && DateTime.UtcNow - quietSince > TimeSpan.FromSeconds(5)) { return; }
            await Task.Delay(500);
        }
        throw new TimeoutException("the cluster did not settle in 4 minutes: " + state);
    }

    /// <summary>The cluster's processes: the deployment's worker environment, fast timers, short leases, a role each.</summary>
    private sealed class Nodes(DeployedEnvironment environment, string folder) : IAsyncDisposable
    {
        private readonly ComposeFile.Service _service = ComposeFile.Load(Path.Combine(Repository.Root, "infra", "deploy", "compose.yaml"))["worker"];
        private readonly List<AppProcess> _all = [];

        public async Task<AppProcess> StartAsync(string name, string role, params (string Key, string Value)[] extra)
        {
            var port = AppProcess.FreePort();
            var env = environment.Of(_service, port, Path.Combine(folder, name));
            foreach (var (key, value) in Fast.Concat(extra)) { env[key] = value; }
            var node = await AppProcess.StartAsync(name, ["--role", role], env, new Uri($"http://127.0.0.1:{port}"), Path.Combine(folder, "logs"));
            _all.Add(node);
            return node;
        }

        /// <summary>Timers and leases short enough for a test: whatever a killed node held is taken over after <see cref="Stale"/>.</summary>
        private static readonly (string, string)[] Fast =
        [
            ("Deadlines__PollSeconds", Poll.TotalSeconds.ToString(CultureInfo.InvariantCulture)),
            ("Deadlines__StaleLockAfter", Stale.ToString()),
            ("Deadlines__Lease", Stale.ToString()),
            ("Deadlines__OrphanedJobAfter", Stale.ToString()),
            ("Mail__ClaimLease", Stale.ToString()),
            ("Messaging__OutboxClaimLease", "00:00:10"),
            ("Accounts__SignInsPerMinute", "1000"),
            // A failure is read from the logs against the test's clock.
            ("Logging__Console__FormatterOptions__TimestampFormat", "HH:mm:ss.fff "),
            ("Logging__Console__FormatterOptions__UseUtcTimestamp", "true"),
        ];

        /// <summary>Copies every node's log (each life of a restarted node has its own) into <paramref name="target"/>; returns their paths.</summary>
        public IReadOnlyList<string> KeepLogs(string target)
        {
            Directory.CreateDirectory(target);
            return [.. _all.Select(n => n.LogPath).Distinct().Select(log =>
            {
                var to = Path.Combine(target, Path.GetFileName(log));
                File.Copy(log, to, overwrite: true);
                return to;
            })];
        }

        public string Tails() => string.Join("\n\n", _all.Select(n => $"== {n.Name} (pid {n.Id}, {n.LogPath})\n{n.Tail(25)}"));

        public async ValueTask DisposeAsync()
        {
            foreach (var node in _all) { await node.DisposeAsync(); }
        }
    }

    /// <summary>An API caller that repeats a command with the same Idempotency-Key until it is acknowledged, as a careful client does.</summary>
    private sealed class Client(Uri address) : IDisposable
    {
        private readonly HttpClient _http = new() { BaseAddress = address, Timeout = TimeSpan.FromSeconds(45) };

        public void Dispose() => _http.Dispose();

        public async Task<string> TokenAsync(string user)
        {
            using var response = await _http.PostAsJsonAsync("/api/token", new { userName = user, password = "Demo-2026-pass" });
            Assert.True(response.IsSuccessStatusCode, $"token for {user}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        }

        public async Task<JsonElement> AcknowledgedAsync(string token, string path, object body)
        {
            var key = Guid.NewGuid().ToString();
            var until = DateTime.UtcNow + TimeSpan.FromMinutes(3);
            string last = "";
            while (DateTime.UtcNow < until)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                request.Headers.Add("Idempotency-Key", key);
                try
                {
                    using var response = await _http.SendAsync(request);
                    last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                    if (response.IsSuccessStatusCode) { return await response.Content.ReadFromJsonAsync<JsonElement>(); }
                    // A refusal is an answer, and a wrong one here; only a lost answer is tried again.
                    if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.RequestTimeout) { Assert.Fail($"POST {path}: {last}"); }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    last = e.Message;
                }
                await Task.Delay(500);
            }
            throw new TimeoutException($"POST {path} not acknowledged in 3 minutes; last: {last}");
        }

        public async Task<JsonElement> ReadAsync(string token, string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await _http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode}");
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
    }
}
