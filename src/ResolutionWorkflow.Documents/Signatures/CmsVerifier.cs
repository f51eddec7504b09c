using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Rosstandart;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.X509;
using ResolutionWorkflow.Engine.Resolutions;

namespace ResolutionWorkflow.Documents.Signatures;

/// <summary>A refusal: a key of the refusal wording and its arguments.</summary>
public sealed record SignatureProblem(string Key, IReadOnlyList<(string Name, object? Value)> Args)
{
    public static SignatureProblem Of(string key, params (string Name, object? Value)[] args) => new(key, args);

    public override string ToString() => Key + (Args.Count == 0 ? "" : " (" + string.Join(", ", Args.Select(a => $"{a.Name}={a.Value}")) + ")");
}

/// <summary>
/// Verifies a detached CMS (PKCS #7) signature with BouncyCastle: one signer; GOST R 34.10-2012
/// (256 and 512) with GOST R 34.11-2012, or RSA / ECDSA with SHA-2; the signature over exactly the
/// given bytes; the certificate valid at the signing time (the signed signing-time attribute, else
/// now) and chained to one of the trust anchors; and its subject the one expected.
/// Belarus's STB 34.101 algorithms (bign, belt-hash) are not supported: no served library implements them.
/// </summary>
public static class CmsVerifier
{
    /// <summary>A signing time this far ahead of the verifier's clock is still taken (clocks differ).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private const int MaxChain = 6;

    private static readonly Dictionary<string, string> Digests = new(StringComparer.Ordinal)
    {
        [RosstandartObjectIdentifiers.id_tc26_gost_3411_12_256.Id] = "GOST R 34.11-2012 (256)",
        [RosstandartObjectIdentifiers.id_tc26_gost_3411_12_512.Id] = "GOST R 34.11-2012 (512)",
        [NistObjectIdentifiers.IdSha256.Id] = "SHA-256",
        [NistObjectIdentifiers.IdSha384.Id] = "SHA-384",
        [NistObjectIdentifiers.IdSha512.Id] = "SHA-512",
    };

    private static readonly Dictionary<string, string> Signatures = new(StringComparer.Ordinal)
    {
        [RosstandartObjectIdentifiers.id_tc26_gost_3410_12_256.Id] = "GOST R 34.10-2012 (256)",
        [RosstandartObjectIdentifiers.id_tc26_gost_3410_12_512.Id] = "GOST R 34.10-2012 (512)",
        [RosstandartObjectIdentifiers.id_tc26_signwithdigest_gost_3410_12_256.Id] = "GOST R 34.10-2012 (256)",
        [RosstandartObjectIdentifiers.id_tc26_signwithdigest_gost_3410_12_512.Id] = "GOST R 34.10-2012 (512)",
        [PkcsObjectIdentifiers.RsaEncryption.Id] = "RSA",
        [PkcsObjectIdentifiers.Sha256WithRsaEncryption.Id] = "RSA",
        [PkcsObjectIdentifiers.Sha384WithRsaEncryption.Id] = "RSA",
        [PkcsObjectIdentifiers.Sha512WithRsaEncryption.Id] = "RSA",
        [X9ObjectIdentifiers.IdECPublicKey.Id] = "ECDSA",
        [X9ObjectIdentifiers.ECDsaWithSha256.Id] = "ECDSA",
        [X9ObjectIdentifiers.ECDsaWithSha384.Id] = "ECDSA",
        [X9ObjectIdentifiers.ECDsaWithSha512.Id] = "ECDSA",
    };

    /// <summary>
    /// The evidence of a good signature, or the refusal that names what is wrong with it. Whatever bytes
    /// arrive, the answer is one of these: a structure BouncyCastle cannot read anywhere in the signature
    /// (a malformed attribute, certificate or key) is an unreadable signature, never an exception.
    /// </summary>
    public static (SignatureEvidence? Evidence, SignatureProblem? Problem) Verify(
        byte[] content, byte[] cms, IReadOnlyList<X509Certificate> anchors, string? expectedSubject, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(cms);
        ArgumentNullException.ThrowIfNull(anchors);
        try
        {
            return VerifyReadable(content, cms, anchors, expectedSubject, now);
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            return Refused("cmsUnreadable");
        }
    }

