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

namespace ResolutionWorkflow.Web.Tests.Support;

/// <summary>The application on a real Kestrel port and Debian's Chromium driven by Playwright (no browser download).</summary>
public sealed class BrowserHost : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";
    private readonly WebApplication _app;
    private readonly IPlaywright _playwright;

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

    /// <summary>A fresh browser context signed in as the user.</summary>
    public async Task<IPage> SignedIn(string user)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "ru-RU" });
        // Shared CI machines are slow at times; a step may take longer than Playwright's 30 s default.
        context.SetDefaultTimeout(90_000);
        var page = await context.NewPageAsync();
        // Signed in once the browser has left the sign-in page; the next step waits for what it needs on
        // the new page. (Waiting for its "load" event too hung twice in CI with the page already idle.)
        // On a loaded CI machine the browser once stayed on the sign-in page for 90 s after the click;
        // the form is sent again then, and a third failure reports what the page said.
        for (var attempt = 1; ; attempt++)
        {
            await page.GotoAsync("/account/login");
            await page.GetByLabel("Имя пользователя").FillAsync(user);
            await page.GetByLabel("Пароль").FillAsync(WebApp.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Войти" }).ClickAsync();
            try
            {
                await page.WaitForURLAsync(u => !u.Contains("/account/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit, Timeout = 30_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
            catch (TimeoutException e)
            {
                throw new InvalidOperationException($"{user} stayed on the sign-in page after 3 attempts; it said: {await page.Locator("main").InnerTextAsync(new() { Timeout = 5_000 })}", e);
            }
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Выйти" }).WaitForAsync();
        return page;
    }

    /// <summary>Runs axe-core on the page and fails on serious or critical WCAG violations.</summary>
    public static async Task AssertAccessible(IPage page, string what)
    {
        ArgumentNullException.ThrowIfNull(page);
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
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
