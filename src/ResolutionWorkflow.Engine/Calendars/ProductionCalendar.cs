using System.Collections.Immutable;
using ResolutionWorkflow.Engine.Deadlines;
using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.Engine.Calendars;

public enum DayKind
{
    Working,
    /// <summary>A Saturday or Sunday worked because an act moved its day off.</summary>
    WorkingWeekendDay,
    Weekend,
    Holiday,
    /// <summary>A weekday not worked because an act moved a day off onto it.</summary>
    DayOff,
}

public sealed record CalendarAct(string Id, string Title, string Number, DateOnly Date);

/// <summary>One day as a calendar sees it, with the reason and the act when it is not an ordinary day.</summary>
public sealed record CalendarDay(DateOnly Date, DayKind Kind, bool Shortened, LocalizedText? Reason, CalendarAct? Act, DateOnly? MovedFrom, DateOnly? MovedTo, bool Provisional)
{
    public bool IsWorking => Kind is DayKind.Working or DayKind.WorkingWeekendDay;
}

/// <summary>The annual working-time norm for a 40-hour five-day week as the competent body published it, and where.</summary>
public sealed record PublishedNorm(int Hours, string Source);

/// <summary>One country's calendar for one year, as its file states it.</summary>
public sealed record CalendarYear(
    string Country,
    int Year,
    bool Provisional,
    string? Note,
    string TimeZone,
    TimeOnly WorkStart,
    TimeOnly WorkEnd,
    ImmutableArray<CalendarAct> Acts,
    ImmutableDictionary<DateOnly, CalendarDay> Exceptions,
    string SourceFile,
    PublishedNorm? PublishedNorm = null)
{
    public CalendarDay Day(DateOnly date) =>
        Exceptions.TryGetValue(date, out var day)
            ? day
            : new CalendarDay(date, date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? DayKind.Weekend : DayKind.Working, false, null, null, null, null, Provisional);

    public IEnumerable<CalendarDay> Days()
    {
        for (var date = new DateOnly(Year, 1, 1); date.Year == Year; date = date.AddDays(1)) { yield return Day(date); }
    }

    /// <summary>
    /// The year's working time at a 40-hour five-day week, computed the way both ministries of labour
    /// publish it: 8 hours each working day, 7 on a shortened one.
    /// </summary>
    public int NormHours => Days().Where(d => d.IsWorking).Sum(d => d.Shortened ? 7 : 8);
}

/// <summary>
/// A country's production calendar over the years it has files for. Working-day arithmetic
/// refuses to guess: a day in a year without a file raises <see cref="CalendarMissingException"/>.
/// </summary>
public sealed class ProductionCalendar(string id, TimeZoneInfo timeZone, IEnumerable<CalendarYear> years)
{
    private readonly ImmutableDictionary<int, CalendarYear> _years = years.ToImmutableDictionary(y => y.Year);
    private readonly Lazy<RunningTotals?> _runningTotals = new(() => RunningTotals.Build(years.ToList()));

    public string Id { get; } = id;

    public TimeZoneInfo TimeZone { get; } = timeZone;

    public IEnumerable<CalendarYear> Years => _years.Values.OrderBy(y => y.Year);

    public CalendarYear Year(int year) => _years.TryGetValue(year, out var y) ? y : throw new CalendarMissingException(Id, year);

    public CalendarDay Day(DateOnly date) => Year(date.Year).Day(date);

    public bool IsWorkingDay(DateOnly date) => Day(date).IsWorking;

    /// <summary>The n-th working day after <paramref name="from"/>; the non-working days passed over go to <paramref name="skipped"/>.</summary>
    public DateOnly AddWorkingDays(DateOnly from, int n, List<CalendarDay>? skipped = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var day = from;
        for (var counted = 0; counted < n;)
        {
            day = day.AddDays(1);
            var d = Day(day);
            if (d.IsWorking) { counted++; }
            else { skipped?.Add(d); }
        }
        return day;
    }

    /// <summary>The n-th working day before <paramref name="from"/>.</summary>
    public DateOnly SubtractWorkingDays(DateOnly from, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var day = from;
        for (var counted = 0; counted < n;)
        {
            day = day.AddDays(-1);
            if (IsWorkingDay(day)) { counted++; }
        }
        return day;
    }

