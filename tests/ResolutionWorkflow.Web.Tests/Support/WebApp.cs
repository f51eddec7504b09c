using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Web.Tests.Support;

/// <summary>
/// The web application in process over its own SQLite folder, with the demo accounts and resolutions; or over
/// <paramref name="dataFolder"/>, which it then leaves behind, as a restarted node finds its predecessor's.
/// </summary>
public class WebApp(int signInsPerMinute = 10_000, string? dataFolder = null) : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string> _tokens = [];

    public string DataFolder { get; } = dataFolder ?? Path.Combine(Path.GetTempPath(), "rw-web-" + Guid.NewGuid().ToString("N"));

    public const string Password = "Demo-2026-pass";

    /// <summary>
    /// The header a test names a request's client address with: the in-process server has no
    /// network peer, so sign-in tests that need two sources of requests say which is which.
    /// </summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    /// <summary>Further settings for the host, e.g. an identity provider.</summary>
    public Dictionary<string, string> Settings { get; } = [];

    /// <summary>The demo accounts alone, for tests that turn the demo resolutions off.</summary>
    public async Task SeedAccountsAsync()
    {
        using var scope = Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ResolutionWorkflow.Web.Accounts.DemoData>().AccountsAsync(CancellationToken.None);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("Database:DataFolder", DataFolder);
        builder.UseSetting("Workflows:Folder", Repository.Workflows);
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Deadlines:PollSeconds", "59");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // TestServer cannot limit body size and says so on every request; it drowns CI's output.
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.Routing.EndpointRoutingMiddleware", "Error");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.DataProtection", "Error");
        builder.UseSetting("Accounts:SignInsPerMinute", signInsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, value) in Settings) { builder.UseSetting(key, value); }
        builder.ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, ClientAddressFromHeader>());
    }

    private sealed class ClientAddressFromHeader : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use((context, then) =>
            {
                if (System.Net.IPAddress.TryParse(context.Request.Headers[ClientAddressHeader], out var address)) { context.Connection.RemoteIpAddress = address; }
                return then(context);
            });
            next(app);
        };
    }

    /// <summary>How many rows a table holds, read from the application's own database.</summary>
    public async Task<int> CountAsync<T>(Func<ResolutionWorkflow.App.Persistence.ResolutionDbContext, IQueryable<T>> table)
    {
        ArgumentNullException.ThrowIfNull(table);
        await using var db = await Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<ResolutionWorkflow.App.Persistence.ResolutionDbContext>>().CreateDbContextAsync();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(table(db));
    }

    /// <summary>A draft titled <paramref name="title"/> taken through review, legal examination and adoption over the API, to its signing.</summary>
    public async Task<(Guid Id, string Hash)> AtSigningAsync(string title)
    {
        async Task Post(string user, string path, object body)
        {
            var response = await (await ClientFor(user)).PostAsJsonAsync(path, body);
            if (!response.IsSuccessStatusCode) { throw new InvalidOperationException($"{user} {path}: {await response.Content.ReadAsStringAsync()}"); }
        }
        var created = await (await (await ClientFor("drafter")).PostAsJsonAsync("/api/resolutions",
            new { definitionId = "council-of-ministers-resolution", title, text = ApiEndpoints.Text })).Content.ReadFromJsonAsync<JsonElement>();
        var (id, hash) = (created.GetProperty("resolutionId").GetGuid(), created.GetProperty("textHash").GetString()!);
        await Post("drafter", $"/api/resolutions/{id}/submit", new { seenTextHash = hash });
        foreach (var body in new[] { "by-mineconomy", "by-minfin", "by-mfa", "by-minjust", "ru-minfin", "ru-mfa", "ru-minjust", "ru-minjust", "by-nclr" })
        {
            await Post($"officer.{body}", $"/api/resolutions/{id}/opinions", new { seenTextHash = hash, opinion = "agree" });
        }
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow")).DateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await Post("coordinator", $"/api/resolutions/{id}/agenda", new { form = "meeting", date = today, place = "Москва" });
        await Post("coordinator", $"/api/resolutions/{id}/adoption", new { outcome = "adopted", date = today, protocol = "7" });
        return (id, hash);
    }

    /// <summary>A client with a bearer token for the user (null: anonymous).</summary>
    public async Task<HttpClient> ClientFor(string? user)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (user is null) { return client; }
        if (!_tokens.TryGetValue(user, out var token))
        {
            var response = await client.PostAsJsonAsync("/api/token", new { userName = user, password = Password });
            response.EnsureSuccessStatusCode();
            token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
            _tokens[user] = token;
        }
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A browser-like client (cookies, no redirects followed) signed in through the sign-in form.</summary>
    public async Task<HttpClient> BrowserFor(string user)
    {
        var browser = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });
        var response = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await AntiforgeryToken(browser), ["UserName"] = user, ["Password"] = Password, ["ReturnUrl"] = "/",
        }));
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect) { throw new InvalidOperationException($"{user} could not sign in: {(int)response.StatusCode}"); }
        return browser;
    }

    /// <summary>A form token for the browser's current user (the sign-in page always has a form).</summary>
    public static async Task<string> AntiforgeryToken(HttpClient browser)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var page = await browser.GetStringAsync("/account/login");
        return System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (dataFolder is not null) { return; }
        try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Classes that start the application (and its Hangfire server) run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WebAppTests
{
    public const string Name = "web application";
}
