using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Engine.Calendars;
using ResolutionWorkflow.Engine.Registry;

namespace ResolutionWorkflow.Web.Monitoring;

public sealed record StageCount(string DefinitionId, string StageId, int Count);

/// <summary>An open task, with how many working days it is overdue in its own party's calendar (negative: days left).</summary>
public sealed record OpenTask(Guid ResolutionId, string Title, string DefinitionId, string StageId, int TaskNo, string Party, string? Country, DateTimeOffset? DueAt, int? WorkingDaysOverdue,
    string? Calendar = null, int DefinitionVersion = 0);

public sealed record StuckItem(Guid ResolutionId, string Title, string StageId, DateTimeOffset LastActivityAt, int WorkingDaysIdle, string HeldBy,
    string DefinitionId = "", int DefinitionVersion = 0);

public sealed record BlockingParty(string Party, int OpenTasks, int Overdue, double? MedianResponseDays, double? P90ResponseDays, int LateOpinions);

/// <summary>How long the latest completed stays in a stage took, in calendar days.</summary>
public sealed record StageTime(string DefinitionId, string StageId, int Stays, double MedianDays, double P90Days);

/// <summary>Resolutions entering and leaving a stage in one week (weeks start on Monday, UTC).</summary>
public sealed record WeeklyFlow(string DefinitionId, string StageId, DateOnly Week, int Entered, int Left);

public sealed record TaskFilter(string? Definition, string? Stage, string? Country, string? Party, bool OverdueOnly, string? After, int PageSize = 50);

/// <summary>
/// What coordinators watch: by stage, overdue by party (in that party's working days), stuck items,
/// blocking parties with their response times. Straight reads, no tracking; working-day figures
/// come from each party's production calendar.
/// </summary>
public sealed class Dashboard(IDbContextFactory<ResolutionDbContext> contexts, CalendarSet calendars, OrganisationRegistry registry, Engine.Definitions.WorkflowCatalog catalog, TimeProvider time, IConfiguration configuration)
{
    public int StuckAfterWorkingDays => configuration.GetValue("Monitoring:StuckWorkingDays", 5);

    /// <summary>The stuck list shows the longest idle first, up to this many.</summary>
    public int StuckListSize => configuration.GetValue("Monitoring:StuckListSize", 200);

