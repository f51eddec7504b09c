using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Cms;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Documents.Packages;
using ResolutionWorkflow.Documents.Signatures;
using ResolutionWorkflow.Tests.Common;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Api;

/// <summary>
/// The heads of government sign with what their certification authorities give them — keys, certificates,
/// revocation lists and time-stamps made by OpenSSL with the GOST engine — through the API; the act's
/// package then verifies with the product's verifier (what <c>act verify</c> runs) and with <c>openssl cms -verify</c>.
/// </summary>
[Collection(WebAppTests.Name)]
public sealed class IndependentSignerApiTests : IAsyncLifetime
{
    private readonly WebApp _app = new();
    private OpenSsl _openssl = null!;
    private OpenSsl.Authority _russia = null!, _issuing = null!, _belarus = null!, _tsaRoot = null!;
    private string _trust = "";

    public async ValueTask InitializeAsync()
    {
        _openssl = OpenSsl.Require();
        _russia = _openssl.NewAuthority("ru-root", "/C=RU/O=Минцифры России/CN=Головной удостоверяющий центр (OpenSSL)", "gost2012_512", "A");
        _issuing = _openssl.NewAuthority("ru-issuing", "/C=RU/CN=Удостоверяющий центр Правительства (OpenSSL)", "gost2012_256", "TCA", _russia);
        _belarus = _openssl.NewAuthority("by-root", "/C=BY/CN=Корневой удостоверяющий центр (OpenSSL)", "gost2012_256", "TCD");
        _tsaRoot = _openssl.NewAuthority("tsa-root", "/C=RU/CN=Корневой центр службы штампов времени (OpenSSL)", "gost2012_256", "TCB");

        var workflows = Repository.CopyOfWorkflowsSigningWithCms();
        _trust = Path.Combine(_app.DataFolder, "anchors");
        foreach (var (folder, authority) in new[] { ("ru", _russia), ("by", _belarus), ("tsa", _tsaRoot) })
        {
            Directory.CreateDirectory(Path.Combine(_trust, folder));
            File.Copy(authority.Certificate, Path.Combine(_trust, folder, "root.pem"));
        }
        _app.Settings["Workflows:Folder"] = workflows;
        _app.Settings["Signatures:TrustAnchorFolder"] = _trust;
        _app.Settings["Demo:Enabled"] = "false";
        _ = _app.Server;
        await _app.SeedAccountsAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _openssl?.Dispose();
    }

