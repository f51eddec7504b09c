using System.Globalization;
using System.Text;
using Hangfire;
using ResolutionWorkflow.App.Notifications;

namespace ResolutionWorkflow.Web.Monitoring;

/// <summary>
/// The coordinators' daily digest (a Hangfire recurring job, <c>Monitoring__DigestCron</c>, default
/// 07:00 UTC): tasks that became overdue in the last day and every stuck item.
/// </summary>
public sealed class DigestJob(Dashboard dashboard, Notifier notifier, App.Localization.Names names, App.Localization.Wording wording, TimeProvider time)
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
            var language = to.Language;
            var detail = new StringBuilder();
            detail.AppendLine(CultureInfo.InvariantCulture, $"{wording.Page(language, "Overdue since yesterday")} ({overdue.Count}):");
            foreach (var t in overdue)
            {
                detail.AppendLine(CultureInfo.InvariantCulture,
                    $"- «{t.Title}»: {names.Participant(language, t.Party)}, {names.Stage(language, t.StageId)}, {(t.DueAt is { } d ? Notifier.DueText(d, to) : "")}");
            }
            detail.AppendLine(CultureInfo.InvariantCulture, $"{wording.Page(language, "Documents without progress")} ({stuck.Count}):");
            foreach (var s in stuck)
            {
                var holders = string.Join(", ", s.HeldBy.Split(", ").Select(id => names.Organisation(language, id)));
                detail.AppendLine(CultureInfo.InvariantCulture,
                    $"- «{s.Title}»: {names.Stage(language, s.StageId)}, {wording.Count(language, "workingDaysIdle", s.WorkingDaysIdle)}, {holders}");
            }
            var title = $"{wording.Page(language, "Coordinator's digest for")} {Notifier.DateText(DateOnly.FromDateTime(now.UtcDateTime), language)}";
            await notifier.SendAsync($"digest/{now:yyyy-MM-dd}", "digest", to,
                new MailFacts(to.Name, title, notifier.Link(Guid.Empty).Replace($"resolutions/{Guid.Empty}", "dashboard", StringComparison.Ordinal), "",
                    Detail: detail.ToString()), ct).ConfigureAwait(false);
        }
    }
}
