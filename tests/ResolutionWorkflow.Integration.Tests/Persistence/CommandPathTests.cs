using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Integration.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Persistence;

/// <summary>The command path against a real database; run once per provider by the classes below.</summary>
[Trait("Category", "Server")]
public abstract class CommandPathTests
{
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    protected async Task<(AppHarness App, TestDatabase Db)> Start(Engine.Definitions.WorkflowDirectory? workflows = null)
    {
        var db = await CreateDatabaseAsync();
        return (await AppHarness.StartAsync(db, workflows), db);
    }

    [Theory]
    [InlineData("council-of-ministers-resolution")]
    [InlineData("union-state-programme")]
    public async Task Full_lifecycle_runs_through_the_command_path_and_the_journal_verifies(string definition)
    {
        var (app, db) = await Start();
        await using var _ = db;
        var r = app.NewResolution();

        await r.Accept(r.Start(definition));
        await r.Accept(r.Submit());
        foreach (var m in Actors.ReviewingMinistries.Except(["by-minfin", "ru-minjust"])) { await r.Accept(r.Agree(m)); }
        await r.Accept(r.Disagree("by-minfin", ("3", "Не указан объём финансирования по годам.")));
        await r.Accept(r.Disagree("ru-minjust", ("2", "Заказчик определяется программой.")));
        await r.Accept(r.Answer(1, RemarkAnswer.Accepted, "Учтено."));
        await r.Accept(r.Answer(2, RemarkAnswer.Rejected, "Соответствует порядку."));
        await r.Accept(r.NewVersion(CommandBuilder.Revised(CommandBuilder.Text1)));
        await r.Accept(r.Resubmit());
        await r.Accept(r.Agree("by-minfin"));
        var afterReview = await r.Accept(r.Agree("ru-minjust"));
        if (definition == "union-state-programme")
        {
            Assert.Equal("financial-review", afterReview.Summary!.StageId);
            foreach (var m in new[] { "by-minfin", "ru-minfin", "su-standing-committee" }) { await r.Accept(r.Agree(m)); }
        }
        foreach (var m in Actors.LegalBodies) { await r.Accept(r.Agree(m)); }
        foreach (var c in r.AdoptAtMeeting(app.Clock.GetUtcNow())) { await r.Accept(c); }
        if (definition == "union-state-programme") { await r.Accept(r.SignAs(Actors.Chairman)); }
        else
        {
            await r.Accept(r.SignAs(Actors.PrimeMinisterBelarus));
            await r.Accept(r.SignAs(Actors.PrimeMinisterRussia));
        }
        await r.Accept(r.RegisterAs("42"));
        await r.Accept(r.Publish("by"));
        var last = await r.Accept(r.Publish("ru"));

        Assert.Equal("adopted", last.Summary!.StageId);
        Assert.Equal("adopted", last.Summary.Status);
        Assert.True((await app.VerifyJournal(r.Id)).IsValid);

        await using var ctx = await app.Contexts.CreateDbContextAsync();
        var row = await ctx.Resolutions.AsNoTracking().SingleAsync(x => x.Id == r.Id);
        Assert.Equal("42", row.RegistrationNumber);
        Assert.Equal(2, row.CurrentTextVersion);
        Assert.Equal(row.JournalLength, await ctx.Journal.CountAsync(j => j.ResolutionId == r.Id));
        Assert.Equal(row.JournalLength, await ctx.Outbox.CountAsync(o => o.ResolutionId == r.Id));
        Assert.Equal(2, await ctx.TextVersions.CountAsync(t => t.ResolutionId == r.Id));
        Assert.All(await ctx.Remarks.Where(x => x.ResolutionId == r.Id).ToListAsync(), x => Assert.Equal("settled", x.Status));
        // The programme's act is signed by the Chairman alone, the resolution's by both heads of government.
        Assert.Equal(definition == "union-state-programme" ? 1 : 2, await ctx.Signatures.CountAsync(s => s.ResolutionId == r.Id && s.VoidedAt == null));
        Assert.Equal(("meeting", "adopted", "3"), (row.AdoptionForm, row.AdoptionOutcome, row.AdoptionProtocol));
        Assert.Equal(CommandBuilder.MoscowDay(app.Clock.GetUtcNow()), row.AdoptionDecidedOn);
        Assert.Equal(2, await ctx.Publications.CountAsync(p => p.ResolutionId == r.Id));
        Assert.Equal(0, await ctx.Tasks.CountAsync(t => t.ResolutionId == r.Id && t.Status == "open"));
        Assert.True(await ctx.Deadlines.AnyAsync(d => d.ResolutionId == r.Id && d.Kind == DeadlineKinds.Reminder));
    }

