using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ResolutionWorkflow.Tests.Common;
using ResolutionWorkflow.Web.Tests.Support;
using Xunit.Sdk;

namespace ResolutionWorkflow.Web.Tests.Browser;

/// <summary>
/// Every role opens every page it can reach on the demo data, in Russian, at 1366 px: no id from the
/// registry or the definitions, no internal code and no English word may reach the reader (the demo's
/// titles, texts and remarks are all Russian, so any Latin word came from the product). Pages are
/// checked with axe-core and kept as screenshots (artifacts/screenshots/pages).
/// </summary>
[Collection(WebAppTests.Name)]
[Trait("Category", "Browser")]
public sealed class EveryPageInRussianTests
{
    /// <summary>Roles walking at once: the server and the browser take turns on the CPU, so a few walks keep both cores busy.</summary>
    private const int RolesAtOnce = 3;

    // The longest walks first (the coordinator checks every resolution's page), so that none is left to run alone at the end.
    private static readonly string[] Users = ["coordinator", "admin", "drafter", "registrar", "officer.by-minfin", "officer.ru-minjust", "pm.by", "pm.ru", "chairman"];

    private static readonly string SearchFinding = "/search?q=" + Uri.EscapeDataString("программы");
    private static readonly string SearchFindingNothing = "/search?q=" + Uri.EscapeDataString("нетакогослова");
    private static readonly string[] SameForEveryRole = ["/account/denied", "/error/404", SearchFindingNothing];

    [Fact]
    public Task No_internal_id_or_english_word_reaches_a_russian_reader_on_any_page() => BrowserHost.RunAsync(async host =>
    {
        // The walk keeps both cores busy: it takes the machine's turn, so that the cluster test does not run beside it.
        using var turn = await MachineTurn.TakeAsync(TimeSpan.FromMinutes(10));
        // A party's refused message, so the incidents page shows one.
        await host.Services.GetRequiredService<App.Messaging.PartyRefusals>().RecordAsync("by-minfin",
            new Contracts.GiveOpinion(Guid.NewGuid(), Guid.NewGuid(), new Contracts.ActorRef("clerk", "by-minfin", ["officer"]), new string('a', 64), "agree", [], null),
            "unknownClause", Engine.Resolutions.Rejection.Of(Engine.Resolutions.RejectionCode.UnknownClause, "unknownClause", ("clause", "7"), ("version", 1), ("hash", "abcdefabcdef")),
            CancellationToken.None);
        var screenshots = Path.Combine(BrowserHost.Artifacts, "pages");
        if (Directory.Exists(screenshots)) { Directory.Delete(screenshots, recursive: true); }
        Directory.CreateDirectory(screenshots);
        // Each role walks in a tab of its own, a few at once: they read pages (the drafter's refused form changes nothing),
        // and the two cores are kept busy (one role at a time left them half idle, the server and the browser waiting on each other).
        // A walk that stops is reported with the others' findings; its tab stays open, to be kept with the failure.
        using var gate = new SemaphoreSlim(RolesAtOnce);
        var checkedOnce = new ConcurrentDictionary<string, string>();
        var walks = await Task.WhenAll(Users.Select(async user =>
        {
            await gate.WaitAsync();
            try { return await WalkAsync(host, user, screenshots, checkedOnce); }
            catch (Exception e) when (e is PlaywrightException or TimeoutException or XunitException) { return new List<string> { $"{user}: the walk stopped: {e.Message}" }; }
            finally { gate.Release(); }
        }));
        var problems = walks.SelectMany(w => w).ToList();
        // Each offending word once, where it was first seen.
        Assert.True(problems.Count == 0, string.Join("\n", problems.GroupBy(p => p.Split(" in: ")[0].Split(": ")[^1]).Select(g => g.First()).Take(80)));
    });

    /// <summary>One role's walk: every page it can reach; the problems found, each "role path: problem".</summary>
    /// <param name="checkedOnce">The pages the same for every role that a walk has checked with axe-core, and by whom.</param>
    private static async Task<List<string>> WalkAsync(BrowserHost host, string user, string screenshots, ConcurrentDictionary<string, string> checkedOnce)
    {
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var page = await host.SignedIn(user);
        await page.SetViewportSizeAsync(1366, 768);
        var paths = new List<string> { "/", "/resolutions", "/account/denied", "/error/404", SearchFinding, SearchFindingNothing };
        if (user == "drafter") { paths.Add("/resolutions/new"); }
        if (user is "coordinator" or "admin") { paths.AddRange(["/dashboard", "/incidents"]); }
        if (user == "admin") { paths.AddRange(["/people", "/people?user=officer.by-minfin"]); }
        await page.OpenAsync("/resolutions");
        paths.AddRange((await page.Locator("main a[href^='/resolutions/']").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
            .Where(h => h != "/resolutions/new").Distinct());

        foreach (var path in paths)
        {
            await page.OpenAsync(path);
            problems.AddRange((await RussianPage.ProblemsAsync(page, host.Services)).Select(p => $"{user} {path}: {p}"));

            // axe and a screenshot: every page the coordinator sees (each resolution at its stage), each page kind once for the others;
            // axe once in all for the pages that are the same for every role but for the menu (checked on each role's home page).
            var kind = Regex.Replace(path.Split('?')[0], "[0-9a-f-]{36}", "id") + (path == SearchFindingNothing ? "-nothing" : "");
            if (user == "coordinator" || seen.Add($"{user}{kind}"))
            {
                if (!SameForEveryRole.Contains(path) || checkedOnce.TryAdd(path, user)) { await BrowserHost.AssertAccessible(page, $"{user} {path}"); }
                var stage = kind == "/resolutions/id" ? "-" + await page.Locator("svg g[data-current='true']").GetAttributeAsync("data-stage") : "";
                await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, $"{user}{kind.Replace('/', '_')}{stage}.png"), FullPage = true });
            }
        }

        // A refused form speaks Russian too: a title of spaces passes the browser's check, not the server's.
        if (user == "drafter")
        {
            await page.OpenAsync("/resolutions/new");
            await page.GetByLabel("Наименование").FillAsync("   ");
            await page.GetByLabel("Текст").FillAsync("1. Текст.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Создать" }).ClickToPageAsync();
            Assert.Equal("Действие не выполнено: Проверьте заполнение полей: наименование.", (await page.Locator(".notice.error").InnerTextAsync()).Trim());
            problems.AddRange((await RussianPage.ProblemsAsync(page, host.Services)).Select(p => $"{user} refused form: {p}"));
        }
        await page.Context.CloseAsync();
        return problems;
    }
}
