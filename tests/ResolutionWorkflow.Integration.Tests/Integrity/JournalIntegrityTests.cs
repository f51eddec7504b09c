using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using ResolutionWorkflow.App.Integrity;
using ResolutionWorkflow.App.Messaging;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Cli;
using ResolutionWorkflow.Engine.Journal;
using ResolutionWorkflow.Integration.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Integrity;

/// <summary>Verification people can run: the CLI, anchors outside the database, the recurring check. Once per provider.</summary>
[Trait("Category", "Server")]
public abstract class JournalIntegrityTests
{
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    /// <summary>The CLI's options that name the test database.</summary>
    protected abstract string[] DatabaseArgs(TestDatabase db);

    private async Task<(AppHarness App, TestDatabase Db)> StartAsync()
    {
        var db = await CreateDatabaseAsync();
        return (await AppHarness.StartAsync(db), db);
    }

    private static async Task<ResolutionClient> InReviewAsync(AppHarness app)
    {
        var r = app.NewResolution();
        await r.Accept(r.Start("council-of-ministers-resolution"));
        await r.Accept(r.Submit());
        await r.Accept(r.Disagree("by-minfin", ("3", "Не указан объём финансирования по годам.")));
        await r.Accept(r.Agree("ru-minfin"));
        return r;
    }