    [Fact]
    public async Task Fifty_opinions_sent_in_parallel_are_all_recorded_and_the_chain_stays_valid()
    {
        var (app, db) = await Start(AppHarness.WithFiftyReviewers());
        await using var _ = db;
        var r = app.NewResolution();
        await r.Accept(r.Start("fifty-party-review"));
        await r.Accept(r.Submit());
        var opinions = Enumerable.Range(1, 50).Select(i => r.Agree($"test-ministry-{i:00}")).ToList();

        var outcomes = await Task.WhenAll(opinions.Select(o => Task.Run(() => r.Send(o))));

        Assert.All(outcomes, o => Assert.True(o.Accepted, o.Rejection?.ToString()));
        await using var ctx = await app.Contexts.CreateDbContextAsync();
        Assert.Equal(50, await ctx.Journal.CountAsync(j => j.ResolutionId == r.Id && j.EventType == "opinion-recorded"));
        Assert.Equal(50, await ctx.Tasks.CountAsync(t => t.ResolutionId == r.Id && t.Kind == "review" && t.Status == "done"));
        Assert.Equal("adopted", (await ctx.Resolutions.SingleAsync(x => x.Id == r.Id)).StageId);
        Assert.True((await app.VerifyJournal(r.Id)).IsValid);
    }

    [Fact]
    public async Task A_processor_without_the_state_in_memory_replays_the_journal_after_the_last_snapshot()
    {
        var (app, db) = await Start(AppHarness.WithFiftyReviewers());
        await using var _ = db;
        var r = app.NewResolution();
        await r.Accept(r.Start("fifty-party-review"));
        await r.Accept(r.Submit());
        for (var i = 1; i <= 30; i++) { await r.Accept(r.Agree($"test-ministry-{i:00}")); }

        // Between snapshots: the stored state lags the journal, which holds the rest.
        var row = await app.RowOf(r.Id);
        var stored = StateJson.Deserialize(await SnapshotOf(app, r.Id), new Dictionary<int, string> { [1] = "" });
        Assert.InRange(stored.EventCount, 1, row.JournalLength - 1);

        // Another node (or this one after a restart) has nothing in memory.
        var cold = ColdClient(app, r.Id);
        await using (var ctx = await app.Contexts.CreateDbContextAsync())
        {
            var read = await ProjectionWriter.ReadStateAsync(ctx, r.Id, row.JournalLength, CancellationToken.None);
            var replayed = Evolve.ApplyAll(null, (await app.JournalOf(r.Id)).Select(Engine.Journal.JournalChain.ToEvent))!;
            Assert.Equal(row.JournalLength, read.EventCount);
            Assert.Equal(StateJson.Serialize(replayed), StateJson.Serialize(read));
        }
        // Its opinion is in the journal, not in the snapshot: only a replayed state knows the task is closed.
        await cold.Reject(r.Agree("test-ministry-30"), RejectionCode.TaskClosed);
        for (var i = 31; i <= 50; i++) { await cold.Accept(r.Agree($"test-ministry-{i:00}")); }

        Assert.Equal("adopted", (await app.RowOf(r.Id)).StageId);
        Assert.True((await app.VerifyJournal(r.Id)).IsValid);
    }