    [Fact]
    public async Task Both_heads_of_government_sign_with_openssl_one_with_a_time_stamp_a_revoked_certificate_is_refused_and_the_package_verifies_with_openssl()
    {
        // Each account's certificate subject as `openssl x509 -noout -subject` prints it, as the administrator pastes it.
        var pmRu = _openssl.Issue(_issuing, "pm-ru", "/C=RU/O=Правительство Российской Федерации/CN=Председатель Правительства Российской Федерации/SNILS=12345678901", "gost2012_256", "XB");
        var pmBy = _openssl.Issue(_belarus, "pm-by", "/C=BY/O=Совет Министров Республики Беларусь/CN=Премьер-министр Республики Беларусь", "gost2012_256", "TCC");
        await SubjectAsync("pm.ru", _openssl.Subject(pmRu));
        await SubjectAsync("pm.by", _openssl.Subject(pmBy, "RFC2253"));
        // A certificate of the same person, revoked by its authority, whose list lies beside the roots.
        var revoked = _openssl.Issue(_issuing, "pm-ru-old", "/C=RU/O=Правительство Российской Федерации/CN=Председатель Правительства Российской Федерации/SNILS=12345678901", "gost2012_256", "A");
        File.Copy(_openssl.Revoke(_issuing, revoked), Path.Combine(_trust, "ru", "issuing.crl"));
        await Task.Delay(1100); // the list counts whole seconds

        var (id, hash) = await _app.AtSigningAsync("О подписании средствами удостоверяющих центров");
        var content = await (await _app.BrowserFor("pm.by")).GetByteArrayAsync($"/api/resolutions/{id}/versions/1/content");
        async Task<HttpResponseMessage> SignAsync(string user, byte[] cms) =>
            await (await _app.ClientFor(user)).PostAsJsonAsync($"/api/resolutions/{id}/signature", new { seenTextHash = hash, cms = Convert.ToBase64String(cms) });

        var refused = await SignAsync("pm.ru", _openssl.Sign(content, revoked, _issuing.Certificate));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("cmsRevoked", problem.GetProperty("reasonKey").GetString());
        Assert.Contains("was revoked on", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await _app.CountAsync(db => db.Signatures.Where(s => s.ResolutionId == id)));

        Assert.Equal(HttpStatusCode.OK, (await SignAsync("pm.by", _openssl.Sign(content, pmBy))).StatusCode);
        // CAdES-T: the signature, then an authority's token over its value in the unsigned attributes.
        var tsa = _openssl.Issue(_tsaRoot, "tsa", "/C=RU/O=Служба штампов времени/CN=TSP (OpenSSL)", "gost2012_256", "TCA", "timestamping");
        var cms = _openssl.Sign(content, pmRu, _issuing.Certificate);
        var signed = await SignAsync("pm.ru", OpenSsl.WithTimeStamp(cms, _openssl.TimeStamp(OpenSsl.SignatureValue(cms), tsa, "md_gost12_256")));
        Assert.Equal("registration", (await signed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stageId").GetString());

        // The package: the product's verifier and OpenSSL both take every signature over the text the act carries.
        var package = await (await _app.ClientFor("coordinator")).GetByteArrayAsync($"/api/resolutions/{id}/package");
        var anchors = new[] { _russia, _belarus, _tsaRoot }.SelectMany(a => CmsVerifier.ReadCertificates(File.ReadAllBytes(a.Certificate))).ToList();
        Assert.Empty(ActPackageVerifier.Verify(new MemoryStream(package), anchors));
        using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        var text = Read(zip, ActPackage.TextFile);
        Assert.Equal(content, text);
        var manifest = JsonNode.Parse(Read(zip, ActPackage.ManifestFile))!;
        var signatures = manifest["signatures"]!.AsArray();
        Assert.Equal(["signingTime", "timeStamp"], signatures.Select(s => (string?)s!["timeFrom"]).Order());
        Assert.Contains("CN=TSP (OpenSSL)", (string?)signatures.Single(s => (string?)s!["timeFrom"] == "timeStamp")!["timeStampAuthority"], StringComparison.Ordinal);
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("signatures/", StringComparison.Ordinal)))
        {
            var (verified, output) = _openssl.VerifyCms(text, Read(zip, entry.FullName), _russia.Certificate, _belarus.Certificate);
            Assert.True(verified, $"{entry.FullName}: {output}");
        }
    }

    [Fact]
    public async Task A_revocation_list_past_its_next_update_is_shown_on_the_incidents_page_and_degrades_the_health_check()
    {
        File.Copy(_openssl.RevocationList(_belarus, seconds: 1), Path.Combine(_trust, "by", "stale.crl"));
        File.WriteAllText(Path.Combine(_trust, "ru", "broken.pem"), "не сертификат");
        await Task.Delay(2100);

        var health = await (await _app.ClientFor(null)).GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode); // degraded, still serving
        var check = (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("trust-anchors");
        Assert.Equal("Degraded", check.GetProperty("status").GetString());
        Assert.Contains($"{Path.Combine("by", "stale.crl")}: the revocation list of C=BY,CN=Корневой удостоверяющий центр (OpenSSL) was due to be replaced on", check.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains($"{Path.Combine("ru", "broken.pem")}: not a readable certificate", check.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_trust, check.GetProperty("description").GetString(), StringComparison.Ordinal); // no server path leaves the node

        var page = System.Net.WebUtility.HtmlDecode(await (await _app.BrowserFor("coordinator")).GetStringAsync("/incidents"));
        Assert.Contains("Корневые сертификаты и списки отозванных сертификатов, требующие внимания", page, StringComparison.Ordinal);
        Assert.Contains($"<td translate=\"no\">{Path.Combine("by", "stale.crl")}</td><td>Срок действия списка отозванных сертификатов истёк", page, StringComparison.Ordinal);
        Assert.Contains($"<td translate=\"no\">{Path.Combine("ru", "broken.pem")}</td><td>Не удалось прочитать сертификат; файл не применяется</td>", page, StringComparison.Ordinal);
    }

    private async Task SubjectAsync(string user, string printed)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<ResolutionDbContext>>().CreateDbContextAsync();
        var details = new App.People.PersonDetails(null, null, null, null, null, null) { CertificateSubject = printed };
        Assert.Empty(details.Problems());
        var account = await db.Users.SingleAsync(u => u.UserName == user);
        details.ApplyTo(account);
        await db.SaveChangesAsync();
    }

    private static byte[] Read(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
