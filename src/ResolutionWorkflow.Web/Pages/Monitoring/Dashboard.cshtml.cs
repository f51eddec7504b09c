using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResolutionWorkflow.App.Localization;
using ResolutionWorkflow.Contracts;
using ResolutionWorkflow.Web.Accounts;
using ResolutionWorkflow.Web.Localization;
using ResolutionWorkflow.Web.Monitoring;

namespace ResolutionWorkflow.Web.Pages.Monitoring;

/// <summary>The coordinators' dashboard; every action goes over the bus with the coordinator's reason and is journaled.</summary>
[Authorize(Roles = "coordinator,administrator")]
public sealed class DashboardModel(
    Dashboard dashboard, CommandGateway gateway, ResolutionWorkflow.Engine.Definitions.WorkflowCatalog catalog, ResolutionWorkflow.Engine.Registry.OrganisationRegistry registry, Names names, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Definition { get; set; }
    [BindProperty(SupportsGet = true)] public string? Stage { get; set; }
    [BindProperty(SupportsGet = true)] public string? Country { get; set; }
    [BindProperty(SupportsGet = true)] public string? Party { get; set; }
    [BindProperty(SupportsGet = true)] public bool OverdueOnly { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public TaskFilter Filter => new(Definition, Stage, Country, Party, OverdueOnly, After);
    public IReadOnlyList<StageCount> Stages { get; private set; } = [];
    public IReadOnlyList<BlockingParty> Blocking { get; private set; } = [];
    public IReadOnlyList<StuckItem> Stuck { get; private set; } = [];
    public IReadOnlyList<OpenTask> Tasks { get; private set; } = [];
    public IReadOnlyList<StageTime> StageTimes { get; private set; } = [];
    public IReadOnlyList<WeeklyFlow> Flow { get; private set; } = [];
    public string? Next { get; private set; }
    private string Language => Text.Language(HttpContext);

    private IReadOnlyList<(string Id, string Name)>? _organisations;

    /// <summary>Organisations as people know them, sorted by name; made once a request (every task row offers them).</summary>
    public IReadOnlyList<(string Id, string Name)> Organisations => _organisations ??=
        [.. registry.Organisations.Keys.Select(id => (id, names.Organisation(Language, id))).OrderBy(o => o.Item2, StringComparer.Create(Text.Culture(HttpContext), ignoreCase: true))];

    public IEnumerable<(string Id, string Name)> Definitions => catalog.All.Select(d => d.Id).Distinct().Select(id => (id, names.Definition(Language, id)));

    public IEnumerable<(string Id, string Name)> StageChoices => catalog.All.SelectMany(d => d.Stages).Select(s => s.Id).Distinct()
        .Select(id => (id, StageTitle(id))).OrderBy(s => s.Item2, StringComparer.Create(Text.Culture(HttpContext), ignoreCase: true));

    public IEnumerable<(string Id, string Name)> Countries => registry.Countries.Values.Select(c => (c.Id, c.Name.In(Language)));
    public int StuckDays => dashboard.StuckAfterWorkingDays;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Stages = await dashboard.ByStageAsync(ct).ConfigureAwait(false);
        Blocking = await dashboard.BlockingPartiesAsync(ct).ConfigureAwait(false);
        Stuck = await dashboard.StuckAsync(ct).ConfigureAwait(false);
        (Tasks, Next) = await dashboard.OpenTasksAsync(Filter, ct).ConfigureAwait(false);
        StageTimes = await dashboard.TimeInStageAsync(ct).ConfigureAwait(false);
        Flow = await dashboard.WeeklyFlowAsync(ct).ConfigureAwait(false);
    }

    /// <summary>A stage's title in the reader's language where the choice spans definitions (the filter): as the first definition names it.</summary>
    public string StageTitle(string stageId) => names.Stage(Language, stageId);

    public string DefinitionTitle(string definitionId) => names.Definition(Language, definitionId);

    /// <summary>A weekly-flow panel's title: the stage, and the definition whose stage it is.</summary>
    public string FlowTitle(string definitionId, string stageId) => $"{StageTitle(definitionId, stageId)} — {DefinitionTitle(definitionId)}";

    /// <summary>A stage's title as the latest version of its own definition names it.</summary>
    public string StageTitle(string definitionId, string stageId) => names.Stage(Language, definitionId, catalog.Latest(definitionId)?.Version ?? 0, stageId);

    /// <summary>A duration in days as the reader writes numbers: whole days as they are, else one decimal ("2,5" in Russian).</summary>
    public string Days(double days) => days.ToString("0.#", Text.Culture(HttpContext));

    public DateTimeOffset Now => time.GetUtcNow();

    public async Task<IActionResult> OnPostTaskAsync(Guid resolutionId, int taskNo, string action, string reason, string? organisation, CancellationToken ct)
    {
        var actor = User.Actor();
        var (accepted, rejected) = action switch
        {
            "extend" => await gateway.SendAsync(new ExtendDeadline(Guid.NewGuid(), resolutionId, actor, taskNo, 5, "working", reason), ct).ConfigureAwait(false),
            "reassign" => await gateway.SendAsync(new ReassignTask(Guid.NewGuid(), resolutionId, actor, taskNo, string.IsNullOrWhiteSpace(organisation) ? null : organisation, null, reason), ct).ConfigureAwait(false),
            _ => await gateway.SendAsync(new NudgeTask(Guid.NewGuid(), resolutionId, actor, taskNo, reason), ct).ConfigureAwait(false),
        };
        return Done(accepted is not null ? null : HttpContext.Why(rejected!));
    }

    public async Task<IActionResult> OnPostBulkNudgeAsync(string party, string reason, CancellationToken ct)
    {
        var refusals = new List<string>();
        // Collected first: nudges are journaled, and the paging must not shift under them.
        var overdue = await dashboard.AllOpenTasksAsync(new TaskFilter(null, null, null, party, OverdueOnly: true, null), ct).ToListAsync(ct).ConfigureAwait(false);
        foreach (var task in overdue)
        {
            var (_, rejected) = await gateway.SendAsync(new NudgeTask(Guid.NewGuid(), task.ResolutionId, User.Actor(), task.TaskNo, reason), ct).ConfigureAwait(false);
            if (rejected is not null) { refusals.Add(HttpContext.Why(rejected)); }
        }
        return Done(refusals.Count == 0 ? null : string.Join("; ", refusals));
    }

    private RedirectResult Done(string? refusal)
    {
        TempData["Message"] = refusal is null ? HttpContext.T("Done.") : $"{HttpContext.T("Refused:")} {refusal}";
        TempData["Failed"] = refusal is not null;
        return Redirect("/dashboard" + Request.QueryString);
    }
}