    [Fact]
    public async Task The_migration_that_moves_the_state_to_its_own_table_keeps_it_both_ways()
    {
        var (app, db) = await Start();
        await using var _ = db;
        var r = app.NewResolution();
        await r.Accept(r.Start("council-of-ministers-resolution"));
        await r.Accept(r.Submit());
        var written = await SnapshotOf(app, r.Id);

        await using (var ctx = await app.Contexts.CreateDbContextAsync())
        {
            var migrations = ctx.Database.GetMigrations().ToList();
            var previous = migrations[migrations.FindIndex(m => m.EndsWith("_ResolutionSnapshots", StringComparison.Ordinal)) - 1];
            var migrator = ctx.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();

            await migrator.MigrateAsync(previous);
            Assert.Equal(written, await ctx.Database.SqlQueryRaw<string>("SELECT \"State\" AS \"Value\" FROM resolutions").SingleAsync());

            await migrator.MigrateAsync();
        }
        Assert.Equal(written, await SnapshotOf(app, r.Id));
        // A processor that reads it from the moved table takes the next opinion.
        var cold = ColdClient(app, r.Id);
        await cold.Accept(r.Agree("ru-mfa"));
    }

    /// <summary>A client of a second processor over the same database, with nothing in memory (another node, or a restart).</summary>
    private static ResolutionClient ColdClient(AppHarness app, Guid id) => new(new App.Commands.CommandProcessor(app.Contexts, app.Decider, app.Clock,
        Microsoft.Extensions.Logging.Abstractions.NullLogger<App.Commands.CommandProcessor>.Instance), id, app);

    private static async Task<string> SnapshotOf(AppHarness app, Guid id)
    {
        await using var ctx = await app.Contexts.CreateDbContextAsync();
        return (await ctx.Snapshots.SingleAsync(s => s.ResolutionId == id)).State;
    }

    [Fact]
    public async Task The_same_command_id_twice_yields_one_set_of_effects_and_the_same_result()
    {
        var (app, db) = await Start();
        await using var _ = db;
        var r = app.NewResolution();
        await r.Accept(r.Start("council-of-ministers-resolution"));
        await r.Accept(r.Submit());
        var opinion = r.Disagree("ru-mfa", ("1", "Уточнить наименование."));

        var first = await r.Send(opinion);
        var fingerprint = await app.Fingerprint();
        var second = await r.Send(opinion);

        Assert.True(first.Accepted);
        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        Assert.Equal(first with { Duplicate = true }, second);
        Assert.Equal(fingerprint, await app.Fingerprint());
    }