    private async Task<(int Exit, string Output, string Error)> VerifyAsync(TestDatabase db, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(["journal", "verify", .. DatabaseArgs(db), .. args], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Journal_verify_names_each_broken_resolution_and_its_first_bad_entry()
    {
        var (app, db) = await StartAsync();
        await using var _ = db;
        var gap = await InReviewAsync(app);
        var cut = await InReviewAsync(app);
        var intact = await InReviewAsync(app);
        Assert.Equal(0, (await VerifyAsync(db)).Exit);

        await using (var ctx = await app.Contexts.CreateDbContextAsync())
        {
            await ctx.Journal.Where(j => j.ResolutionId == gap.Id && j.Sequence == 3).ExecuteDeleteAsync();
            var length = (await app.RowOf(cut.Id)).JournalLength;
            await ctx.Journal.Where(j => j.ResolutionId == cut.Id && j.Sequence > length - 2).ExecuteDeleteAsync();
        }

        var (exit, output, _) = await VerifyAsync(db);
        Assert.Equal(1, exit);
        Assert.True(output.Contains($"resolution {gap.Id}: BROKEN at entry 3: entry 3 is missing", StringComparison.Ordinal), output);
        var cutLength = (await app.RowOf(cut.Id)).JournalLength;
        Assert.Contains($"resolution {cut.Id}: BROKEN at entry {cutLength - 1}: entries after entry {cutLength - 2} were removed", output, StringComparison.Ordinal);
        Assert.DoesNotContain(intact.Id.ToString(), output, StringComparison.Ordinal);
        Assert.Contains("3 resolution(s)", output, StringComparison.Ordinal);
        Assert.Contains("2 broken", output, StringComparison.Ordinal);

        var one = await VerifyAsync(db, "--resolution", intact.Id.ToString());
        Assert.Equal(0, one.Exit);
        Assert.Contains($"resolution {intact.Id}: intact", one.Output, StringComparison.Ordinal);
        Assert.Equal(1, (await VerifyAsync(db, "--resolution", Guid.NewGuid().ToString())).Exit);
        Assert.Equal(2, (await VerifyAsync(db, "--resolution", "not-a-guid")).Exit);
    }

    [Fact]
    public async Task A_chain_rewritten_with_its_head_passes_inside_the_database_and_fails_against_the_anchors()
    {
        var (app, db) = await StartAsync();
        await using var _ = db;
        var rewritten = await InReviewAsync(app);
        var other = await InReviewAsync(app);
        try
        {
            await RewriteAsync(app, rewritten.Id, fromSequence: 2);

            var inside = await VerifyAsync(db);
            Assert.Equal(0, inside.Exit);
            Assert.Contains("every chain is intact", inside.Output, StringComparison.Ordinal);

            var (exit, output, error) = await VerifyAsync(db, "--anchors", app.AnchorFolder);
            Assert.Equal(1, exit);
            Assert.Contains($"resolution {rewritten.Id}: BROKEN", output, StringComparison.Ordinal);
            Assert.Contains("no longer has the hash anchored outside the database", output, StringComparison.Ordinal);
            Assert.DoesNotContain(other.Id.ToString(), output, StringComparison.Ordinal);
            Assert.Contains("anchors: 2 resolution head(s)", error, StringComparison.Ordinal);
            Assert.Equal(1, (await VerifyAsync(db, "--anchors", Path.Combine(app.AnchorFolder, "missing"))).Exit);
        }
        finally
        {
            Directory.Delete(app.AnchorFolder, recursive: true);
        }
    }

    [Fact]
    public async Task The_recurring_check_verifies_changed_chains_and_opens_one_incident_per_break()
    {
        var (app, db) = await StartAsync();
        await using var _ = db;
        var r = await InReviewAsync(app);
        var job = new JournalCheckJob(app.Contexts, new JournalVerifier(app.Contexts), new IncidentLog(app.Contexts, app.Clock), app.Clock, NullLogger<JournalCheckJob>.Instance);

        Assert.Equal((1, 0), await job.CheckChangedAsync(CancellationToken.None));
        Assert.Equal((0, 0), await job.CheckChangedAsync(CancellationToken.None)); // nothing changed since

        await using (var ctx = await app.Contexts.CreateDbContextAsync())
        {
            await ctx.Journal.Where(j => j.ResolutionId == r.Id && j.Sequence == 2).ExecuteUpdateAsync(s => s.SetProperty(j => j.ActorUserId, "someone-else"));
        }
        await r.Accept(r.Agree("ru-minjust")); // the chain moves on: the next run looks at it
        Assert.Equal((1, 1), await job.CheckChangedAsync(CancellationToken.None));
        await r.Accept(r.Agree("by-minjust"));
        Assert.Equal((1, 0), await job.CheckChangedAsync(CancellationToken.None)); // still broken: no second incident

        await using var check = await app.Contexts.CreateDbContextAsync();
        var incident = Assert.Single(await check.Incidents.AsNoTracking().ToListAsync());
        Assert.Equal(IncidentKinds.JournalBroken, incident.MessageType);
        Assert.Equal(r.Id, incident.ResolutionId);
        Assert.Contains("entry 2 was changed", incident.Error, StringComparison.Ordinal);
        var state = await check.JournalChecks.AsNoTracking().SingleAsync(c => c.ResolutionId == r.Id);
        Assert.Equal(2, state.BrokenAt);
    }

    /// <summary>What someone with write access to the database could do: change an entry and recompute every hash after it, and the head.</summary>
    private static async Task RewriteAsync(AppHarness app, Guid id, long fromSequence)
    {
        await using var ctx = await app.Contexts.CreateDbContextAsync();
        var rows = await ctx.Journal.Where(j => j.ResolutionId == id).OrderBy(j => j.Sequence).ToListAsync();
        var previous = rows.Single(j => j.Sequence == fromSequence - 1).Hash;
        foreach (var row in rows.Where(j => j.Sequence >= fromSequence))
        {
            if (row.Sequence == fromSequence) { row.ActorUserId = "someone-else"; }
            row.PreviousHash = previous;
            row.Hash = JournalChain.HashOf(row.ToEntry());
            previous = row.Hash;
        }
        var resolution = await ctx.Resolutions.SingleAsync(r => r.Id == id);
        resolution.JournalHead = previous;
        await ctx.SaveChangesAsync();
    }
}

[Trait("Category", "Server")]
public sealed class SqliteJournalIntegrityTests : JournalIntegrityTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());

    protected override string[] DatabaseArgs(TestDatabase db) => ["--provider", "sqlite", "--data", ((SqliteTestDatabase)db).Folder];

    [Fact]
    public async Task Journal_verify_on_a_database_that_is_not_there_says_so_and_creates_nothing()
    {
        var folder = Path.Combine(Path.GetTempPath(), "rw-missing-" + Guid.NewGuid().ToString("N"));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(["journal", "verify", "--provider", "sqlite", "--data", folder], output, error);
        Assert.Equal(1, exit);
        Assert.Contains("there is no database", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }
}

[Trait("Category", "Server")]
public sealed class PostgresJournalIntegrityTests : JournalIntegrityTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();

    protected override string[] DatabaseArgs(TestDatabase db) => ["--provider", "postgresql", "--connection", db.Options.ConnectionString!];
}
