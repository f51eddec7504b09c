using System.Text;
using ResolutionWorkflow.Documents.Signatures;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Documents;

/// <summary>
/// Detached CMS signatures made by a test certification authority's keys: each supported algorithm
/// verifies over exactly the signed bytes, and each way a signature can be bad is refused by name.
/// </summary>
public sealed class CmsVerifierTests
{
    private const string Subject = "CN=Мишустин Михаил Владимирович, O=Правительство Российской Федерации, C=RU";
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("Совет Министров Союзного государства постановляет:\n1. Утвердить.");
    private static readonly TestIdentity Ca = TestPki.Root("CN=Тестовый удостоверяющий центр, C=RU");

    [Theory]
    [InlineData(KeyKind.Gost256, "GOST R 34.10-2012 (256), GOST R 34.11-2012 (256)")]
    [InlineData(KeyKind.Gost512, "GOST R 34.10-2012 (512), GOST R 34.11-2012 (512)")]
    [InlineData(KeyKind.Rsa, "RSA, SHA-256")]
    [InlineData(KeyKind.Ecdsa, "ECDSA, SHA-256")]
    public void A_signature_by_a_certified_key_over_the_bytes_verifies_and_names_signer_algorithm_and_time(KeyKind kind, string algorithm)
    {
        var signer = TestPki.Issue(Ca, Subject, kind);
        var at = Now.AddMinutes(-3);
        var (evidence, problem) = CmsVerifier.Verify(Content, signer.Sign(Content, at), [Ca.Certificate], Subject, Now);
        Assert.Null(problem);
        Assert.Equal(algorithm, evidence!.Algorithm);
        Assert.Equal(at.ToUnixTimeSeconds(), evidence.SignedAt.ToUnixTimeSeconds());
        Assert.Contains("CN=Тестовый удостоверяющий центр", evidence.Issuer, StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Content)), evidence.ContentSha256);
    }

    /// <summary>Every parameter set of GOST R 34.10-2012 a certification authority may issue, with or without the digest OID in the key's parameters, in the signer's certificate and in every authority of the chain.</summary>
    public static TheoryData<string, string, bool> GostParameterSets()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var (name, oid) in new[]
        {
            ("CryptoPro A", "1.2.643.2.2.35.1"), ("CryptoPro B", "1.2.643.2.2.35.2"), ("CryptoPro C", "1.2.643.2.2.35.3"), ("CryptoPro XA", "1.2.643.2.2.36.0"), ("CryptoPro XB", "1.2.643.2.2.36.1"),
            ("TC26 256 A", "1.2.643.7.1.2.1.1.1"), ("TC26 256 B", "1.2.643.7.1.2.1.1.2"), ("TC26 256 C", "1.2.643.7.1.2.1.1.3"), ("TC26 256 D", "1.2.643.7.1.2.1.1.4"),
            ("TC26 512 A", "1.2.643.7.1.2.1.2.1"), ("TC26 512 B", "1.2.643.7.1.2.1.2.2"), ("TC26 512 C", "1.2.643.7.1.2.1.2.3"),
        })
        {
            data.Add(name, oid, true);
            data.Add(name, oid, false);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(GostParameterSets))]
    public void Every_gost_parameter_set_verifies_in_the_signers_certificate_and_in_every_authority_of_the_chain(string name, string oid, bool withDigest)
    {
        var gost = new GostKey(new Org.BouncyCastle.Asn1.DerObjectIdentifier(oid), withDigest);
        var root = TestPki.Root($"CN=Корневой УЦ ({name}), C=RU", gost);
        var issuing = TestPki.Issue(root, $"CN=Выдающий УЦ ({name}), C=RU", gost, ca: true);
        var signer = TestPki.Issue(issuing, Subject, gost);
        var (evidence, problem) = CmsVerifier.Verify(Content, signer.Sign(Content, Now, issuing.Certificate), [root.Certificate], Subject, Now);
        Assert.True(problem is null, $"{name}{(withDigest ? "" : " without the digest OID")}: {problem}");
        Assert.StartsWith(gost.Kind == KeyKind.Gost512 ? "GOST R 34.10-2012 (512)" : "GOST R 34.10-2012 (256)", evidence!.Algorithm, StringComparison.Ordinal);
        // The same key over other bytes is still refused as such.
        Assert.Equal("cmsSignatureInvalid", CmsVerifier.Verify(Content, signer.Sign("другое"u8.ToArray(), Now, issuing.Certificate), [root.Certificate], Subject, Now).Problem!.Key);
    }

    /// <summary>An operator's folder with a file that is not a certificate, and a root whose key names its parameter set alone: the root is taken, the file is named and left out.</summary>
    [Fact]
    public void An_unreadable_trust_anchor_is_named_and_left_out_and_the_others_still_count()
    {
        var folder = Path.Combine(Path.GetTempPath(), "rw-anchors-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "ru"));
        var root = TestPki.Root("CN=Корневой УЦ (TC26 A), C=RU", new GostKey(Org.BouncyCastle.Asn1.Rosstandart.RosstandartObjectIdentifiers.id_tc26_gost_3410_12_256_paramSetA, WithDigest: false));
        File.WriteAllBytes(Path.Combine(folder, "ru", "root.cer"), root.Certificate.GetEncoded());
        File.WriteAllText(Path.Combine(folder, "ru", "broken.pem"), "-----BEGIN CERTIFICATE-----\nне сертификат\n-----END CERTIFICATE-----\n");
        File.WriteAllBytes(Path.Combine(folder, "ru", "zeros.der"), new byte[64]);
        // Only the trust anchors are read here: no database, no registry.
        var check = new App.Documents.SignatureCheck(null!, null!, new App.Documents.SignatureOptions { TrustAnchorFolder = folder }, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<App.Documents.SignatureCheck>.Instance);

        Assert.Equal(root.Certificate, Assert.Single(check.AnchorsOf("ru")));
        Assert.Equal([Path.Combine(folder, "ru", "broken.pem"), Path.Combine(folder, "ru", "zeros.der")], check.UnreadableAnchors());
        var signer = TestPki.Issue(root, Subject, new GostKey(Org.BouncyCastle.Asn1.Rosstandart.RosstandartObjectIdentifiers.id_tc26_gost_3410_12_256_paramSetA, WithDigest: false));
        Assert.Null(CmsVerifier.Verify(Content, signer.Sign(Content, Now), check.AnchorsOf("ru"), Subject, Now).Problem);
    }

    [Fact]
    public void A_chain_through_an_intermediate_carried_in_the_signature_verifies()
    {
        var intermediate = TestPki.Issue(Ca, "CN=Подчинённый УЦ, C=RU", KeyKind.Gost256, ca: true);
        var signer = TestPki.Issue(intermediate, Subject, KeyKind.Gost512);
        Assert.Null(CmsVerifier.Verify(Content, signer.Sign(Content, Now, intermediate.Certificate), [Ca.Certificate], Subject, Now).Problem);
        // Without the intermediate the chain cannot be built.
        Assert.Equal("cmsUntrusted", CmsVerifier.Verify(Content, signer.Sign(Content, Now), [Ca.Certificate], Subject, Now).Problem!.Key);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "other bytes", "cmsSignatureInvalid" },
        { "not a signature", "cmsUnreadable" },
        { "foreign authority", "cmsUntrusted" },
        { "another person", "cmsSubjectMismatch" },
        { "expired certificate", "cmsCertificateNotValid" },
        { "not yet valid", "cmsCertificateNotValid" },
        { "signed in the future", "cmsSignedInFuture" },
        { "no subject registered", "cmsNoSubjectRegistered" },
        { "a CA key", "cmsKeyUsage" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_bad_signature_is_refused_with_its_reason(string what, string key)
    {
        var signer = TestPki.Issue(Ca, Subject, KeyKind.Gost256);
        var (content, cms, anchors, expected) = what switch
        {
            "other bytes" => (Content, signer.Sign(Encoding.UTF8.GetBytes("1. Утвердить в другой редакции.")), Ca.Certificate, Subject),
            "not a signature" => (Content, Encoding.UTF8.GetBytes("-----BEGIN PKCS7-----"), Ca.Certificate, Subject),
            "foreign authority" => (Content, TestPki.Issue(TestPki.Root("CN=Посторонний УЦ"), Subject, KeyKind.Gost256).Sign(Content), Ca.Certificate, Subject),
            "another person" => (Content, TestPki.Issue(Ca, "CN=Иванов Иван Иванович, C=RU", KeyKind.Gost256).Sign(Content), Ca.Certificate, Subject),
            "expired certificate" => (Content, TestPki.Issue(Ca, Subject, KeyKind.Gost256, Now.AddYears(-2), Now.AddDays(-1)).Sign(Content, Now), Ca.Certificate, Subject),
            "not yet valid" => (Content, TestPki.Issue(Ca, Subject, KeyKind.Gost256, Now.AddDays(1), Now.AddYears(1)).Sign(Content, Now), Ca.Certificate, Subject),
            "signed in the future" => (Content, signer.Sign(Content, Now.AddHours(1)), Ca.Certificate, Subject),
            "no subject registered" => (Content, signer.Sign(Content), Ca.Certificate, (string?)null),
            _ => (Content, new TestIdentity(Ca.Keys, Ca.Certificate, Ca.Kind).Sign(Content), Ca.Certificate, Ca.Certificate.SubjectDN.ToString()),
        };
        var (evidence, problem) = CmsVerifier.Verify(content, cms, [anchors], expected, Now);
        Assert.Null(evidence);
        Assert.Equal(key, problem!.Key);
    }
}
