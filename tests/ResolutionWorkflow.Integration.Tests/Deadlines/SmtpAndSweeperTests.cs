using System.Text.Json.Nodes;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ResolutionWorkflow.App.Deadlines;
using ResolutionWorkflow.App.Notifications;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Integration.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Deadlines;

[Collection(HostedAppTests.Name)]
[Trait("Category", "Server")]
public sealed class SmtpAndSweeperTests
{
    private static readonly DateTimeOffset Thursday = new(2025, 4, 24, 7, 0, 0, TimeSpan.Zero);
    private static readonly string[] Nodes = ["node-a", "node-b"];

    [Fact]
    public async Task Reminders_go_over_real_smtp_in_each_recipients_language_and_a_refused_delivery_is_retried_into_one()
    {
        await using var smtp = new TestSmtpServer { RefuseNext = 1 };
        var workflows = Repository.CopyOfWorkflows();
        var registryFile = Path.Combine(workflows, "registry", "registry.json");
        var registry = JsonNode.Parse(File.ReadAllText(registryFile))!.AsObject();
        registry["organisations"]!.AsArray().Single(o => (string)o!["id"]! == "by-minfin")!["language"] = "en";
        File.WriteAllText(registryFile, registry.ToJsonString());

        await using var host = await BusHost.StartAsync(new BusHostOptions
        {
            Now = Thursday,
            Workflows = workflows,
            Settings = new()
            {
                ["Mail:Delivery"] = "Smtp",
                ["Mail:Smtp:Host"] = "127.0.0.1",
                ["Mail:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Mail:Smtp:Security"] = "None",
            },
        });
        var r = new BusClient(host, Guid.NewGuid());
        await r.Accept(r.Start("council-of-ministers-resolution"));
        await r.Accept(r.Submit());

        // 7 May, 09:00 in Minsk and Moscow: every reviewer's "3 working days before" reminder.
        host.Clock.SetUtcNow(new DateTimeOffset(2025, 5, 7, 6, 0, 0, TimeSpan.Zero));
        await host.Services.GetRequiredService<DeadlineSweeper>().SweepAsync(CancellationToken.None);
        // One delivery is refused; Hangfire retries that job after its back-off.
        // Every reminder's job has finished (the refused one after its retry): no mail can follow the ones counted.
        var now = host.Clock.GetUtcNow();
        await BusHost.Eventually(async () =>
        {
            await using var pending = host.NewContext();
            return !await pending.Deadlines.AnyAsync(d => d.Kind == DeadlineKinds.Reminder && d.FireAt <= now && (d.State == DeadlineStates.Pending || d.State == DeadlineStates.Claimed));
        }, "the jobs of every reminder due (one after a refused delivery and its retry)", seconds: 60);

        Assert.Equal(1, smtp.Refused);
        Assert.Equal(Actors.ReviewingMinistries.Length, smtp.Received.Count);
        Assert.Equal(Actors.ReviewingMinistries.Length, smtp.Received.Select(m => m.MessageId).Distinct().Count());
        var english = Assert.Single(smtp.Received, m => m.To.Mailboxes.Single().Address == ResolutionDriverRegistry.Mailbox("by-minfin"));
        Assert.Equal("en", english.Body!.Headers["Content-Language"]);
        Assert.StartsWith("Deadline reminder. For review: draft resolution ", english.Subject, StringComparison.Ordinal);
        Assert.Matches(@"This is a reminder that the deadline for your opinion on the draft resolution ""[^""]+"" is 13 May 2025, 18:00 \(Minsk time\) \(3 working days left\)\.", english.TextBody);
        Assert.Contains($"https://resolutions.test/resolutions/{r.Id}", english.TextBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"https://resolutions.test/resolutions/{r.Id}\"", english.HtmlBody, StringComparison.Ordinal);
        var russian = Assert.Single(smtp.Received, m => m.To.Mailboxes.Single().Address == ResolutionDriverRegistry.Mailbox("ru-minfin"));
        Assert.Equal("ru", russian.Body!.Headers["Content-Language"]);
        Assert.StartsWith("Напоминание о сроке. На согласование: проект постановления Совета Министров Союзного государства «", russian.Subject, StringComparison.Ordinal);
        Assert.Matches("Напоминаем, что срок представления заключения по проекту постановления Совета Министров Союзного государства «.+» истекает 14 мая 2025 г\\., 18:00 \\(по московскому времени\\); осталось 3 рабочих дня\\.", russian.TextBody);

        // The Message-ID is stable per notification and recipient.
        await using var db = host.NewContext();
        var row = await db.Deadlines.AsNoTracking().SingleAsync(d => d.ResolutionId == r.Id && d.Kind == DeadlineKinds.Reminder && d.State == DeadlineStates.Done
            && d.TaskNo == db.Tasks.Single(t => t.ResolutionId == r.Id && t.Organisation == "ru-minfin").TaskNo && d.FireAt <= host.Clock.GetUtcNow());
        Assert.Equal(Notifier.MessageId($"deadline/{row.Id}", russian.To.Mailboxes.Single().Address), russian.MessageId);
    }