    public async Task<IReadOnlyList<StageCount>> ByStageAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var counts = await db.Resolutions.AsNoTracking().Where(r => r.Status == "active")
            .GroupBy(r => new { r.DefinitionId, r.StageId })
            .Select(g => new { g.Key.DefinitionId, g.Key.StageId, Count = g.Count() }).ToListAsync(ct).ConfigureAwait(false);
        return [.. counts.OrderBy(c => c.DefinitionId, StringComparer.Ordinal).ThenBy(c => c.StageId, StringComparer.Ordinal).Select(c => new StageCount(c.DefinitionId, c.StageId, c.Count))];
    }

    /// <summary>Open tasks by filter, due first, one page at a time (keyset: the last row's due instant, resolution and task).</summary>
    public async Task<(IReadOnlyList<OpenTask> Page, string? Next)> OpenTasksAsync(TaskFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var query = from t in db.Tasks.AsNoTracking()
                    join r in db.Resolutions.AsNoTracking() on t.ResolutionId equals r.Id
                    where t.Status == "open" && r.Status == "active" && t.DueAt != null
                    select new { t, r.Title, r.DefinitionId, r.DefinitionVersion };
        if (filter.Definition is { Length: > 0 } d) { query = query.Where(x => x.DefinitionId == d); }
        if (filter.Stage is { Length: > 0 } s) { query = query.Where(x => x.t.StageId == s); }
        if (filter.Party is { Length: > 0 } p) { query = query.Where(x => x.t.ParticipantKey == p || x.t.Organisation == p); }
        if (filter.Country is { Length: > 0 } c)
        {
            var organisations = registry.Organisations.Values.Where(o => o.Country == c).Select(o => o.Id).ToList();
            query = query.Where(x => x.t.Country == c || (x.t.Organisation != null && organisations.Contains(x.t.Organisation)));
        }
        if (filter.OverdueOnly) { query = query.Where(x => x.t.DueAt < now); }
        if (Key.Parse(filter.After) is { } after)
        {
            query = query.Where(x => x.t.DueAt > after.Due
                || (x.t.DueAt == after.Due && (x.t.ResolutionId.CompareTo(after.Resolution) > 0 || (x.t.ResolutionId == after.Resolution && x.t.TaskNo > after.Task))));
        }
        var rows = await query.OrderBy(x => x.t.DueAt).ThenBy(x => x.t.ResolutionId).ThenBy(x => x.t.TaskNo)
            .Take(filter.PageSize + 1).ToListAsync(ct).ConfigureAwait(false);
        var page = rows.Take(filter.PageSize).Select(x => new OpenTask(x.t.ResolutionId, x.Title, x.DefinitionId, x.t.StageId, x.t.TaskNo, x.t.ParticipantKey,
            CountryOf(x.t.Organisation, x.t.Country), x.t.DueAt, Overdue(x.t.DueAt, x.t.Calendar, now), x.t.Calendar, x.DefinitionVersion)).ToList();
        var next = rows.Count > filter.PageSize ? new Key(rows[filter.PageSize - 1].t.DueAt!.Value, rows[filter.PageSize - 1].t.ResolutionId, rows[filter.PageSize - 1].t.TaskNo).ToString() : null;
        return (page, next);
    }

    /// <summary>Every open task that matches, page after page (exports, the digest, bulk actions).</summary>
    public async IAsyncEnumerable<OpenTask> AllOpenTasksAsync(TaskFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var page = filter with { After = null, PageSize = 500 };
        do
        {
            var (rows, next) = await OpenTasksAsync(page, ct).ConfigureAwait(false);
            foreach (var row in rows) { yield return row; }
            page = page with { After = next };
        }
        while (page.After is not null);
    }

    /// <summary>Active resolutions without progress for the configured number of working days, in the calendar of the party holding them; the longest idle first.</summary>
    public async Task<IReadOnlyList<StuckItem>> StuckAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Working days are never fewer than calendar days, so this prefilter loses nothing.
        var horizon = now.AddDays(-StuckAfterWorkingDays);
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var candidates = await db.Resolutions.AsNoTracking().Where(r => r.Status == "active" && r.LastActivityAt < horizon)
            .OrderBy(r => r.LastActivityAt).Take(StuckListSize).ToListAsync(ct).ConfigureAwait(false);
        var ids = candidates.Select(r => r.Id).ToList();
        var holders = (await db.Tasks.AsNoTracking().Where(t => t.Status == "open" && ids.Contains(t.ResolutionId)).ToListAsync(ct).ConfigureAwait(false))
            .GroupBy(t => t.ResolutionId).ToDictionary(g => g.Key, g => g.ToList());
        var stuck = new List<StuckItem>();
        foreach (var r in candidates)
        {
            var tasks = holders.GetValueOrDefault(r.Id) ?? [];
            var calendar = tasks.Select(t => t.Calendar).FirstOrDefault(c => c is not null) ?? registry.CountryOf(r.DrafterOrganisation).Calendar;
            var idle = calendars.WorkingDaysBetween(calendar, r.LastActivityAt, now);
            if (idle is { } days && days >= StuckAfterWorkingDays)
            {
                stuck.Add(new StuckItem(r.Id, r.Title, r.StageId, r.LastActivityAt, days, string.Join(", ", tasks.Select(t => t.ParticipantKey).Distinct()), r.DefinitionId, r.DefinitionVersion));
            }
        }
        return stuck;
    }

    /// <summary>How many recent completions the response-time and time-in-stage figures use: recent behaviour, at a bounded cost.</summary>
    public int RecentSample => configuration.GetValue("Monitoring:RecentSample", 200);

    /// <summary>The weeks the flow chart shows, the current one included.</summary>
    public int TrendWeeks => configuration.GetValue("Monitoring:TrendWeeks", 12);

    /// <summary>Parties holding open tasks, with their median and 90th-percentile response and their opinions given late, over their latest completed reviews.</summary>
    public async Task<IReadOnlyList<BlockingParty>> BlockingPartiesAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var open = await db.Tasks.AsNoTracking().Where(t => t.Status == "open" && t.Organisation != null)
            .GroupBy(t => t.Organisation!).Select(g => new { Party = g.Key, Open = g.Count(), Overdue = g.Count(t => t.DueAt < now) })
            .ToListAsync(ct).ConfigureAwait(false);
        var parties = new List<BlockingParty>();
        foreach (var o in open)
        {
            var recent = await db.Tasks.AsNoTracking().Where(t => t.Organisation == o.Party && t.ClosedAt != null && t.Kind == "review")
                .OrderByDescending(t => t.ClosedAt).Take(RecentSample).Select(t => new { t.OpenedAt, t.ClosedAt, t.DueAt, t.Status }).ToListAsync(ct).ConfigureAwait(false);
            var responses = recent.Select(t => (t.ClosedAt!.Value - t.OpenedAt).TotalDays).Order().ToList();
            var late = recent.Count(t => t.Status == "done" && t.ClosedAt > t.DueAt);
            parties.Add(new BlockingParty(o.Party, o.Open, o.Overdue, Percentile(responses, 0.5), Percentile(responses, 0.9), late));
        }
        return [.. parties.OrderByDescending(b => b.Overdue).ThenByDescending(b => b.OpenTasks)];
    }

    /// <summary>
    /// Median and 90th percentile of the latest completed stays in each stage of each definition that
    /// takes time (end stages do not): a programme's review is not a resolution's.
    /// </summary>
    public async Task<IReadOnlyList<StageTime>> TimeInStageAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var result = new List<StageTime>();
        foreach (var (definition, stage) in WorkingStages())
        {
            var days = (await db.StageVisits.AsNoTracking().Where(v => v.StageId == stage && v.LeftAt != null && v.DefinitionId == definition)
                    .OrderByDescending(v => v.LeftAt).Take(RecentSample).Select(v => new { v.EnteredAt, v.LeftAt }).ToListAsync(ct).ConfigureAwait(false))
                .Select(v => (v.LeftAt!.Value - v.EnteredAt).TotalDays).Order().ToList();
            if (days.Count > 0) { result.Add(new StageTime(definition, stage, days.Count, Percentile(days, 0.5)!.Value, Percentile(days, 0.9)!.Value)); }
        }
        return result;
    }

    /// <summary>Per stage and week: how many resolutions entered and how many left, over the last <see cref="TrendWeeks"/> weeks.</summary>
    public async Task<IReadOnlyList<WeeklyFlow>> WeeklyFlowAsync(CancellationToken ct)
    {
        var thisWeek = StageVisitRow.WeekOf(time.GetUtcNow());
        var first = thisWeek - TrendWeeks + 1;
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var entered = await db.StageVisits.AsNoTracking().Where(v => v.EnteredWeek >= first)
            .GroupBy(v => new { v.DefinitionId, v.StageId, v.EnteredWeek }).Select(g => new { g.Key.DefinitionId, g.Key.StageId, Week = g.Key.EnteredWeek, Count = g.Count() })
            .ToListAsync(ct).ConfigureAwait(false);
        var left = await db.StageVisits.AsNoTracking().Where(v => v.LeftWeek >= first)
            .GroupBy(v => new { v.DefinitionId, v.StageId, v.LeftWeek }).Select(g => new { g.Key.DefinitionId, g.Key.StageId, Week = g.Key.LeftWeek!.Value, Count = g.Count() })
            .ToListAsync(ct).ConfigureAwait(false);
        var inCounts = entered.ToDictionary(x => (x.DefinitionId, x.StageId, x.Week), x => x.Count);
        var outCounts = left.ToDictionary(x => (x.DefinitionId, x.StageId, x.Week), x => x.Count);
        return [.. from stage in WorkingStages()
                   from week in Enumerable.Range(first, TrendWeeks)
                   select new WeeklyFlow(stage.DefinitionId, stage.StageId, DateOnly.FromDateTime(StageVisitRow.StartOfWeek(week).UtcDateTime),
                       inCounts.GetValueOrDefault((stage.DefinitionId, stage.StageId, week)), outCounts.GetValueOrDefault((stage.DefinitionId, stage.StageId, week)))];
    }

    /// <summary>The stages of each definition where work happens (of any of its versions), in definition order, each once.</summary>
    private IEnumerable<(string DefinitionId, string StageId)> WorkingStages() =>
        catalog.All.SelectMany(d => d.Stages.Where(s => s is not Engine.Definitions.EndStage).Select(s => (d.Id, s.Id))).Distinct();

    /// <summary>
    /// RFC 4180 CSV (CsvHelper). A text cell that a spreadsheet would take for a formula (=, +, -, @,
    /// tab, CR first) is prefixed with an apostrophe; numbers are written as numbers, negative ones too.
    /// </summary>
    public static string Csv<T>(IEnumerable<T> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvHelper.CsvWriter(text, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = CsvHelper.Configuration.InjectionOptions.None }))
        {
            csv.Context.TypeConverterCache.AddConverter<string>(new FormulaSafeText());
            csv.WriteRecords(rows);
        }
        return text.ToString();
    }

    private sealed class FormulaSafeText : CsvHelper.TypeConversion.StringConverter
    {
        public override string? ConvertToString(object? value, CsvHelper.IWriterRow row, CsvHelper.Configuration.MemberMapData memberMapData) =>
            value is string { Length: > 0 } s && "=+-@\t\r".Contains(s[0], StringComparison.Ordinal) ? "'" + s : base.ConvertToString(value, row, memberMapData);
    }

    private string? CountryOf(string? organisation, string? country) =>
        country ?? (organisation is not null && registry.Organisations.TryGetValue(organisation, out var o) ? o.Country : null);

    /// <summary>Working days from the due day to today in the task's calendar, counted as pages and mails count them: positive when overdue.</summary>
    private int? Overdue(DateTimeOffset? due, string? calendar, DateTimeOffset now) =>
        -App.Deadlines.TimeLeft.WorkingDays(calendars, now, due, calendar);

    private static double? Percentile(List<double>? sorted, double p) =>
        sorted is null || sorted.Count == 0 ? null : Math.Round(sorted[(int)Math.Ceiling(p * sorted.Count) - 1], 1);

    private sealed record Key(DateTimeOffset Due, Guid Resolution, int Task)
    {
        public override string ToString() => $"{Due.UtcTicks}_{Resolution:N}_{Task}";

        public static Key? Parse(string? text) =>
            text?.Split('_') is [var ticks, var id, var task] && long.TryParse(ticks, out var t) && Guid.TryParse(id, out var g) && int.TryParse(task, out var n)
                ? new Key(new DateTimeOffset(t, TimeSpan.Zero), g, n) : null;
    }
}
