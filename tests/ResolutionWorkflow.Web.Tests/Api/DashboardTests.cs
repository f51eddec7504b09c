using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ResolutionWorkflow.Web.Monitoring;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Api;

/// <summary>The coordinators' dashboard with a fake clock: overdue and stuck in each party's own working days.</summary>
[Collection(WebAppTests.Name)]
public sealed class DashboardTests
{
    /// <summary>Thursday 24 April 2025, 10:00 in Minsk and Moscow.</summary>
    private static readonly DateTimeOffset Thursday = new(2025, 4, 24, 7, 0, 0, TimeSpan.Zero);

    private sealed class ClockedApp : WebApp
    {
        public FakeTimeProvider Clock { get; } = new(Thursday);

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Demo:Enabled", "false");
            builder.UseSetting("Deadlines:Sweep", "false");
            builder.UseSetting("Monitoring:StuckWorkingDays", "5");
            builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
        }
    }

    private static async Task<Guid> InReview(ClockedApp app)
    {
        var drafter = await app.ClientFor("drafter");
        var created = await (await drafter.PostAsJsonAsync("/api/resolutions", new { definitionId = "council-of-ministers-resolution", title = "Проверка мониторинга", text = "1. Пункт.\n2. Пункт." })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("resolutionId").GetGuid();
        (await drafter.PostAsJsonAsync($"/api/resolutions/{id}/submit", new { seenTextHash = created.GetProperty("textHash").GetString() })).EnsureSuccessStatusCode();
        return id;
    }

    [Fact]
    public async Task Overdue_is_counted_in_each_partys_working_days_across_holidays_and_moved_days()
    {
        await using var app = new ClockedApp();
        await app.SeedAccountsAsync();
        await InReview(app);
        var dashboard = app.Services.GetRequiredService<Dashboard>();

        // Wednesday 14 May, 15:00 local: Belarus was due yesterday, Russia is due tonight.
        app.Clock.SetUtcNow(new DateTimeOffset(2025, 5, 14, 12, 0, 0, TimeSpan.Zero));
        var (overdue, _) = await dashboard.OpenTasksAsync(new TaskFilter(null, null, null, null, OverdueOnly: true, null), CancellationToken.None);
        Assert.Equal(["by-mfa", "by-mineconomy", "by-minfin", "by-minjust"], overdue.Select(t => t.Party).Order());
        Assert.All(overdue, t => Assert.Equal(1, t.WorkingDaysOverdue));

        // Monday 19 May: four Belarusian working days late (14, 15, 16, 19), three Russian ones (15, 16, 19).
        app.Clock.SetUtcNow(new DateTimeOffset(2025, 5, 19, 12, 0, 0, TimeSpan.Zero));
        (overdue, _) = await dashboard.OpenTasksAsync(new TaskFilter(null, null, null, null, OverdueOnly: true, null), CancellationToken.None);
        Assert.All(overdue.Where(t => t.Party.StartsWith("by-", StringComparison.Ordinal)), t => Assert.Equal(4, t.WorkingDaysOverdue));
        Assert.All(overdue.Where(t => t.Party.StartsWith("ru-", StringComparison.Ordinal)), t => Assert.Equal(3, t.WorkingDaysOverdue));
        var (russian, _) = await dashboard.OpenTasksAsync(new TaskFilter(null, null, "ru", null, OverdueOnly: true, null), CancellationToken.None);
        Assert.Equal(3, russian.Count); // Russia's ministries of finance, foreign affairs and justice: the drafting ministry is not asked
        var blocking = await dashboard.BlockingPartiesAsync(CancellationToken.None);
        Assert.All(blocking.Where(b => b.Party.StartsWith("by-", StringComparison.Ordinal) || b.Party.StartsWith("ru-", StringComparison.Ordinal)), b => Assert.Equal(1, b.Overdue));
    }

    [Fact]
    public async Task A_late_opinion_is_received_marked_late_on_the_page_and_counted_on_the_dashboard()
    {
        await using var app = new ClockedApp();
        await app.SeedAccountsAsync();
        var late = await InReview(app);
        await InReview(app);

        // Wednesday 14 May: Belarus's deadline passed yesterday; the Ministry of Finance answers now.
        app.Clock.SetUtcNow(new DateTimeOffset(2025, 5, 14, 12, 0, 0, TimeSpan.Zero));
        var officer = await app.ClientFor("officer.by-minfin");
        var hash = (await officer.GetFromJsonAsync<JsonElement>($"/api/resolutions/{late}")).GetProperty("currentTextHash").GetString();
        using (var opinion = await officer.PostAsJsonAsync($"/api/resolutions/{late}/opinions", new
        {
            seenTextHash = hash,
            opinion = "agreeWithRemarks",
            remarks = new[] { new { clause = "1", text = "Уточнить формулировку." } },
        }))
        {
            Assert.True(opinion.IsSuccessStatusCode, await opinion.Content.ReadAsStringAsync());
        }

        var page = await (await app.BrowserFor("coordinator")).GetStringAsync($"/resolutions/{late}");
        // The row of the disagreement table, the body's answer, the task and the journal entry each say so.
        Assert.Equal(4, page.Split("(поступило с опозданием)").Length - 1);
        var blocking = await app.Services.GetRequiredService<Dashboard>().BlockingPartiesAsync(CancellationToken.None);
        Assert.Equal(1, Assert.Single(blocking, b => b.Party == "by-minfin").LateOpinions);
        Assert.All(blocking.Where(b => b.Party != "by-minfin"), b => Assert.Equal(0, b.LateOpinions));
        var html = await (await app.BrowserFor("coordinator")).GetStringAsync("/dashboard");
        Assert.Contains("Заключения, поступившие с опозданием", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resolution_is_stuck_after_five_working_days_without_progress_not_five_calendar_days()
    {
        await using var app = new ClockedApp();
        await app.SeedAccountsAsync();
        var id = await InReview(app);
        var dashboard = app.Services.GetRequiredService<Dashboard>();

        // Friday 2 May: eight calendar days, but 1 and 2 May are off in Russia: four working days.
        app.Clock.SetUtcNow(new DateTimeOffset(2025, 5, 2, 12, 0, 0, TimeSpan.Zero));
        Assert.DoesNotContain(await dashboard.StuckAsync(CancellationToken.None), s => s.ResolutionId == id);

        app.Clock.SetUtcNow(new DateTimeOffset(2025, 5, 5, 12, 0, 0, TimeSpan.Zero));
        var stuck = Assert.Single(await dashboard.StuckAsync(CancellationToken.None), s => s.ResolutionId == id);
        Assert.Equal(5, stuck.WorkingDaysIdle);
        Assert.Contains("by-minfin", stuck.HeldBy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolutions_are_counted_by_definition_and_stage()
    {
        await using var app = new ClockedApp();
        await app.SeedAccountsAsync();
        await InReview(app);
        await InReview(app);
        var stages = await app.Services.GetRequiredService<Dashboard>().ByStageAsync(CancellationToken.None);
        Assert.Equal(new StageCount("council-of-ministers-resolution", "interministerial-review", 2), Assert.Single(stages));
    }

    [Fact]
    public async Task Only_coordinators_see_the_dashboard_act_on_it_and_export_it()
    {
        await using var app = new ClockedApp();
        await app.SeedAccountsAsync();
        var id = await InReview(app);

        var anonymous = await app.ClientFor(null);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientFor("officer.by-minfin")).GetAsync("/dashboard/export.csv?list=tasks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientFor("officer.by-minfin")).PostAsJsonAsync($"/api/resolutions/{id}/tasks/3/nudge", new { reason = "x" })).StatusCode);

        var coordinator = await app.ClientFor("coordinator");
        var csv = await coordinator.GetAsync("/dashboard/export.csv?list=tasks&country=by");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var lines = (await csv.Content.ReadAsStringAsync()).Trim().Split('\n');
        Assert.StartsWith("ResolutionId,Title", lines[0].TrimStart((char)0xFEFF), StringComparison.Ordinal);
        Assert.Equal(5, lines.Length); // header and the four Belarusian reviewers

        var nudge = await coordinator.PostAsJsonAsync($"/api/resolutions/{id}/tasks/3/nudge", new { reason = "просим ускорить" });
        Assert.Equal(HttpStatusCode.OK, nudge.StatusCode);
        var view = await (await coordinator.GetAsync($"/api/resolutions/{id}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(view.GetProperty("journal").EnumerateArray(), j => j.GetProperty("eventType").GetString() == "task-nudged" && j.GetProperty("actorUserId").GetString() == "coordinator");
    }

    [Fact]
    public async Task The_daily_digest_tells_coordinators_what_became_overdue_and_what_is_stuck()
    {
        await using var app = new ClockedApp();
        await app.SeedAccountsAsync();
        await InReview(app);

        app.Clock.SetUtcNow(new DateTimeOffset(2025, 5, 14, 4, 0, 0, TimeSpan.Zero)); // 07:00 the day after Belarus's deadline
        await app.Services.GetRequiredService<DigestJob>().SendAsync(CancellationToken.None);

        var mail = Directory.GetFiles(Path.Combine(app.DataFolder, "mail"), "*.eml").Select(f => MimeKit.MimeMessage.Load(f))
            .Single(m => m.Headers["X-Resolution-Notification"] == "digest");
        Assert.Equal("office@postkomsg.ru.example", mail.To.Mailboxes.Single().Address);
        Assert.Equal("Сводка для координатора на 14 мая 2025 г.", mail.Subject);
        Assert.Contains("Просрочено за последние сутки (4)", mail.TextBody, StringComparison.Ordinal);
        var body = mail.TextBody!;
        var overdueSection = body[..body.IndexOf("Документы без движения", StringComparison.Ordinal)];
        // Bodies and stages by their names, Belarusian ones only (Russia's deadline is a day later).
        Assert.Contains("Минфин Беларуси, Межведомственное согласование, 13 мая 2025 г., 18:00", overdueSection, StringComparison.Ordinal);
        Assert.DoesNotContain("России", overdueSection, StringComparison.Ordinal);
        Assert.Contains("Документы без движения (1)", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\b(by|ru)-[a-z]+\b|interministerial-review", body);
    }

    [Fact]
    public async Task Time_in_stage_and_weekly_flow_follow_the_stays_in_each_stage()
    {
        await using var app = new ClockedApp();
        await app.SeedAccountsAsync();
        var id = await InReview(app); // enters review on Thursday 24 April 2025
        var hash = (await (await app.ClientFor("coordinator")).GetFromJsonAsync<JsonElement>($"/api/resolutions/{id}")).GetProperty("currentTextHash").GetString();

        // Every ministry agrees on Tuesday 29 April, five days later and in the next week.
        app.Clock.SetUtcNow(Thursday.AddDays(5));
        foreach (var ministry in new[] { "by-mineconomy", "by-minfin", "by-mfa", "by-minjust", "ru-minfin", "ru-mfa", "ru-minjust" })
        {
            (await (await app.ClientFor($"officer.{ministry}")).PostAsJsonAsync($"/api/resolutions/{id}/opinions", new { seenTextHash = hash, opinion = "agree" })).EnsureSuccessStatusCode();
        }
        app.Clock.SetUtcNow(Thursday.AddDays(8));
        var dashboard = app.Services.GetRequiredService<Dashboard>();

        var review = Assert.Single(await dashboard.TimeInStageAsync(CancellationToken.None), t => t.StageId == "interministerial-review");
        Assert.Equal(new StageTime("council-of-ministers-resolution", "interministerial-review", 1, 5.0, 5.0), review);
        Assert.Equal(0.0, Assert.Single(await dashboard.TimeInStageAsync(CancellationToken.None), t => t.StageId == "drafting").MedianDays);

        var flow = (await dashboard.WeeklyFlowAsync(CancellationToken.None)).Where(f => f.Entered + f.Left > 0).ToList();
        var weekOf21April = new DateOnly(2025, 4, 21);
        var weekOf28April = new DateOnly(2025, 4, 28);
        Assert.Contains(new WeeklyFlow("council-of-ministers-resolution", "interministerial-review", weekOf21April, 1, 0), flow);
        Assert.Contains(new WeeklyFlow("council-of-ministers-resolution", "interministerial-review", weekOf28April, 0, 1), flow);
        Assert.Equal(12, (await dashboard.WeeklyFlowAsync(CancellationToken.None)).Select(f => f.Week).Distinct().Count());
        // A resolution's stays are its own definition's: the programmes' stages of the same names saw none.
        Assert.DoesNotContain(flow, f => f.DefinitionId != "council-of-ministers-resolution");
        Assert.Contains(await dashboard.WeeklyFlowAsync(CancellationToken.None), f => f.DefinitionId == "union-state-programme" && f.StageId == "interministerial-review");
        var next = Assert.Single(flow, f => f.Week == weekOf28April && f.Entered == 1);
        Assert.NotEqual("interministerial-review", next.StageId);

        // The same figures in the export (as the administrator: the coordinator's token expired while the clock moved on).
        var csv = await (await app.ClientFor("admin")).GetStringAsync("/dashboard/export.csv?list=stage-time");
        Assert.Contains("interministerial-review,1,5,5", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reassign_and_bulk_nudge_from_the_page_go_through_the_engine_and_are_journaled_with_the_reason()
    {
        await using var app = new ClockedApp();
        await app.SeedAccountsAsync();
        var first = await InReview(app);
        var second = await InReview(app);
        app.Clock.SetUtcNow(new DateTimeOffset(2025, 5, 14, 12, 0, 0, TimeSpan.Zero)); // Belarus's reviews are overdue
        var coordinator = await app.BrowserFor("coordinator");

        async Task Post(string handler, Dictionary<string, string> fields)
        {
            fields["__RequestVerificationToken"] = await WebApp.AntiforgeryToken(coordinator);
            var response = await coordinator.PostAsync($"/dashboard?handler={handler}", new FormUrlEncodedContent(fields));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("Готово.", await coordinator.GetStringAsync(response.Headers.Location), StringComparison.Ordinal);
        }
        var byMinfinTask = (await app.Services.GetRequiredService<Dashboard>().OpenTasksAsync(new TaskFilter(null, null, null, "by-minfin", false, null), CancellationToken.None))
            .Page.First(t => t.ResolutionId == first).TaskNo;
        await Post("Task", new() { ["resolutionId"] = first.ToString(), ["taskNo"] = byMinfinTask.ToString(System.Globalization.CultureInfo.InvariantCulture), ["action"] = "reassign", ["organisation"] = "by-mineconomy", ["reason"] = "передано по компетенции" });
        await Post("BulkNudge", new() { ["party"] = "by-mfa", ["reason"] = "просим ускорить" });

        await using var db = await app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<ResolutionWorkflow.App.Persistence.ResolutionDbContext>>().CreateDbContextAsync();
        var task = await db.Tasks.FindAsync(first, byMinfinTask);
        Assert.Equal("by-mineconomy", task!.Organisation);
        var journal = db.Journal.Where(j => j.ActorUserId == "coordinator").ToList();
        var reassigned = Assert.Single(journal, j => j.EventType == "task-reassigned");
        Assert.Contains("передано по компетенции", reassigned.Data, StringComparison.Ordinal);
        // Both resolutions' overdue by-mfa reviews were nudged, nothing else.
        var nudged = journal.Where(j => j.EventType == "task-nudged").ToList();
        Assert.Equal(new[] { first, second }.Order(), nudged.Select(j => j.ResolutionId).Order());
        Assert.All(nudged, j => Assert.Contains("просим ускорить", j.Data, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_dashboard_names_organisations_stages_and_definitions_and_filters_by_choosing_names()
    {
        await using var app = new ClockedApp();
        await app.SeedAccountsAsync();
        await InReview(app);
        app.Clock.SetUtcNow(new DateTimeOffset(2025, 5, 19, 12, 0, 0, TimeSpan.Zero));

        var page = await (await app.BrowserFor("coordinator")).GetStringAsync("/dashboard");
        foreach (var filter in new[] { "f-definition", "f-stage", "f-country", "f-party", "bulk-party" })
        {
            Assert.Contains($"<select id=\"{filter}\"", page, StringComparison.Ordinal);
        }
        Assert.Matches("<option value=\"by-minfin\">[^<a-z]*[А-Яа-яЁё][^<]*</option>", page);
        // No cell shows an organisation id, a stage id or a definition id.
        Assert.DoesNotMatch("<td>(by|ru|su)-[a-z-]+</td>", page);
        Assert.DoesNotContain("<td>interministerial-review</td>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>council-of-ministers-resolution</td>", page, StringComparison.Ordinal);
    }
}
