using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ResolutionWorkflow.App.Commands;
using ResolutionWorkflow.App.Integrity;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Journal;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Support;

/// <summary>The command path over a real database, with the shipped workflows and real calendars and a fake clock.</summary>
public sealed class AppHarness
{
    private static readonly Lazy<WorkflowDirectory> Shipped = new(() => Loaded(Repository.Workflows));

    private AppHarness(TestDatabase database, WorkflowDirectory workflows, DateTimeOffset now)
    {
        Database = database;
        Workflows = workflows;
        Clock = new FakeTimeProvider(now);
        Contexts = new PooledDbContextFactory<ResolutionDbContext>(database.ContextOptions(Counter));
        // As in the application: commands for different resolutions waiting together share a commit.
        Decider = new Decider(workflows.Catalog, workflows.Registry!, workflows.Calendars);
        Processor = new CommandProcessor(Contexts, Decider, Clock, NullLogger<CommandProcessor>.Instance)
        {
            GroupSize = new DatabaseOptions().GroupCommitSize,
            Anchors = new JournalAnchorWriter(AnchorFolder, Clock),
        };
    }

    /// <summary>Where this harness's processor anchors journal heads (a fresh temporary folder).</summary>
    public string AnchorFolder { get; } = Path.Combine(Path.GetTempPath(), "rw-anchors-" + Guid.NewGuid().ToString("N"));

    public TestDatabase Database { get; }

    public WorkflowDirectory Workflows { get; }

    public FakeTimeProvider Clock { get; }

    public SqlCounter Counter { get; } = new();

    public IDbContextFactory<ResolutionDbContext> Contexts { get; }

    public Decider Decider { get; }

    public CommandProcessor Processor { get; }

    /// <summary>Monday 2 March 2026, 09:00 Moscow.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 3, 2, 6, 0, 0, TimeSpan.Zero);

    public static async Task<AppHarness> StartAsync(TestDatabase database, WorkflowDirectory? workflows = null, DateTimeOffset? now = null)
    {
        var harness = new AppHarness(database, workflows ?? Shipped.Value, now ?? DefaultStart);
        await using var db = await harness.Contexts.CreateDbContextAsync();
        await App.Persistence.Database.EnsureReadyAsync(db, database.Options, harness.Workflows.Catalog, harness.Clock.GetUtcNow());
        return harness;
    }

    public static WorkflowDirectory Loaded(string folder)
    {
        var directory = WorkflowDirectory.Load(folder);
        return directory.IsValid ? directory : throw new InvalidOperationException(string.Join(Environment.NewLine, directory.Errors));
    }

    public ResolutionClient NewResolution() => new(Processor, Guid.NewGuid(), this);

