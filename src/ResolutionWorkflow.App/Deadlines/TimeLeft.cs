using ResolutionWorkflow.App.Localization;
using ResolutionWorkflow.Engine.Calendars;

namespace ResolutionWorkflow.App.Deadlines;

/// <summary>
/// How long a task has left, told the same way on every page and in every mail: working days from today to
/// the due day in the task's own production calendar (the one its deadline was counted in); overdue only
/// once the due instant has passed.
/// </summary>
public sealed class TimeLeft(CalendarSet calendars, Wording wording, TimeProvider time)
{
    /// <summary>Working days from today to the due day (negative past it); null without a due instant or the calendar's data.</summary>
    public int? WorkingDays(DateTimeOffset? due, string? calendar) => WorkingDays(calendars, time.GetUtcNow(), due, calendar);

    /// <summary>The one count every page, list and mail tells: working days from <paramref name="now"/>'s day to the due day in <paramref name="calendar"/>.</summary>
    public static int? WorkingDays(CalendarSet calendars, DateTimeOffset now, DateTimeOffset? due, string? calendar)
    {
        ArgumentNullException.ThrowIfNull(calendars);
        return due is null ? null : calendars.WorkingDaysBetween(calendar, now, due.Value);
    }

    /// <summary>The time left as a phrase ("осталось 3 рабочих дня", "срок истекает сегодня", "просрочено на 2 рабочих дня"); empty when it cannot be told.</summary>
    public string Text(DateTimeOffset? due, string? calendar, string language)
    {
        if (due is null || WorkingDays(due, calendar) is not { } days) { return ""; }
        if (due.Value > time.GetUtcNow()) { return days > 0 ? wording.Count(language, "workingDaysLeft", days) : wording.Page(language, "due today"); }
        return days < 0 ? wording.Count(language, "workingDaysOverdue", -days) : wording.Page(language, "deadline passed today");
    }
}
