using Hangfire;
using Hangfire.InMemory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using ResolutionWorkflow.App.Commands;
using ResolutionWorkflow.App.Deadlines;
using ResolutionWorkflow.App.Integrity;
using ResolutionWorkflow.App.Messaging;
using ResolutionWorkflow.App.Retention;
using ResolutionWorkflow.Contracts;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Tests.Common;
using ResolutionWorkflow.Tests.Common.SqlServer;
using ResolutionWorkflow.Web.Monitoring;
using ResolutionWorkflow.Web.Resolutions;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Persistence;

/// <summary>
/// The reads and bulk statements of the pages, the dashboard, the command path and the recurring
/// jobs, run against a SQL Server context that records what it would send: every statement must be
/// valid T-SQL. No SQL Server runs here, so this checks the text, not how a server plans or runs it.
/// </summary>
public sealed class SqlServerQueryTests
{
    [Fact]
    public async Task Every_query_the_pages_dashboard_command_path_and_jobs_issue_is_valid_t_sql_for_sql_server()
    {
        var capture = new SqlServerCapture();
        var contexts = capture.Contexts();
        var workflows = WorkflowDirectory.Load(Repository.Workflows);
        var time = TimeProvider.System;
        var queries = new ResolutionQueries(contexts, workflows.Registry!, workflows.Calendars, time);
        var dashboard = new Dashboard(contexts, workflows.Calendars, workflows.Registry!, workflows.Catalog, time, new ConfigurationBuilder().Build());
        var incidents = new IncidentLog(contexts, time);
        var verifier = new JournalVerifier(contexts);
        var officer = new ActorRef("officer.by-minfin", "by-minfin", ["officer"]);
        var drafter = new ActorRef("drafter", "ru-mineconomy", ["drafter"]);
        var coordinator = new ActorRef("coordinator", "su-standing-committee", ["coordinator"]);
        var filter = new TaskFilter("council-of-ministers-resolution", "interministerial-review", "by", "by-minfin", OverdueOnly: true, After: null);
        await using var processor = new CommandProcessor(contexts, new Decider(workflows.Catalog, workflows.Registry!, workflows.Calendars), time, NullLogger<CommandProcessor>.Instance);
        using var hangfire = new InMemoryStorage();

        var reads = new (string Name, Func<Task> Run)[]
        {
            ("inbox", () => queries.InboxAsync(officer, CancellationToken.None)),
            ("resolution page, officer", () => queries.ResolutionAsync(Guid.NewGuid(), officer, CancellationToken.None)),
            ("resolution page, coordinator", () => queries.ResolutionAsync(Guid.NewGuid(), coordinator, CancellationToken.None)),
            ("resolution list, officer", () => queries.PageAsync(officer, 50, null, CancellationToken.None)),
            ("resolution list, drafter, next page", () => queries.PageAsync(drafter, 50, ResolutionQueries.Cursor.Write(time.GetUtcNow(), Guid.NewGuid()), CancellationToken.None)),
            ("dashboard by stage", () => dashboard.ByStageAsync(CancellationToken.None)),
            ("dashboard open tasks", () => dashboard.OpenTasksAsync(filter, CancellationToken.None)),
            ("dashboard open tasks, next page", () => dashboard.OpenTasksAsync(filter with { After = "2026-03-02T06:00:00.0000000+00:00|" + Guid.NewGuid() + "|3" }, CancellationToken.None)),
            ("dashboard stuck", () => dashboard.StuckAsync(CancellationToken.None)),
            ("dashboard blocking parties", () => dashboard.BlockingPartiesAsync(CancellationToken.None)),
            ("dashboard time in stage", () => dashboard.TimeInStageAsync(CancellationToken.None)),
            ("dashboard weekly flow", () => dashboard.WeeklyFlowAsync(CancellationToken.None)),
            ("incidents", () => incidents.OpenAsync(CancellationToken.None)),
            ("journal verification", () => verifier.VerifyAsync(Guid.NewGuid())),
            ("journal verification, all", async () => { await foreach (var _ in verifier.VerifyAllAsync()) { } }),
            ("journal check job", () => new JournalCheckJob(contexts, verifier, incidents, time, NullLogger<JournalCheckJob>.Instance).CheckChangedAsync(CancellationToken.None)),
            ("retention job", () => new RetentionJob(contexts, new RetentionOptions(), time).RunAsync(CancellationToken.None)),
            ("deadline sweep", () => new DeadlineSweeper(contexts, new BackgroundJobClient(hangfire), new DeadlineOptions(), time).SweepAsync(CancellationToken.None)),
            ("command path", () => processor.ExecuteAsync(new Engine.Resolutions.Resubmit { CommandId = Guid.NewGuid(), ResolutionId = Guid.NewGuid(), Actor = new Actor("drafter", "ru-mineconomy", ["drafter"]) })),
        };
        var reached = new List<string>();
        foreach (var (name, run) in reads)
        {
            var before = capture.Statements.Count;
            try
            {
                await run();
            }
            catch (Exception e) when (e is Microsoft.EntityFrameworkCore.DbUpdateException or InvalidOperationException or FormatException or KeyNotFoundException or System.Text.Json.JsonException or ArgumentException)
            {
                // Rows of default values are not real data; what matters is what was sent before.
            }
            if (capture.Statements.Count > before) { reached.Add(name); }
        }

        Assert.Equal(reads.Select(r => r.Name), reached);
        var statements = capture.Statements.Distinct().ToList();
        Assert.True(statements.Count >= 25, $"only {statements.Count} distinct statements were captured");
        Assert.Contains(statements, s => s.StartsWith("DELETE", StringComparison.Ordinal));
        Assert.Contains(statements, s => s.StartsWith("UPDATE", StringComparison.Ordinal));
        Assert.All(statements, TSql.AssertParses);
    }
}
