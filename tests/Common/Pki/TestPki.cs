using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.CryptoPro;
using Org.BouncyCastle.Asn1.Rosstandart;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace ResolutionWorkflow.Tests.Common;

/// <summary>The key algorithms a signer's tool may use.</summary>
public enum KeyKind { Gost256, Gost512, Rsa, Ecdsa }

/// <summary>
/// A GOST R 34.10-2012 key's parameter set, and whether its certificate names the digest beside it (the
/// TC26 recommendations let it name the set alone, as certification authorities issue TC26 keys).
/// </summary>
public sealed record GostKey(DerObjectIdentifier Set, bool WithDigest = true)
{
    public KeyKind Kind => Set.Id.StartsWith("1.2.643.7.1.2.1.2.", StringComparison.Ordinal) ? KeyKind.Gost512 : KeyKind.Gost256;
}

/// <summary>A key pair with its certificate.</summary>
public sealed record TestIdentity(AsymmetricCipherKeyPair Keys, X509Certificate Certificate, KeyKind Kind)
{
    public string SignatureAlgorithm => TestPki.AlgorithmOf(Kind);

    /// <summary>A detached CMS signature over <paramref name="content"/>, as the signer's own tool makes it (with the signing time, and the given chain).</summary>
    public byte[] Sign(byte[] content, DateTimeOffset? at = null, params X509Certificate[] chain)
    {
        var generator = new CmsSignedDataGenerator();
        var attributes = new Org.BouncyCastle.Asn1.Cms.AttributeTable(new Dictionary<DerObjectIdentifier, object>
        {
            [Org.BouncyCastle.Asn1.Cms.CmsAttributes.SigningTime] = new Org.BouncyCastle.Asn1.Cms.Attribute(Org.BouncyCastle.Asn1.Cms.CmsAttributes.SigningTime,
                new DerSet(new Org.BouncyCastle.Asn1.Cms.Time((at ?? DateTimeOffset.UtcNow).UtcDateTime))),
        });
        generator.AddSignerInfoGenerator(new SignerInfoGeneratorBuilder()
            .WithSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(attributes))
            .Build(new Asn1SignatureFactory(SignatureAlgorithm, Keys.Private), Certificate));
        generator.AddCertificates(Org.BouncyCastle.Utilities.Collections.CollectionUtilities.CreateStore([Certificate, .. chain]));
        return generator.Generate(new CmsProcessableByteArray(content), false).GetEncoded();
    }
}

/// <summary>A test certification authority: GOST R 34.10-2012 (256, 512), RSA and ECDSA keys and certificates made with BouncyCastle.</summary>
public static class TestPki
{
    private static readonly SecureRandom Random = new();

    public static string AlgorithmOf(KeyKind kind) => kind switch
    {
        KeyKind.Gost256 => "GOST3411-2012-256WITHECGOST3410-2012-256",
        KeyKind.Gost512 => "GOST3411-2012-512WITHECGOST3410-2012-512",
        KeyKind.Rsa => "SHA256WITHRSA",
        _ => "SHA256WITHECDSA",
    };