    /// <summary>Working days in (from, to]: how many working days pass from one date to the other; negative when to is earlier.</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        if (to < from) { return -WorkingDaysBetween(to, from); }
        // Dashboards ask this for thousands of long spans: answered from running totals where the years are all there.
        if (_runningTotals.Value is { } totals && totals.Covers(from) && totals.Covers(to)) { return totals.At(to) - totals.At(from); }
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day)) { count++; }
        }
        return count;
    }

    /// <summary>The first working day on or after <paramref name="date"/> (a deadline that ends on a day off moves to the next working day).</summary>
    public DateOnly NextWorkingDayFrom(DateOnly date, List<CalendarDay>? skipped = null)
    {
        var day = date;
        for (var d = Day(day); !d.IsWorking; d = Day(day))
        {
            skipped?.Add(d);
            day = day.AddDays(1);
        }
        return day;
    }

    /// <summary>The working day on or before <paramref name="date"/>.</summary>
    public DateOnly PreviousWorkingDayFrom(DateOnly date)
    {
        var day = date;
        while (!IsWorkingDay(day)) { day = day.AddDays(-1); }
        return day;
    }

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);

    /// <summary>The end of the working day in the country's time zone (an hour earlier on a shortened day).</summary>
    public DateTimeOffset EndOfWorkingDay(DateOnly date)
    {
        var day = Day(date);
        var end = Year(date.Year).WorkEnd;
        return AtLocal(date, day.Shortened ? end.AddHours(-1) : end);
    }

    public DateTimeOffset StartOfWorkingDay(DateOnly date) => AtLocal(date, Year(date.Year).WorkStart);

    /// <summary>True when any day from <paramref name="from"/> to <paramref name="to"/> lies in a provisional year.</summary>
    public bool TouchesProvisional(DateOnly from, DateOnly to)
    {
        var (a, b) = from <= to ? (from, to) : (to, from);
        for (var y = a.Year; y <= b.Year; y++)
        {
            if (Year(y).Provisional) { return true; }
        }
        return false;
    }

    private DateTimeOffset AtLocal(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, TimeZone.GetUtcOffset(local)).ToUniversalTime();
    }
}

/// <summary>The production calendars of every country, keyed by calendar id ("by", "ru").</summary>
public sealed class CalendarSet(IEnumerable<ProductionCalendar> calendars) : IDueDateCalculator
{
    private readonly ImmutableDictionary<string, ProductionCalendar> _calendars = calendars.ToImmutableDictionary(c => c.Id);

    public IEnumerable<string> Ids => _calendars.Keys.Order(StringComparer.Ordinal);

    public ProductionCalendar this[string id] =>
        _calendars.TryGetValue(id, out var c) ? c : throw new KeyNotFoundException($"there is no calendar '{id}'; known: {string.Join(", ", Ids)}");

    public bool Contains(string id) => _calendars.ContainsKey(id);

    /// <summary>
    /// Working days from the local day of <paramref name="from"/> to that of <paramref name="to"/> in the
    /// calendar (negative when <paramref name="to"/> is earlier); null when there is no such calendar or year:
    /// a figure shown to people is better left out than guessed.
    /// </summary>
    public int? WorkingDaysBetween(string? calendar, DateTimeOffset from, DateTimeOffset to)
    {
        if (calendar is null || !_calendars.TryGetValue(calendar, out var c)) { return null; }
        try { return c.WorkingDaysBetween(c.LocalDate(from), c.LocalDate(to)); }
        catch (CalendarMissingException) { return null; }
    }

    /// <summary>
    /// Working days: the end of the n-th working day after the start day. Calendar days: the end
    /// of the start day plus n, moved to the next working day when it is not one (as civil law
    /// moves a term that ends on a day off).
    /// </summary>
    public DueDate DueAt(string calendar, DateTimeOffset start, int days, DayUnit unit)
    {
        var c = this[calendar];
        var from = c.LocalDate(start);
        var due = unit == DayUnit.Working ? c.AddWorkingDays(from, days) : c.NextWorkingDayFrom(from.AddDays(days));
        return new DueDate(c.EndOfWorkingDay(due), c.TouchesProvisional(from, due));
    }

    /// <summary>The start of the working day that lies n working (or calendar) days before the due day.</summary>
    public DueDate RemindAt(string calendar, DateTimeOffset due, int daysBefore, DayUnit unit)
    {
        var c = this[calendar];
        var dueDay = c.LocalDate(due);
        var day = unit == DayUnit.Working ? c.SubtractWorkingDays(dueDay, daysBefore) : c.PreviousWorkingDayFrom(dueDay.AddDays(-daysBefore));
        return new DueDate(c.StartOfWorkingDay(day), c.TouchesProvisional(day, dueDay));
    }
}

/// <summary>Working days counted from the first day of the first year, for contiguous years: a span is then two lookups.</summary>
internal sealed class RunningTotals(int firstDay, int[] totals)
{
    public static RunningTotals? Build(IReadOnlyList<CalendarYear> years)
    {
        if (years.Count == 0) { return null; }
        var ordered = years.OrderBy(y => y.Year).ToList();
        if (ordered[^1].Year - ordered[0].Year + 1 != ordered.Count) { return null; } // a gap: the day-by-day count names the missing year
        var first = new DateOnly(ordered[0].Year, 1, 1);
        var last = new DateOnly(ordered[^1].Year, 12, 31);
        var totals = new int[last.DayNumber - first.DayNumber + 1];
        var running = 0;
        for (var i = 0; i < totals.Length; i++)
        {
            var date = first.AddDays(i);
            if (ordered[date.Year - first.Year].Day(date).IsWorking) { running++; }
            totals[i] = running;
        }
        return new RunningTotals(first.DayNumber, totals);
    }

    public bool Covers(DateOnly date) => date.DayNumber >= firstDay && date.DayNumber - firstDay < totals.Length;

    /// <summary>Working days from the first day up to and including <paramref name="date"/>.</summary>
    public int At(DateOnly date) => totals[date.DayNumber - firstDay];
}
