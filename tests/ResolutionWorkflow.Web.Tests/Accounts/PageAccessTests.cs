using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Web.Tests.Api;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Accounts;

/// <summary>Pages for every role, signed in with the page cookie: who sees what, and what a page action by the wrong person does.</summary>
[Collection(WebAppTests.Name)]
public sealed class PageAccessTests(ApiTests.Fixture app) : IClassFixture<ApiTests.Fixture>
{
    private static readonly string[] CoordinatorsOnly = ["coordinator", "admin"];

    public static TheoryData<string, string> PagesByUser
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var page in new[] { "/", "/resolutions", "/resolutions/new", "/dashboard", "/incidents", "/hangfire", "/people", "/people?user=officer.by-minfin" })
            {
                foreach (var user in ApiEndpoints.Users) { data.Add(page, user); }
            }
            return data;
        }
    }

    private static bool Admits(string page, string user) => page switch
    {
        "/resolutions/new" => user == "drafter",
        "/dashboard" or "/incidents" or "/hangfire" => CoordinatorsOnly.Contains(user),
        _ when page.StartsWith("/people", StringComparison.Ordinal) => user == "admin",
        _ => true,
    };

    [Theory]
    [MemberData(nameof(PagesByUser))]
    public async Task Each_page_opens_for_its_roles_and_is_refused_to_every_other(string page, string user)
    {
        var browser = await app.App.BrowserFor(user);
        var response = await browser.GetAsync(page);

        if (Admits(page, user))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }
        // Pages send the reader to a refusal that says so (and answers 403); the Hangfire dashboard answers 403 itself.
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.StartsWith("https://localhost/account/denied", response.Headers.Location!.ToString(), StringComparison.Ordinal);
            response = await browser.GetAsync(response.Headers.Location);
        }
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_administrator_names_the_person_behind_an_account_and_a_bad_field_or_another_role_changes_nothing()
    {
        var admin = await app.App.BrowserFor("admin");
        // The form's own token, as a browser sends it (the coordinator, refused the page, brings the sign-in page's).
        async Task<string> Token(HttpClient browser)
        {
            var page = await browser.GetAsync("/people?user=officer.by-mfa");
            if (!page.IsSuccessStatusCode) { return await WebApp.AntiforgeryToken(browser); }
            var html = await page.Content.ReadAsStringAsync();
            var token = System.Text.RegularExpressions.Regex.Match(html, "<form method=\"post\"[^>]*>.*?name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"", System.Text.RegularExpressions.RegexOptions.Singleline);
            Assert.True(token.Success, "the people form carries no antiforgery token");
            return System.Net.WebUtility.HtmlDecode(token.Groups[1].Value);
        }
        async Task<HttpResponseMessage> Post(HttpClient browser, string email, string user = "officer.by-mfa", string subject = "") => await browser.PostAsync("/people", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await Token(browser), ["user"] = user, ["surname"] = "Кравченко", ["givenName"] = "Лариса",
            ["patronymic"] = "Ивановна", ["position"] = "Начальник договорно-правового управления", ["email"] = email, ["language"] = "ru",
            ["certificateSubject"] = subject,
        }));
        async Task<string?> Subject()
        {
            await using var db = await app.App.Services.GetRequiredService<IDbContextFactory<ResolutionDbContext>>().CreateDbContextAsync();
            return await db.Users.Where(u => u.UserName == "officer.by-mfa").Select(u => u.CertificateSubject).SingleAsync();
        }
        async Task<string> Row() => System.Net.WebUtility.HtmlDecode(await admin.GetStringAsync("/people"));

        var saved = await Post(admin, "kravchenko@mfa.by.example");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Кравченко Лариса Ивановна</td><td>Начальник договорно-правового управления</td><td translate=\"no\">kravchenko@mfa.by.example", await Row(), StringComparison.Ordinal);

        // A bad address: a 400 with the reason, the form keeps what was typed, and nothing is stored.
        var refused = await Post(admin, "не адрес");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("не является адресом электронной почты", System.Net.WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Contains("kravchenko@mfa.by.example", await Row(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Post(admin, "x@y.example", user: "nobody")).StatusCode);

        // The certificate's subject as `openssl x509 -noout -subject` prints it: stored as a subject, shown by its holder.
        const string printed = "subject=C = BY, O = \\D0\\9C\\D0\\98\\D0\\94, CN = \\D0\\9A\\D1\\80\\D0\\B0\\D0\\B2\\D1\\87\\D0\\B5\\D0\\BD\\D0\\BA\\D0\\BE \\D0\\9B. \\D0\\98.";
        Assert.Equal(HttpStatusCode.Redirect, (await Post(admin, "kravchenko@mfa.by.example", subject: printed)).StatusCode);
        Assert.Equal("C=BY,O=МИД,CN=Кравченко Л. И.", await Subject());
        Assert.Contains("<td>Кравченко Л. И.</td>", await Row(), StringComparison.Ordinal);
        var notSubject = await Post(admin, "kravchenko@mfa.by.example", subject: "Кравченко Л. И.");
        Assert.Equal(HttpStatusCode.BadRequest, notSubject.StatusCode);
        Assert.Contains("Не удалось распознать субъект сертификата", System.Net.WebUtility.HtmlDecode(await notSubject.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal("C=BY,O=МИД,CN=Кравченко Л. И.", await Subject());
        // An emptied field removes the certificate: the account no longer signs with it.
        Assert.Equal(HttpStatusCode.Redirect, (await Post(admin, "kravchenko@mfa.by.example", subject: "  ")).StatusCode);
        Assert.Null(await Subject());

        // A coordinator may not: refused, nothing changed.
        var coordinator = await app.App.BrowserFor("coordinator");
        var denied = await Post(coordinator, "someone@else.example");
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
        Assert.NotEqual(HttpStatusCode.BadRequest, denied.StatusCode);
        Assert.DoesNotContain("someone@else.example", await Row(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anonymous_reader_is_sent_to_sign_in_from_every_page()
    {
        var anonymous = app.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var page in new[] { "/", "/resolutions", "/resolutions/new", "/dashboard", "/incidents", $"/resolutions/{Guid.NewGuid()}" })
        {
            var response = await anonymous.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/account/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_page_action_by_someone_it_is_not_for_is_refused_and_changes_nothing()
    {
        var api = await app.App.ClientFor("drafter");
        var created = await (await api.PostAsJsonAsync("/api/resolutions", new { definitionId = "council-of-ministers-resolution", title = "Проверка страниц", text = ApiEndpoints.Text })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("resolutionId").GetGuid();
        (await api.PostAsJsonAsync($"/api/resolutions/{id}/submit", new { seenTextHash = created.GetProperty("textHash").GetString() })).EnsureSuccessStatusCode();
        var before = await (await app.App.ClientFor("coordinator")).GetStringAsync($"/api/resolutions/{id}");

        // An officer forges the coordinator's withdrawal form; a signatory forges an opinion for a ministry.
        foreach (var (user, handler, fields) in new[]
        {
            ("officer.by-minfin", "Withdraw", new Dictionary<string, string> { ["reason"] = "подделка" }),
            ("pm.by", "Opinion", new Dictionary<string, string> { ["opinion"] = "agree", ["seenTextHash"] = created.GetProperty("textHash").GetString()! }),
        })
        {
            var browser = await app.App.BrowserFor(user);
            // The resolution page shows them no such form; the sign-in page's form gives a valid token for them.
            fields["__RequestVerificationToken"] = await WebApp.AntiforgeryToken(browser);
            var response = await browser.PostAsync($"/resolutions/{id}?handler={handler}", new FormUrlEncodedContent(fields));
            // A refused opinion comes back at once with what was typed (400); other actions redirect to the page with the refusal.
            var shown = response.StatusCode == HttpStatusCode.Redirect ? await browser.GetStringAsync(response.Headers.Location)
                : handler == "Opinion" && response.StatusCode == HttpStatusCode.BadRequest ? await response.Content.ReadAsStringAsync()
                : throw new Xunit.Sdk.XunitException($"{handler} by {user}: {(int)response.StatusCode}");
            Assert.Contains("Действие не выполнено:", shown, StringComparison.Ordinal);
        }
        Assert.Equal(before, await (await app.App.ClientFor("coordinator")).GetStringAsync($"/api/resolutions/{id}"));
    }
}
