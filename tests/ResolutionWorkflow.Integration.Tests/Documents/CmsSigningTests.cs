using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Org.BouncyCastle.OpenSsl;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Contracts;
using ResolutionWorkflow.Engine.Texts;
using ResolutionWorkflow.Integration.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Documents;

/// <summary>
/// A definition whose signing stage takes CMS signatures: each head of government signs the
/// version's content with a certified key of their own tool; the application verifies the
/// signature against the content, the account's certificate subject and the country's trust anchors.
/// </summary>
[Collection(HostedAppTests.Name)]
public sealed class CmsSigningTests
{
    internal const string BelarusSubject = "CN=Премьер-министр Республики Беларусь, O=Совет Министров Республики Беларусь, C=BY";
    internal const string RussiaSubject = "CN=Председатель Правительства Российской Федерации, O=Правительство Российской Федерации, C=RU";

    internal static readonly TestIdentity BelarusCa = TestPki.Root("CN=Корневой УЦ Республики Беларусь (тест), C=BY", KeyKind.Gost256);
    internal static readonly TestIdentity RussiaCa = TestPki.Root("CN=Головной УЦ (тест), C=RU", KeyKind.Gost512);

    internal static async Task<(BusHost Host, BusClient R)> AtSigning(Func<BusHost, BusClient, Task>? whileDrafting = null)
    {
        var workflows = Repository.CopyOfWorkflowsSigningWithCms();

        var anchors = Path.Combine(Path.GetTempPath(), "rw-anchors-" + Guid.NewGuid().ToString("N"));
        foreach (var (country, ca) in new[] { ("by", BelarusCa), ("ru", RussiaCa) })
        {
            Directory.CreateDirectory(Path.Combine(anchors, country));
            await using var pem = new StreamWriter(Path.Combine(anchors, country, "root.pem"));
            new PemWriter(pem).WriteObject(ca.Certificate);
        }
        var host = await BusHost.StartAsync(new BusHostOptions { Workflows = workflows, Settings = { ["Signatures:TrustAnchorFolder"] = anchors } });
        await using (var db = host.NewContext())
        {
            db.Users.Add(new AppUser { UserName = Actors.PrimeMinisterBelarus.UserId, Organisation = "by-government", CertificateSubject = BelarusSubject });
            db.Users.Add(new AppUser { UserName = Actors.PrimeMinisterRussia.UserId, Organisation = "ru-government", CertificateSubject = RussiaSubject });
            await db.SaveChangesAsync();
        }
        var r = new BusClient(host, Guid.NewGuid());
        await r.Accept(r.Start("council-of-ministers-resolution"));
        if (whileDrafting is not null) { await whileDrafting(host, r); }
        await r.Accept(r.Submit());
        foreach (var m in Actors.ReviewingMinistries) { await r.Accept(r.Agree(m)); }
        foreach (var m in Actors.LegalBodies) { await r.Accept(r.Agree(m)); }
        foreach (var c in r.AdoptAtMeeting(host.Clock.GetUtcNow())) { await r.Accept(c); }
        return (host, r);
    }

    internal static async Task<byte[]> ContentOf(BusHost host, Guid id)
    {
        await using var db = host.NewContext();
        var row = await db.Resolutions.AsNoTracking().SingleAsync(x => x.Id == id);
        return (await db.VersionAsync(id, row.CurrentTextVersion, CancellationToken.None))!.Content;
    }

    internal static Task<(CommandAccepted? Accepted, CommandRejected? Rejected)> Sign(BusHost host, BusClient r, Engine.Resolutions.Actor who, byte[]? cms) =>
        host.Request(new SignResolution(Guid.NewGuid(), r.Id, new ActorRef(who.UserId, who.Organisation, [.. who.Roles]), r.Hash, cms is null ? null : Convert.ToBase64String(cms)));

