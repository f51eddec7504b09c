using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Localization;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Documents.Packages;

namespace ResolutionWorkflow.App.Documents;

/// <summary>
/// The act as signed, as one archive anyone can verify offline: the current version's text and
/// attachments, its manifest and hash, the signatures that stand (with each CMS signature and its
/// signer's certificate), and the whole journal with its head. The caller decides who may read it.
/// </summary>
public sealed class ActPackageExport(IDbContextFactory<ResolutionDbContext> contexts, AttachmentStore store, Names names)
{
    public async Task<bool> WriteAsync(Guid id, Stream output, CancellationToken ct)
    {
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var r = await db.Resolutions.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct).ConfigureAwait(false);
            if (r is null) { return false; }
            var (version, attachments) = (await db.VersionAsync(id, r.CurrentTextVersion, ct).ConfigureAwait(false))!;
            var journal = await db.Journal.AsNoTracking().Where(j => j.ResolutionId == id).OrderBy(j => j.Sequence).ToListAsync(ct).ConfigureAwait(false);
            var signatures = await db.Signatures.AsNoTracking().Where(s => s.ResolutionId == id && s.VoidedAt == null).OrderBy(s => s.JournalSequence).ToListAsync(ct).ConfigureAwait(false);

            // Before registration the act is cited by its type and title only.
            string Cite(string language) => r.RegistrationNumber is { } number
                ? names.Citation(language, r.DefinitionId, r.DefinitionVersion, r.ActDate, number, r.RegistrationYear)
                : $"{names.Act(language, r.DefinitionId, r.DefinitionVersion)} «{r.Title}»";

            var cms = new Dictionary<long, byte[]>();
            var listed = new List<PackageSignature>();
            foreach (var (s, i) in signatures.Select((s, i) => (s, i)))
            {
                var evidence = JsonNode.Parse(journal.Single(j => j.Sequence == s.JournalSequence).Data)?["evidence"];
                if ((string?)evidence?["cms"] is { } base64)
                {
                    cms[s.JournalSequence] = Convert.FromBase64String(base64);
                    listed.Add(PackageSignature.Cms(s.JournalSequence, s.SignatoryKey, s.UserId, s.SignedAt, s.TextHash, i + 1, evidence));
                }
                else
                {
                    listed.Add(new PackageSignature(s.JournalSequence, s.SignatoryKey, s.UserId, s.SignedAt, s.TextHash, "account"));
                }
            }
            var manifest = new PackageManifest(PackageManifest.CurrentFormat, id, r.Title, version.Number, version.Hash,
                [.. attachments.Select(a => new PackageAttachment(a.Kind, a.Name, a.MediaType, a.Size, a.Sha256, ActPackage.AttachmentFile(a.Position, a.Name)))],
                listed, new PackageJournal(ActPackage.JournalFile, r.JournalLength, r.JournalHead),
                new PackageAct(Cite("ru"), Cite("en"), r.RegistrationNumber, r.RegistrationYear, r.ActDate));
            await ActPackage.WriteAsync(output, manifest, version.Text, [.. journal.Select(j => j.ToEntry())], cms,
                async (sha, entry, token) => await store.CopyToAsync(sha, entry, token).ConfigureAwait(false), ct).ConfigureAwait(false);
            return true;
        }
    }
}
