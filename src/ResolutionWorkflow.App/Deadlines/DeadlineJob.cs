using System.Security.Cryptography;
using System.Text;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Commands;
using ResolutionWorkflow.App.Notifications;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Resolutions;

namespace ResolutionWorkflow.App.Deadlines;

/// <summary>
/// One claimed deadline row: a reminder is mailed to whoever owes the task; a due deadline is
/// applied through the engine (silence policy or escalation, journaled). Both first re-check the
/// task: closed, or its deadline moved since the row was written, means nothing is sent.
/// </summary>
public sealed class DeadlineJob(IDbContextFactory<ResolutionDbContext> contexts, CommandProcessor processor, Notifier notifier, WorkflowCatalog catalog, Localization.Names names, TimeLeft timeLeft)
{
    [AutomaticRetry(Attempts = 8, DelaysInSeconds = [5, 15, 30, 60, 120, 300, 600, 1800])]
    [Queue(Scheduling.DeadlineQueue)]
    public async Task FireAsync(long rowId, string claim, CancellationToken ct)
    {
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var row = await db.Deadlines.AsNoTracking().SingleOrDefaultAsync(d => d.Id == rowId, ct).ConfigureAwait(false);
            if (row is null || row.State != DeadlineStates.Claimed || row.ClaimedBy != claim) { return; } // another claim owns it now

            var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.ResolutionId == row.ResolutionId && t.TaskNo == row.TaskNo, ct).ConfigureAwait(false);
            if (task.Status != "open" || task.DueAt != row.TaskDueAt)
            {
                await FinishAsync(db, row, claim, DeadlineStates.Skipped, ct).ConfigureAwait(false);
                return;
            }

            if (row.Kind == DeadlineKinds.Reminder)
            {
                var resolution = await db.Resolutions.AsNoTracking().SingleAsync(r => r.Id == row.ResolutionId, ct).ConfigureAwait(false);
                await RemindAsync(resolution, task, $"deadline/{row.Id}", ct).ConfigureAwait(false);
            }
            else
            {
                var outcome = await processor.ExecuteAsync(new ApplyDeadline(task.TaskNo)
                {
                    CommandId = CommandIdFor(row.Id),
                    ResolutionId = row.ResolutionId,
                    Actor = Actor.System,
                }, ct).ConfigureAwait(false);
                if (outcome.Rejection is { Code: RejectionCode.DeadlineNotReached })
                {
                    // Clocks disagree by a little: give the row back for the next sweep.
                    await FinishAsync(db, row, claim, DeadlineStates.Pending, ct).ConfigureAwait(false);
                    return;
                }
            }
            await FinishAsync(db, row, claim, DeadlineStates.Done, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The reminder mail for an open task (also what a coordinator's "nudge" sends).</summary>
    public async Task RemindAsync(ResolutionRow resolution, TaskRow task, string key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(resolution);
        ArgumentNullException.ThrowIfNull(task);
        foreach (var to in await notifier.HoldersAsync(task.Organisation, task.Role, task.Country, task.UserId, ct).ConfigureAwait(false))
        {
            await notifier.SendAsync(key, "reminder", to, MailFacts.For(resolution, catalog, names, notifier.Link(resolution.Id), task.StageId, to) with
            {
                TaskKind = task.Kind,
                Due = task.DueAt is { } d ? Notifier.DueText(d, to) : "",
                TimeLeft = timeLeft.Text(task.DueAt, task.Calendar, to.Language),
                DueProvisional = task.DueIsProvisional,
            }, ct).ConfigureAwait(false);
        }
    }

    private static Task<int> FinishAsync(ResolutionDbContext db, DeadlineRow row, string claim, string state, CancellationToken ct) =>
        db.Deadlines.Where(d => d.Id == row.Id && d.ClaimedBy == claim)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, state).SetProperty(d => d.ClaimedUntil, (DateTimeOffset?)null)
                .SetProperty(d => d.ClaimedBy, d => state == DeadlineStates.Pending ? null : d.ClaimedBy), ct);

    /// <summary>The same row always applies the same command, so a retried job cannot apply it twice.</summary>
    public static Guid CommandIdFor(long rowId) => new(SHA256.HashData(Encoding.UTF8.GetBytes($"deadline/{rowId}")).AsSpan(0, 16));
}
