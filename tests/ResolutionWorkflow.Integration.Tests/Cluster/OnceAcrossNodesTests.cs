using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ResolutionWorkflow.App.Messaging;
using ResolutionWorkflow.App.Notifications;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Contracts;
using ResolutionWorkflow.Integration.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Cluster;

/// <summary>
/// Several nodes over one database: a mail is sent once and an outbox row published once by the
/// cluster, and a claim left by a node that died is taken over after its lease. Once per provider;
/// on SQLite the "nodes" share one process, as SQLite allows.
/// </summary>
[Trait("Category", "Server")]
public abstract class OnceAcrossNodesTests
{
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    private static readonly Recipient Office = new("office@by-minfin.example", "Министерство финансов Республики Беларусь", "ru", "Europe/Minsk", "by");

    private static Notifier NotifierFor(AppHarness app, string mailFolder) => NotifierFor(app, new PickupFolderMailSender(mailFolder));

    private static Notifier NotifierFor(AppHarness app, IMailSender sender)
    {
        var (templates, errors) = MailTemplates.Load(Path.Combine(Repository.Workflows, "templates"));
        Assert.Empty(errors);
        return new Notifier(app.Contexts, templates!, sender, new MailOptions(), app.Workflows.Registry!, app.Clock);
    }

    private static MailFacts Facts => MailFacts.Sample;

