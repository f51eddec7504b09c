using System.Globalization;
using System.Text;
using ResolutionWorkflow.Engine.Calendars;
using ResolutionWorkflow.Engine.Deadlines;

namespace ResolutionWorkflow.Cli;

/// <summary>The <c>calendar</c> and <c>due</c> verbs: a year as month grids, and one deadline with the days it skipped.</summary>
public static class CalendarCommands
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static int PrintYear(CalendarSet calendars, string country, string yearText, TextWriter output, TextWriter error)
    {
        if (!int.TryParse(yearText, NumberStyles.None, Invariant, out var year))
        {
            error.WriteLine($"'{yearText}' is not a year");
            return 2;
        }
        if (!calendars.Contains(country))
        {
            error.WriteLine($"there is no calendar '{country}'; known: {string.Join(", ", calendars.Ids)}");
            return 1;
        }
        CalendarYear data;
        try { data = calendars[country].Year(year); }
        catch (CalendarMissingException e)
        {
            error.WriteLine(e.Message);
            return 1;
        }

        output.WriteLine($"{country} {year} — {(data.Provisional ? "PROVISIONAL" : "final")}   ({data.SourceFile})");
        if (data.Note is not null) { output.WriteLine($"note: {data.Note}"); }
        foreach (var act in data.Acts) { output.WriteLine($"act:  {act.Title}, No. {act.Number} of {act.Date:yyyy-MM-dd}"); }
        var working = data.Days().Where(d => d.IsWorking).ToList();
        output.WriteLine($"norm: {data.NormHours} h at a 40-hour week ({working.Count} working days, {working.Count(d => d.Shortened)} shortened)"
            + (data.PublishedNorm is { } norm ? $"; published {norm.Hours} h: {norm.Source}" : "; no published norm yet"));
        output.WriteLine("legend: h public holiday   o day off moved by law   w working weekend day   s shortened day   . weekend");
        output.WriteLine();

        for (var month = 1; month <= 12; month += 3)
        {
            var grids = Enumerable.Range(month, 3).Select(m => MonthGrid(data, year, m)).ToList();
            var height = grids.Max(g => g.Count);
            for (var line = 0; line < height; line++)
            {
                output.WriteLine(string.Join("   ", grids.Select(g => (line < g.Count ? g[line] : "").PadRight(27))).TrimEnd());
            }
            output.WriteLine();
        }

        foreach (var day in data.Exceptions.Values.Where(d => d.Kind is DayKind.DayOff or DayKind.WorkingWeekendDay).OrderBy(d => d.Date))
        {
            output.WriteLine($"{day.Date:yyyy-MM-dd} {day.Date.DayOfWeek.ToString()[..3]}  {(day.Kind == DayKind.DayOff ? "day off" : "working day")}: {day.Reason?.En} ({day.Act?.Title}, No. {day.Act?.Number})");
        }
        return 0;
    }

    private static List<string> MonthGrid(CalendarYear data, int year, int month)
    {
        var lines = new List<string>
        {
            new DateOnly(year, month, 1).ToString("MMMM yyyy", Invariant),
            " Mo  Tu  We  Th  Fr  Sa  Su",
        };
        var first = new DateOnly(year, month, 1);
        var line = new StringBuilder(new string(' ', 4 * (((int)first.DayOfWeek + 6) % 7)));
        for (var d = first; d.Month == month; d = d.AddDays(1))
        {
            var day = data.Day(d);
            var mark = day.Kind switch
            {
                DayKind.Holiday => 'h',
                DayKind.DayOff => 'o',
                DayKind.WorkingWeekendDay => 'w',
                DayKind.Weekend => '.',
                _ => day.Shortened ? 's' : ' ',
            };
            line.Append(d.Day.ToString(Invariant).PadLeft(3)).Append(mark);
            if (d.DayOfWeek == DayOfWeek.Sunday)
            {
                lines.Add(line.ToString().TrimEnd());
                line.Clear();
            }
        }
        if (line.Length > 0) { lines.Add(line.ToString().TrimEnd()); }
        return lines;
    }

    /// <summary>Prints the due date alone on the first line, then each day skipped and why.</summary>
    public static int PrintDue(CalendarSet calendars, string country, string fromText, string daysText, bool calendarDays, TextWriter output, TextWriter error)
    {
        if (!DateOnly.TryParseExact(fromText, "yyyy-MM-dd", Invariant, DateTimeStyles.None, out var from))
        {
            error.WriteLine($"'{fromText}' is not a date (YYYY-MM-DD)");
            return 2;
        }
        if (!int.TryParse(daysText, NumberStyles.None, Invariant, out var days) || days is < 1 or > 3660)
        {
            error.WriteLine($"'{daysText}' is not a number of days from 1 to 3660");
            return 2;
        }
        if (!calendars.Contains(country))
        {
            error.WriteLine($"there is no calendar '{country}'; known: {string.Join(", ", calendars.Ids)}");
            return 1;
        }
        var calendar = calendars[country];
        var skipped = new List<CalendarDay>();
        DateOnly due;
        try
        {
            due = calendarDays
                ? calendar.NextWorkingDayFrom(from.AddDays(days), skipped)
                : calendar.AddWorkingDays(from, days, skipped);
        }
        catch (CalendarMissingException e)
        {
            error.WriteLine(e.Message);
            return 1;
        }

        output.WriteLine(due.ToString("yyyy-MM-dd", Invariant));
        output.WriteLine(calendarDays
            ? $"{days} calendar day(s) after {from:yyyy-MM-dd} in calendar '{country}'; a term ending on a day off moves to the next working day"
            : $"{days} working day(s) after {from:yyyy-MM-dd} in calendar '{country}'");
        output.WriteLine($"due at {calendar.EndOfWorkingDay(due):yyyy-MM-dd HH:mm} UTC (end of the working day, {calendar.TimeZone.Id})");
        foreach (var day in skipped)
        {
            var why = day.Kind switch
            {
                DayKind.Holiday => $"public holiday: {day.Reason?.En} / {day.Reason?.Ru}",
                DayKind.DayOff => $"day off moved by law: {day.Reason?.En} ({day.Act?.Title}, No. {day.Act?.Number})",
                _ => "weekend",
            };
            output.WriteLine($"skipped {day.Date:yyyy-MM-dd} {day.Date.DayOfWeek.ToString()[..3]}: {why}");
        }
        if (calendar.TouchesProvisional(from, due))
        {
            output.WriteLine($"warning: the calendar for {string.Join(", ", Enumerable.Range(from.Year, due.Year - from.Year + 1).Where(y => calendar.Year(y).Provisional))} is provisional; this date may move when the year's act is confirmed");
        }
        return 0;
    }
}
