using System.Diagnostics;
using Xunit;

namespace ResolutionWorkflow.Tests.Common;

/// <summary>
/// The independent signer: the <c>openssl</c> command of the machine, with Debian's GOST engine
/// (<c>libengine-gost-openssl</c>) loaded through a configuration of its own, working in a folder of
/// its own. A test that needs it skips with the reason when it is absent, unless RW_REQUIRE_SERVERS=1.
/// </summary>
public sealed class OpenSsl : IDisposable
{
    private const string Engine = "/usr/lib/x86_64-linux-gnu/engines-3/gost.so";

    private readonly string _config;

    private OpenSsl(string folder)
    {
        Folder = folder;
        _config = Path.Combine(folder, "openssl.cnf");
        // The engine for every command (req, ca, cms, ts), and the sections `openssl ca` and `openssl ts` read.
        File.WriteAllText(_config, $"""
            openssl_conf = openssl_init
            [openssl_init]
            engines = engines
            [engines]
            gost = gost
            [gost]
            engine_id = gost
            dynamic_path = {Engine}
            default_algorithms = ALL
            [req]
            distinguished_name = dn
            utf8 = yes
            string_mask = utf8only
            [dn]
            """);
    }

    public string Folder { get; }

    /// <summary>An openssl that can make GOST R 34.10-2012 keys, or a skip (a failure in CI) naming what is missing.</summary>
    public static OpenSsl Require()
    {
        var folder = Path.Combine(Path.GetTempPath(), "rw-openssl-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var openssl = new OpenSsl(folder);
        string? missing = null;
        try
        {
            if (!File.Exists(Engine)) { missing = $"OpenSSL's GOST engine is not installed ({Engine}; apt-get install libengine-gost-openssl)"; }
            else { openssl.Run("genpkey", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:A", "-out", "probe.key"); }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            missing = $"openssl with the GOST engine does not run here: {e.Message}";
        }
        if (missing is null) { return openssl; }
        openssl.Dispose();
        if (Environment.GetEnvironmentVariable("RW_REQUIRE_SERVERS") == "1") { Assert.Fail(missing + " — RW_REQUIRE_SERVERS=1 forbids skipping"); }
        Assert.Skip(missing);
        return null!;
    }

    public string PathOf(string file) => Path.Combine(Folder, file);

    /// <summary>Runs <c>openssl</c> in the folder; its standard output, or an exception with the command and what it printed.</summary>
    public string Run(params string[] args)
    {
        var start = new ProcessStartInfo("openssl") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = System.Text.Encoding.UTF8 };
        foreach (var arg in args) { start.ArgumentList.Add(arg); }
        start.Environment["OPENSSL_CONF"] = _config;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) { throw new InvalidOperationException($"openssl {string.Join(' ', args)} exited {process.ExitCode}: {error.Trim()}"); }
        return output.Result;
    }

    /// <summary>The subject of a certificate as <c>openssl x509 -noout -subject</c> prints it with these name options (none: OpenSSL's default).</summary>
    public string Subject(string certificate, string? nameOptions = null)
    {
        string[] args = nameOptions is null ? ["x509", "-in", certificate, "-noout", "-subject"] : ["x509", "-in", certificate, "-noout", "-subject", "-nameopt", nameOptions];
        return Run(args).TrimEnd('\n');
    }

    /// <summary>
    /// A certification authority kept as `openssl ca` keeps one (its index of issued and revoked certificates), with
    /// a key of <paramref name="algorithm"/> (gost2012_256, gost2012_512, EC, RSA) on <paramref name="paramset"/>:
    /// a root when <paramref name="issuer"/> is null, else certified by it.
    /// </summary>
    public Authority NewAuthority(string name, string subject, string algorithm, string? paramset, Authority? issuer = null)
    {
        var folder = PathOf(name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "index.txt"), "");
        File.WriteAllText(Path.Combine(folder, "crlnumber"), "01\n");
        File.WriteAllText(Path.Combine(folder, "ca.cnf"), $$"""
            [ca]
            default_ca = this
            [this]
            dir = {{folder}}
            database = $dir/index.txt
            new_certs_dir = $dir
            serial = $dir/serial
            crlnumber = $dir/crlnumber
            certificate = $dir/ca.pem
            private_key = $dir/ca.key
            default_md = default
            default_days = 365
            default_crl_days = 7
            policy = any
            preserve = yes
            unique_subject = no
            copy_extensions = none
            [any]
            countryName = optional
            stateOrProvinceName = optional
            localityName = optional
            organizationName = optional
            organizationalUnitName = optional
            title = optional
            commonName = supplied
            surname = optional
            givenName = optional
            emailAddress = optional
            SNILS = optional
            OGRN = optional
            INN = optional
            [authority]
            basicConstraints = critical, CA:TRUE
            keyUsage = critical, keyCertSign, cRLSign
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            [signer]
            basicConstraints = CA:FALSE
            keyUsage = critical, digitalSignature, nonRepudiation
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            [timestamping]
            basicConstraints = CA:FALSE
            keyUsage = critical, digitalSignature, nonRepudiation
            extendedKeyUsage = critical, timeStamping
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            """);
        File.WriteAllText(Path.Combine(folder, "serial"), $"{Random.Shared.Next(0x1000, 0x7fff):x4}\n");
        var authority = new Authority(name, folder);
        Key(Path.Combine(folder, "ca.key"), algorithm, paramset);
        if (issuer is null)
        {
            Run("req", "-new", "-x509", "-key", Path.Combine(folder, "ca.key"), "-out", Path.Combine(folder, "ca.pem"), "-days", "3650", "-utf8", "-subj", subject,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        }
        else
        {
            Run("req", "-new", "-key", Path.Combine(folder, "ca.key"), "-out", Path.Combine(folder, "ca.csr"), "-utf8", "-subj", subject);
            Run("ca", "-batch", "-config", issuer.Config, "-extensions", "authority", "-in", Path.Combine(folder, "ca.csr"), "-out", Path.Combine(folder, "ca.pem"), "-notext");
        }
        return authority;
    }

    /// <summary>A key and certificate issued by <paramref name="authority"/> under <paramref name="extensions"/> (signer, timestamping); returns the certificate's path.</summary>
    public string Issue(Authority authority, string name, string subject, string algorithm, string? paramset, string extensions = "signer", string? startDate = null, string? endDate = null)
    {
        ArgumentNullException.ThrowIfNull(authority);
        Key(PathOf(name + ".key"), algorithm, paramset);
        Run("req", "-new", "-key", PathOf(name + ".key"), "-out", PathOf(name + ".csr"), "-utf8", "-subj", subject);
        var dates = new List<string>();
        if (startDate is not null) { dates.AddRange(["-startdate", startDate]); }
        if (endDate is not null) { dates.AddRange(["-enddate", endDate]); }
        Run(["ca", "-batch", "-config", authority.Config, "-extensions", extensions, "-in", PathOf(name + ".csr"), "-out", PathOf(name + ".pem"), "-notext", .. dates]);
        return PathOf(name + ".pem");
    }

    /// <summary>Marks the certificate revoked in the authority's index (now) and writes the authority's revocation list; returns its path.</summary>
    public string Revoke(Authority authority, string certificate)
    {
        ArgumentNullException.ThrowIfNull(authority);
        Run("ca", "-config", authority.Config, "-revoke", certificate, "-crl_reason", "keyCompromise");
        return RevocationList(authority);
    }

    /// <summary>The authority's revocation list as `openssl ca -gencrl` writes it (PEM), next update in a week or in <paramref name="seconds"/>.</summary>
    public string RevocationList(Authority authority, int? seconds = null)
    {
        ArgumentNullException.ThrowIfNull(authority);
        var file = Path.Combine(authority.Folder, "list.crl");
        var validity = seconds is { } s ? new[] { "-crlsec", s.ToString(System.Globalization.CultureInfo.InvariantCulture) } : [];
        Run(["ca", "-config", authority.Config, "-gencrl", "-out", file, .. validity]);
        return file;
    }

    /// <summary>A detached CMS signature (DER) of <paramref name="content"/> by the certificate, carrying <paramref name="chain"/> (PEM certificates) too.</summary>
    public byte[] Sign(byte[] content, string certificate, params string[] chain)
    {
        File.WriteAllBytes(PathOf("content.bin"), content ?? throw new ArgumentNullException(nameof(content)));
        var key = Path.ChangeExtension(certificate, ".key");
        string[] carried = chain.Length == 0 ? [] : ["-certfile", Concatenated(chain)];
        Run(["cms", "-sign", "-binary", "-in", PathOf("content.bin"), "-signer", certificate, "-inkey", key, "-outform", "DER", "-out", PathOf("signature.p7s"), .. carried]);
        return File.ReadAllBytes(PathOf("signature.p7s"));
    }

    /// <summary>Whether `openssl cms -verify` accepts the detached signature over the content with these roots; what it printed otherwise.</summary>
    public (bool Verified, string Output) VerifyCms(byte[] content, byte[] cms, params string[] roots)
    {
        File.WriteAllBytes(PathOf("verify-content.bin"), content ?? throw new ArgumentNullException(nameof(content)));
        File.WriteAllBytes(PathOf("verify.p7s"), cms ?? throw new ArgumentNullException(nameof(cms)));
        try
        {
            Run("cms", "-verify", "-binary", "-inform", "DER", "-in", PathOf("verify.p7s"), "-content", PathOf("verify-content.bin"), "-CAfile", Concatenated(roots), "-purpose", "any", "-out", PathOf("verified.bin"));
            return (true, "");
        }
        catch (InvalidOperationException e)
        {
            return (false, e.Message);
        }
    }

    /// <summary>
    /// An RFC 3161 time-stamp token (DER) over <paramref name="data"/> from the time-stamping authority whose certificate
    /// and key are <paramref name="certificate"/>, as `openssl ts -query` and `openssl ts -reply` make it.
    /// </summary>
    public byte[] TimeStamp(byte[] data, string certificate, string digest, params string[] chain)
    {
        File.WriteAllBytes(PathOf("stamped.bin"), data ?? throw new ArgumentNullException(nameof(data)));
        File.WriteAllText(PathOf("tsa-serial"), "01\n");
        File.WriteAllText(PathOf("ts.cnf"), $"""
            [tsa]
            default_tsa = this
            [this]
            serial = {PathOf("tsa-serial")}
            signer_digest = {digest}
            default_policy = 1.2.643.100.113.1
            digests = sha256, sha512, md_gost12_256, md_gost12_512
            accuracy = secs:1
            ordering = no
            tsa_name = no
            ess_cert_id_chain = no
            ess_cert_id_alg = sha256
            """);
        Run("ts", "-query", "-data", PathOf("stamped.bin"), "-" + digest, "-cert", "-out", PathOf("query.tsq"));
        string[] carried = chain.Length == 0 ? [] : ["-chain", Concatenated(chain)];
        Run(["ts", "-reply", "-config", PathOf("ts.cnf"), "-queryfile", PathOf("query.tsq"), "-signer", certificate, "-inkey", Path.ChangeExtension(certificate, ".key"),
            "-token_out", "-out", PathOf("token.der"), .. carried]);
        return File.ReadAllBytes(PathOf("token.der"));
    }

    /// <summary>The value of a CMS signature's one signer: what a time-stamp of it stamps.</summary>
    public static byte[] SignatureValue(byte[] cms) => new Org.BouncyCastle.Cms.CmsSignedData(cms).GetSignerInfos().GetSigners().Single().GetSignature();

    /// <summary>The signature with <paramref name="token"/> in its signer's unsigned attributes, as a CAdES-T client adds a time-stamp token.</summary>
    public static byte[] WithTimeStamp(byte[] cms, byte[] token) => WithTimeStamp(cms, Org.BouncyCastle.Asn1.Asn1Object.FromByteArray(token));

    /// <inheritdoc cref="WithTimeStamp(byte[], byte[])"/>
    public static byte[] WithTimeStamp(byte[] cms, Org.BouncyCastle.Asn1.Asn1Encodable token)
    {
        var signed = new Org.BouncyCastle.Cms.CmsSignedData(cms);
        var signer = signed.GetSignerInfos().GetSigners().Single();
        var attribute = new Org.BouncyCastle.Asn1.Cms.Attribute(Org.BouncyCastle.Asn1.Pkcs.PkcsObjectIdentifiers.IdAASignatureTimeStampToken, new Org.BouncyCastle.Asn1.DerSet(token));
        var stamped = Org.BouncyCastle.Cms.SignerInformation.ReplaceUnsignedAttributes(signer, new Org.BouncyCastle.Asn1.Cms.AttributeTable(new Org.BouncyCastle.Asn1.Asn1EncodableVector(attribute)));
        return Org.BouncyCastle.Cms.CmsSignedData.ReplaceSigners(signed, new Org.BouncyCastle.Cms.SignerInformationStore(stamped)).GetEncoded();
    }

    private string Concatenated(string[] files)
    {
        var path = PathOf($"bundle-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, string.Concat(files.Select(File.ReadAllText)));
        return path;
    }

    private void Key(string path, string algorithm, string? paramset)
    {
        string[] options = algorithm switch
        {
            "EC" => ["-pkeyopt", $"ec_paramgen_curve:{paramset ?? "P-256"}"],
            "RSA" => ["-pkeyopt", "rsa_keygen_bits:2048"],
            _ => paramset is null ? [] : ["-pkeyopt", $"paramset:{paramset}"],
        };
        Run(["genpkey", "-algorithm", algorithm, .. options, "-out", path]);
    }

    public sealed record Authority(string Name, string Folder)
    {
        public string Certificate => Path.Combine(Folder, "ca.pem");

        public string Config => Path.Combine(Folder, "ca.cnf");
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder)) { Directory.Delete(Folder, recursive: true); }
    }
}
