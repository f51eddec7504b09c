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
    /// Trust anchors per country: the root certificates (PEM or DER: <c>.pem</c>, <c>.cer</c>, <c>.crt</c>,
    /// <c>.der</c>) of the certification authorities whose qualified certificates a country's signers
    /// hold, and their revocation lists (<c>.crl</c>), one folder per country code (<c>ru/</c>, <c>by/</c>,
    /// <c>su/</c>); the roots of the time-stamping authorities in <c>tsa/</c>. Default: <c>trust-anchors</c>
    /// in the data folder.
    /// </summary>
    public string? TrustAnchorFolder { get; set; }

    public const string TimeStampFolder = "tsa";
}

/// <summary>A trust anchor or revocation list an operator must look at: one that cannot be read, or a list past its next update.</summary>
public sealed record TrustProblem(string File, string Kind, string Detail, DateTimeOffset? NextUpdate = null)
{
    public const string Unreadable = "unreadable", Stale = "stale";

    public override string ToString() => $"{File}: {Detail}";
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
            var (evidence, problem) = CmsVerifier.Verify(version.Content, Convert.FromBase64String(cmsBase64), TrustOf(country), subject, time.GetUtcNow());
            return problem is null
                ? (command with { Evidence = evidence }, null)
                : (null, Rejection.Of(RejectionCode.InvalidInput, problem.Key, [.. problem.Args]));
        }
    }

    /// <summary>A signature's bytes as evidence carries them, and nothing derived from them: what a repeat of a signing request is compared by.</summary>
    public static SignatureEvidence BytesOnly(string cmsBase64) =>
        new("", "", "", "", default, "", Convert.ToBase64String(Convert.FromBase64String(cmsBase64)));

    private string Root => options.TrustAnchorFolder ?? "trust-anchors";

    /// <summary>
    /// What a country's signatures are checked against, read on each check so that an operator's change applies
    /// without a restart. A file that cannot be read is left out and logged by name: no signature is trusted
    /// through it, and no signature fails because of it. A revocation list past its next update is still
    /// applied (what it revokes stays revoked) and is reported by <see cref="Problems"/>.
    /// </summary>
    public TrustMaterial TrustOf(string country) =>
        new(AnchorsOf(country), [.. ListsOf(country), .. ListsOf(SignatureOptions.TimeStampFolder)], AnchorsOf(SignatureOptions.TimeStampFolder));

    /// <summary>The revocation lists of a folder (a list counts only for the authority whose key signed it, so mixing folders is safe).</summary>
    private IEnumerable<X509Crl> ListsOf(string folder) =>
        folder.Length == 0 ? [] : Files(Path.Combine(Root, folder), SearchOption.TopDirectoryOnly, IsRevocationList).SelectMany(f => ReadLists(f) ?? []);

    /// <summary>The root certificates of a country's folder (or of the time-stamping authorities').</summary>
    public IReadOnlyList<X509Certificate> AnchorsOf(string country) =>
        country.Length == 0 ? [] : [.. Files(Path.Combine(Root, country), SearchOption.TopDirectoryOnly, IsCertificate).SelectMany(f => Read(f) ?? [])];

    /// <summary>The trust anchor files that cannot be read (each logged with why).</summary>
    public IReadOnlyList<string> UnreadableAnchors() => [.. Problems().Where(p => p.Kind == TrustProblem.Unreadable).Select(p => p.File)];

    /// <summary>
    /// Every file of the trust folder an operator must look at: certificates and revocation lists that cannot be
    /// read, and lists past their next update — for the start-up log, the health check and the incidents page.
    /// </summary>
    public IReadOnlyList<TrustProblem> Problems()
    {
        if (!Directory.Exists(Root)) { return []; }
        var now = time.GetUtcNow();
        var problems = new List<TrustProblem>();
        // The files that are read: those of each country's folder and of tsa/, not deeper.
        var files = Directory.EnumerateDirectories(Root).Order(StringComparer.Ordinal).SelectMany(d => Files(d, SearchOption.TopDirectoryOnly, f => IsCertificate(f) || IsRevocationList(f)));
        foreach (var file in files)
        {
            if (IsCertificate(file))
            {
                if (Read(file, problems) is null) { continue; }
            }
            else if (ReadLists(file, problems) is { } lists)
            {
                foreach (var list in lists.Where(l => l.NextUpdate is { } next && next < now.UtcDateTime))
                {
                    var next = new DateTimeOffset(list.NextUpdate!.Value, TimeSpan.Zero);
                    problems.Add(new TrustProblem(file, TrustProblem.Stale,
                        $"the revocation list of {SubjectName.Print(list.IssuerDN)} was due to be replaced on {next:yyyy-MM-dd HH:mm} UTC", next));
                }
            }
        }
        return problems;
    }

    /// <summary>A problem's file as the operator finds it under the trust folder (no server path leaves the node).</summary>
    public string PathInFolder(TrustProblem problem) => Path.GetRelativePath(Root, (problem ?? throw new ArgumentNullException(nameof(problem))).File);

    private static bool IsCertificate(string file) => Path.GetExtension(file).ToLowerInvariant() is ".pem" or ".cer" or ".crt" or ".der";

    private static bool IsRevocationList(string file) => Path.GetExtension(file).Equals(".crl", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why a file cannot be read, without the server's paths an operating-system message carries.</summary>
    private static string Why(Exception e) => e switch
    {
        UnauthorizedAccessException => "access denied",
        IOException and not EndOfStreamException => "the file cannot be read",
        _ => e.Message,
    };

    /// <summary>The files of a folder that <paramref name="wanted"/> takes; a folder that cannot be listed has none (and is logged).</summary>
    private IReadOnlyList<string> Files(string folder, SearchOption search, Func<string, bool> wanted)
    {
        if (!Directory.Exists(folder)) { return []; }
        try
        {
            return [.. Directory.EnumerateFiles(folder, "*", search).Where(wanted).Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUnreadableAnchor(logger, folder, e.Message);
            return [];
        }
    }

    private IReadOnlyList<X509Certificate>? Read(string file, List<TrustProblem>? problems = null)
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
            problems?.Add(new TrustProblem(file, TrustProblem.Unreadable, $"not a readable certificate: {Why(e)}"));
            return null;
        }
    }

    private IReadOnlyList<X509Crl>? ReadLists(string file, List<TrustProblem>? problems = null)
    {
        try
        {
            var lists = CmsVerifier.ReadRevocationLists(File.ReadAllBytes(file));
            if (lists.Count == 0) { throw new InvalidDataException("no revocation list in it"); }
            return lists;
        }
        catch (Exception e) when (CmsVerifier.IsUnreadable(e) || e is UnauthorizedAccessException or InvalidDataException or Org.BouncyCastle.Security.Certificates.CrlException)
        {
            LogUnreadableAnchor(logger, file, e.Message);
            problems?.Add(new TrustProblem(file, TrustProblem.Unreadable, $"not a readable revocation list: {Why(e)}"));
            return null;
        }
    }

    /// <summary>Logs a list past its next update (reading the folder logs what cannot be read).</summary>
    public void LogStale(TrustProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Kind == TrustProblem.Stale) { LogStaleList(logger, problem.File, problem.NextUpdate!.Value); }
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "Revocation list {File} is past its next update ({NextUpdate:u}); it is still applied, and should be replaced")]
    private static partial void LogStaleList(Microsoft.Extensions.Logging.ILogger logger, string file, DateTimeOffset nextUpdate);

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "Trust anchor {File} cannot be read and is left out: {Reason}")]
    private static partial void LogUnreadableAnchor(Microsoft.Extensions.Logging.ILogger logger, string file, string reason);
}

/// <summary>At start, reads every trust anchor and revocation list once, so each file that cannot be read, and each list past its next update, is named in the log (as a warning); the node starts all the same.</summary>
public sealed class TrustAnchorReport(SignatureCheck signatures) : Microsoft.Extensions.Hosting.IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Reading the folder logs each file that cannot be read; a stale list is logged here.
        foreach (var problem in signatures.Problems()) { signatures.LogStale(problem); }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