    [Fact]
    public async Task A_node_skips_its_sweep_turn_while_another_holds_it_and_sweeps_once_a_dead_nodes_lock_is_stale()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var app = await AppHarness.StartAsync(database, now: Thursday);
        var r = app.NewResolution();
        await r.Accept(r.Start("council-of-ministers-resolution"));
        await r.Accept(r.Submit());
        var stale = TimeSpan.FromSeconds(5);
        var hangfireOptions = new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true, DistributedLockTimeout = stale };
        var storage = new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(database.Options.EffectiveConnectionString, hangfireOptions, null), hangfireOptions);
        app.Clock.SetUtcNow(new DateTimeOffset(2025, 6, 30, 12, 0, 0, TimeSpan.Zero));
        var turn = new SweepTurn(new DeadlineSweeper(new PooledDbContextFactory<ResolutionDbContext>(database.ContextOptions()), new BackgroundJobClient(storage),
            new DeadlineOptions { Node = "node-a", BatchSize = 1000 }, app.Clock), storage, NullLogger<SweepTurn>.Instance);
        async Task<int> ClaimedAsync()
        {
            await using var db = await app.Contexts.CreateDbContextAsync();
            return await db.Deadlines.CountAsync(d => d.State == DeadlineStates.Claimed);
        }

        // Another node is sweeping: this one skips its turn at once, and the job ends without an error.
        using (var elsewhere = storage.GetConnection())
        using (elsewhere.AcquireDistributedLock(SweepTurn.LockName, TimeSpan.FromSeconds(5)))
        {
            Assert.Null(turn.Run(CancellationToken.None));
        }
        Assert.Equal(0, await ClaimedAsync());

        // A node killed mid-sweep leaves its lock row behind: while it is fresh it holds the turn; once older than the stale time, the next turn sweeps.
        await using (var ctx = database.NewContext())
        {
            await ctx.Database.ExecuteSqlRawAsync("INSERT INTO hangfire.lock (resource, updatecount, acquired) VALUES ('hangfire:deadline-sweep', 0, now())");
            Assert.Null(turn.Run(CancellationToken.None));
            Assert.Equal(0, await ClaimedAsync());
            await ctx.Database.ExecuteSqlRawAsync("UPDATE hangfire.lock SET acquired = acquired - interval '6 seconds' WHERE resource = 'hangfire:deadline-sweep'");
        }
        var swept = turn.Run(CancellationToken.None);
        Assert.NotNull(swept);
        Assert.True(swept > 0, "the turn after the stale lock claimed nothing");
        Assert.Equal(swept, await ClaimedAsync());
        // The turn was given back: the next one is taken, and finds nothing left due.
        Assert.Equal(0, turn.Run(CancellationToken.None));
    }

    [Fact]
    public async Task Two_sweepers_at_once_on_postgresql_claim_every_due_row_exactly_once()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var app = await AppHarness.StartAsync(database, now: Thursday);
        for (var i = 0; i < 3; i++)
        {
            var r = app.NewResolution();
            await r.Accept(r.Start("council-of-ministers-resolution"));
            await r.Accept(r.Submit());
        }
        // Hangfire on the same PostgreSQL, as two nodes would share it.
        var hangfireOptions = new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true };
        var storage = new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(database.Options.EffectiveConnectionString, hangfireOptions, null), hangfireOptions);
        var jobs = new BackgroundJobClient(storage);
        app.Clock.SetUtcNow(new DateTimeOffset(2025, 6, 30, 12, 0, 0, TimeSpan.Zero));
        var sweepers = Nodes.Select(node => new DeadlineSweeper(
            new PooledDbContextFactory<ResolutionDbContext>(database.ContextOptions()), jobs, new DeadlineOptions { Node = node, BatchSize = 1000 }, app.Clock)).ToList();

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => sweepers[i % 2].SweepAsync(CancellationToken.None))));

        await using var db = await app.Contexts.CreateDbContextAsync();
        var due = await db.Deadlines.AsNoTracking().Select(d => d.Id).ToListAsync();
        var claimed = claims.SelectMany(c => c).ToList();
        Assert.Equal(due.Count, claimed.Count);
        Assert.Equal(due.Order(), claimed.Order());
        Assert.Equal(due.Count, (int)storage.GetMonitoringApi().EnqueuedCount(Scheduling.DeadlineQueue));
        Assert.Equal(2 * 7 * 3 + 7 * 3 + 3 * 2, due.Count); // reminders and due rows of 21 review tasks (seven bodies each: not the drafting one), plus the drafting tasks'
    }
}
