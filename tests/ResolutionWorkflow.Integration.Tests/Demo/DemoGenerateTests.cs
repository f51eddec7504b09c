using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Cli;
using ResolutionWorkflow.Engine.Journal;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Demo;

/// <summary><c>demo generate</c> on a real SQLite file: the history it writes is what the engine would have written.</summary>
public sealed class DemoGenerateTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rw-generate-" + Guid.NewGuid().ToString("N"));

    private async Task<(int Exit, string Output, string Error)> Generate(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(["--workflows", Repository.Workflows, "demo", "generate", .. args, "--data", _folder], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private ResolutionDbContext Open()
    {
        var builder = new DbContextOptionsBuilder<ResolutionDbContext>();
        Database.Configure(builder, new DatabaseOptions { Provider = DatabaseProvider.Sqlite, DataFolder = _folder });
        return new ResolutionDbContext(builder.Options);
    }

    [Fact]
    public async Task Generated_resolutions_have_verifiable_journals_consistent_projections_and_no_history_left_to_send()
    {
        var (exit, output, error) = await Generate("--resolutions", "120", "--days", "400", "--seed", "7");

        Assert.Equal(0, exit);
        Assert.StartsWith("generated 120 resolutions", output, StringComparison.Ordinal);
        Assert.Contains("120/120 resolutions", error, StringComparison.Ordinal); // the progress bar reached the end
        await using var db = Open();
        var resolutions = await db.Resolutions.AsNoTracking().ToListAsync();
        Assert.Equal(120, resolutions.Count);
        // A mix of fates: finished and in flight.
        Assert.Contains(resolutions, r => r.Status == "adopted");
        Assert.Contains(resolutions, r => r.Status == "active");

        foreach (var r in resolutions)
        {
            var journal = (await db.Journal.AsNoTracking().Where(j => j.ResolutionId == r.Id).OrderBy(j => j.Sequence).ToListAsync())
                .Select(j => j.ToEntry()).ToList();
            Assert.True(JournalChain.Verify(journal, r.JournalHead).IsValid, $"journal of {r.Title}");
            Assert.Equal(r.JournalLength, journal.Count);
            // One open stay in the current stage while active; none once finished.
            var open = await db.StageVisits.AsNoTracking().Where(v => v.ResolutionId == r.Id && v.LeftAt == null).ToListAsync();
            if (r.Status == "active") { Assert.Equal(r.StageId, Assert.Single(open).StageId); }
            else { Assert.Empty(open); }
        }
        Assert.Equal(0, await db.Outbox.CountAsync());
        var now = DateTimeOffset.UtcNow;
        var pending = await db.Deadlines.AsNoTracking().Where(d => d.State == DeadlineStates.Pending).ToListAsync();
        Assert.All(pending, d => Assert.True(d.FireAt > now.AddMinutes(-5), "a pending deadline in the past would fire at once"));
        var openTasks = (await db.Tasks.AsNoTracking().Where(t => t.Status == "open").Select(t => new { t.ResolutionId, t.TaskNo }).ToListAsync()).ToHashSet();
        Assert.All(pending, d => Assert.Contains(new { d.ResolutionId, d.TaskNo }, openTasks));
    }

    [Fact]
    public async Task A_second_run_adds_to_the_first_and_registration_numbers_run_on_without_gaps()
    {
        Assert.Equal(0, (await Generate("--resolutions", "60", "--days", "400", "--seed", "1")).Exit);
        Assert.Equal(0, (await Generate("--resolutions", "60", "--days", "400", "--seed", "2")).Exit);

        await using var db = Open();
        Assert.Equal(120, await db.Resolutions.CountAsync());
        var registered = await db.Resolutions.AsNoTracking().Where(r => r.RegistrationYear != null)
            .Select(r => new { r.RegistrationYear, r.RegistrationNumber }).ToListAsync();
        Assert.NotEmpty(registered);
        foreach (var year in registered.GroupBy(r => r.RegistrationYear))
        {
            var numbers = year.Select(r => int.Parse(r.RegistrationNumber!, System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
            Assert.Equal(Enumerable.Range(1, numbers.Count), numbers);
        }
    }

    [Theory]
    [InlineData(new string[0], "--resolutions N")]
    [InlineData(new[] { "--resolutions", "0" }, "positive whole number")]
    [InlineData(new[] { "--resolutions", "ten" }, "positive whole number")]
    [InlineData(new[] { "--resolutions", "5", "--colour", "red" }, "unknown option '--colour'")]
    public async Task Bad_arguments_are_refused_with_a_reason_and_write_nothing(string[] args, string reason)
    {
        var (exit, _, error) = await Generate(args);

        Assert.Equal(2, exit);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "resolutions.db")));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
