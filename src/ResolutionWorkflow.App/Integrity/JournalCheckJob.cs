using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ResolutionWorkflow.App.Messaging;
using ResolutionWorkflow.App.Persistence;

namespace ResolutionWorkflow.App.Integrity;

/// <summary>
/// The recurring check: verifies every journal whose head moved since the last run and opens an
/// incident for a broken one, once per break (a chain found broken again is not reported again
/// until it has verified in between). The whole database is verified by <c>journal verify</c>.
/// </summary>
public sealed partial class JournalCheckJob(
    IDbContextFactory<ResolutionDbContext> contexts, JournalVerifier verifier, IncidentLog incidents, TimeProvider time, ILogger<JournalCheckJob> logger)
{
    public const string RecurringJobId = "journal-check";
    private const int Batch = 500;

    /// <summary>Returns how many chains it verified and how many of them were newly found broken.</summary>
    public async Task<(int Checked, int Broken)> CheckChangedAsync(CancellationToken ct)
    {
        int verified = 0, broken = 0;
        while (true)
        {
            var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
            await using (db.ConfigureAwait(false))
            {
                var changed = await (
                    from r in db.Resolutions.AsNoTracking()
                    join c in db.JournalChecks.AsNoTracking() on r.Id equals c.ResolutionId into checks
                    from c in checks.DefaultIfEmpty()
                    where c == null || c.CheckedLength != r.JournalLength || c.CheckedHead != r.JournalHead
                    select new { r.Id, r.JournalLength, r.JournalHead }).Take(Batch).ToListAsync(ct).ConfigureAwait(false);
                var ids = changed.Select(r => r.Id).ToList();
                var known = await db.JournalChecks.Where(c => ids.Contains(c.ResolutionId)).ToDictionaryAsync(c => c.ResolutionId, ct).ConfigureAwait(false);
                foreach (var r in changed)
                {
                    var verdict = await verifier.VerifyAsync(r.Id, ct: ct).ConfigureAwait(false);
                    var check = known.GetValueOrDefault(r.Id);
                    var wasBroken = check?.BrokenAt is not null;
                    if (check is null)
                    {
                        check = new JournalCheckRow { ResolutionId = r.Id, CheckedHead = r.JournalHead };
                        db.JournalChecks.Add(check);
                    }
                    // What the next run compares with: the head on the row, whatever the chain holds.
                    check.CheckedLength = r.JournalLength;
                    check.CheckedHead = r.JournalHead;
                    check.CheckedAt = time.GetUtcNow();
                    check.BrokenAt = verdict is { IsValid: false } ? verdict.BrokenAt : null;
                    check.Problem = verdict?.Problem;
                    if (verdict is { IsValid: false } && !wasBroken)
                    {
                        LogBroken(logger, r.Id, verdict.BrokenAt, verdict.Problem);
                        await incidents.RecordJournalBreakAsync(r.Id, verdict.BrokenAt ?? 1, verdict.Problem ?? "", ct).ConfigureAwait(false);
                        broken++;
                    }
                    verified++;
                }
                await db.SaveChangesAsync(ct).ConfigureAwait(false);
                if (changed.Count < Batch) { return (verified, broken); }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "the journal of resolution {ResolutionId} is broken at entry {Entry}: {Problem}")]
    private static partial void LogBroken(ILogger logger, Guid resolutionId, long? entry, string? problem);
}