    public async Task<List<JournalEntry>> JournalOf(Guid id)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var rows = await db.Journal.AsNoTracking().Where(j => j.ResolutionId == id).OrderBy(j => j.Sequence).ToListAsync();
        return [.. rows.Select(j => j.ToEntry())];
    }

    public async Task<ResolutionRow> RowOf(Guid id)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.Resolutions.AsNoTracking().SingleAsync(r => r.Id == id);
    }

    public async Task<JournalVerification> VerifyJournal(Guid id) =>
        JournalChain.Verify(await JournalOf(id), (await RowOf(id)).JournalHead);

    /// <summary>Row counts of every table, to prove a refused command wrote nothing.</summary>
    public async Task<string> Fingerprint()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var resolutions = await db.Resolutions.AsNoTracking().OrderBy(r => r.Id).Select(r => r.Id + ":" + r.Version + ":" + r.JournalHead).ToListAsync();
        return string.Join("|",
            string.Join(",", resolutions),
            await db.Tasks.CountAsync(), await db.TextVersions.CountAsync(), await db.Remarks.CountAsync(), await db.Signatures.CountAsync(),
            await db.Publications.CountAsync(), await db.Journal.CountAsync(), await db.Outbox.CountAsync(), await db.ProcessedCommands.CountAsync(),
            await db.Deadlines.CountAsync(), await db.Tasks.CountAsync(t => t.Status == "open"), await db.Remarks.CountAsync(r => r.Status == "settled"));
    }

    /// <summary>
    /// The shipped workflows plus 50 test ministries and a definition whose review asks all of them,
    /// for the parallel-opinions test.
    /// </summary>
    public static WorkflowDirectory WithFiftyReviewers()
    {
        var folder = Repository.CopyOfWorkflows();
        var registryFile = Path.Combine(folder, "registry", "registry.json");
        var registry = JsonNode.Parse(File.ReadAllText(registryFile))!.AsObject();
        var participants = new JsonArray();
        for (var i = 1; i <= 50; i++)
        {
            var id = $"test-ministry-{i:00}";
            registry["organisations"]!.AsArray().Add(new JsonObject
            {
                ["id"] = id,
                ["country"] = i % 2 == 0 ? "by" : "ru",
                ["name"] = new JsonObject { ["ru"] = $"Тестовое министерство {i}", ["en"] = $"Test ministry {i}" },
                ["mailbox"] = $"office@{id}.example",
            });
            participants.Add(new JsonObject { ["organisation"] = id });
        }
        File.WriteAllText(registryFile, registry.ToJsonString());
        File.WriteAllText(Path.Combine(folder, "definitions", "fifty-party-review.v1.json"), $$"""
            {
              "schemaVersion": 1, "id": "fifty-party-review", "version": 1,
              "title": { "ru": "Согласование пятьюдесятью сторонами", "en": "Review by fifty parties" },
              "start": "drafting",
              "stages": [
                { "id": "drafting", "title": { "ru": "Подготовка проекта", "en": "Drafting" }, "kind": "drafting", "actor": { "role": "drafter" }, "outcomes": { "submitted": "review" } },
                { "id": "review", "title": { "ru": "Согласование", "en": "Review" }, "kind": "review", "participants": {{participants.ToJsonString()}},
                  "completion": "all", "silence": { "policy": "deemedAgreed" }, "reReview": "objectors",
                  "deadline": { "days": 10, "unit": "working", "calendar": "party", "reminders": [ { "before": 3 } ] },
                  "outcomes": { "agreed": "adopted", "revisionRequired": "revision" } },
                { "id": "revision", "title": { "ru": "Доработка", "en": "Revision" }, "kind": "revision", "actor": { "role": "drafter" }, "outcomes": { "resubmitted": "review" } },
                { "id": "adopted", "title": { "ru": "Принято", "en": "Adopted" }, "kind": "end", "result": "adopted" }
              ]
            }
            """);
        return Loaded(folder);
    }
}

/// <summary>One resolution driven through the real command path; remembers the text hash the last answer reported.</summary>
public sealed class ResolutionClient(CommandProcessor processor, Guid id, AppHarness? app = null) : CommandBuilder(id)
{
    private string _hash = "";

    public override string Hash => _hash;

    public async Task<CommandOutcome> Send(ResolutionCommand command)
    {
        var outcome = await processor.ExecuteAsync(command);
        if (outcome.Summary is { } summary) { _hash = summary.TextHash; }
        return outcome;
    }

    public async Task<CommandOutcome> Accept(ResolutionCommand command)
    {
        var outcome = await Send(command);
        Assert.True(outcome.Accepted, $"{command.GetType().Name} by {command.Actor.UserId} was rejected: {outcome.Rejection}");
        return outcome;
    }

    public async Task<Rejection> Reject(ResolutionCommand command, RejectionCode code)
    {
        ArgumentNullException.ThrowIfNull(app);
        var before = await app.Fingerprint();
        var outcome = await Send(command);
        Assert.False(outcome.Accepted);
        Assert.Equal(code, outcome.Rejection!.Code);
        Assert.Equal(before, await app.Fingerprint());
        return outcome.Rejection;
    }
}
