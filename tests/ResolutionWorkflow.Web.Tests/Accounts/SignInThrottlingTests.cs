using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using ResolutionWorkflow.Web.Accounts;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Accounts;

/// <summary>
/// Sign-in holds against its misuse: the form never counts, failures slow down their own source
/// only, nobody can keep an account's owner out, and a browser is told so on a page.
/// </summary>
[Collection(WebAppTests.Name)]
public sealed class SignInThrottlingTests
{
    private static HttpRequestMessage Token(string user, string password, string from) =>
        new(HttpMethod.Post, "/api/token") { Content = JsonContent.Create(new { userName = user, password }), Headers = { { WebApp.ClientAddressHeader, from } } };

    [Fact]
    public async Task Loading_the_sign_in_form_never_counts_against_the_limit()
    {
        await using var app = new WebApp(signInsPerMinute: 3);
        var browser = await app.ClientFor(null);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/login")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(Token("pm.by", WebApp.Password, "10.0.0.1"))).StatusCode);
    }

    [Fact]
    public async Task Failures_slow_down_their_source_and_never_keep_the_owner_out()
    {
        await using var app = new WebApp();
        var client = await app.ClientFor(null);
        var attacker = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++) { attacker.Add(await client.SendAsync(Token("pm.by", "guess-" + i, "203.0.113.66"))); }

