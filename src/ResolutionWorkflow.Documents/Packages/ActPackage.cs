using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ResolutionWorkflow.Engine.Journal;
using ResolutionWorkflow.Engine.Texts;

namespace ResolutionWorkflow.Documents.Packages;

/// <summary>An attached document in the package: its manifest entry and the file holding its bytes.</summary>
public sealed record PackageAttachment(string Kind, string Name, string MediaType, long Size, string Sha256, string File);

/// <summary>A signature in the package: the journal entry that recorded it and, for a CMS signature, its file and the signer's certificate.</summary>
/// <summary>
/// A signature the act carries. For a CMS signature, <see cref="SigningTime"/> is the time its checks used and
/// <see cref="TimeFrom"/> says whose it is: a time-stamping authority's (named), the signer's signing-time
/// attribute, or the moment it was received (null for signatures recorded before this was kept).
/// </summary>
public sealed record PackageSignature(long JournalSequence, string Signatory, string UserId, DateTimeOffset SignedAt, string TextHash, string Kind,
    string? File = null, string? Certificate = null, string? Subject = null, DateTimeOffset? SigningTime = null, string? TimeFrom = null, string? TimeStampAuthority = null)
{
    /// <summary>The CMS part as the journal's evidence records it.</summary>
    public static PackageSignature Cms(long sequence, string signatory, string userId, DateTimeOffset recordedAt, string textHash, int position, System.Text.Json.Nodes.JsonNode evidence) =>
        new(sequence, signatory, userId, recordedAt, textHash, "cms", $"signatures/{position:00}.p7s", $"certificates/{position:00}.cer", (string?)evidence?["subject"],
            (DateTimeOffset?)evidence?["signedAt"], (string?)evidence?["timeFrom"], (string?)evidence?["timeStampAuthority"]);
}

public sealed record PackageJournal(string File, long Length, string Head);

/// <summary>
/// The act the package holds as an official cites it (in Russian and English), with its registration
/// number, year and date; null fields while it is not registered.
/// </summary>
public sealed record PackageAct(string Citation, string CitationEn, string? Number, int? Year, DateOnly? Date);

/// <summary>
/// The package's manifest.json. Everything else in the archive is named here: the text
/// (text.txt, normalised), the attachments, the signatures and certificates, and the journal
/// (journal.jsonl, one entry per line, as stored).
/// </summary>
public sealed record PackageManifest(string Format, Guid ResolutionId, string Title, int Version, string VersionHash,
    IReadOnlyList<PackageAttachment> Attachments, IReadOnlyList<PackageSignature> Signatures, PackageJournal Journal, PackageAct? Act = null)
{
    /// <summary>Version 2 says, for each CMS signature, the time its checks used and whose it is; version 1 packages still verify.</summary>
    public const string CurrentFormat = "resolution-act-package/2", FirstFormat = "resolution-act-package/1";
}

/// <summary>
/// Writes the act as signed into one ZIP archive that anyone can check without the database
/// (<see cref="ActPackageVerifier"/>, <c>resolution-workflow act verify</c>).
/// </summary>
public static class ActPackage
{
    public const string ManifestFile = "manifest.json", TextFile = "text.txt", JournalFile = "journal.jsonl";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A journal entry per line.</summary>
    internal static readonly JsonSerializerOptions JsonLine = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One file name per attachment, safe in any archive tool: its position and its name without path characters.</summary>
    public static string AttachmentFile(int position, string name) =>
        $"attachments/{position + 1:00}-{string.Concat(name.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c is '/' or '\\' ? '_' : c))}";

    /// <param name="openAttachment">Copies an attachment's bytes (by SHA-256) into the archive, streamed.</param>
    public static async Task WriteAsync(Stream output, PackageManifest manifest, string text, IReadOnlyList<JournalEntry> journal,
        IReadOnlyDictionary<long, byte[]> cmsBySequence, Func<string, Stream, CancellationToken, Task> openAttachment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(cmsBySequence);
        ArgumentNullException.ThrowIfNull(openAttachment);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        await WriteEntryAsync(zip, ManifestFile, JsonSerializer.SerializeToUtf8Bytes(manifest, Json), ct).ConfigureAwait(false);
        await WriteEntryAsync(zip, TextFile, Encoding.UTF8.GetBytes(text), ct).ConfigureAwait(false);
        foreach (var a in manifest.Attachments)
        {
            var entry = await zip.CreateEntry(a.File, CompressionLevel.Optimal).OpenAsync(ct).ConfigureAwait(false);
            await using (entry.ConfigureAwait(false)) { await openAttachment(a.Sha256, entry, ct).ConfigureAwait(false); }
        }
        foreach (var s in manifest.Signatures.Where(s => s.File is not null))
        {
            var cms = cmsBySequence[s.JournalSequence];
            await WriteEntryAsync(zip, s.File!, cms, ct).ConfigureAwait(false);
            if (s.Certificate is not null && SignerCertificate(cms) is { } certificate) { await WriteEntryAsync(zip, s.Certificate, certificate, ct).ConfigureAwait(false); }
        }
        var lines = new StringBuilder();
        foreach (var e in journal) { lines.Append(JsonSerializer.Serialize(e, JsonLine)).Append('\n'); }
        await WriteEntryAsync(zip, JournalFile, Encoding.UTF8.GetBytes(lines.ToString()), ct).ConfigureAwait(false);
    }

    private static async Task WriteEntryAsync(ZipArchive zip, string name, byte[] bytes, CancellationToken ct)
    {
        var entry = await zip.CreateEntry(name, CompressionLevel.Optimal).OpenAsync(ct).ConfigureAwait(false);
        await using (entry.ConfigureAwait(false)) { await entry.WriteAsync(bytes, ct).ConfigureAwait(false); }
    }

    /// <summary>The signer's certificate (DER) carried in a CMS signature, for people who read the package by hand.</summary>
    internal static byte[]? SignerCertificate(byte[] cms)
    {
        var signed = new Org.BouncyCastle.Cms.CmsSignedData(cms);
        var signer = signed.GetSignerInfos().GetSigners().FirstOrDefault();
        return signer is null ? null : signed.GetCertificates().EnumerateMatches(signer.SignerID).FirstOrDefault()?.GetEncoded();
    }

    /// <summary>The bytes the signatures are over, from the package's text and manifest.</summary>
    public static byte[] ContentOf(string text, PackageManifest manifest) =>
        VersionContent.Bytes(text, [.. (manifest?.Attachments ?? []).Select(a => new Attachment(a.Kind, a.Name, a.MediaType, a.Size, a.Sha256))]);
}
