using ResolutionWorkflow.App.Integrity;
using ResolutionWorkflow.Engine.Journal;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Engine.Texts;
using ResolutionWorkflow.Integration.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Integrity;

/// <summary>One canonical time: a journal hashes the same on every provider and verifies when read back cold.</summary>
[Trait("Category", "Server")]
public sealed class JournalAcrossProvidersTests
{
    private static readonly Guid ResolutionId = Guid.Parse("3f2b8c1e-5a47-4d0e-9b61-0c7e2a9d4f10");

    /// <summary>A start with 100 ns digits, and steps that are not whole microseconds either.</summary>
    private static readonly DateTimeOffset Start = AppHarness.DefaultStart.AddTicks(1_234_567);

    [Fact]
    public async Task The_same_commands_give_byte_identical_entry_hashes_on_sqlite_and_postgresql_and_verify_after_a_cold_read()
    {
        await using var sqlite = new SqliteTestDatabase();
        var onSqlite = await RunAsync(sqlite, () => new SqliteTestDatabase(sqlite.Folder, owner: false));
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        var onPostgres = await RunAsync(postgres, () => postgres);

        Assert.Equal(onSqlite.Count, onPostgres.Count);
        Assert.Equal(onSqlite.Select(e => e.Hash), onPostgres.Select(e => e.Hash));
        Assert.Equal(onSqlite, onPostgres);
        Assert.All(onSqlite, e => Assert.Equal(0, e.At.UtcTicks % 10));
    }

    /// <summary>Runs a review round, then reads everything back through a new harness (no cached state) and goes on from there.</summary>
    private static async Task<List<JournalEntry>> RunAsync(TestDatabase database, Func<TestDatabase> reopen)
    {
        var number = 0;
        var first = await AppHarness.StartAsync(database, now: Start);
        await StepsAsync(first,
            r => r.Start("council-of-ministers-resolution"),
            r => r.Submit(),
            r => r.Disagree("by-minfin", ("3", "Не указан объём финансирования по годам.")),
            r => r.Agree("ru-minfin"));

        var cold = await AppHarness.StartAsync(reopen(), now: first.Clock.GetUtcNow());
        await StepsAsync(cold, r => new RecordOpinion(ResolutionText.Hash(CommandBuilder.Text1), OpinionKind.AgreeWithRemarks, [new RemarkInput("2", "Уточнить заказчика.")])
        {
            CommandId = Guid.Empty, ResolutionId = ResolutionId, Actor = Actors.Officer("ru-minjust"),
        });

        var verdict = await new JournalVerifier(cold.Contexts).VerifyAsync(ResolutionId);
        Assert.NotNull(verdict);
        Assert.True(verdict.IsValid, verdict.Problem);
        return await cold.JournalOf(ResolutionId);

        async Task StepsAsync(AppHarness app, params Func<ResolutionClient, ResolutionCommand>[] steps)
        {
            var client = new ResolutionClient(app.Processor, ResolutionId, app);
            foreach (var step in steps)
            {
                app.Clock.Advance(TimeSpan.FromTicks(10_000_007));
                var command = step(client) with { CommandId = new Guid(++number, 0, 0, new byte[8]) };
                await client.Accept(command);
            }
        }
    }
}
