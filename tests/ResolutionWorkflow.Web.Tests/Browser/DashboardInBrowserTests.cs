using Microsoft.Playwright;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Browser;

[Collection(WebAppTests.Name)]
[Trait("Category", "Browser")]
public sealed class DashboardInBrowserTests
{
    [Fact]
    public Task A_coordinator_sees_the_dashboard_filters_it_exports_csv_extends_a_deadline_and_reassigns_a_task() => BrowserHost.RunAsync(async host =>
    {
        var page = await host.SignedIn("coordinator");
        await page.OpenAsync("/dashboard");
        await BrowserHost.AssertAccessible(page, "dashboard");
        Assert.True(await page.GetByRole(AriaRole.Heading, new() { Name = "Постановления по этапам" }).CountAsync() == 1);

        // The demo space programme's financial review is overdue at the Standing Committee.
        await page.GetByLabel("Орган", new() { Exact = true }).First.SelectOptionAsync(new SelectOptionValue { Label = "Постоянный Комитет" });
        await page.GetByLabel("только просроченные").CheckAsync();
        await Apply(page, "su-standing-committee", overdueOnly: true);
        var rows = page.Locator("table:has(caption:text('Открытые задачи')) tbody tr");
        Assert.Equal(1, await rows.CountAsync());
        Assert.Contains("Постоянный Комитет", await rows.First.InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserHost.Artifacts, "dashboard.png"), FullPage = true });

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "CSV" }).Last.ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains("su-standing-committee", csv, StringComparison.Ordinal);
        Assert.Equal(2, csv.Trim().Split('\n').Length);

        var dueBefore = await rows.First.Locator("td").Nth(3).InnerTextAsync();
        await rows.First.GetByLabel("Обоснование").FillAsync("Постоянный Комитет просил ещё неделю");
        await rows.First.GetByRole(AriaRole.Button, new() { Name = "Продлить на 5 рабочих дней" }).ClickToPageAsync();
        await page.ExpectNoticeAsync("Готово.");
        await page.GetByLabel("только просроченные").UncheckAsync();
        await Apply(page, "", overdueOnly: false);
        // The Standing Committee's row by its party cell: every row's reassignment list names the Committee too.
        var committee = "table:has(caption:text('Открытые задачи')) tbody tr:has(td:nth-child(3):text-is('Постоянный Комитет'))";
        var after = await page.Locator(committee).First.Locator("td").Nth(3).InnerTextAsync();
        Assert.NotEqual(dueBefore, after);

        // The Standing Committee hands its financial review to Russia's Ministry of Finance (not to the drafting ministry: it does not review its own draft).
        var held = page.Locator(committee).First;
        await held.GetByLabel("Организации").SelectOptionAsync(new SelectOptionValue { Label = "Минфин России" });
        await held.GetByLabel("Обоснование").FillAsync("передано по решению Постоянного Комитета");
        await held.GetByRole(AriaRole.Button, new() { Name = "Переназначить" }).ClickToPageAsync();
        await page.ExpectNoticeAsync("Готово.");
        await page.GetByLabel("Орган", new() { Exact = true }).First.SelectOptionAsync(new SelectOptionValue { Label = "Минфин России" });
        await Apply(page, "ru-minfin", overdueOnly: false);
        Assert.True(await page.Locator("table:has(caption:text('Открытые задачи')) tbody tr:has(td:nth-child(2):text-is('Финансовая экспертиза'))").CountAsync() >= 1);

        // The charts are there, with their figures as tables.
        Assert.Equal(1, await page.Locator("svg[role=img] title:text('Время на этапе')").CountAsync());
        Assert.Equal(1, await page.Locator("svg[role=img] title:text('Движение документов по этапам (по неделям)')").CountAsync());
        await BrowserHost.AssertAccessible(page, "dashboard with charts");
    });

    // A filter is a GET form: the filtered page arrives whole before it is read, and its address carries the filter.
    private static async Task Apply(IPage page, string party, bool overdueOnly)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Применить" }).ClickToPageAsync();
        var query = new Uri(page.Url).Query.Split('?', '&');
        Assert.True(query.Contains($"party={party}") && query.Contains("overdueOnly=true") == overdueOnly, $"the filter's page is {page.Url}");
    }
}
