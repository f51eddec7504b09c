using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.Engine.Texts;

namespace ResolutionWorkflow.App.Persistence;

/// <summary>A stored text version with its documents in the order attached: what its hash covers.</summary>
public sealed record StoredVersion(TextVersionRow Text, IReadOnlyList<VersionAttachmentRow> Attachments)
{
    public IReadOnlyList<Attachment> Manifest => [.. Attachments.Select(a => new Attachment(a.Kind, a.Name, a.MediaType, a.Size, a.Sha256))];

    /// <summary>The bytes a signer signs; their SHA-256 is the version's hash.</summary>
    public byte[] Content => VersionContent.Bytes(Text.Text, Manifest);
}

public static class StoredVersions
{
    /// <summary>The documents of one version, in the order attached.</summary>
    public static Task<List<VersionAttachmentRow>> AttachmentsOfAsync(this ResolutionDbContext db, Guid resolutionId, int version, CancellationToken ct) =>
        db.VersionAttachments.AsNoTracking().Where(a => a.ResolutionId == resolutionId && a.VersionNumber == version).OrderBy(a => a.Position).ToListAsync(ct);

    /// <summary>A version with its documents, or null when the resolution has no such version.</summary>
    public static async Task<StoredVersion?> VersionAsync(this ResolutionDbContext db, Guid resolutionId, int version, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var text = await db.TextVersions.AsNoTracking().SingleOrDefaultAsync(v => v.ResolutionId == resolutionId && v.Number == version, ct).ConfigureAwait(false);
        return text is null ? null : new StoredVersion(text, await db.AttachmentsOfAsync(resolutionId, version, ct).ConfigureAwait(false));
    }
}
