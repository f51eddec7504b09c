using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.Engine.Deadlines;

/// <summary>
/// Deadline arithmetic in a party's production calendar. The engine stays pure by taking it
/// as a dependency: the calendars themselves are data (see workflows/calendars).
/// </summary>
public interface IDueDateCalculator
{
    /// <summary>The instant a deadline of <paramref name="days"/> days started at <paramref name="start"/> expires.</summary>
    DateTimeOffset DueAt(string calendar, DateTimeOffset start, int days, DayUnit unit);

    /// <summary>The instant a reminder <paramref name="daysBefore"/> days before <paramref name="due"/> is sent.</summary>
    DateTimeOffset RemindAt(string calendar, DateTimeOffset due, int daysBefore, DayUnit unit);
}