    public static AsymmetricCipherKeyPair Keys(KeyKind kind, DerObjectIdentifier? gostSet = null)
    {
        switch (kind)
        {
            case KeyKind.Gost256 or KeyKind.Gost512:
                var (set, digest) = kind == KeyKind.Gost256
                    ? (gostSet ?? RosstandartObjectIdentifiers.id_tc26_gost_3410_12_256_paramSetA, RosstandartObjectIdentifiers.id_tc26_gost_3411_12_256)
                    : (gostSet ?? RosstandartObjectIdentifiers.id_tc26_gost_3410_12_512_paramSetA, RosstandartObjectIdentifiers.id_tc26_gost_3411_12_512);
                var gost = new ECKeyPairGenerator("ECGOST3410");
                gost.Init(new ECKeyGenerationParameters(new ECGost3410Parameters(new ECNamedDomainParameters(set, ECGost3410NamedCurves.GetByOid(set)), set, digest, null), Random));
                return gost.GenerateKeyPair();
            case KeyKind.Rsa:
                var rsa = new RsaKeyPairGenerator();
                rsa.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), Random, 2048, 80));
                return rsa.GenerateKeyPair();
            default:
                var ec = new ECKeyPairGenerator("EC");
                ec.Init(new ECKeyGenerationParameters(Org.BouncyCastle.Asn1.X9.X9ObjectIdentifiers.Prime256v1, Random));
                return ec.GenerateKeyPair();
        }
    }

    /// <summary>A self-signed root to configure as a country's trust anchor.</summary>
    public static TestIdentity Root(string subject, KeyKind kind = KeyKind.Gost256, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var keys = Keys(kind);
        return new TestIdentity(keys, Certificate(subject, keys.Public, subject, keys.Private, kind, ca: true, from, to), kind);
    }

    /// <summary>A self-signed root on a GOST parameter set of choice.</summary>
    public static TestIdentity Root(string subject, GostKey gost)
    {
        ArgumentNullException.ThrowIfNull(gost);
        var keys = Keys(gost.Kind, gost.Set);
        return new TestIdentity(keys, Certificate(subject, keys.Public, subject, keys.Private, gost.Kind, ca: true, null, null, gost), gost.Kind);
    }

    /// <summary>A certificate on a GOST parameter set of choice, issued by <paramref name="issuer"/>.</summary>
    public static TestIdentity Issue(TestIdentity issuer, string subject, GostKey gost, bool ca = false)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(gost);
        var keys = Keys(gost.Kind, gost.Set);
        return new TestIdentity(keys, Certificate(subject, keys.Public, issuer.Certificate.SubjectDN.ToString(), issuer.Keys.Private, issuer.Kind, ca, null, null, gost), gost.Kind);
    }

    /// <summary>A certificate issued by <paramref name="issuer"/> (a signer's, or an intermediate authority's with <paramref name="ca"/>).</summary>
    public static TestIdentity Issue(TestIdentity issuer, string subject, KeyKind kind, DateTimeOffset? from = null, DateTimeOffset? to = null, bool ca = false)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        var keys = Keys(kind);
        return new TestIdentity(keys, Certificate(subject, keys.Public, issuer.Certificate.SubjectDN.ToString(), issuer.Keys.Private, issuer.Kind, ca, from, to), kind);
    }

    private static X509Certificate Certificate(string subject, AsymmetricKeyParameter publicKey, string issuer, AsymmetricKeyParameter issuerKey, KeyKind issuerKind, bool ca, DateTimeOffset? from, DateTimeOffset? to,
        GostKey? gost = null)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(BigInteger.ProbablePrime(64, Random));
        generator.SetIssuerDN(new X509Name(issuer));
        generator.SetSubjectDN(new X509Name(subject));
        generator.SetNotBefore((from ?? DateTimeOffset.UtcNow.AddYears(-1)).UtcDateTime);
        generator.SetNotAfter((to ?? DateTimeOffset.UtcNow.AddYears(2)).UtcDateTime);
        if (gost is not null)
        {
            // As certification authorities write a 2012 key on any set (BouncyCastle would name a key on a CryptoPro set a 2001 key):
            // the 2012 algorithm, and the parameter set with the digest, or alone.
            var standard = Org.BouncyCastle.X509.SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(publicKey);
            var (algorithm, digest) = gost.Kind == KeyKind.Gost512
                ? (RosstandartObjectIdentifiers.id_tc26_gost_3410_12_512, RosstandartObjectIdentifiers.id_tc26_gost_3411_12_512)
                : (RosstandartObjectIdentifiers.id_tc26_gost_3410_12_256, RosstandartObjectIdentifiers.id_tc26_gost_3411_12_256);
            var parameters = gost.WithDigest ? new DerSequence(gost.Set, digest) : new DerSequence(gost.Set);
            generator.SetSubjectPublicKeyInfo(new SubjectPublicKeyInfo(new AlgorithmIdentifier(algorithm, parameters), standard.PublicKey));
        }
        else { generator.SetPublicKey(publicKey); }
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(ca));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(ca ? KeyUsage.KeyCertSign | KeyUsage.CrlSign : KeyUsage.DigitalSignature | KeyUsage.NonRepudiation));
        return generator.Generate(new Asn1SignatureFactory(AlgorithmOf(issuerKind), issuerKey));
    }
}
