using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ResolutionWorkflow.Tests.Common;
using Xunit.Sdk;

namespace ResolutionWorkflow.Web.Tests.Support;

/// <summary>The application on a real Kestrel port and Debian's Chromium driven by Playwright (no browser download).</summary>
public sealed class BrowserHost : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";
    private readonly WebApplication _app;
    private readonly IPlaywright _playwright;
    private readonly ConcurrentDictionary<IPage, ConcurrentQueue<string>> _consoles = new();

    private BrowserHost(WebApplication app, IPlaywright playwright, IBrowser browser, string baseUrl, string dataFolder)
    {
        _app = app;
        _playwright = playwright;
        Browser = browser;
        BaseUrl = baseUrl;
        DataFolder = dataFolder;
    }

    public IBrowser Browser { get; }

    public string BaseUrl { get; }

    public string DataFolder { get; }

    public IServiceProvider Services => _app.Services;

    public static string Artifacts { get; } = Path.Combine(Repository.Root, "artifacts", "screenshots");

    public static async Task<BrowserHost> StartAsync()
    {
        if (!File.Exists(Chromium))
        {
            const string reason = "Chromium is not installed at /usr/bin/chromium (apt-get install chromium; infra/test-services.sh does it)";
            if (Environment.GetEnvironmentVariable("RW_REQUIRE_SERVERS") == "1") { Assert.Fail(reason + " — RW_REQUIRE_SERVERS=1 forbids skipping"); }
            Assert.Skip(reason);
        }
        var data = Path.Combine(Path.GetTempPath(), "rw-browser-" + Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = Path.Combine(Repository.Root, "src", "ResolutionWorkflow.Web"),
            EnvironmentName = "Production",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:DataFolder"] = data,
            ["Workflows:Folder"] = Repository.Workflows,
            ["Demo:Enabled"] = "true",
            ["Accounts:SignInsPerMinute"] = "10000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
        });
        builder.AddResolutionWeb();
        var app = builder.Build();
        app.UseResolutionWeb();
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(Artifacts);
        return new BrowserHost(app, playwright, browser, url, data);
    }

    /// <summary>A tab in a fresh browser context (Russian first), its console kept for the failure report.</summary>
    public async Task<IPage> NewPageAsync(string? locale = "ru-RU")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = locale });
        // Shared CI machines are slow at times; a step may take longer than Playwright's 30 s default.
        context.SetDefaultTimeout((float)PageSteps.StepTimeout.TotalMilliseconds);
        var page = await context.NewPageAsync();
        var console = _consoles.GetOrAdd(page, _ => new ConcurrentQueue<string>());
        page.Console += (_, m) => console.Enqueue($"{m.Type}: {m.Text} ({m.Location})");
        page.PageError += (_, e) => console.Enqueue($"page error: {e}");
        page.RequestFailed += (_, r) => console.Enqueue($"request failed: {r.Method} {r.Url}: {r.Failure}");
        return page;
    }

    /// <summary>A fresh browser context signed in as the user, on the page the sign-in leads to.</summary>
    public async Task<IPage> SignedIn(string user)
    {
        var page = await NewPageAsync();
        // A sign-in the server refused (or a click the loaded machine lost) is tried again; a third failure says what the page said.
        for (var attempt = 1; ; attempt++)
        {
            await page.OpenAsync("/account/login");
            await page.GetByLabel("Имя пользователя").FillAsync(user);
            await page.GetByLabel("Пароль").FillAsync(WebApp.Password);
            try
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Войти" }).ClickToPageAsync(TimeSpan.FromSeconds(30));
                if (!page.Url.Contains("/account/login", StringComparison.Ordinal)) { break; }
            }
            catch (TimeoutException) when (attempt < 3)
            {
                continue;
            }
            if (attempt == 3)
            {
                throw new InvalidOperationException($"{user} stayed on the sign-in page after 3 attempts; it said: {await page.Locator("main").InnerTextAsync(new() { Timeout = 5_000 })}");
            }
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Выйти" }).WaitForAsync();
        return page;
    }

    /// <summary>
    /// Runs a browser test on a host of its own. When it fails, every tab still open is kept under
    /// artifacts/browser/&lt;test&gt; — a screenshot, the page's HTML and its console — and the failure names the files.
    /// </summary>
    public static async Task RunAsync(Func<BrowserHost, Task> test, [CallerMemberName] string name = "")
    {
        ArgumentNullException.ThrowIfNull(test);
        await using var host = await StartAsync();
        try
        {
            await test(host);
        }
        catch (Exception e) when (e is not SkipException)
        {
            string kept;
            try
            {
                var files = await host.KeepPagesAsync(Path.Combine(Repository.Root, "artifacts", "browser", name));
                kept = files.Count == 0 ? "none was open" : string.Join(", ", files);
            }
            catch (Exception keeping) when (keeping is IOException or UnauthorizedAccessException or PlaywrightException or TimeoutException)
            {
                kept = $"not kept ({keeping.Message})";
            }
            throw new XunitException($"{e.Message}\n\nThe open tabs: {kept}", e);
        }
    }

    private async Task<IReadOnlyList<string>> KeepPagesAsync(string folder)
    {
        if (Directory.Exists(folder)) { Directory.Delete(folder, recursive: true); }
        Directory.CreateDirectory(folder);
        var kept = new List<string>();
        var n = 0;
        foreach (var page in Browser.Contexts.SelectMany(c => c.Pages).Where(p => !p.IsClosed))
        {
            var stem = Path.Combine(folder, $"tab-{++n}");
            // Each file on its own: a page that hangs must not cost the others.
            try
            {
                await page.ScreenshotAsync(new() { Path = stem + ".png", FullPage = true, Timeout = 15_000 });
                kept.Add(stem + ".png");
            }
            catch (PlaywrightException) { }
            catch (TimeoutException) { }
            try
            {
                await File.WriteAllTextAsync(stem + ".html", $"<!-- {page.Url} -->\n" + await page.ContentAsync().WaitAsync(TimeSpan.FromSeconds(15)));
                kept.Add(stem + ".html");
            }
            catch (PlaywrightException) { }
            catch (TimeoutException) { }
            await File.WriteAllLinesAsync(stem + ".console.txt", [$"url: {page.Url}", .. _consoles.TryGetValue(page, out var lines) ? lines : []]);
            kept.Add(stem + ".console.txt");
        }
        return kept;
    }

    /// <summary>Runs axe-core on the page and fails on serious or critical WCAG violations.</summary>
    public static async Task AssertAccessible(IPage page, string what)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.StyledAsync();
        // Every node only for violations: the other result types come back with one node each, which spares
        // sending every passing element of a long page back from the browser.
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
            ResultTypes = [ResultType.Violations],
        });
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{what}: " + string.Join("; ", bad.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { }
    }
}