        Assert.All(attacker.Take(SignInGuard.FreeFailuresPerAccount), r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.All(attacker.Skip(SignInGuard.FreeFailuresPerAccount + 1), r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));
        Assert.True(int.Parse(attacker[^1].Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        // Even the right password from the attacker's address waits: the slowdown is not a hint.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SendAsync(Token("pm.by", WebApp.Password, "203.0.113.66"))).StatusCode);

        // The owner, from their own office, is not slowed at all: a mistake is a 401, the right password a token.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Token("pm.by", "typo", "10.0.0.1"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Token("pm.by", WebApp.Password, "10.0.0.1"))).StatusCode);
    }

    [Fact]
    public async Task Guessing_many_accounts_from_one_address_slows_that_address_only()
    {
        await using var app = new WebApp();
        var client = await app.ClientFor(null);
        for (var i = 0; i < SignInGuard.FreeFailuresPerAddress; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Token($"no-such-user-{i}", "x", "203.0.113.77"))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Token("registrar", "x", "203.0.113.77"))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SendAsync(Token("coordinator", WebApp.Password, "203.0.113.77"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Token("coordinator", WebApp.Password, "10.0.0.2"))).StatusCode);
    }

    private static HttpRequestMessage Forwarded(string user, string password, string proxy, string client)
    {
        var request = Token(user, password, proxy);
        request.Headers.Add("X-Forwarded-For", client);
        return request;
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_client_is_counted_by_its_own_address_and_nobody_else_can_name_one()
    {
        await using var app = new WebApp { Settings = { ["Proxy:KnownProxies:0"] = "10.0.0.5" } };
        var client = await app.ClientFor(null);

        // An attacker behind the proxy is slowed down; a colleague behind the same proxy is not.
        for (var i = 0; i <= SignInGuard.FreeFailuresPerAccount; i++) { await client.SendAsync(Forwarded("pm.by", "guess-" + i, "10.0.0.5", "203.0.113.50")); }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SendAsync(Forwarded("pm.by", WebApp.Password, "10.0.0.5", "203.0.113.50"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Forwarded("pm.by", WebApp.Password, "10.0.0.5", "203.0.113.51"))).StatusCode);

        // From anywhere else the header is ignored: a new address in each request does not escape the count.
        for (var i = 0; i <= SignInGuard.FreeFailuresPerAccount; i++) { await client.SendAsync(Forwarded("pm.ru", "guess-" + i, "198.51.100.7", $"192.0.2.{i + 1}")); }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SendAsync(Forwarded("pm.ru", WebApp.Password, "198.51.100.7", "192.0.2.200"))).StatusCode);
    }

    [Fact]
    public void A_proxy_setting_that_is_not_an_address_is_refused_naming_it()
    {
        static string Refusal(string key, string value) => Assert.Throws<App.SettingsException>(() => App.Settings.Read<Network.ProxyOptions>(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build(),
            Network.ProxyOptions.Section)).Message;
        Assert.Equal("Proxy:KnownNetworks:0: '10.0.0.0/99' is not a network in CIDR form (10.0.0.0/24)", Refusal("Proxy:KnownNetworks:0", "10.0.0.0/99"));
        Assert.Equal("Proxy:KnownProxies:0: 'proxy.local' is not an IP address", Refusal("Proxy:KnownProxies:0", "proxy.local"));
    }

    [Fact]
    public async Task The_wait_doubles_with_each_further_failure_and_ends()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        var guard = new SignInGuard(clock);
        for (var i = 0; i < SignInGuard.FreeFailuresPerAccount; i++) { guard.Failed("203.0.113.5", "pm.by"); }
        Assert.Equal(TimeSpan.Zero, guard.WaitFor("203.0.113.5", "pm.by"));
        guard.Failed("203.0.113.5", "pm.by");
        Assert.Equal(TimeSpan.FromSeconds(2), guard.WaitFor("203.0.113.5", "pm.by"));
        guard.Failed("203.0.113.5", "PM.BY");
        Assert.Equal(TimeSpan.FromSeconds(4), guard.WaitFor("203.0.113.5", "pm.by"));
        Assert.Equal(TimeSpan.Zero, guard.WaitFor("10.0.0.1", "pm.by"));
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(TimeSpan.Zero, guard.WaitFor("203.0.113.5", "pm.by"));
        for (var i = 0; i < 30; i++) { guard.Failed("203.0.113.5", "pm.by"); }
        Assert.Equal(SignInGuard.MaxWait, guard.WaitFor("203.0.113.5", "pm.by"));
        guard.Succeeded("203.0.113.5", "pm.by");
        // The address keeps its own count: thirty-odd failures from it are past its free ones too.
        Assert.True(guard.WaitFor("203.0.113.5", "pm.by") > TimeSpan.Zero);
    }

    [Fact]
    public async Task A_browser_gets_pages_in_its_language_for_refusals_and_the_api_gets_problem_details()
    {
        await using var app = new WebApp(signInsPerMinute: 2);
        var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });
        browser.DefaultRequestHeaders.Add(WebApp.ClientAddressHeader, "203.0.113.9");
        var token = await WebApp.AntiforgeryToken(browser);
        HttpResponseMessage last = null!;
        for (var i = 0; i < 3; i++)
        {
            last = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["UserName"] = "registrar", ["Password"] = "wrong-" + i, ["ReturnUrl"] = "/",
            }));
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        Assert.Equal("text/html", last.Content.Headers.ContentType?.MediaType);
        var page = await last.Content.ReadAsStringAsync();
        Assert.Contains("Слишком много попыток", page, StringComparison.Ordinal);
        Assert.Contains("lang=\"ru\"", page, StringComparison.Ordinal);

        var api = await app.ClientFor(null);
        api.DefaultRequestHeaders.Add(WebApp.ClientAddressHeader, "203.0.113.10");
        for (var i = 0; i < 3; i++) { last = await api.PostAsJsonAsync("/api/token", new { userName = "registrar", password = "wrong" }); }
        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);

        var reader = await app.BrowserFor("officer.by-minfin");
        var missing = await reader.GetAsync($"/resolutions/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("Страница не найдена", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var apiMissing = await (await app.ClientFor("coordinator")).GetAsync($"/api/resolutions/{Guid.NewGuid()}");
        Assert.Equal("application/problem+json", apiMissing.Content.Headers.ContentType?.MediaType);
    }
}
