using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Persistence;

namespace ResolutionWorkflow.App.Retention;

/// <summary>What one run of <see cref="RetentionJob"/> deleted, per table.</summary>
public sealed record RetentionReport(int ProcessedCommands, int SentOutbox, int SentMail, int FinishedDeadlines);

/// <summary>Deletes bookkeeping rows past their retention period, oldest first, in batches (a recurring Hangfire job).</summary>
public sealed class RetentionJob(IDbContextFactory<ResolutionDbContext> contexts, RetentionOptions options, TimeProvider time)
{
    public const string RecurringJobId = "retention";

    public async Task<RetentionReport> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var commandsBefore = now - options.ProcessedCommands;
        var outboxBefore = now - options.SentOutbox;
        var mailBefore = now - options.SentMail;
        var deadlinesBefore = now - options.FinishedDeadlines;
        var size = options.BatchSize;
        return new RetentionReport(
            await InBatchesAsync(db => db.ProcessedCommands.Where(p => p.ProcessedAt < commandsBefore).OrderBy(p => p.ProcessedAt).Take(size), ct).ConfigureAwait(false),
            await InBatchesAsync(db => db.Outbox.Where(o => o.SentAt != null && o.SentAt < outboxBefore).OrderBy(o => o.Id).Take(size), ct).ConfigureAwait(false),
            await InBatchesAsync(db => db.SentMail.Where(m => m.SentAt < mailBefore).OrderBy(m => m.SentAt).Take(size), ct).ConfigureAwait(false),
            await InBatchesAsync(db => db.Deadlines.Where(d => (d.State == DeadlineStates.Done || d.State == DeadlineStates.Skipped) && d.FireAt < deadlinesBefore)
                .OrderBy(d => d.Id).Take(size), ct).ConfigureAwait(false));
    }

    /// <summary>One short transaction per batch, until a batch comes back short.</summary>
    private async Task<int> InBatchesAsync<T>(Func<ResolutionDbContext, IQueryable<T>> batch, CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
            await using (db.ConfigureAwait(false))
            {
                var deleted = await batch(db).ExecuteDeleteAsync(ct).ConfigureAwait(false);
                total += deleted;
                if (deleted < options.BatchSize) { return total; }
            }
        }
    }
}