    /// <summary>
    /// What BouncyCastle throws on bytes that are not what they claim to be (hostile input included; some of
    /// its parsers fail with a NullReferenceException on a structure with a missing part).
    /// </summary>
    public static bool IsUnreadable(Exception e) =>
        e is CmsException or IOException or ArgumentException or InvalidCastException or Asn1Exception or InvalidOperationException or FormatException
            or OverflowException or IndexOutOfRangeException or NullReferenceException or Org.BouncyCastle.Security.GeneralSecurityException
            or Org.BouncyCastle.Crypto.CryptoException or Org.BouncyCastle.Security.SecurityUtilityException;

    private static (SignatureEvidence? Evidence, SignatureProblem? Problem) VerifyReadable(
        byte[] content, byte[] cms, IReadOnlyList<X509Certificate> anchors, string? expectedSubject, DateTimeOffset now)
    {
        CmsSignedData signed;
        List<SignerInformation> signers;
        try
        {
            signed = new CmsSignedData(new CmsProcessableByteArray(content), cms);
            signers = [.. signed.GetSignerInfos().GetSigners()];
        }
        catch (Exception e) when (e is CmsException or IOException or ArgumentException or InvalidCastException or Asn1Exception or InvalidOperationException)
        {
            return Refused("cmsUnreadable");
        }
        if (signers.Count != 1) { return Refused("cmsSigners", ("count", signers.Count)); }
        var signer = signers[0];
        var certificates = signed.GetCertificates().EnumerateMatches(null).ToList();
        if (certificates.FirstOrDefault(c => signer.SignerID.Match(c)) is not { } certificate) { return Refused("cmsNoCertificate"); }

        var digest = signer.DigestAlgorithmID.Algorithm.Id;
        var algorithm = signer.SignatureAlgorithm.Algorithm.Id;
        if (!Digests.TryGetValue(digest, out var digestName) || !Signatures.TryGetValue(algorithm, out var signatureName)
            || signatureName.StartsWith("GOST", StringComparison.Ordinal) != digestName.StartsWith("GOST", StringComparison.Ordinal))
        {
            return Refused("cmsAlgorithm", ("algorithm", algorithm), ("digest", digest));
        }
        // The time first: BouncyCastle refuses a certificate outside its validity as a failed signature.
        var signedAt = SigningTime(signer) ?? now;
        if (signedAt > now + ClockSkew) { return Refused("cmsSignedInFuture", ("time", signedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture))); }
        if (!certificate.IsValid(signedAt.UtcDateTime))
        {
            return Refused("cmsCertificateNotValid", ("from", Day(certificate.NotBefore)), ("to", Day(certificate.NotAfter)));
        }
        try
        {
            if (!signer.Verify(PublicKeyOf(certificate))) { return Refused("cmsSignatureInvalid"); }
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            return Refused("cmsSignatureInvalid");
        }

