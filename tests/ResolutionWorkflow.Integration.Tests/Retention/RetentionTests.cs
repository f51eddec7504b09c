using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.App.Retention;
using ResolutionWorkflow.Integration.Tests.Support;

namespace ResolutionWorkflow.Integration.Tests.Retention;

/// <summary>Rows that only grow are kept for their window and then deleted in batches; once per provider.</summary>
[Trait("Category", "Server")]
public abstract class RetentionTests
{
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task A_repeat_inside_the_window_gets_the_first_answer_and_the_job_deletes_only_rows_past_their_window()
    {
        var db = await CreateDatabaseAsync();
        await using var _ = db;
        var app = await AppHarness.StartAsync(db);
        var day0 = app.Clock.GetUtcNow();
        var r = app.NewResolution();
        var start = r.Start("council-of-ministers-resolution");
        await r.Accept(start);
        await r.Accept(r.Submit());
        await MarkOutboxSentAsync(app, day0);

        app.Clock.Advance(TimeSpan.FromDays(5)); // before the review's deadline
        var agree = r.Agree("ru-minfin");
        var first = await r.Accept(agree);
        var repeat = await app.Processor.ExecuteAsync(start);
        Assert.True(repeat.Duplicate, "a repeat inside the window is recognised");
        Assert.True(repeat.Accepted);

        await using (var ctx = await app.Contexts.CreateDbContextAsync())
        {
            ctx.SentMail.AddRange(
                new SentMailRow { Key = "old", Recipient = "a@example.org", MessageId = "1@x", Template = "reminder", SentAt = day0 },
                new SentMailRow { Key = "recent", Recipient = "a@example.org", MessageId = "2@x", Template = "reminder", SentAt = day0.AddDays(25) });
            await ctx.SaveChangesAsync();
            // Deadline rows of the first review: some finished long ago, the open ones stay whatever their age.
            await ctx.Deadlines.Where(d => d.ResolutionId == r.Id && d.Kind == DeadlineKinds.Reminder).ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DeadlineStates.Skipped));
        }
        await MarkOutboxSentAsync(app, day0.AddDays(30));
        var before = await CountsAsync(app);

        app.Clock.SetUtcNow(day0.AddDays(33));
        // The defaults, but finished deadline rows kept 15 days, so that the review's reminders (days 9 and 11) are past it.
        var job = new RetentionJob(app.Contexts, new RetentionOptions { BatchSize = 2, FinishedDeadlines = TimeSpan.FromDays(15) }, app.Clock);
        var report = await job.RunAsync(CancellationToken.None);

        var after = await CountsAsync(app);
        // Processed commands: the two of day 0 go (30 days), day 5's stays.
        Assert.Equal(2, report.ProcessedCommands);
        Assert.Equal(before.Commands - 2, after.Commands);
        // Outbox: day 0's rows go (7 days), those sent on day 30 stay.
        Assert.Equal(before.SentOutboxDay0, report.SentOutbox);
        Assert.Equal(before.Outbox - before.SentOutboxDay0, after.Outbox);
        Assert.Equal(1, report.SentMail);
        Assert.Equal(["recent"], after.MailKeys);
        var fireDays = await FinishedFireTimesAsync(app);
        Assert.Equal(before.FinishedPastWindow, report.FinishedDeadlines);
        Assert.True(report.FinishedDeadlines > 0, "the review's reminders fired more than 15 days ago");
        Assert.All(fireDays, at => Assert.True(at >= day0.AddDays(18), "only finished rows due more than 15 days ago are deleted"));
        Assert.Equal(before.OpenDeadlines, after.OpenDeadlines);

        // Inside the window the repeat still gets the first answer.
        var again = await app.Processor.ExecuteAsync(agree);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Summary, again.Summary);
        Assert.True((await app.VerifyJournal(r.Id)).IsValid);
    }

    private static async Task MarkOutboxSentAsync(AppHarness app, DateTimeOffset at)
    {
        await using var ctx = await app.Contexts.CreateDbContextAsync();
        await ctx.Outbox.Where(o => o.SentAt == null).ExecuteUpdateAsync(s => s.SetProperty(o => o.SentAt, at));
    }

    private static async Task<List<DateTimeOffset>> FinishedFireTimesAsync(AppHarness app)
    {
        await using var ctx = await app.Contexts.CreateDbContextAsync();
        return await ctx.Deadlines.AsNoTracking().Where(d => d.State == DeadlineStates.Skipped || d.State == DeadlineStates.Done).Select(d => d.FireAt).ToListAsync();
    }

    private sealed record Counts(int Commands, int Outbox, int SentOutboxDay0, List<string> MailKeys, int FinishedPastWindow, int OpenDeadlines);

    private static async Task<Counts> CountsAsync(AppHarness app)
    {
        await using var ctx = await app.Contexts.CreateDbContextAsync();
        var day0 = AppHarness.DefaultStart;
        var sent = await ctx.Outbox.AsNoTracking().Select(o => o.SentAt).ToListAsync();
        var finished = await FinishedFireTimesAsync(app);
        return new Counts(
            await ctx.ProcessedCommands.CountAsync(),
            sent.Count,
            sent.Count(s => s == day0),
            await ctx.SentMail.AsNoTracking().OrderBy(m => m.Key).Select(m => m.Key).ToListAsync(),
            finished.Count(at => at < day0.AddDays(18)),
            await ctx.Deadlines.CountAsync(d => d.State == DeadlineStates.Pending));
    }
}

[Trait("Category", "Server")]
public sealed class SqliteRetentionTests : RetentionTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

[Trait("Category", "Server")]
public sealed class PostgresRetentionTests : RetentionTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
