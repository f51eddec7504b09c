using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Accounts;

/// <summary>Sign-in through an OpenID Connect provider: the provider says who, the local account says what they may do.</summary>
[Collection(WebAppTests.Name)]
public sealed partial class OpenIdConnectSignInTests(OpenIdConnectSignInTests.Fixture fixture) : IClassFixture<OpenIdConnectSignInTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public TestIdentityProvider Provider { get; private set; } = null!;

        public WebApp App { get; } = new();

        public async ValueTask InitializeAsync()
        {
            Provider = await TestIdentityProvider.StartAsync();
            App.Settings["Accounts:OpenIdConnect:Authority"] = Provider.Authority;
            App.Settings["Accounts:OpenIdConnect:ClientId"] = TestIdentityProvider.ClientId;
            App.Settings["Accounts:OpenIdConnect:ClientSecret"] = TestIdentityProvider.ClientSecret;
            App.Settings["Accounts:OpenIdConnect:DisplayName"] = "ЕСИА";
            App.Settings["Accounts:OpenIdConnect:RequireHttpsMetadata"] = "false";
            _ = App.Server;
        }

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await Provider.DisposeAsync();
        }
    }

    [GeneratedRegex("<form[^>]*action=\"/account/external\"[^>]*>.*?name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"", RegexOptions.Singleline)]
    private static partial Regex ExternalFormToken();

    [GeneratedRegex("name=\"(code|state)\" value=\"([^\"]*)\"")]
    private static partial Regex ProviderFormField();

    [GeneratedRegex("action=\"([^\"]+)\"")]
    private static partial Regex ProviderFormAction();

    /// <summary>Goes through the whole conversation as a browser would and returns the application's last answer.</summary>
    private async Task<(HttpClient Browser, HttpResponseMessage Last)> SignInAtProvider(string person)
    {
        fixture.Provider.SignedInUser = person;
        var browser = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });

        var login = await browser.GetStringAsync("/account/login");
        Assert.Contains("Войти через ЕСИА", login, StringComparison.Ordinal);
        var token = WebUtility.HtmlDecode(ExternalFormToken().Match(login).Groups[1].Value);
        var challenge = await browser.PostAsync("/account/external", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["ReturnUrl"] = "/" }));
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith(fixture.Provider.Authority + "/authorize", authorize.ToString(), StringComparison.Ordinal);
        Assert.Contains("code_challenge=", authorize.Query, StringComparison.Ordinal);

        // The provider's page posts the code back to the application.
        using var toProvider = new HttpClient();
        var page = await toProvider.GetStringAsync(authorize);
        var fields = ProviderFormField().Matches(page).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        var back = await browser.PostAsync(new Uri(WebUtility.HtmlDecode(ProviderFormAction().Match(page).Groups[1].Value)), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var last = await browser.GetAsync(back.Headers.Location!);
        return (browser, last);
    }

    [Fact]
    public async Task A_person_with_a_local_account_signs_in_and_acts_with_its_organisation_and_roles()
    {
        var issued = fixture.Provider.TokensIssued;
        var (browser, last) = await SignInAtProvider("officer.ru-minfin");

        Assert.Equal(HttpStatusCode.Redirect, last.StatusCode);
        Assert.Equal("/", last.Headers.Location!.OriginalString);
        Assert.Equal(issued + 1, fixture.Provider.TokensIssued);
        var inbox = await browser.GetAsync("/api/inbox");
        Assert.Equal(HttpStatusCode.OK, inbox.StatusCode);
        var tasks = await inbox.Content.ReadAsStringAsync();
        Assert.NotEqual("[]", tasks);
        // The same inbox as the account gets with its password.
        Assert.Equal(await (await (await fixture.App.ClientFor("officer.ru-minfin")).GetAsync("/api/inbox")).Content.ReadAsStringAsync(), tasks);
        // Organisation and roles come from the local account: an officer is still not a coordinator.
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/dashboard/export.csv?list=stages")).StatusCode);

        // The second visit uses the link made on the first.
        var (again, second) = await SignInAtProvider("officer.ru-minfin");
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/inbox")).StatusCode);
    }

    [Fact]
    public async Task A_person_without_a_local_account_is_refused_and_not_signed_in()
    {
        var (browser, last) = await SignInAtProvider("someone.unknown");

        Assert.Equal(HttpStatusCode.Forbidden, last.StatusCode);
        Assert.Contains("нет учётной записи", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/inbox")).StatusCode);
    }
}
