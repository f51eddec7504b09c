using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Browser;

/// <summary>
/// Every role opens every page it can reach on the demo data, in Russian, at 1366 px: no id from the
/// registry or the definitions, no internal code and no English word may reach the reader (the demo's
/// titles, texts and remarks are all Russian, so any Latin word came from the product). Pages are
/// checked with axe-core and kept as screenshots (artifacts/screenshots/pages).
/// </summary>
[Collection(WebAppTests.Name)]
public sealed class EveryPageInRussianTests
{
    private static readonly string[] Users = ["drafter", "officer.by-minfin", "officer.ru-minjust", "coordinator", "pm.by", "pm.ru", "chairman", "registrar", "admin"];

    private static readonly string SearchFinding = "/search?q=" + Uri.EscapeDataString("программы");
    private static readonly string SearchFindingNothing = "/search?q=" + Uri.EscapeDataString("нетакогослова");

    [Fact]
    public async Task No_internal_id_or_english_word_reaches_a_russian_reader_on_any_page()
    {
        await using var host = await BrowserHost.StartAsync();
        // A party's refused message, so the incidents page shows one.
        await host.Services.GetRequiredService<App.Messaging.PartyRefusals>().RecordAsync("by-minfin",
            new Contracts.GiveOpinion(Guid.NewGuid(), Guid.NewGuid(), new Contracts.ActorRef("clerk", "by-minfin", ["officer"]), new string('a', 64), "agree", [], null),
            "unknownClause", Engine.Resolutions.Rejection.Of(Engine.Resolutions.RejectionCode.UnknownClause, "unknownClause", ("clause", "7"), ("version", 1), ("hash", "abcdefabcdef")),
            CancellationToken.None);
        var screenshots = Path.Combine(BrowserHost.Artifacts, "pages");
        if (Directory.Exists(screenshots)) { Directory.Delete(screenshots, recursive: true); }
        Directory.CreateDirectory(screenshots);
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var user in Users)
        {
            var page = await host.SignedIn(user);
            await page.SetViewportSizeAsync(1366, 768);
            var paths = new List<string> { "/", "/resolutions", "/account/denied", "/error/404", SearchFinding, SearchFindingNothing };
            if (user == "drafter") { paths.Add("/resolutions/new"); }
            if (user is "coordinator" or "admin") { paths.AddRange(["/dashboard", "/incidents"]); }
            await page.GotoAsync("/resolutions");
            paths.AddRange((await page.Locator("main a[href^='/resolutions/']").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
                .Where(h => h != "/resolutions/new").Distinct());

            foreach (var path in paths)
            {
                await page.GotoAsync(path);
                problems.AddRange((await RussianPage.ProblemsAsync(page, host.Services)).Select(p => $"{user} {path}: {p}"));

                // axe and a screenshot: every page the coordinator sees (each resolution at its stage), each page kind once for the others.
                var kind = Regex.Replace(path.Split('?')[0], "[0-9a-f-]{36}", "id") + (path == SearchFindingNothing ? "-nothing" : "");
                if (user == "coordinator" || seen.Add($"{user}{kind}"))
                {
                    await BrowserHost.AssertAccessible(page, $"{user} {path}");
                    var stage = kind == "/resolutions/id" ? "-" + await page.Locator("svg g[data-current='true']").GetAttributeAsync("data-stage") : "";
                    await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, $"{user}{kind.Replace('/', '_')}{stage}.png"), FullPage = true });
                }
            }

            // A refused form speaks Russian too: a title of spaces passes the browser's check, not the server's.
            if (user == "drafter")
            {
                await page.GotoAsync("/resolutions/new");
                await page.GetByLabel("Наименование").FillAsync("   ");
                await page.GetByLabel("Текст").FillAsync("1. Текст.");
                await page.GetByRole(AriaRole.Button, new() { Name = "Создать" }).ClickAsync();
                Assert.Equal("Отклонено: Проверьте заполнение полей: наименование.", (await page.Locator(".notice.error").InnerTextAsync()).Trim());
                problems.AddRange((await RussianPage.ProblemsAsync(page, host.Services)).Select(p => $"{user} refused form: {p}"));
            }
            await page.Context.CloseAsync();
        }
        // Each offending word once, where it was first seen.
        Assert.True(problems.Count == 0, string.Join("\n", problems.GroupBy(p => p.Split(" in: ")[0].Split(": ")[^1]).Select(g => g.First()).Take(80)));
    }
}
