using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Engine.Resolutions;

namespace ResolutionWorkflow.App.Documents;

public sealed class AttachmentOptions
{
    public const string Section = "Attachments";

    /// <summary>The largest file a drafter may attach (20 MB unless configured).</summary>
    [Range(1, 1L << 31)]
    public long MaxBytes { get; set; } = 20L * 1024 * 1024;
}

/// <summary>A file refused before anything was stored: the refusal says why, in the reader's words.</summary>
public sealed class AttachmentRefusedException(Rejection rejection) : Exception(rejection.Message)
{
    public Rejection Rejection { get; } = rejection;
}

/// <summary>Bytes as stored: their SHA-256, the type found in them and their size.</summary>
public sealed record StoredContent(string Sha256, string MediaType, long Size);

/// <summary>
/// Attached documents' bytes in the application's database (so every node serves them), by SHA-256,
/// in pieces of <see cref="ChunkSize"/>: a file goes in and comes out streamed, never whole in memory.
/// </summary>
public sealed class AttachmentStore(IDbContextFactory<ResolutionDbContext> contexts, AttachmentOptions options, TimeProvider time)
{
    public const int ChunkSize = 1 << 20;

    public long MaxBytes => options.MaxBytes;

    /// <summary>
    /// Reads <paramref name="content"/> to a temporary file (hashing and counting as it goes, stopping
    /// past the limit), checks its type by its bytes against the name's extension, and stores it once.
    /// Refused files (empty, too large, of another type) store nothing.
    /// </summary>
    public async Task<StoredContent> StoreAsync(Stream content, string fileName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var temp = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using (temp.ConfigureAwait(false))
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            long size = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                size += read;
                if (size > options.MaxBytes) { throw Refused("attachmentTooLarge", ("max", Megabytes(options.MaxBytes))); }
                sha.AppendData(buffer, 0, read);
                await temp.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
            }
            if (size == 0) { throw Refused("attachmentEmpty"); }
            var type = FileTypes.Detect(temp) ?? throw Refused("attachmentNotADocument");
            if (FileTypes.ByName(fileName) is { } named && named != type)
            {
                throw Refused("attachmentTypeMismatch", ("name", Path.GetFileName(fileName)), ("found", FileTypes.ExtensionOf(type).TrimStart('.').ToUpperInvariant()));
            }
            var stored = new StoredContent(Convert.ToHexStringLower(sha.GetHashAndReset()), type, size);
            await WriteAsync(stored, temp, ct).ConfigureAwait(false);
            return stored;
        }
    }

    private async Task WriteAsync(StoredContent stored, Stream bytes, CancellationToken ct)
    {
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            if (await db.AttachmentContents.AnyAsync(c => c.Sha256 == stored.Sha256, ct).ConfigureAwait(false)) { return; }
            try
            {
                var tx = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
                await using (tx.ConfigureAwait(false))
                {
                    bytes.Position = 0;
                    var seq = 0;
                    var buffer = new byte[ChunkSize];
                    int read;
                    while ((read = await bytes.ReadAtLeastAsync(buffer, ChunkSize, throwOnEndOfStream: false, ct).ConfigureAwait(false)) > 0)
                    {
                        db.AttachmentChunks.Add(new AttachmentChunkRow { Sha256 = stored.Sha256, Seq = seq++, Bytes = buffer[..read] });
                        await db.SaveChangesAsync(ct).ConfigureAwait(false);
                        db.ChangeTracker.Clear(); // one piece in memory at a time
                    }
                    db.AttachmentContents.Add(new AttachmentContentRow { Sha256 = stored.Sha256, MediaType = stored.MediaType, Size = stored.Size, Chunks = seq, StoredAt = time.GetUtcNow() });
                    await db.SaveChangesAsync(ct).ConfigureAwait(false);
                    await tx.CommitAsync(ct).ConfigureAwait(false);
                }
            }
            catch (DbUpdateException)
            {
                // Another request may have stored the same bytes first: then they are there, which is all that matters.
                if (!await StoredAsync(stored.Sha256, ct).ConfigureAwait(false)) { throw; }
            }
        }
    }

    private async Task<bool> StoredAsync(string sha256, CancellationToken ct)
    {
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            return await db.AttachmentContents.AnyAsync(c => c.Sha256 == sha256, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The document a command names (an attachment, a meeting's minutes) must be stored with the type and
    /// size found in its bytes: a message cannot make a version or a meeting carry a file nobody can read.
    /// </summary>
    public async Task<Rejection?> CheckNamedAsync(ResolutionCommand command, CancellationToken ct)
    {
        var named = command switch
        {
            AttachDocument a => a.Document,
            RecordConciliationMeeting m => m.MinutesFile,
            _ => null,
        };
        if (named is null || !Engine.Texts.VersionContent.IsSha256(named.Sha256)) { return null; } // the engine names what is malformed
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            // A resolution that does not exist is the engine's to say, as for any command.
            if (!await db.Resolutions.AnyAsync(r => r.Id == command.ResolutionId, ct).ConfigureAwait(false)) { return null; }
            var stored = await db.AttachmentContents.AnyAsync(c => c.Sha256 == named.Sha256 && c.MediaType == named.MediaType && c.Size == named.Size, ct).ConfigureAwait(false);
            return stored ? null : Rejection.Of(RejectionCode.InvalidInput, "attachmentNotStored", ("name", named.Name));
        }
    }

    /// <summary>Writes the stored bytes to <paramref name="output"/> piece by piece; false when nothing is stored under that hash.</summary>
    public async Task<bool> CopyToAsync(string sha256, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(output);
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var chunks = await db.AttachmentContents.AsNoTracking().Where(c => c.Sha256 == sha256).Select(c => (int?)c.Chunks).FirstOrDefaultAsync(ct).ConfigureAwait(false);
            if (chunks is null) { return false; }
            for (var seq = 0; seq < chunks; seq++)
            {
                var piece = await db.AttachmentChunks.AsNoTracking().Where(c => c.Sha256 == sha256 && c.Seq == seq).Select(c => c.Bytes).SingleAsync(ct).ConfigureAwait(false);
                await output.WriteAsync(piece, ct).ConfigureAwait(false);
            }
            return true;
        }
    }

    private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

    private static AttachmentRefusedException Refused(string key, params (string Name, object? Value)[] args) =>
        new(Rejection.Of(RejectionCode.InvalidInput, key, args));
}