    [Fact]
    public async Task Each_head_of_government_signs_with_a_certified_gost_key_and_the_journal_keeps_the_evidence()
    {
        var (host, r) = await AtSigning();
        await using var _ = host;
        var content = await ContentOf(host, r.Id);
        Assert.Equal(r.Hash, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)));

        var belarus = TestPki.Issue(BelarusCa, BelarusSubject, KeyKind.Gost256);
        var russia = TestPki.Issue(RussiaCa, RussiaSubject, KeyKind.Gost512);
        Assert.NotNull((await Sign(host, r, Actors.PrimeMinisterBelarus, belarus.Sign(content, host.Clock.GetUtcNow()))).Accepted);
        var last = await Sign(host, r, Actors.PrimeMinisterRussia, russia.Sign(content, host.Clock.GetUtcNow()));
        Assert.True(last.Accepted is not null, last.Rejected?.Reason);
        Assert.Equal("registration", last.Accepted!.StageId);

        await using var db = host.NewContext();
        var signatures = await db.Signatures.AsNoTracking().Where(s => s.ResolutionId == r.Id).OrderBy(s => s.JournalSequence).ToListAsync();
        Assert.Equal(2, signatures.Count);
        Assert.True(new Org.BouncyCastle.Asn1.X509.X509Name(signatures[0].CertificateSubject).Equivalent(new Org.BouncyCastle.Asn1.X509.X509Name(BelarusSubject)));
        Assert.True(new Org.BouncyCastle.Asn1.X509.X509Name(signatures[1].CertificateSubject).Equivalent(new Org.BouncyCastle.Asn1.X509.X509Name(RussiaSubject)));
        Assert.Equal(["GOST R 34.10-2012 (256), GOST R 34.11-2012 (256)", "GOST R 34.10-2012 (512), GOST R 34.11-2012 (512)"], signatures.Select(s => s.SignatureAlgorithm));
        var entry = await db.Journal.AsNoTracking().Where(j => j.ResolutionId == r.Id && j.EventType == "signature-recorded").OrderBy(j => j.Sequence).FirstAsync();
        Assert.Contains("\"cms\":\"", entry.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_or_missing_signature_is_refused_with_its_reason_and_nothing_is_recorded()
    {
        var (host, r) = await AtSigning();
        await using var _ = host;
        var content = await ContentOf(host, r.Id);
        var now = host.Clock.GetUtcNow();
        var cases = new (byte[]? Cms, string Key)[]
        {
            (null, "cmsRequired"),
            (TestPki.Issue(BelarusCa, BelarusSubject, KeyKind.Gost256).Sign("другой текст"u8.ToArray(), now), "cmsSignatureInvalid"),
            (TestPki.Issue(RussiaCa, BelarusSubject, KeyKind.Gost256).Sign(content, now), "cmsUntrusted"), // a Russian authority does not certify a Belarusian signer
            (TestPki.Issue(BelarusCa, "CN=Иванов Иван Иванович, C=BY", KeyKind.Gost256).Sign(content, now), "cmsSubjectMismatch"),
            (TestPki.Issue(BelarusCa, BelarusSubject, KeyKind.Rsa, now.AddYears(-3), now.AddDays(-2)).Sign(content, now), "cmsCertificateNotValid"),
            ("не подпись"u8.ToArray(), "cmsUnreadable"),
        };
        foreach (var (cms, key) in cases)
        {
            var (accepted, rejected) = await Sign(host, r, Actors.PrimeMinisterBelarus, cms);
            Assert.Null(accepted);
            Assert.Equal(key, rejected!.ReasonKey);
        }
        await using var db = host.NewContext();
        Assert.Equal(0, await db.Signatures.CountAsync(s => s.ResolutionId == r.Id));
    }

    /// <summary>The cheap question first: a signature posted by someone whose task it is not is answered as such, before the file is read.</summary>
    [Fact]
    public async Task A_signature_from_someone_who_may_not_sign_is_refused_as_not_their_task_before_the_file_is_read()
    {
        var (host, r) = await AtSigning();
        await using var _ = host;
        var content = await ContentOf(host, r.Id);
        var now = host.Clock.GetUtcNow();
        foreach (var cms in new[] { "не подпись"u8.ToArray(), TestPki.Issue(RussiaCa, BelarusSubject, KeyKind.Gost256).Sign(content, now) })
        {
            var (accepted, rejected) = await Sign(host, r, Actors.Officer("by-minfin"), cms);
            Assert.Null(accepted);
            Assert.Equal("notYourTask", rejected!.Code);
        }
        await using var db = host.NewContext();
        Assert.Equal(0, await db.Signatures.CountAsync(s => s.ResolutionId == r.Id));
    }

    /// <summary>A signature sent again with its key (after a timeout) gets its first answer, whatever the trust anchors say by then; other bytes with the same key are another request.</summary>
    [Fact]
    public async Task A_signature_sent_again_gets_its_first_answer_even_when_the_anchors_changed_since()
    {
        var (host, r) = await AtSigning();
        await using var _ = host;
        var content = await ContentOf(host, r.Id);
        var signer = TestPki.Issue(BelarusCa, BelarusSubject, KeyKind.Gost256);
        var cms = Convert.ToBase64String(signer.Sign(content, host.Clock.GetUtcNow()));
        var who = new ActorRef(Actors.PrimeMinisterBelarus.UserId, Actors.PrimeMinisterBelarus.Organisation, [.. Actors.PrimeMinisterBelarus.Roles]);
        var commandId = Guid.NewGuid();
        var first = await host.Request(new SignResolution(commandId, r.Id, who, r.Hash, cms));
        Assert.NotNull(first.Accepted);

        // The operator replaces the anchors; the repeat is not checked again, it is answered.
        Directory.Delete(host.Services.GetRequiredService<App.Documents.SignatureOptions>().TrustAnchorFolder!, recursive: true);
        var again = await host.Request(new SignResolution(commandId, r.Id, who, r.Hash, cms));
        Assert.True(again.Accepted!.Duplicate);
        Assert.Equal(first.Accepted!.Version, again.Accepted.Version);
        var other = await host.Request(new SignResolution(commandId, r.Id, who, r.Hash, Convert.ToBase64String(signer.Sign(content, host.Clock.GetUtcNow().AddSeconds(-5)))));
        Assert.Equal("idempotencyKeyReused", other.Rejected!.Code);
        await using var db = host.NewContext();
        Assert.Equal(1, await db.Signatures.CountAsync(s => s.ResolutionId == r.Id));
    }
}
