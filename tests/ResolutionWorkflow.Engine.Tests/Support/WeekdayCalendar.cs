using ResolutionWorkflow.Engine.Deadlines;
using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.Engine.Tests.Support;

/// <summary>
/// A stand-in calculator for engine tests that are not about calendars: Monday to Friday are
/// working days everywhere, a deadline ends at 18:00 UTC of its last day. It records which calendar was asked,
/// so tests can check that each party's own calendar is used.
/// </summary>
public sealed class WeekdayCalendar : IDueDateCalculator
{
    public List<string> CalendarsAsked { get; } = [];

    public DueDate DueAt(string calendar, DateTimeOffset start, int days, DayUnit unit)
    {
        CalendarsAsked.Add(calendar);
        var day = DateOnly.FromDateTime(start.UtcDateTime);
        for (var n = 0; n < days;)
        {
            day = day.AddDays(1);
            if (unit == DayUnit.Calendar || IsWorking(day)) { n++; }
        }
        return new DueDate(new DateTimeOffset(day.ToDateTime(new TimeOnly(18, 0)), TimeSpan.Zero), false);
    }

    public DueDate RemindAt(string calendar, DateTimeOffset due, int daysBefore, DayUnit unit)
    {
        CalendarsAsked.Add(calendar);
        var day = DateOnly.FromDateTime(due.UtcDateTime);
        for (var n = 0; n < daysBefore;)
        {
            day = day.AddDays(-1);
            if (unit == DayUnit.Calendar || IsWorking(day)) { n++; }
        }
        return new DueDate(new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero), false);
    }

    private static bool IsWorking(DateOnly d) => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
}
