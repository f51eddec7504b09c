using Microsoft.Playwright;

namespace ResolutionWorkflow.Web.Tests.Support;

/// <summary>
/// Steps that wait for what they cause: a whole new page, an element, a notice — never for a load
/// state, network idle or a fixed time. A page is whole once its footer, the document's last landmark,
/// has been parsed. A click that sends a form or follows a link marks the document it leaves first,
/// then waits for the footer of a document without the mark: the page the click led to, however
/// fast it came, and never the old one.
/// </summary>
public static class PageSteps
{
    /// <summary>Long enough for a slow step of a shared two-core machine; what did not happen is named when it runs out.</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(90);

    private const string PageEnd = "body > footer";

    /// <summary>Opens <paramref name="path"/> and waits until the page is whole.</summary>
    public static async Task OpenAsync(this IPage page, string path)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Commit });
        await WholeAsync(page, PageEnd, $"opening {path}");
    }

    /// <summary>Clicks a button that sends a form, or a link, and waits until the page it leads to is whole.</summary>
    public static async Task ClickToPageAsync(this ILocator target, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        var page = target.Page;
        var left = Guid.NewGuid().ToString("N");
        await page.EvaluateAsync("mark => document.documentElement.dataset.left = mark", left);
        await target.ClickAsync();
        await WholeAsync(page, $"html:not([data-left='{left}']) > {PageEnd}", $"the page after clicking {target}", timeout);
    }

    /// <summary>The notice the last form's answer shows, exactly.</summary>
    public static async Task ExpectNoticeAsync(this IPage page, string message)
    {
        ArgumentNullException.ThrowIfNull(page);
        var notice = page.Locator(".notice");
        Assert.True(await notice.CountAsync() == 1, $"expected the notice '{message}'; the page at {page.Url} shows none");
        var text = (await notice.InnerTextAsync()).Trim();
        Assert.True(text == message, $"expected the notice '{message}'; the page at {page.Url} said '{text}'");
    }

    /// <summary>The styles the page links are applied (axe-core reads colours and sizes from them).</summary>
    public static async Task StyledAsync(this IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        try
        {
            await page.WaitForFunctionAsync("() => [...document.querySelectorAll('link[rel=stylesheet]')].every(l => l.sheet !== null)",
                null, new() { Timeout = (float)StepTimeout.TotalMilliseconds });
        }
        catch (TimeoutException e)
        {
            var missing = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('link[rel=stylesheet]')].filter(l => l.sheet === null).map(l => l.href)");
            throw new TimeoutException($"the page at {page.Url} still lacks its styles after {StepTimeout.TotalSeconds} s: {string.Join(", ", missing)}", e);
        }
    }

    private static async Task WholeAsync(IPage page, string end, string what, TimeSpan? timeout = null)
    {
        var wait = timeout ?? StepTimeout;
        try
        {
            await page.Locator(end).WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = (float)wait.TotalMilliseconds });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{what}: no whole new page (its footer) arrived in {wait.TotalSeconds} s; the tab is at {page.Url}", e);
        }
    }
}