    [Fact]
    public async Task Racing_jobs_on_two_nodes_send_a_mail_once()
    {
        var db = await CreateDatabaseAsync();
        await using var _ = db;
        var app = await AppHarness.StartAsync(db);
        var mail = Path.Combine(Path.GetTempPath(), "rw-mail-" + Guid.NewGuid().ToString("N"));
        try
        {
            var nodes = new[] { NotifierFor(app, mail), NotifierFor(app, mail) };
            // Twenty jobs for the same notification, on two nodes at once; a job that finds the mail claimed is retried, as Hangfire would.
            await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
            {
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        await nodes[i % 2].SendAsync("journal/race/1", "task-assigned", Office, Facts, CancellationToken.None);
                        return;
                    }
                    catch (MailClaimedException) when (attempt < 100)
                    {
                        await Task.Delay(20);
                    }
                }
            }));

            var sent = Directory.GetFiles(mail, "*.eml");
            Assert.Single(sent);
            Assert.Equal(Notifier.MessageId("journal/race/1", Office.Address), MimeKit.MimeMessage.Load(sent[0]).MessageId);
            await using var ctx = await app.Contexts.CreateDbContextAsync();
            var row = await ctx.SentMail.AsNoTracking().SingleAsync();
            Assert.Null(row.ClaimedUntil);
        }
        finally
        {
            if (Directory.Exists(mail)) { Directory.Delete(mail, recursive: true); }
        }
    }

    [Fact]
    public async Task A_claim_left_by_a_node_that_died_is_taken_over_after_its_lease_with_the_same_message_id()
    {
        var db = await CreateDatabaseAsync();
        await using var _ = db;
        var app = await AppHarness.StartAsync(db);
        var mail = Path.Combine(Path.GetTempPath(), "rw-mail-" + Guid.NewGuid().ToString("N"));
        try
        {
            var notifier = NotifierFor(app, mail);
            var messageId = Notifier.MessageId("journal/crash/1", Office.Address);
            await using (var ctx = await app.Contexts.CreateDbContextAsync())
            {
                // A node claimed the mail and died before reporting it sent.
                ctx.SentMail.Add(new SentMailRow { Key = "journal/crash/1", Recipient = Office.Address, MessageId = messageId, Template = "task-assigned",
                    SentAt = app.Clock.GetUtcNow(), ClaimedUntil = app.Clock.GetUtcNow() + new MailOptions().ClaimLease });
                await ctx.SaveChangesAsync();
            }

            await Assert.ThrowsAsync<MailClaimedException>(() => notifier.SendAsync("journal/crash/1", "task-assigned", Office, Facts, CancellationToken.None));
            Assert.False(Directory.Exists(mail) && Directory.GetFiles(mail).Length > 0, "nothing is sent while the claim stands");

            app.Clock.Advance(new MailOptions().ClaimLease + TimeSpan.FromSeconds(1));
            await notifier.SendAsync("journal/crash/1", "task-assigned", Office, Facts, CancellationToken.None);
            await notifier.SendAsync("journal/crash/1", "task-assigned", Office, Facts, CancellationToken.None); // a retried job: sent already

            var sent = Assert.Single(Directory.GetFiles(mail, "*.eml"));
            Assert.Equal(messageId, MimeKit.MimeMessage.Load(sent).MessageId);
        }
        finally
        {
            if (Directory.Exists(mail)) { Directory.Delete(mail, recursive: true); }
        }
    }

    [Fact]
    public async Task A_delivery_the_mail_server_refuses_gives_up_its_claim_so_the_retry_sends_at_once()
    {
        var db = await CreateDatabaseAsync();
        await using var _ = db;
        var app = await AppHarness.StartAsync(db);
        await using var smtp = new TestSmtpServer { RefuseNext = 1 };
        var notifier = NotifierFor(app, new SmtpMailSender(new SmtpOptions { Host = "127.0.0.1", Port = smtp.Port, Security = SmtpSecurity.None }));

        app.Clock.Advance(TimeSpan.FromTicks(7)); // an instant finer than PostgreSQL keeps: the claim must still be found to be given up
        await Assert.ThrowsAnyAsync<MailKit.Net.Smtp.SmtpCommandException>(() => notifier.SendAsync("journal/refused/1", "task-assigned", Office, Facts, CancellationToken.None));
        await notifier.SendAsync("journal/refused/1", "task-assigned", Office, Facts, CancellationToken.None); // the retry, with the clock standing still

        Assert.Equal(1, smtp.Refused);
        var received = Assert.Single(smtp.Received);
        Assert.Equal(Notifier.MessageId("journal/refused/1", Office.Address), received.MessageId);
    }

    [Fact]
    public async Task Two_relays_publish_each_outbox_row_once_and_take_over_a_dead_nodes_claim_after_its_lease()
    {
        var db = await CreateDatabaseAsync();
        await using var _ = db;
        var app = await AppHarness.StartAsync(db);
        for (var n = 0; n < 14; n++)
        {
            var r = app.NewResolution();
            await r.Accept(r.Start("council-of-ministers-resolution"));
            await r.Accept(r.Submit());
            await r.Accept(r.Agree("by-minfin"));
        }
        await using (var ctx = await app.Contexts.CreateDbContextAsync())
        {
            // The oldest rows were claimed by a node that died before publishing them.
            var oldest = await ctx.Outbox.OrderBy(o => o.Id).Take(5).Select(o => o.Id).ToListAsync();
            var until = app.Clock.GetUtcNow() + new MessagingOptions().OutboxClaimLease;
            await ctx.Outbox.Where(o => oldest.Contains(o.Id)).ExecuteUpdateAsync(s => s.SetProperty(o => o.ClaimedBy, "dead-node/1").SetProperty(o => o.ClaimedUntil, until));
        }
        int total;
        await using (var ctx = await app.Contexts.CreateDbContextAsync()) { total = await ctx.Outbox.CountAsync(); }
        Assert.True(total > OutboxRelay.BatchSize, $"{total} rows: more than one batch, so the relays meet");

        await using var services = new ServiceCollection().AddMassTransitTestHarness(x => x.ConfigureUsageTelemetryOptions(o => o.Enabled = false)).BuildServiceProvider(true);
        var harness = services.GetRequiredService<ITestHarness>();
        await harness.Start();
        OutboxRelay Relay(string node) => new(app.Contexts, harness.Bus, new MessagingOptions { Node = node }, new OutboxSignal(), app.Clock, NullLogger<OutboxRelay>.Instance);
        var relays = new[] { Relay("node-a"), Relay("node-b") };

        var published = await Task.WhenAll(relays.Select(async relay =>
        {
            var count = 0;
            while (await relay.RelayBatchAsync(CancellationToken.None) is var n && n > 0) { count += n; }
            return count;
        }));
        Assert.Equal(total - 5, published.Sum()); // the dead node's rows wait for its lease

        app.Clock.Advance(new MessagingOptions().OutboxClaimLease + TimeSpan.FromSeconds(1));
        Assert.Equal(5, await relays[1].RelayBatchAsync(CancellationToken.None));

        var journalled = harness.Published.Select<ResolutionJournalled>().ToList();
        Assert.Equal(total, journalled.Count);
        Assert.Equal(total, journalled.Select(m => m.Context.MessageId).Distinct().Count());
        await using var check = await app.Contexts.CreateDbContextAsync();
        Assert.Equal(0, await check.Outbox.CountAsync(o => o.SentAt == null));
        await harness.Stop();
    }
}

[Trait("Category", "Server")]
public sealed class SqliteOnceAcrossNodesTests : OnceAcrossNodesTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());

    [Fact]
    public async Task A_second_holder_of_the_same_sqlite_file_is_refused_with_a_clear_message_until_the_first_lets_go()
    {
        await using var db = new SqliteTestDatabase();
        var first = Database.LockSqliteToThisProcess(db.Options);
        Assert.NotNull(first);
        var error = Assert.Throws<DatabaseStartupException>(() => Database.LockSqliteToThisProcess(db.Options));
        Assert.Contains("is in use by another process of this application; SQLite serves one process", error.Message, StringComparison.Ordinal);
        first.Dispose();
        using var again = Database.LockSqliteToThisProcess(db.Options);
        Assert.NotNull(again);
        Assert.Null(Database.LockSqliteToThisProcess(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = "Host=x" }));
    }
}

[Trait("Category", "Server")]
public sealed class PostgresOnceAcrossNodesTests : OnceAcrossNodesTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
