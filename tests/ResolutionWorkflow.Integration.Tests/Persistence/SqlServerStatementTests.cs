using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Engine.Journal;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Integration.Tests.Support;
using ResolutionWorkflow.Tests.Common;
using static ResolutionWorkflow.Tests.Common.SqlServer.TSql;

namespace ResolutionWorkflow.Integration.Tests.Persistence;

/// <summary>
/// No SQL Server runs on our machines: these tests build what the application would send to one
/// (statements over an unopened <see cref="SqlConnection"/>, the migration script) and check it
/// without a server — every value bound whole, every statement valid T-SQL under ScriptDom.
/// </summary>
public sealed class SqlServerStatementTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 6, 0, 0, TimeSpan.Zero);

    private static ResolutionDbContext SqlServerContext()
    {
        var builder = new DbContextOptionsBuilder<ResolutionDbContext>();
        Database.Configure(builder, new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = "Server=127.0.0.1,1;Database=resolutions;TrustServerCertificate=true" });
        return new ResolutionDbContext(builder.Options);
    }

    /// <summary>A resolution started with a short text, then given a text of <paramref name="length"/> characters: the rows of both commands.</summary>
    private static List<RowChanges> RowsOfALongText(int length)
    {
        var workflows = AppHarness.Loaded(Repository.Workflows);
        var decider = new Decider(workflows.Catalog, workflows.Registry!, workflows.Calendars);
        var id = Guid.NewGuid();
        var clause = "1. " + string.Concat(Enumerable.Repeat("Утвердить программу Союзного государства. ", length / 40 + 1));
        var longText = "О программе\n\n" + clause[..(length - "О программе\n\n".Length)];
        Assert.Equal(length, longText.Length);

        var plans = new List<RowChanges>();
        ResolutionState? state = null;
        StoredHead? head = null;
        ResolutionCommand[] commands =
        [
            new StartResolution("council-of-ministers-resolution", "О программе", CommandBuilder.Text1) { CommandId = Guid.NewGuid(), ResolutionId = id, Actor = Actors.Drafter },
            new IssueTextVersion(longText, new string('п', 5_000)) { CommandId = Guid.NewGuid(), ResolutionId = id, Actor = Actors.Drafter },
        ];
        foreach (var command in commands)
        {
            var decision = decider.Decide(state, command, Now);
            var events = Assert.IsType<Decision.Accepted>(decision, exactMatch: false).Events;
            var after = Evolve.ApplyAll(state, events)!;
            var entries = JournalChain.Append(head?.JournalLength ?? 0, head?.JournalHead ?? JournalChain.Genesis, id, command.CommandId, command.Actor, events);
            plans.Add(ProjectionWriter.Plan(state, after, head, [.. events.Zip(entries)], Now));
            state = after;
            head = new StoredHead((head?.Version ?? 0) + 1, entries[^1].Sequence, entries[^1].Hash);
        }
        return plans;
    }

    /// <summary>Every statement the writer would send for these rows (a batch per command), bound, with nothing executed.</summary>
    private static List<DbBatchCommand> Bound(RowWriter writer, IEnumerable<RowChanges> plans)
    {
        var commands = new List<DbBatchCommand>();
        foreach (var plan in plans)
        {
            Assert.Empty(plan.Statements);
            var (batch, planned) = writer.Batch(plan);
            Assert.IsType<SqlBatch>(batch);
            Assert.Equal(planned.Count, batch.BatchCommands.Count);
            foreach (DbBatchCommand command in batch.BatchCommands) { commands.Add(command); } // SqlClient cannot copy them into a DbBatchCommand[]
        }
        return commands;
    }

    [Theory]
    [InlineData(5_000)]
    [InlineData(1_000_000)]
    public async Task Every_value_the_writer_sends_to_sql_server_binds_whole(int length)
    {
        await using var db = SqlServerContext();
        await using var writer = new RowWriter(db);
        var commands = Bound(writer, RowsOfALongText(length));

        var strings = commands.SelectMany(c => c.Parameters.Cast<SqlParameter>()).Where(p => p.Value is string).ToList();
        Assert.All(strings, p => Assert.True(p.Size == -1 || p.Size >= ((string)p.Value).Length,
            $"{p.ParameterName} ({p.SqlDbType}, size {p.Size}) would send {p.Size} of {((string)p.Value).Length} characters"));
        // The long text itself (text_versions.Text and the journal entry that records it), the 5,000-character note, and the outbox payloads.
        Assert.Contains(strings, p => ((string)p.Value).Length == length && p.Size == -1);
        Assert.Contains(strings, p => ((string)p.Value).Length == 5_000);
        Assert.True(strings.Any(p => ((string)p.Value).Length > length), "the journal data of the new version carries the text and more");
    }

    [Fact]
    public async Task A_parameter_made_without_its_value_would_cut_long_texts_at_4000_characters()
    {
        // Why the writer binds type, size and value together: the mapping's parameter, made once without a value, as it used to be.
        await using var db = SqlServerContext();
        await using var connection = new SqlConnection("Server=127.0.0.1,1");
        await using var command = connection.CreateCommand();
        var text = db.Model.FindEntityType(typeof(TextVersionRow))!.FindProperty(nameof(TextVersionRow.Text))!;
        var parameter = (SqlParameter)text.GetRelationalTypeMapping().CreateParameter(command, "@p0", null, nullable: false);
        Assert.Equal(4_000, parameter.Size);
    }

    [Fact]
    public async Task A_text_longer_than_its_column_is_refused_by_the_writer_not_cut()
    {
        await using var db = SqlServerContext();
        await using var writer = new RowWriter(db);
        var row = new RemarkRow
        {
            ResolutionId = Guid.NewGuid(), RemarkNo = 1, StageId = "review", Organisation = "by-minfin", AuthorUserId = "officer.by-minfin",
            TextVersion = 1, Clause = new string('7', 51), Text = "замечание", Status = "open",
        };
        var rows = new RowChanges();
        rows.Added.Add(row);
        var error = Assert.Throws<InvalidOperationException>(() => writer.Batch(rows));
        Assert.Contains("[Clause] holds at most 50 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_statement_the_writer_generates_for_sql_server_is_valid_t_sql()
    {
        await using var db = SqlServerContext();
        await using var writer = new RowWriter(db);
        var texts = Bound(writer, RowsOfALongText(5_000)).Select(c => c.CommandText).Distinct().ToList();
        Assert.Contains(texts, t => t.StartsWith("INSERT INTO [journal]", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("UPDATE [resolutions] SET", StringComparison.Ordinal));
        Assert.All(texts, t => AssertParses(t));
    }

    [Fact]
    public async Task The_sql_server_migration_script_is_valid_t_sql()
    {
        await using var db = SqlServerContext();
        var script = Database.Script(db);
        Assert.Contains("CREATE TABLE [journal_checks]", script, StringComparison.Ordinal);
        AssertParses(script);
    }

    [Fact]
    public async Task The_outbox_claim_for_sql_server_skips_rows_other_relays_hold_and_is_valid_t_sql()
    {
        await using var db = SqlServerContext();
        var sql = App.Messaging.OutboxRelay.ClaimSql(db, postgres: false);
        Assert.Contains("WITH (UPDLOCK, READPAST, ROWLOCK)", sql, StringComparison.Ordinal);
        AssertParses(sql);
    }

    [Fact]
    public void The_start_up_lock_for_sql_server_is_valid_t_sql()
    {
        AssertParses(Database.StartupLockSql(DatabaseProvider.SqlServer, take: true)!);
        AssertParses(Database.StartupLockSql(DatabaseProvider.SqlServer, take: false)!);
    }
}