        if (certificate.GetKeyUsage() is { } usage && !usage[0] && !usage[1]) { return Refused("cmsKeyUsage"); }
        if (!Chains(certificate, certificates, anchors, signedAt)) { return Refused("cmsUntrusted", ("issuer", SubjectName.Print(certificate.IssuerDN))); }
        if (expectedSubject is null) { return Refused("cmsNoSubjectRegistered"); }
        if (!SubjectName.TryParse(expectedSubject, out var expected, out _) || !SubjectName.Same(certificate.SubjectDN, expected))
        {
            return Refused("cmsSubjectMismatch", ("subject", SubjectName.Print(certificate.SubjectDN)), ("expected", expectedSubject));
        }
        return (new SignatureEvidence(SubjectName.Print(certificate.SubjectDN), SubjectName.Print(certificate.IssuerDN), certificate.SerialNumber.ToString(16),
            $"{signatureName}, {digestName}", signedAt, Convert.ToHexStringLower(SHA256.HashData(content)), Convert.ToBase64String(cms)), null);
    }

    private static string Day(DateTime utc) => utc.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static (SignatureEvidence?, SignatureProblem?) Refused(string key, params (string, object?)[] args) => (null, SignatureProblem.Of(key, args));

    private static DateTimeOffset? SigningTime(SignerInformation signer) =>
        signer.SignedAttributes?[CmsAttributes.SigningTime] is { } attribute && attribute.AttrValues.Count == 1
            ? new DateTimeOffset(Org.BouncyCastle.Asn1.Cms.Time.GetInstance(attribute.AttrValues[0]).ToDateTime().ToUniversalTime(), TimeSpan.Zero)
            : null;

    /// <summary>From the signer's certificate through intermediates carried in the signature to a trust anchor, each signed by the next and valid at the signing time.</summary>
    private static bool Chains(X509Certificate certificate, IReadOnlyList<X509Certificate> carried, IReadOnlyList<X509Certificate> anchors, DateTimeOffset at)
    {
        var current = certificate;
        for (var depth = 0; depth < MaxChain; depth++)
        {
            if (anchors.FirstOrDefault(a => a.SubjectDN.Equivalent(current.IssuerDN) && SignedBy(current, a)) is { } anchor)
            {
                return anchor.IsValid(at.UtcDateTime);
            }
            var next = carried.FirstOrDefault(c => !c.Equals(current) && c.SubjectDN.Equivalent(current.IssuerDN) && c.GetBasicConstraints() >= 0 && SignedBy(current, c));
            if (next is null || !next.IsValid(at.UtcDateTime)) { return false; }
            current = next;
        }
        return false;
    }

    /// <summary>Whether <paramref name="issuer"/>'s key signed <paramref name="certificate"/>; a key or signature that cannot be read did not.</summary>
    private static bool SignedBy(X509Certificate certificate, X509Certificate issuer)
    {
        try
        {
            certificate.Verify(PublicKeyOf(issuer));
            return true;
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            return false;
        }
    }

    /// <summary>
    /// A certificate's public key. A GOST R 34.10-2012 key is read here from its curve and point: BouncyCastle
    /// 2.7 refuses one whose parameters name the parameter set alone, as the TC26 recommendations
    /// (R 1323565.1.024-2019) allow and certification authorities issue, and fails on an unknown set.
    /// Other keys are BouncyCastle's.
    /// </summary>
    public static Org.BouncyCastle.Crypto.AsymmetricKeyParameter PublicKeyOf(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return GostKeyOf(certificate.SubjectPublicKeyInfo) ?? certificate.GetPublicKey();
    }

    /// <summary>A GOST R 34.10-2012 key (null for another algorithm); a malformed one or one on an unknown set is an <see cref="ArgumentException"/>.</summary>
    private static Org.BouncyCastle.Crypto.Parameters.ECPublicKeyParameters? GostKeyOf(SubjectPublicKeyInfo info)
    {
        var algorithm = info.Algorithm.Algorithm;
        var (digest, size) = algorithm.Equals(RosstandartObjectIdentifiers.id_tc26_gost_3410_12_256) ? (RosstandartObjectIdentifiers.id_tc26_gost_3411_12_256, 32)
            : algorithm.Equals(RosstandartObjectIdentifiers.id_tc26_gost_3410_12_512) ? (RosstandartObjectIdentifiers.id_tc26_gost_3411_12_512, 64)
            : (null, 0);
        if (digest is null) { return null; }
        // The parameters: the set, then optionally the digest and the encryption set, which the signature does not need.
        // (As parsed, a SEQUENCE; in a certificate made in this process, BouncyCastle's own parameter object.)
        if (info.Algorithm.Parameters?.ToAsn1Object() is not Asn1Sequence { Count: >= 1 and <= 3 } parameters || parameters[0] is not DerObjectIdentifier set)
        {
            throw new ArgumentException("the GOST key's parameters do not name a parameter set");
        }
        var curve = Org.BouncyCastle.Asn1.CryptoPro.ECGost3410NamedCurves.GetByOid(set) ?? throw new ArgumentException($"unknown GOST parameter set {set}");
        // The key is an OCTET STRING of X then Y, each little-endian, as long as the algorithm's size (a 256-bit key on a 512-bit set is not one).
        var point = Asn1OctetString.GetInstance(Asn1Object.FromByteArray(info.PublicKey.GetOctets())).GetOctets();
        if ((curve.Curve.FieldSize + 7) / 8 != size || point.Length != 2 * size) { throw new ArgumentException("the GOST key's length does not match its algorithm and parameter set"); }
        var x = new Org.BouncyCastle.Math.BigInteger(1, [.. point[..size].Reverse()]);
        var y = new Org.BouncyCastle.Math.BigInteger(1, [.. point[size..].Reverse()]);
        var domain = new Org.BouncyCastle.Crypto.Parameters.ECGost3410Parameters(new Org.BouncyCastle.Crypto.Parameters.ECNamedDomainParameters(set, curve), set, digest, null);
        return new Org.BouncyCastle.Crypto.Parameters.ECPublicKeyParameters("ECGOST3410", curve.Curve.ValidatePoint(x, y), domain);
    }

    /// <summary>Certificates from PEM or DER bytes (a file of trust anchors may hold several in PEM).</summary>
    public static IReadOnlyList<X509Certificate> ReadCertificates(byte[] bytes) =>
        [.. new X509CertificateParser().ReadCertificates(bytes)];
}
