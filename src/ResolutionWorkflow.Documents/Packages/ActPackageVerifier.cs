using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Org.BouncyCastle.X509;
using ResolutionWorkflow.Documents.Signatures;
using ResolutionWorkflow.Engine.Journal;
using ResolutionWorkflow.Engine.Texts;

namespace ResolutionWorkflow.Documents.Packages;

/// <summary>
/// Checks an act's package with nothing but the package and the trust anchors: every file against
/// the manifest (SHA-256 and size), the version's hash against the text and attachments, the
/// journal's chain and head, the journal's record of that version, and each signature — a CMS
/// signature over the version's content, by the certificate the journal names, chained to an
/// anchor. Each failure is named; none means the package holds.
/// </summary>
public static class ActPackageVerifier
{
    public static IReadOnlyList<string> Verify(Stream package, IReadOnlyList<X509Certificate> anchors)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(anchors);
        var failures = new List<string>();
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            return [$"the package is not a readable ZIP archive: {e.Message}"];
        }
        using (zip)
        {
            var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
            {
                try
                {
                    using var stream = entry.Open();
                    using var copy = new MemoryStream();
                    stream.CopyTo(copy);
                    files[entry.FullName] = copy.ToArray();
                }
                catch (InvalidDataException e)
                {
                    failures.Add($"{entry.FullName}: damaged in the archive ({e.Message})");
                }
            }
            if (!files.TryGetValue(ActPackage.ManifestFile, out var manifestBytes)) { return [.. failures, $"{ActPackage.ManifestFile} is missing or damaged"]; }
            PackageManifest? manifest;
            try
            {
                manifest = JsonSerializer.Deserialize<PackageManifest>(manifestBytes, ActPackage.Json);
            }
            catch (JsonException e)
            {
                return [.. failures, $"{ActPackage.ManifestFile} is not a manifest: {e.Message}"];
            }
            if (manifest is null || manifest.Format is not (PackageManifest.CurrentFormat or PackageManifest.FirstFormat))
            {
                return [.. failures, $"{ActPackage.ManifestFile} is not a {PackageManifest.CurrentFormat} (or {PackageManifest.FirstFormat}) manifest"];
            }
            Check(manifest, files, anchors, failures);
        }
        return failures;
    }

    private static void Check(PackageManifest manifest, Dictionary<string, byte[]> files, IReadOnlyList<X509Certificate> anchors, List<string> failures)
    {
        var text = files.TryGetValue(ActPackage.TextFile, out var textBytes) ? Encoding.UTF8.GetString(textBytes) : null;
        if (text is null) { failures.Add($"{ActPackage.TextFile} is missing"); }
        else if (ResolutionText.Normalise(text) != text) { failures.Add($"{ActPackage.TextFile} was changed: it is not in the normal form every version is stored in"); }

        foreach (var a in manifest.Attachments)
        {
            if (!files.TryGetValue(a.File, out var bytes)) { failures.Add($"{a.File} is missing"); continue; }
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (sha != a.Sha256 || bytes.Length != a.Size) { failures.Add($"{a.File} was changed: its SHA-256 is {sha}, the manifest says {a.Sha256}"); }
        }
        var content = text is null ? null : ActPackage.ContentOf(text, manifest);
        if (content is not null && Convert.ToHexStringLower(SHA256.HashData(content)) is var versionHash && versionHash != manifest.VersionHash)
        {
            failures.Add($"the version hash in {ActPackage.ManifestFile} ({manifest.VersionHash}) is not the hash of the text and the attachments' manifest ({versionHash})");
        }

        var journal = ReadJournal(files, manifest, failures);
        if (journal is null) { return; }
        var chain = JournalChain.Verify(journal, manifest.Journal.Head);
        if (!chain.IsValid) { failures.Add($"{manifest.Journal.File}: {chain.Problem}"); }
        if (journal.Count != manifest.Journal.Length) { failures.Add($"{manifest.Journal.File} has {journal.Count} entries, the manifest says {manifest.Journal.Length}"); }

        // The journal recorded this version: its text and its hash.
        var issued = journal.LastOrDefault(e => e.EventType == "text-version-issued" && (int?)Data(e)?["number"] == manifest.Version);
        if (issued is null) { failures.Add($"{manifest.Journal.File} records no version {manifest.Version}"); }
        else
        {
            var data = Data(issued)!;
            if ((string?)data["hash"] != manifest.VersionHash) { failures.Add($"{manifest.Journal.File} records version {manifest.Version} with hash {(string?)data["hash"]}, the manifest says {manifest.VersionHash}"); }
            if (text is not null && (string?)data["text"] != text) { failures.Add($"{ActPackage.TextFile} is not the text the journal records for version {manifest.Version}"); }
        }

        foreach (var s in manifest.Signatures) { CheckSignature(s, manifest, journal, files, content, anchors, failures); }
        CheckManifestAgainstJournal(manifest, journal, failures);
    }

    /// <summary>Every statement of the manifest is one the journal makes too: the title, the version's attachments, the signatures that stand.</summary>
    private static void CheckManifestAgainstJournal(PackageManifest manifest, IReadOnlyList<JournalEntry> journal, List<string> failures)
    {
        void Differs(string field) => failures.Add($"{ActPackage.ManifestFile}: {field} differs from what the journal records");
        var started = journal.FirstOrDefault(e => e.EventType == "resolution-started");
        if (started is null || (string?)Data(started)?["title"] != manifest.Title || started.ResolutionId != manifest.ResolutionId) { Differs("the resolution or its title"); }
        var issued = journal.LastOrDefault(e => e.EventType == "text-version-issued");
        var attachments = ((issued is null ? null : Data(issued)?["attachments"]) as JsonArray ?? []).Select((a, i) => new PackageAttachment((string)a!["kind"]!, (string)a["name"]!, (string)a["mediaType"]!,
            (long)a["size"]!, (string)a["sha256"]!, ActPackage.AttachmentFile(i, (string)a["name"]!))).ToList();
        if (issued is null || (int?)Data(issued)?["number"] != manifest.Version) { Differs("the version (it is not the last one)"); }
        if (!attachments.SequenceEqual(manifest.Attachments)) { Differs("the attachments"); }
        var lastVoided = journal.LastOrDefault(e => e.EventType == "signatures-voided")?.Sequence ?? 0;
        var standing = journal.Where(e => e.EventType == "signature-recorded" && e.Sequence > lastVoided).ToList();
        var expected = standing.Select((e, i) =>
        {
            var d = Data(e)!;
            return d["evidence"] is JsonObject evidence
                ? PackageSignature.Cms(e.Sequence, (string)d["signatoryKey"]!, (string)d["userId"]!, e.At, (string)d["textHash"]!, i + 1, evidence)
                : new PackageSignature(e.Sequence, (string)d["signatoryKey"]!, (string)d["userId"]!, e.At, (string)d["textHash"]!, "account");
        });
        // A version 1 manifest did not say the signing time and its source.
        if (manifest.Format == PackageManifest.FirstFormat) { expected = expected.Select(e => e with { SigningTime = null, TimeFrom = null, TimeStampAuthority = null }); }
        if (!expected.SequenceEqual(manifest.Signatures)) { Differs("the signatures"); }
        CheckAct(manifest.Act, journal, Differs, failures);
    }

    /// <summary>
    /// The act as the manifest cites it against what the journal records: its number, year and date; a
    /// citation that ends with that number (the act's type comes from the definition, which the package
    /// does not hold). A package of a dated or registered act without its citation is incomplete.
    /// </summary>
    private static void CheckAct(PackageAct? act, IReadOnlyList<JournalEntry> journal, Action<string> differs, List<string> failures)
    {
        var registered = journal.LastOrDefault(e => e.EventType == "registered") is { } reg ? Data(reg) : null;
        var dated = journal.LastOrDefault(e => e.EventType == "act-dated") is { } d ? Data(d) : null;
        if (act is null)
        {
            if (registered is not null || dated is not null) { failures.Add($"{ActPackage.ManifestFile} does not cite the act the journal dates or registers"); }
            return;
        }
        var date = (string?)dated?["date"] is { } text && DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            ? day : (DateOnly?)null;
        if ((string?)registered?["number"] != act.Number || (int?)registered?["year"] != act.Year || date != act.Date) { differs("the act's number, year or date"); }
        else if (act.Number is { } number && !(Cites(act.Citation, "№", number, act.Year) && Cites(act.CitationEn, "No.", number, act.Year))) { differs("the act's citation"); }
    }

    /// <summary>"… № 15", or "… № 15/2026" for an act registered before acts were dated.</summary>
    private static bool Cites(string citation, string sign, string number, int? year) =>
        citation.EndsWith($" {sign} {number}", StringComparison.Ordinal) || citation.EndsWith($" {sign} {number}/{year}", StringComparison.Ordinal);

    private static void CheckSignature(PackageSignature s, PackageManifest manifest, IReadOnlyList<JournalEntry> journal, Dictionary<string, byte[]> files, byte[]? content,
        IReadOnlyList<X509Certificate> anchors, List<string> failures)
    {
        var name = s.File ?? $"the signature of {s.Signatory}";
        var recorded = journal.FirstOrDefault(e => e.Sequence == s.JournalSequence && e.EventType == "signature-recorded");
        if (recorded is null) { failures.Add($"{name}: the journal has no signature at entry {s.JournalSequence}"); return; }
        var data = Data(recorded)!;
        if ((string?)data["textHash"] != manifest.VersionHash) { failures.Add($"{name}: the journal records it over {(string?)data["textHash"]}, not this version"); }
        if (journal.Any(e => e.Sequence > s.JournalSequence && e.EventType == "signatures-voided")) { failures.Add($"{name}: the journal records it as voided"); }
        if (s.Kind != "cms") { return; }
        if (s.File is null || !files.TryGetValue(s.File, out var cms)) { failures.Add($"{name} is missing"); return; }
        if (s.Certificate is not null && (!files.TryGetValue(s.Certificate, out var certificate) || !certificate.AsSpan().SequenceEqual(SignerCertificate(cms))))
        {
            failures.Add($"{s.Certificate} is not the signer's certificate carried in {s.File}");
        }
        var evidence = data["evidence"];
        if ((string?)evidence?["cms"] != Convert.ToBase64String(cms)) { failures.Add($"{s.File} was changed: it is not the signature the journal recorded"); }
        if (content is null) { return; }
        if (anchors.Count == 0) { failures.Add($"{s.File}: no trust anchors were given, so its certificate's chain cannot be checked"); return; }
        // The anchors given serve for the time-stamping authorities too; the revocation lists of the day of signing are not in the package.
        var (_, problem) = CmsVerifier.Verify(content, cms, new TrustMaterial(anchors, [], anchors), (string?)evidence?["subject"], DateTimeOffset.UtcNow);
        if (problem is not null) { failures.Add($"{s.File}: {problem}"); }
    }

    private static byte[] SignerCertificate(byte[] cms)
    {
        try
        {
            return ActPackage.SignerCertificate(cms) ?? [];
        }
        catch (Exception e) when (e is Org.BouncyCastle.Cms.CmsException or IOException or ArgumentException or InvalidCastException)
        {
            return [];
        }
    }

    private static List<JournalEntry>? ReadJournal(Dictionary<string, byte[]> files, PackageManifest manifest, List<string> failures)
    {
        if (!files.TryGetValue(manifest.Journal.File, out var bytes)) { failures.Add($"{manifest.Journal.File} is missing"); return null; }
        var entries = new List<JournalEntry>();
        var lines = Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            try
            {
                entries.Add(JsonSerializer.Deserialize<JournalEntry>(lines[i], ActPackage.JsonLine) ?? throw new JsonException("empty"));
            }
            catch (JsonException)
            {
                failures.Add($"{manifest.Journal.File}: line {i + 1} is not a journal entry");
                return null;
            }
        }
        return entries;
    }

    private static JsonObject? Data(JournalEntry e)
    {
        try
        {
            return JsonNode.Parse(e.Data) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Trust anchors from certificate files (PEM or DER), or every such file under a folder.</summary>
    public static IReadOnlyList<X509Certificate> ReadAnchors(IEnumerable<string> paths) =>
        [.. (paths ?? []).SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories) : [p])
            .Where(f => Path.GetExtension(f) is ".pem" or ".cer" or ".crt" or ".der")
            .SelectMany(f => CmsVerifier.ReadCertificates(File.ReadAllBytes(f)))];
}
