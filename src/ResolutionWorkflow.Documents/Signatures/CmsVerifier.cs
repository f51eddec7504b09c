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
/// What a signature is checked against: the roots of the certification authorities (a country's),
/// the certificate revocation lists beside them, and the roots of the time-stamping authorities.
/// </summary>
public sealed record TrustMaterial(IReadOnlyList<X509Certificate> Anchors, IReadOnlyList<X509Crl> RevocationLists, IReadOnlyList<X509Certificate> TimeStampAnchors)
{
    public static TrustMaterial Of(IReadOnlyList<X509Certificate> anchors) => new(anchors, [], []);
}

/// <summary>
/// Verifies a detached CMS (PKCS #7) signature with BouncyCastle: one signer; GOST R 34.10-2012
/// (256 and 512) with GOST R 34.11-2012, or RSA / ECDSA with SHA-2; the signature over exactly the
/// given bytes; the certificate valid at the time judged and chained to one of the trust anchors,
/// neither it nor an authority of its chain revoked by then in a revocation list its issuer
/// signed; and its subject the one expected. The time these are judged at is a time-stamping authority's
/// when the signature carries an RFC 3161 time-stamp token over its value (CAdES-T), checked against the
/// authorities' roots; else the moment of the check — never the signing-time attribute, which the signer
/// writes with the very key being checked (a revoked or expired key could date itself back). That
/// attribute is recorded as the signing time when there is no token.
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
        byte[] content, byte[] cms, IReadOnlyList<X509Certificate> anchors, string? expectedSubject, DateTimeOffset now) =>
        Verify(content, cms, TrustMaterial.Of(anchors), expectedSubject, now);

    public static (SignatureEvidence? Evidence, SignatureProblem? Problem) Verify(
        byte[] content, byte[] cms, TrustMaterial trust, string? expectedSubject, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(cms);
        ArgumentNullException.ThrowIfNull(trust);
        try
        {
            return VerifyReadable(content, cms, trust, expectedSubject, now);
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
            or Org.BouncyCastle.Crypto.CryptoException or Org.BouncyCastle.Security.SecurityUtilityException or Org.BouncyCastle.Tsp.TspException;

    private static (SignatureEvidence? Evidence, SignatureProblem? Problem) VerifyReadable(
        byte[] content, byte[] cms, TrustMaterial trust, string? expectedSubject, DateTimeOffset now)
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
        var claimed = SigningTime(signer);
        var (stamp, stampProblem) = TimeStamp(signer, trust, now);
        if (stampProblem is not null) { return (null, stampProblem); }
        if ((stamp?.Time ?? claimed) is { } dated && dated > now + ClockSkew) { return Refused("cmsSignedInFuture", ("time", Instant(dated))); }
        // Judged at a trusted time: the authority's, or now. The signer's own claim is only recorded.
        var at = stamp?.Time ?? now;
        var signedAt = stamp?.Time ?? claimed ?? now;
        if (stamp is not null && claimed > stamp.Time + ClockSkew)
        {
            return Refused("cmsTimeStampBeforeSigning", ("time", Instant(claimed.Value)), ("stamped", Instant(stamp.Time)));
        }
        if (!certificate.IsValid(at.UtcDateTime))
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
        if (Chain(certificate, certificates, trust.Anchors, at) is not { } chain) { return Refused("cmsUntrusted", ("issuer", SubjectName.Print(certificate.IssuerDN))); }
        if (Revocation(chain, trust.RevocationLists, at) is { } revoked) { return (null, revoked); }
        if (expectedSubject is null) { return Refused("cmsNoSubjectRegistered"); }
        if (!SubjectName.TryParse(expectedSubject, out var expected, out _) || !SubjectName.Same(certificate.SubjectDN, expected))
        {
            return Refused("cmsSubjectMismatch", ("subject", SubjectName.Print(certificate.SubjectDN)), ("expected", expectedSubject));
        }
        return (new SignatureEvidence(SubjectName.Print(certificate.SubjectDN), SubjectName.Print(certificate.IssuerDN), certificate.SerialNumber.ToString(16),
            $"{signatureName}, {digestName}", signedAt, Convert.ToHexStringLower(SHA256.HashData(content)), Convert.ToBase64String(cms))
        {
            TimeFrom = stamp is not null ? SignatureEvidence.TimeStamp : claimed is not null ? SignatureEvidence.SigningTime : SignatureEvidence.Received,
            TimeStampAuthority = stamp?.Authority,
        }, null);
    }

    private static string Day(DateTime utc) => utc.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Stamp(DateTimeOffset Time, string Authority);

    /// <summary>
    /// The RFC 3161 time-stamp token in the signer's unsigned attributes (id-aa-signatureTimeStampToken), if any:
    /// its imprint must be of this signature's value, its signature the authority's, and the authority's
    /// certificate one for time-stamping, valid at the stamped time and chained to an authority root.
    /// </summary>
    private static (Stamp? Stamp, SignatureProblem? Problem) TimeStamp(SignerInformation signer, TrustMaterial trust, DateTimeOffset now)
    {
        var anchors = trust.TimeStampAnchors;
        if (signer.UnsignedAttributes?.GetAll(PkcsObjectIdentifiers.IdAASignatureTimeStampToken) is not { Count: > 0 } attributes) { return (null, null); }
        Org.BouncyCastle.Tsp.TimeStampToken token;
        try
        {
            var values = Org.BouncyCastle.Asn1.Cms.Attribute.GetInstance(attributes[0]).AttrValues;
            if (attributes.Count != 1 || values.Count != 1) { return (null, SignatureProblem.Of("cmsTimeStampInvalid", ("reason", "more than one time-stamp"))); }
            token = new Org.BouncyCastle.Tsp.TimeStampToken(Org.BouncyCastle.Asn1.Cms.ContentInfo.GetInstance(values[0]));
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            return (null, SignatureProblem.Of("cmsTimeStampInvalid", ("reason", "not a time-stamp token")));
        }
        var info = token.TimeStampInfo;
        if (!Digests.ContainsKey(info.MessageImprintAlgOid))
        {
            return (null, SignatureProblem.Of("cmsTimeStampInvalid", ("reason", $"its imprint's digest {info.MessageImprintAlgOid} is not one taken here")));
        }
        byte[] imprint;
        try
        {
            imprint = Org.BouncyCastle.Security.DigestUtilities.CalculateDigest(info.MessageImprintAlgOid, signer.GetSignature());
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            return (null, SignatureProblem.Of("cmsTimeStampInvalid", ("reason", $"unknown digest {info.MessageImprintAlgOid}")));
        }
        if (!Org.BouncyCastle.Utilities.Arrays.FixedTimeEquals(imprint, info.GetMessageImprintDigest()))
        {
            return (null, SignatureProblem.Of("cmsTimeStampInvalid", ("reason", "it stamps other bytes than this signature")));
        }
        var certificates = token.GetCertificates().EnumerateMatches(null).ToList();
        if (certificates.FirstOrDefault(c => token.SignerID.Match(c)) is not { } authority)
        {
            return (null, SignatureProblem.Of("cmsTimeStampInvalid", ("reason", "it does not carry the authority's certificate")));
        }
        var stamped = new DateTimeOffset(info.GenTime.ToUniversalTime(), TimeSpan.Zero);
        try
        {
            if (token.ToCmsSignedData().GetSignerInfos().GetSigners().Single() is var tokenSigner && !tokenSigner.Verify(PublicKeyOf(authority)))
            {
                return (null, SignatureProblem.Of("cmsTimeStampInvalid", ("reason", "its signature does not verify")));
            }
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            return (null, SignatureProblem.Of("cmsTimeStampInvalid", ("reason", "its signature does not verify")));
        }
        if (!BindsCertificate(token, authority))
        {
            return (null, SignatureProblem.Of("cmsTimeStampInvalid", ("reason", "its signing-certificate attribute does not name the authority's certificate")));
        }
        var name = SubjectName.Print(authority.SubjectDN);
        // RFC 3161 2.3: the authority's certificate is for time-stamping alone, said critically.
        var purposes = authority.GetExtendedKeyUsage();
        var critical = authority.GetCriticalExtensionOids()?.Contains(Org.BouncyCastle.Asn1.X509.X509Extensions.ExtendedKeyUsage.Id) == true;
        if (purposes is not [var only] || !only.Equals(Org.BouncyCastle.Asn1.X509.KeyPurposeID.id_kp_timeStamping) || !critical)
        {
            return (null, SignatureProblem.Of("cmsTimeStampUntrusted", ("authority", name)));
        }
        // Valid when it stamped, chained to an authority root, and not revoked since (a compromised authority key could stamp any time).
        if (!authority.IsValid(stamped.UtcDateTime) || Chain(authority, certificates, anchors, stamped) is not { } chain || Revocation(chain, trust.RevocationLists, now) is not null)
        {
            return (null, SignatureProblem.Of("cmsTimeStampUntrusted", ("authority", name)));
        }
        return (new Stamp(stamped, name), null);
    }

    /// <summary>The token's signing-certificate attribute (ESS, v2 or v1) names the authority's certificate by its hash.</summary>
    private static bool BindsCertificate(Org.BouncyCastle.Tsp.TimeStampToken token, X509Certificate authority)
    {
        var attributes = token.SignedAttributes;
        byte[] named;
        string algorithm;
        if (attributes[PkcsObjectIdentifiers.IdAASigningCertificateV2] is { } v2)
        {
            var id = Org.BouncyCastle.Asn1.Ess.SigningCertificateV2.GetInstance(v2.AttrValues[0]).GetCerts()[0];
            (named, algorithm) = (id.GetCertHash(), id.HashAlgorithm.Algorithm.Id);
        }
        else if (attributes[PkcsObjectIdentifiers.IdAASigningCertificate] is { } v1)
        {
            var id = Org.BouncyCastle.Asn1.Ess.SigningCertificate.GetInstance(v1.AttrValues[0]).GetCerts()[0];
            (named, algorithm) = (id.GetCertHash(), Org.BouncyCastle.Asn1.Oiw.OiwObjectIdentifiers.IdSha1.Id);
        }
        else
        {
            return false;
        }
        return Org.BouncyCastle.Utilities.Arrays.FixedTimeEquals(Org.BouncyCastle.Security.DigestUtilities.CalculateDigest(algorithm, authority.GetEncoded()), named);
    }

    /// <summary>
    /// The first revocation, before the signing time, of a certificate of the chain by a list its issuer signed
    /// (a list signed by anyone else says nothing); null when none is.
    /// </summary>
    private static SignatureProblem? Revocation(IReadOnlyList<(X509Certificate Certificate, X509Certificate Issuer)> chain, IReadOnlyList<X509Crl> lists, DateTimeOffset at)
    {
        foreach (var (certificate, issuer) in chain)
        {
            foreach (var list in lists.Where(l => l.IssuerDN.Equivalent(certificate.IssuerDN)))
            {
                if (list.GetRevokedCertificate(certificate.SerialNumber) is not { } entry || entry.RevocationDate > at.UtcDateTime) { continue; }
                if (!IssuedBy(list, issuer)) { continue; }
                return SignatureProblem.Of("cmsRevoked", ("subject", SubjectName.Print(certificate.SubjectDN)), ("date", Instant(new DateTimeOffset(entry.RevocationDate, TimeSpan.Zero))),
                    ("issuer", SubjectName.Print(list.IssuerDN)), ("published", Instant(new DateTimeOffset(list.ThisUpdate, TimeSpan.Zero))));
            }
        }
        return null;
    }

    /// <summary>Whether <paramref name="issuer"/>'s key signed the revocation list.</summary>
    public static bool IssuedBy(X509Crl list, X509Certificate issuer)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(issuer);
        try
        {
            list.Verify(PublicKeyOf(issuer));
            return true;
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            return false;
        }
    }

    private static (SignatureEvidence?, SignatureProblem?) Refused(string key, params (string, object?)[] args) => (null, SignatureProblem.Of(key, args));

    private static DateTimeOffset? SigningTime(SignerInformation signer) =>
        signer.SignedAttributes?[CmsAttributes.SigningTime] is { } attribute && attribute.AttrValues.Count == 1
            ? new DateTimeOffset(Org.BouncyCastle.Asn1.Cms.Time.GetInstance(attribute.AttrValues[0]).ToDateTime().ToUniversalTime(), TimeSpan.Zero)
            : null;

    /// <summary>
    /// From the signer's certificate through intermediates carried in the signature to a trust anchor, each signed by
    /// the next and valid at the signing time: each certificate with its issuer, or null when there is no such path.
    /// </summary>
    private static List<(X509Certificate Certificate, X509Certificate Issuer)>? Chain(X509Certificate certificate, IReadOnlyList<X509Certificate> carried, IReadOnlyList<X509Certificate> anchors, DateTimeOffset at)
    {
        var chain = new List<(X509Certificate, X509Certificate)>();
        var current = certificate;
        for (var depth = 0; depth < MaxChain; depth++)
        {
            if (anchors.FirstOrDefault(a => a.SubjectDN.Equivalent(current.IssuerDN) && SignedBy(current, a)) is { } anchor)
            {
                chain.Add((current, anchor));
                return anchor.IsValid(at.UtcDateTime) ? chain : null;
            }
            var next = carried.FirstOrDefault(c => !c.Equals(current) && c.SubjectDN.Equivalent(current.IssuerDN) && c.GetBasicConstraints() >= 0 && SignedBy(current, c));
            if (next is null || !next.IsValid(at.UtcDateTime)) { return null; }
            chain.Add((current, next));
            current = next;
        }
        return null;
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

    /// <summary>Revocation lists from PEM or DER bytes.</summary>
    public static IReadOnlyList<X509Crl> ReadRevocationLists(byte[] bytes) =>
        [.. new X509CrlParser().ReadCrls(bytes)];

    /// <summary>Certificates from PEM or DER bytes (a file of trust anchors may hold several in PEM).</summary>
    public static IReadOnlyList<X509Certificate> ReadCertificates(byte[] bytes) =>
        [.. new X509CertificateParser().ReadCertificates(bytes)];
}
