using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Cms;
using ResolutionWorkflow.App.Documents;
using ResolutionWorkflow.Documents.Signatures;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Documents;

/// <summary>
/// Certification authorities, certificates, revocation lists and time-stamps made by an independent tool —
/// OpenSSL with Debian's GOST engine, as `openssl ca`, `openssl cms` and `openssl ts` make them — checked by
/// the verifier, and the verifier's verdict agreeing with `openssl cms -verify`.
/// </summary>
public sealed class IndependentSignerTests
{
    private const string Signer = "/C=RU/O=Правительство Российской Федерации/CN=Мишустин Михаил Владимирович/SNILS=12345678901";
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("Совет Министров Союзного государства постановляет:\n1. Утвердить.\n");

    /// <summary>The GOST R 34.10-2012 parameter sets certification authorities issue, by the engine's names; RSA and ECDSA beside them.</summary>
    public static TheoryData<string, string?> KeyKinds() => new()
    {
        { "gost2012_256", "A" }, { "gost2012_256", "B" }, { "gost2012_256", "C" }, { "gost2012_256", "XA" }, { "gost2012_256", "XB" },
        { "gost2012_256", "TCA" }, { "gost2012_256", "TCB" }, { "gost2012_256", "TCC" }, { "gost2012_256", "TCD" },
        { "gost2012_512", "A" }, { "gost2012_512", "B" }, { "gost2012_512", "C" },
        { "RSA", null }, { "EC", "P-256" },
    };

    [Theory]
    [MemberData(nameof(KeyKinds))]
    public void A_signature_openssl_makes_on_every_parameter_set_through_an_issuing_authority_verifies_as_openssl_verifies_it(string algorithm, string? paramset)
    {
        using var openssl = OpenSsl.Require();
        // Root, issuing authority and signer all on the set: every key of the chain is read.
        var root = openssl.NewAuthority("root", "/C=RU/CN=Головной удостоверяющий центр (OpenSSL)", algorithm, paramset);
        var issuing = openssl.NewAuthority("issuing", "/C=RU/CN=Удостоверяющий центр (OpenSSL)", algorithm, paramset, root);
        var signer = openssl.Issue(issuing, "signer", Signer, algorithm, paramset);
        var cms = openssl.Sign(Content, signer, issuing.Certificate);

        Assert.True(openssl.VerifyCms(Content, cms, root.Certificate).Verified);
        var (evidence, problem) = CmsVerifier.Verify(Content, cms, TrustMaterial.Of(Anchors(root)), openssl.Subject(signer), DateTimeOffset.UtcNow);
        Assert.True(problem is null, $"{algorithm} {paramset}: {problem}");
        Assert.Equal(SignatureEvidence.SigningTime, evidence!.TimeFrom);

        // Other bytes: both refuse.
        var other = Encoding.UTF8.GetBytes("1. Утвердить в другой редакции.\n");
        Assert.False(openssl.VerifyCms(other, cms, root.Certificate).Verified);
        Assert.Equal("cmsSignatureInvalid", CmsVerifier.Verify(other, cms, TrustMaterial.Of(Anchors(root)), openssl.Subject(signer), DateTimeOffset.UtcNow).Problem!.Key);
    }