    [Fact]
    public async Task The_same_command_id_sent_concurrently_is_applied_once()
    {
        var (app, db) = await Start();
        await using var _ = db;
        var r = app.NewResolution();
        await r.Accept(r.Start("council-of-ministers-resolution"));
        await r.Accept(r.Submit());
        var opinion = r.Agree("by-mfa");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => r.Send(opinion))));

        Assert.All(outcomes, o => Assert.True(o.Accepted));
        Assert.Single(outcomes, o => !o.Duplicate);
        await using var ctx = await app.Contexts.CreateDbContextAsync();
        Assert.Equal(1, await ctx.Journal.CountAsync(j => j.ResolutionId == r.Id && j.EventType == "opinion-recorded"));
        Assert.True((await app.VerifyJournal(r.Id)).IsValid);
    }

    [Fact]
    public async Task A_rejected_command_leaves_every_row_as_it_was()
    {
        var (app, db) = await Start();
        await using var _ = db;
        var r = app.NewResolution();
        await r.Accept(r.Start("council-of-ministers-resolution"));
        await r.Accept(r.Submit());

        await r.Reject(r.SignAs(Actors.PrimeMinisterRussia), RejectionCode.StageClosed);
        await r.Reject(r.Agree("by-mchs"), RejectionCode.NotYourTask);
        await r.Reject(r.Disagree("by-mfa", ("99", "Нет такого пункта.")), RejectionCode.UnknownClause);
    }

    [Fact]
    public async Task A_registration_number_is_unique_per_year()
    {
        var (app, db) = await Start();
        await using var _ = db;
        async Task<ResolutionClient> ToRegistration()
        {
            var c = app.NewResolution();
            await c.Accept(c.Start("council-of-ministers-resolution"));
            await c.Accept(c.Submit());
            foreach (var m in Actors.ReviewingMinistries) { await c.Accept(c.Agree(m)); }
            foreach (var m in Actors.LegalBodies) { await c.Accept(c.Agree(m)); }
            foreach (var command in c.AdoptAtMeeting(app.Clock.GetUtcNow())) { await c.Accept(command); }
            await c.Accept(c.SignAs(Actors.PrimeMinisterBelarus));
            await c.Accept(c.SignAs(Actors.PrimeMinisterRussia));
            return c;
        }
        var first = await ToRegistration();
        var second = await ToRegistration();
        await first.Accept(first.RegisterAs("7"));

        await second.Reject(second.RegisterAs("7"), RejectionCode.RegistrationNumberTaken);
        await second.Accept(second.RegisterAs("8"));
    }

    [Fact]
    public async Task Opinions_on_different_resolutions_sent_together_share_commits_and_each_gets_its_own_answer()
    {
        var (app, db) = await Start();
        await using var _ = db;
        var resolutions = new List<ResolutionClient>();
        for (var i = 0; i < 16; i++)
        {
            var c = app.NewResolution();
            await c.Accept(c.Start("council-of-ministers-resolution"));
            await c.Accept(c.Submit());
            resolutions.Add(c);
        }

        // Every fourth opinion comes from a ministry that is not asked: refused, while the others in its group are written.
        var before = app.Counter.Snapshot();
        var outcomes = await Task.WhenAll(resolutions.Select((c, i) => Task.Run(() => c.Send(i % 4 == 3 ? c.Agree("by-mchs") : c.Agree("by-mfa")))));
        var after = app.Counter.Snapshot();

        Assert.All(outcomes.Where((_, i) => i % 4 != 3), o => Assert.True(o.Accepted, o.Rejection?.ToString()));
        Assert.All(outcomes.Where((_, i) => i % 4 == 3), o => Assert.Equal(RejectionCode.NotYourTask, o.Rejection?.Code));
        Assert.InRange(after.Commits - before.Commits, 1, 11); // twelve writes, fewer commits
        await using var ctx = await app.Contexts.CreateDbContextAsync();
        foreach (var (c, i) in resolutions.Select((c, i) => (c, i)))
        {
            Assert.Equal(i % 4 == 3 ? 0 : 1, await ctx.Journal.CountAsync(j => j.ResolutionId == c.Id && j.EventType == "opinion-recorded"));
            Assert.True((await app.VerifyJournal(c.Id)).IsValid);
        }
    }

    [Fact]
    public async Task An_opinion_takes_one_commit_and_a_handful_of_statements()
    {
        var (app, db) = await Start();
        await using var _ = db;
        var r = app.NewResolution();
        await r.Accept(r.Start("council-of-ministers-resolution"));
        await r.Accept(r.Submit());

        var before = app.Counter.Snapshot();
        await r.Accept(r.Agree("by-mfa"));
        var after = app.Counter.Snapshot();

        Assert.Equal(1, after.Commits - before.Commits);
        var statements = after.Statements - before.Statements;
        Assert.InRange(statements, 4, 14);
    }

    [Theory]
    [InlineData(0x0000, "a NUL character (U+0000)")]
    [InlineData(0xD800, "an unpaired surrogate (U+D800)")]
    [InlineData(0x001B, "a control character (U+001B)")]
    public async Task Text_a_database_cannot_store_is_refused_alike_on_every_provider_and_nothing_is_written(int code, string named)
    {
        // As a number: a lone surrogate would not survive as test data.
        var bad = ((char)code).ToString();
        var (app, db) = await Start();
        await using var _ = db;
        var r = app.NewResolution();
        var title = await r.Reject(new StartResolution("council-of-ministers-resolution", $"О программе{bad}", CommandBuilder.Text1)
            { CommandId = Guid.NewGuid(), ResolutionId = r.Id, Actor = Actors.Drafter }, RejectionCode.InvalidInput);
        Assert.Equal($"field 'title' contains {named} at position 12, which cannot be stored", title.Message);

        await r.Accept(r.Start("council-of-ministers-resolution"));
        await r.Accept(r.Submit());
        var remark = await r.Reject(r.Disagree("by-minfin", ("3", $"Не указан{bad} объём")), RejectionCode.InvalidInput);
        Assert.Contains("field 'remarks[0].text'", remark.Message, StringComparison.Ordinal);
        Assert.True((await app.VerifyJournal(r.Id)).IsValid);
    }

    [Fact]
    public async Task An_attachment_of_several_pieces_is_stored_once_read_back_byte_for_byte_and_versioned_with_its_manifest()
    {
        var (app, db) = await Start();
        await using var _ = db;
        var store = new App.Documents.AttachmentStore(app.Contexts, new App.Documents.AttachmentOptions(), app.Clock);
        // Three and a half pieces, different bytes in each, so an order or boundary mistake shows.
        var bytes = new byte[(App.Documents.AttachmentStore.ChunkSize * 7) / 2];
        new Random(20).NextBytes(bytes);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        var stored = await store.StoreAsync(new MemoryStream(bytes), "Положение.pdf", CancellationToken.None);
        Assert.Equal(stored, await store.StoreAsync(new MemoryStream(bytes), "Копия.pdf", CancellationToken.None));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), stored.Sha256);
        Assert.Equal(("application/pdf", (long)bytes.Length), (stored.MediaType, stored.Size));

        var back = new MemoryStream();
        Assert.True(await store.CopyToAsync(stored.Sha256, back, CancellationToken.None));
        Assert.Equal(bytes, back.ToArray());
        await using (var check = await app.Contexts.CreateDbContextAsync())
        {
            Assert.Equal(4, await check.AttachmentChunks.CountAsync(c => c.Sha256 == stored.Sha256));
            Assert.Equal(1, await check.AttachmentContents.CountAsync());
        }

        var r = app.NewResolution();
        await r.Accept(r.Start("council-of-ministers-resolution"));
        var attachment = new Engine.Texts.Attachment("annex", "Положение.pdf", stored.MediaType, stored.Size, stored.Sha256);
        await r.Accept(r.Attach(attachment));
        await using (var check = await app.Contexts.CreateDbContextAsync())
        {
            var row = await check.VersionAttachments.SingleAsync(a => a.ResolutionId == r.Id);
            Assert.Equal((2, 0, "annex", stored.Sha256), (row.VersionNumber, row.Position, row.Kind, row.Sha256));
            Assert.Equal(Engine.Texts.VersionContent.Hash(Engine.Texts.ResolutionText.Normalise(CommandBuilder.Text1), [attachment]),
                (await check.TextVersions.SingleAsync(v => v.ResolutionId == r.Id && v.Number == 2)).Hash);
        }
        Assert.True((await app.VerifyJournal(r.Id)).IsValid);
    }
}

[Trait("Category", "Server")]
public sealed class SqliteCommandPathTests : CommandPathTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

[Trait("Category", "Server")]
public sealed class PostgresCommandPathTests : CommandPathTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();

    [Fact]
    public async Task A_command_after_the_server_ended_the_group_writers_kept_connection_is_written_on_a_new_one()
    {
        var (app, db) = await Start();
        await using var _ = db;
        var r = app.NewResolution();
        await r.Accept(r.Start("council-of-ministers-resolution"));

        // The group writer keeps its connection from one group to the next. The server ends every
        // connection to the database (a restart, an idle timeout); the idle pooled ones are let go.
        await using (var admin = new NpgsqlConnection(db.Options.EffectiveConnectionString))
        {
            await admin.OpenAsync();
            await using var end = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", admin);
            Assert.True((long)(await end.ExecuteScalarAsync())! >= 1);
        }
        NpgsqlConnection.ClearAllPools();

        var submitted = await r.Accept(r.Submit());
        Assert.Equal(submitted.Summary!.StageId, (await app.RowOf(r.Id)).StageId);
        Assert.NotEqual("drafting", submitted.Summary.StageId);
        Assert.True((await app.VerifyJournal(r.Id)).IsValid);
    }
}
