using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Documents.Signatures;
using ResolutionWorkflow.Engine.Registry;
using ResolutionWorkflow.Engine.Resolutions;
using Org.BouncyCastle.X509;

namespace ResolutionWorkflow.App.Documents;

public sealed class SignatureOptions
{
    public const string Section = "Signatures";

    /// <summary>
    /// Trust anchors per country: the root certificates (PEM or DER) of the certification authorities
    /// whose qualified certificates a country's signers hold, one folder per country code
    /// (<c>ru/</c>, <c>by/</c>, <c>su/</c>). Default: <c>trust-anchors</c> in the data folder.
    /// </summary>
    public string? TrustAnchorFolder { get; set; }
}

/// <summary>
/// Checks a detached CMS signature sent with a signing command against what is stored: the current
/// version's content (text and attachment manifest), the certificate subject registered for the
/// signer's account, and the trust anchors of the signer's country. The engine then receives the
/// evidence, or the command is refused with the reason and nothing changes.
/// </summary>
public sealed partial class SignatureCheck(IDbContextFactory<ResolutionDbContext> contexts, OrganisationRegistry registry, SignatureOptions options, TimeProvider time,
    Microsoft.Extensions.Logging.ILogger<SignatureCheck> logger)
{
    /// <summary>A CMS signature with its certificate chain is a few kilobytes; this leaves room for long chains.</summary>
    public const int MaxCmsBase64 = 200_000;

    public async Task<(Sign? Command, Rejection? Refusal)> VerifyAsync(Sign command, string cmsBase64, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var resolution = await db.Resolutions.AsNoTracking().SingleOrDefaultAsync(r => r.Id == command.ResolutionId, ct).ConfigureAwait(false);
            if (resolution is null) { return (command, null); } // the engine answers for a resolution that does not exist
            var version = (await db.VersionAsync(resolution.Id, resolution.CurrentTextVersion, ct).ConfigureAwait(false))!;
            var subject = await db.Users.AsNoTracking().Where(u => u.UserName == command.Actor.UserId).Select(u => u.CertificateSubject).FirstOrDefaultAsync(ct).ConfigureAwait(false);
            var country = registry.Organisations.TryGetValue(command.Actor.Organisation, out var organisation) ? organisation.Country : "";
            var (evidence, problem) = CmsVerifier.Verify(version.Content, Convert.FromBase64String(cmsBase64), AnchorsOf(country), subject, time.GetUtcNow());
            return problem is null
                ? (command with { Evidence = evidence }, null)
                : (null, Rejection.Of(RejectionCode.InvalidInput, problem.Key, [.. problem.Args]));
        }
    }

    /// <summary>A signature's bytes as evidence carries them, and nothing derived from them: what a repeat of a signing request is compared by.</summary>
    public static SignatureEvidence BytesOnly(string cmsBase64) =>
        new("", "", "", "", default, "", Convert.ToBase64String(Convert.FromBase64String(cmsBase64)));

    /// <summary>
    /// The country's root certificates, read on each check so that an operator's change applies without a
    /// restart. A file that is not a certificate is left out and logged by name: no signature is trusted
    /// through it, and no signature fails because of it.
    /// </summary>
    public IReadOnlyList<X509Certificate> AnchorsOf(string country)
    {
        var folder = Path.Combine(options.TrustAnchorFolder ?? "trust-anchors", country);
        if (country.Length == 0 || !Directory.Exists(folder)) { return []; }
        var anchors = new List<X509Certificate>();
        foreach (var file in AnchorFiles(folder, SearchOption.TopDirectoryOnly))
        {
            if (Read(file) is { } certificates) { anchors.AddRange(certificates); }
        }
        return anchors;
    }

    /// <summary>The trust anchor files that cannot be read (each logged with why), for the start-up report.</summary>
    public IReadOnlyList<string> UnreadableAnchors()
    {
        var root = options.TrustAnchorFolder ?? "trust-anchors";
        if (!Directory.Exists(root)) { return []; }
        return [.. AnchorFiles(root, SearchOption.AllDirectories).Where(f => Read(f) is null)];
    }

    /// <summary>The certificate files of a folder; a folder that cannot be listed has none (and is logged).</summary>
    private IReadOnlyList<string> AnchorFiles(string folder, SearchOption search)
    {
        try
        {
            return [.. Directory.EnumerateFiles(folder, "*", search).Where(f => Path.GetExtension(f) is ".pem" or ".cer" or ".crt" or ".der").Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUnreadableAnchor(logger, folder, e.Message);
            return [];
        }
    }

    private IReadOnlyList<X509Certificate>? Read(string file)
    {
        try
        {
            var certificates = CmsVerifier.ReadCertificates(File.ReadAllBytes(file));
            if (certificates.Count == 0) { throw new InvalidDataException("no certificate in it"); }
            // A key BouncyCastle cannot read is read here, or the file is not an anchor.
            foreach (var certificate in certificates) { _ = CmsVerifier.PublicKeyOf(certificate); }
            return certificates;
        }
        catch (Exception e) when (CmsVerifier.IsUnreadable(e) || e is UnauthorizedAccessException or InvalidDataException)
        {
            LogUnreadableAnchor(logger, file, e.Message);
            return null;
        }
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "Trust anchor {File} is not a readable certificate and is left out: {Reason}")]
    private static partial void LogUnreadableAnchor(Microsoft.Extensions.Logging.ILogger logger, string file, string reason);
}

/// <summary>At start, reads every trust anchor once, so each file that cannot be read is named in the log (as a warning); the node starts all the same.</summary>
public sealed class TrustAnchorReport(SignatureCheck signatures) : Microsoft.Extensions.Hosting.IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The list is for the log: reading it writes a warning per file.
        _ = signatures.UnreadableAnchors();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
