using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Persistence;

namespace ResolutionWorkflow.App.Retention;

/// <summary>What one run of <see cref="RetentionJob"/> deleted, per table.</summary>
public sealed record RetentionReport(int ProcessedCommands, int SentOutbox, int SentMail, int FinishedDeadlines, int UnattachedFiles = 0);

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
        var unattachedBefore = now - options.UnattachedFiles;
        var size = options.BatchSize;
        return new RetentionReport(
            await InBatchesAsync(db => db.ProcessedCommands.Where(p => p.ProcessedAt < commandsBefore).OrderBy(p => p.ProcessedAt).Take(size), ct).ConfigureAwait(false),
            await InBatchesAsync(db => db.Outbox.Where(o => o.SentAt != null && o.SentAt < outboxBefore).OrderBy(o => o.Id).Take(size), ct).ConfigureAwait(false),
            await InBatchesAsync(db => db.SentMail.Where(m => m.SentAt < mailBefore).OrderBy(m => m.SentAt).Take(size), ct).ConfigureAwait(false),
            await InBatchesAsync(db => db.Deadlines.Where(d => (d.State == DeadlineStates.Done || d.State == DeadlineStates.Skipped) && d.FireAt < deadlinesBefore)
                .OrderBy(d => d.Id).Take(size), ct).ConfigureAwait(false),
            await ForgetUnattachedAsync(unattachedBefore, ct).ConfigureAwait(false));
    }

    /// <summary>
    /// Bytes stored for an attachment that no version came to carry (the engine refused it, or the
    /// process stopped in between): kept for a while, since a command naming them may still be on its way.
    /// </summary>
    private async Task<int> ForgetUnattachedAsync(DateTimeOffset storedBefore, CancellationToken ct)
    {
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var unused = await db.AttachmentContents.Where(c => c.StoredAt < storedBefore && !db.VersionAttachments.Any(a => a.Sha256 == c.Sha256) && !db.MeetingMinutesFiles.Any(m => m.Sha256 == c.Sha256))
                .Select(c => c.Sha256).Take(options.BatchSize).ToListAsync(ct).ConfigureAwait(false);
            foreach (var sha in unused)
            {
                await db.AttachmentChunks.Where(c => c.Sha256 == sha).ExecuteDeleteAsync(ct).ConfigureAwait(false);
                await db.AttachmentContents.Where(c => c.Sha256 == sha && !db.VersionAttachments.Any(a => a.Sha256 == sha) && !db.MeetingMinutesFiles.Any(m => m.Sha256 == sha)).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            }
            return unused.Count;
        }
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
