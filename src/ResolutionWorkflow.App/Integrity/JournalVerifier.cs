using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Engine.Journal;

namespace ResolutionWorkflow.App.Integrity;

/// <summary>The verdict on one resolution's journal: intact, or the first entry that is not and why.</summary>
public sealed record ChainVerdict(Guid ResolutionId, long Length, string Head, bool IsValid, long? BrokenAt, string? Problem)
{
    public static ChainVerdict Of(Guid id, IReadOnlyList<JournalEntry> entries, string? storedHead, AnchoredHead? anchor)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var length = entries.Count;
        var head = length > 0 ? entries[^1].Hash : JournalChain.Genesis;
        var result = JournalChain.Verify(entries, storedHead);
        if (!result.IsValid) { return new(id, length, head, false, result.FirstBadSequence, result.Problem); }
        if (storedHead is null) { return new(id, length, head, false, 1, "the resolution's row is missing: the journal's head is not recorded"); }
        if (anchor is not null)
        {
            if (length < anchor.Length)
            {
                return new(id, length, head, false, length + 1, $"entries after entry {length} were removed: entry {anchor.Length} was anchored outside the database");
            }
            if (entries[(int)anchor.Length - 1].Hash != anchor.Head)
            {
                return new(id, length, head, false, anchor.Length,
                    $"the chain was rewritten: entry {anchor.Length} no longer has the hash anchored outside the database");
            }
        }
        return new(id, length, head, true, null, null);
    }
}

/// <summary>
/// Verifies stored journals: each entry's hash, the chain, the head recorded on the resolution row,
/// and, given anchors, the head written outside the database.
/// </summary>
public sealed class JournalVerifier(IDbContextFactory<ResolutionDbContext> contexts)
{
    /// <summary>One resolution; null when there is no such resolution and no journal for it.</summary>
    public async Task<ChainVerdict?> VerifyAsync(Guid id, IReadOnlyDictionary<Guid, AnchoredHead>? anchors = null, CancellationToken ct = default)
    {
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var head = await db.Resolutions.AsNoTracking().Where(r => r.Id == id).Select(r => r.JournalHead).SingleOrDefaultAsync(ct).ConfigureAwait(false);
            var rows = await db.Journal.AsNoTracking().Where(j => j.ResolutionId == id).OrderBy(j => j.Sequence).ToListAsync(ct).ConfigureAwait(false);
            if (head is null && rows.Count == 0) { return null; }
            return ChainVerdict.Of(id, [.. rows.Select(r => r.ToEntry())], head, anchors?.GetValueOrDefault(id));
        }
    }

    /// <summary>
    /// Every resolution, in one pass over the journal in key order (one query, not one per
    /// resolution), and then the resolutions whose journal is gone altogether. Anchored
    /// resolutions missing from the database are reported too.
    /// </summary>
    public async IAsyncEnumerable<ChainVerdict> VerifyAllAsync(IReadOnlyDictionary<Guid, AnchoredHead>? anchors = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var heads = await db.Resolutions.AsNoTracking().Select(r => new { r.Id, r.JournalHead }).ToDictionaryAsync(r => r.Id, r => r.JournalHead, ct).ConfigureAwait(false);
            var seen = new HashSet<Guid>();
            var chain = new List<JournalEntry>();
            await foreach (var row in db.Journal.AsNoTracking().OrderBy(j => j.ResolutionId).ThenBy(j => j.Sequence).AsAsyncEnumerable().WithCancellation(ct).ConfigureAwait(false))
            {
                if (chain.Count > 0 && chain[0].ResolutionId != row.ResolutionId)
                {
                    yield return Finish();
                }
                chain.Add(row.ToEntry());
            }
            if (chain.Count > 0) { yield return Finish(); }
            foreach (var (id, head) in heads.Where(h => !seen.Contains(h.Key)))
            {
                yield return ChainVerdict.Of(id, [], head, anchors?.GetValueOrDefault(id));
            }
            foreach (var anchor in anchors?.Values.Where(a => !heads.ContainsKey(a.ResolutionId)) ?? [])
            {
                yield return new ChainVerdict(anchor.ResolutionId, 0, JournalChain.Genesis, false, 1, "the resolution was removed from the database, but its journal was anchored outside it");
            }

            ChainVerdict Finish()
            {
                var id = chain[0].ResolutionId;
                seen.Add(id);
                var verdict = ChainVerdict.Of(id, chain, heads.GetValueOrDefault(id), anchors?.GetValueOrDefault(id));
                chain = [];
                return verdict;
            }
        }
    }
}
