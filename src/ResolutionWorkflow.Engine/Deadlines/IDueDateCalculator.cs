using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.Engine.Deadlines;

/// <summary>
/// Deadline arithmetic in a party's production calendar. The engine stays pure by taking it
/// as a dependency: the calendars themselves are data (see workflows/calendars).
/// </summary>
public interface IDueDateCalculator
{
    /// <summary>The instant a deadline of <paramref name="days"/> days started at <paramref name="start"/> expires.</summary>
    DueDate DueAt(string calendar, DateTimeOffset start, int days, DayUnit unit);

    /// <summary>The instant a reminder <paramref name="daysBefore"/> days before <paramref name="due"/> is sent.</summary>
    DueDate RemindAt(string calendar, DateTimeOffset due, int daysBefore, DayUnit unit);
}

/// <summary>An instant computed in a calendar; <see cref="Provisional"/> when a year it crossed is not confirmed by its act.</summary>
public readonly record struct DueDate(DateTimeOffset At, bool Provisional);

/// <summary>A deadline reaches into a year for which the country has no calendar file: never guess a date.</summary>
public sealed class CalendarMissingException(string calendar, int year)
    : Exception($"there is no production calendar '{calendar}' for {year}; add workflows/calendars/{calendar}/{year}.json")
{
    public string Calendar { get; } = calendar;

    public int Year { get; } = year;
}
