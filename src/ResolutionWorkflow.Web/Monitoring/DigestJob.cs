using System.Globalization;
using System.Text;
using Hangfire;
using ResolutionWorkflow.App.Notifications;

namespace ResolutionWorkflow.Web.Monitoring;

/// <summary>
/// The coordinators' daily digest (a Hangfire recurring job, <c>Monitoring__DigestCron</c>, default
/// 07:00 UTC): tasks that became overdue in the last day and every stuck item.
/// </summary>
public sealed class DigestJob(Dashboard dashboard, Notifier notifier, TimeProvider time)
{
    public const string RecurringJobId = "coordinator-digest";

    [AutomaticRetry(Attempts = 5)]
    public async Task SendAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var overdue = await dashboard.AllOpenTasksAsync(new TaskFilter(null, null, null, null, OverdueOnly: true, null), ct)
            .Where(t => t.DueAt > now.AddDays(-1)).ToListAsync(ct).ConfigureAwait(false);
        var stuck = await dashboard.StuckAsync(ct).ConfigureAwait(false);
        if (overdue.Count == 0 && stuck.Count == 0) { return; }

        foreach (var to in notifier.For(null, "coordinator", null))
        {
            var en = to.Language == "en";
            var detail = new StringBuilder();
            detail.AppendLine(en ? $"Newly overdue ({overdue.Count}):" : $"Впервые просрочено ({overdue.Count}):");
            foreach (var t in overdue) { detail.AppendLine(CultureInfo.InvariantCulture, $"- {t.Title}: {t.Party}, {t.StageId}, {(t.DueAt is { } d ? Notifier.DueText(d, to) : "")}"); }
            detail.AppendLine(en ? $"Stuck ({stuck.Count}):" : $"Без движения ({stuck.Count}):");
            foreach (var s in stuck) { detail.AppendLine(CultureInfo.InvariantCulture, $"- {s.Title}: {s.StageId}, {s.WorkingDaysIdle} {(en ? "working days" : "раб. дн.")}, {s.HeldBy}"); }
            await notifier.SendAsync($"digest/{now:yyyy-MM-dd}", "digest", to,
                new MailFacts(to.Name, en ? "Daily digest" : "Ежедневная сводка", notifier.Link(Guid.Empty).Replace($"resolutions/{Guid.Empty}", "dashboard", StringComparison.Ordinal), "",
                    Detail: detail.ToString()), ct).ConfigureAwait(false);
        }
    }
}
