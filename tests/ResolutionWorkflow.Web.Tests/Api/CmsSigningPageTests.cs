using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Org.BouncyCastle.OpenSsl;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Tests.Common;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Api;

/// <summary>
/// A council definition whose signing stage takes CMS signatures, served by the web application:
/// the head of government downloads the content, signs it with a certified key and uploads the
/// signature on the page (or sends it over the API); a missing or bad signature is refused on the page.
/// </summary>
[Collection(WebAppTests.Name)]
public sealed class CmsSigningPageTests(CmsSigningPageTests.Fixture app) : IClassFixture<CmsSigningPageTests.Fixture>
{
    private const string BelarusSubject = "CN=Премьер-министр Республики Беларусь, O=Совет Министров Республики Беларусь, C=BY";
    private const string RussiaSubject = "CN=Председатель Правительства Российской Федерации, O=Правительство Российской Федерации, C=RU";
    private static readonly TestIdentity BelarusCa = TestPki.Root("CN=Корневой УЦ (тест), C=BY", KeyKind.Gost256);
    private static readonly TestIdentity RussiaCa = TestPki.Root("CN=Головной УЦ (тест), C=RU", KeyKind.Gost512);

    public sealed class Fixture : IAsyncLifetime
    {
        public WebApp App { get; } = new();

        public async ValueTask InitializeAsync()
        {
            var workflows = Repository.CopyOfWorkflowsSigningWithCms();
            var anchors = Path.Combine(App.DataFolder, "anchors");
            foreach (var (country, ca) in new[] { ("by", BelarusCa), ("ru", RussiaCa) })
            {
                Directory.CreateDirectory(Path.Combine(anchors, country));
                await using var pem = new StreamWriter(Path.Combine(anchors, country, "root.pem"));
                new PemWriter(pem).WriteObject(ca.Certificate);
            }
            App.Settings["Workflows:Folder"] = workflows;
            App.Settings["Signatures:TrustAnchorFolder"] = anchors;
            App.Settings["Demo:Enabled"] = "false";
            _ = App.Server;
            await App.SeedAccountsAsync();
            await using var db = await App.Services.GetRequiredService<IDbContextFactory<ResolutionDbContext>>().CreateDbContextAsync();
            await db.Users.Where(u => u.UserName == "pm.by").ExecuteUpdateAsync(u => u.SetProperty(x => x.CertificateSubject, BelarusSubject));
            await db.Users.Where(u => u.UserName == "pm.ru").ExecuteUpdateAsync(u => u.SetProperty(x => x.CertificateSubject, RussiaSubject));
        }

        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    /// <summary>Posts the signing form with the signature file, and returns the notice the page shows after the redirect.</summary>
    private static async Task<string> SignOnPage(HttpClient browser, Guid id, string hash, byte[]? signature)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await WebApp.AntiforgeryToken(browser)), "__RequestVerificationToken" },
            { new StringContent(hash), "seenTextHash" },
        };
        if (signature is not null) { form.Add(new ByteArrayContent(signature), "signature", "подпись.sig"); }
        var redirect = await browser.PostAsync($"/resolutions/{id}?handler=Sign", form);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var page = await browser.GetStringAsync(redirect.Headers.Location);
        return System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "class=\"notice[^\"]*\"[^>]*>(.*?)</", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value);
    }

    [Fact]
    public async Task A_head_of_government_signs_the_downloaded_content_on_the_page_and_a_bad_signature_is_refused_there()
    {
        var (id, hash) = await app.App.AtSigningAsync("О подписании электронной подписью");
        var browser = await app.App.BrowserFor("pm.by");
        var page = await browser.GetStringAsync($"/resolutions/{id}");
        Assert.Contains("Файл подписи (.sig, .p7s)", page, StringComparison.Ordinal);
        var content = await browser.GetByteArrayAsync($"/api/resolutions/{id}/versions/1/content");
        Assert.Equal(hash, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)));

        Assert.Contains("нужна открепленная электронная подпись", await SignOnPage(browser, id, hash, null), StringComparison.Ordinal);
        var signer = TestPki.Issue(BelarusCa, BelarusSubject, KeyKind.Gost256);
        Assert.Contains("Подпись не проверяется для содержимого редакции", await SignOnPage(browser, id, hash, signer.Sign("1. Другой текст."u8.ToArray())), StringComparison.Ordinal);
        Assert.Contains("не связан с доверенным удостоверяющим центром", await SignOnPage(browser, id, hash, TestPki.Issue(RussiaCa, BelarusSubject, KeyKind.Gost256).Sign(content)), StringComparison.Ordinal);
        Assert.Equal(0, await app.App.CountAsync(db => db.Signatures.Where(s => s.ResolutionId == id)));

        Assert.Equal("Готово.", await SignOnPage(browser, id, hash, signer.Sign(content)));
        // The Russian head of government sends his over the API.
        var api = await (await app.App.ClientFor("pm.ru")).PostAsJsonAsync($"/api/resolutions/{id}/signature",
            new { seenTextHash = hash, cms = Convert.ToBase64String(TestPki.Issue(RussiaCa, RussiaSubject, KeyKind.Gost512).Sign(content)) });
        Assert.Equal("registration", (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stageId").GetString());

        var signed = await (await app.App.BrowserFor("coordinator")).GetStringAsync($"/resolutions/{id}");
        Assert.Contains("электронная подпись: Премьер-министр Республики Беларусь (ГОСТ Р 34.10-2012 (256), ГОСТ Р 34.11-2012 (256))", System.Net.WebUtility.HtmlDecode(signed), StringComparison.Ordinal);
    }
}
