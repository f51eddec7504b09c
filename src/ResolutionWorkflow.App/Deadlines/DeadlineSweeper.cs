using Hangfire;
using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Persistence;

namespace ResolutionWorkflow.App.Deadlines;

/// <summary>
/// One sweep (run by <see cref="SweepTurn"/>): claims every due deadline row with a compare-and-set
/// update (so two nodes never take the same row) and enqueues one job per row. A row claimed by a
/// node that died is claimed again when its lease runs out; nothing is lost, and the job itself
/// re-checks the state.
/// </summary>
public sealed class DeadlineSweeper(IDbContextFactory<ResolutionDbContext> contexts, IBackgroundJobClient jobs, DeadlineOptions options, TimeProvider time)
{
    public const string RecurringJobId = "deadline-sweep";

    public async Task<IReadOnlyList<long>> SweepAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var due = await db.Deadlines.AsNoTracking()
                .Where(d => (d.State == DeadlineStates.Pending && d.FireAt <= now) || (d.State == DeadlineStates.Claimed && d.ClaimedUntil < now))
                .OrderBy(d => d.FireAt).Take(options.BatchSize)
                .Select(d => new { d.Id, d.State, d.ClaimedBy }).ToListAsync(ct).ConfigureAwait(false);

            var claimed = new List<long>();
            foreach (var row in due)
            {
                var claim = $"{options.Node}/{Guid.NewGuid():N}";
                var until = now + options.Lease;
                // Compare-and-set: only one sweeper's update finds the row as it was read.
                var won = await db.Deadlines
                    .Where(d => d.Id == row.Id && d.State == row.State && d.ClaimedBy == row.ClaimedBy)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DeadlineStates.Claimed).SetProperty(d => d.ClaimedBy, claim)
                        .SetProperty(d => d.ClaimedUntil, until).SetProperty(d => d.Attempts, d => d.Attempts + 1), ct).ConfigureAwait(false);
                if (won == 1)
                {
                    jobs.Enqueue<DeadlineJob>(j => j.FireAsync(row.Id, claim, CancellationToken.None));
                    claimed.Add(row.Id);
                }
            }
            return claimed;
        }
    }
}