    /// <summary>
    /// Without a time-stamp the certificate is judged now: the signing-time attribute is the signer's own word, written with
    /// the very key being checked, so a signature dated before the revocation is refused all the same.
    /// </summary>
    [Fact]
    public void A_revoked_certificate_is_refused_naming_the_list_though_the_signature_is_dated_before_and_only_its_issuers_list_counts()
    {
        using var openssl = OpenSsl.Require();
        var root = openssl.NewAuthority("root", "/C=RU/CN=Головной удостоверяющий центр (OpenSSL)", "gost2012_512", "A");
        var issuing = openssl.NewAuthority("issuing", "/C=RU/CN=Удостоверяющий центр (OpenSSL)", "gost2012_256", "TCA", root);
        var signer = openssl.Issue(issuing, "signer", Signer, "gost2012_256", "TCB");
        var subject = openssl.Subject(signer);
        var before = openssl.Sign(Content, signer, issuing.Certificate);
        Thread.Sleep(1100); // the list and the signature count whole seconds

        var list = CmsVerifier.ReadRevocationLists(File.ReadAllBytes(openssl.Revoke(issuing, signer)));
        Thread.Sleep(1100);
        var after = openssl.Sign(Content, signer, issuing.Certificate);
        var trust = new TrustMaterial(Anchors(root), list, []);

        Assert.Equal("cmsRevoked", CmsVerifier.Verify(Content, before, trust, subject, DateTimeOffset.UtcNow).Problem!.Key);
        var refused = CmsVerifier.Verify(Content, after, trust, subject, DateTimeOffset.UtcNow).Problem!;
        Assert.Equal("cmsRevoked", refused.Key);
        Assert.Contains(refused.Args, a => a.Name == "issuer" && ((string)a.Value!).Contains("CN=Удостоверяющий центр (OpenSSL)", StringComparison.Ordinal));
        Assert.Contains(refused.Args, a => a.Name == "date" && ((string)a.Value!).EndsWith("UTC", StringComparison.Ordinal));
        // A list another key signed, in the issuer's name and revoking the same serial, says nothing about this certificate.
        var stranger = openssl.NewAuthority("stranger", "/C=RU/CN=Удостоверяющий центр (OpenSSL)", "gost2012_256", "TCA");
        File.WriteAllText(Path.Combine(stranger.Folder, "serial"), openssl.Run("x509", "-in", signer, "-noout", "-serial").Trim()["serial=".Length..] + "\n");
        var forged = CmsVerifier.ReadRevocationLists(File.ReadAllBytes(openssl.Revoke(stranger, openssl.Issue(stranger, "twin", Signer, "gost2012_256", "TCA"))));
        Assert.Equal(list[0].GetRevokedCertificates().Single().SerialNumber, forged[0].GetRevokedCertificates().Single().SerialNumber);
        Assert.Null(CmsVerifier.Verify(Content, after, new TrustMaterial(Anchors(root), forged, []), subject, DateTimeOffset.UtcNow).Problem);

        // An authority of the chain revoked by the root: every certificate it issued is refused after.
        var second = openssl.Issue(issuing, "second", Signer, "gost2012_256", "TCC");
        var rootList = CmsVerifier.ReadRevocationLists(File.ReadAllBytes(openssl.Revoke(root, issuing.Certificate)));
        Thread.Sleep(1100);
        var byRevokedAuthority = CmsVerifier.Verify(Content, openssl.Sign(Content, second, issuing.Certificate), new TrustMaterial(Anchors(root), rootList, []), subject, DateTimeOffset.UtcNow).Problem!;
        Assert.Equal("cmsRevoked", byRevokedAuthority.Key);
        Assert.Contains(byRevokedAuthority.Args, a => a.Name == "subject" && ((string)a.Value!).Contains("CN=Удостоверяющий центр (OpenSSL)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_time_stamp_of_a_trusted_authority_is_the_signing_time_and_a_foreign_or_misplaced_one_is_refused()
    {
        using var openssl = OpenSsl.Require();
        var root = openssl.NewAuthority("root", "/C=RU/CN=Головной удостоверяющий центр (OpenSSL)", "gost2012_256", "TCA");
        var signer = openssl.Issue(root, "signer", Signer, "gost2012_256", "XA");
        var tsaRoot = openssl.NewAuthority("tsa-root", "/C=RU/CN=Корневой центр службы штампов времени (OpenSSL)", "gost2012_512", "B");
        var tsa = openssl.Issue(tsaRoot, "tsa", "/C=RU/O=Служба штампов времени/CN=TSP (OpenSSL)", "gost2012_256", "TCD", "timestamping");
        var subject = openssl.Subject(signer);
        var cms = openssl.Sign(Content, signer);
        var value = new CmsSignedData(cms).GetSignerInfos().GetSigners().Single().GetSignature();
        var stamped = OpenSsl.WithTimeStamp(cms, Asn1Object.FromByteArray(openssl.TimeStamp(value, tsa, "md_gost12_256")));

        // `openssl cms -verify` takes the CAdES-T signature too (the token is an unsigned attribute).
        Assert.True(openssl.VerifyCms(Content, stamped, root.Certificate).Verified);
        var (evidence, problem) = CmsVerifier.Verify(Content, stamped, new TrustMaterial(Anchors(root), [], Anchors(tsaRoot)), subject, DateTimeOffset.UtcNow);
        Assert.True(problem is null, problem?.ToString());
        Assert.Equal(SignatureEvidence.TimeStamp, evidence!.TimeFrom);
        Assert.Contains("CN=TSP (OpenSSL)", evidence.TimeStampAuthority, StringComparison.Ordinal);
        Assert.InRange(evidence.SignedAt, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow);

        // Revoked after the authority stamped the signature: the stamped time is before the revocation, so it stands.
        Thread.Sleep(1100);
        var list = CmsVerifier.ReadRevocationLists(File.ReadAllBytes(openssl.Revoke(root, signer)));
        Assert.Null(CmsVerifier.Verify(Content, stamped, new TrustMaterial(Anchors(root), list, Anchors(tsaRoot)), subject, DateTimeOffset.UtcNow).Problem);

        // An authority not among the time-stamping roots; a token over other bytes than the signature; an attribute that is no token.
        Assert.Equal("cmsTimeStampUntrusted", CmsVerifier.Verify(Content, stamped, new TrustMaterial(Anchors(root), [], Anchors(root)), subject, DateTimeOffset.UtcNow).Problem!.Key);
        var misplaced = OpenSsl.WithTimeStamp(cms, Asn1Object.FromByteArray(openssl.TimeStamp(Content, tsa, "md_gost12_256")));
        Assert.Equal("cmsTimeStampInvalid", CmsVerifier.Verify(Content, misplaced, new TrustMaterial(Anchors(root), [], Anchors(tsaRoot)), subject, DateTimeOffset.UtcNow).Problem!.Key);
        var noToken = OpenSsl.WithTimeStamp(cms, new DerOctetString(value));
        Assert.Equal("cmsTimeStampInvalid", CmsVerifier.Verify(Content, noToken, new TrustMaterial(Anchors(root), [], Anchors(tsaRoot)), subject, DateTimeOffset.UtcNow).Problem!.Key);
    }

    [Fact]
    public void A_revocation_list_past_its_next_update_is_reported_and_still_applied_and_an_unreadable_one_is_named()
    {
        using var openssl = OpenSsl.Require();
        var root = openssl.NewAuthority("root", "/C=RU/CN=Головной удостоверяющий центр (OpenSSL)", "gost2012_256", "TCB");
        var signer = openssl.Issue(root, "signer", Signer, "gost2012_256", "TCB");
        openssl.Revoke(root, signer);
        var stale = openssl.RevocationList(root, seconds: 1);
        Thread.Sleep(2100);
        var folder = openssl.PathOf("trust");
        Directory.CreateDirectory(Path.Combine(folder, "ru"));
        File.Copy(root.Certificate, Path.Combine(folder, "ru", "root.pem"));
        File.Copy(stale, Path.Combine(folder, "ru", "root.crl"));
        File.WriteAllText(Path.Combine(folder, "ru", "broken.crl"), "-----BEGIN X509 CRL-----\nне список\n-----END X509 CRL-----\n");
        var check = new SignatureCheck(null!, null!, new SignatureOptions { TrustAnchorFolder = folder }, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<SignatureCheck>.Instance);

        var problems = check.Problems();
        Assert.Equal([(Path.Combine(folder, "ru", "broken.crl"), TrustProblem.Unreadable), (Path.Combine(folder, "ru", "root.crl"), TrustProblem.Stale)],
            problems.Select(p => (p.File, p.Kind)).Order());
        Assert.Contains("was due to be replaced on", problems.Single(p => p.Kind == TrustProblem.Stale).Detail, StringComparison.Ordinal);
        // Still applied: what it revokes stays revoked.
        Assert.Equal("cmsRevoked", CmsVerifier.Verify(Content, openssl.Sign(Content, signer), check.TrustOf("ru"), openssl.Subject(signer), DateTimeOffset.UtcNow).Problem!.Key);
    }

    private static IReadOnlyList<Org.BouncyCastle.X509.X509Certificate> Anchors(OpenSsl.Authority authority) => CmsVerifier.ReadCertificates(File.ReadAllBytes(authority.Certificate));
}
