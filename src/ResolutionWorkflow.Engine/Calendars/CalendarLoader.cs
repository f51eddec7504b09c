using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Json;

namespace ResolutionWorkflow.Engine.Calendars;

/// <summary>
/// Loads <c>calendars/{country}/{year}.json</c>: the schema first, then the rules a schema
/// cannot state (dates outside the year, a date that is both a holiday and a working day,
/// Radunitsa not nine days after Orthodox Easter, …). Every error is reported with file and path.
/// </summary>
public static class CalendarLoader
{
    private sealed record Source(
        int SchemaVersion, string Country, int Year, string Status, string? Note, string TimeZone, HoursSource WorkingHours,
        List<ActSource> Acts, List<HolidaySource> Holidays, List<MovedSource> DaysOff, List<MovedSource> WorkingWeekendDays, List<string> ShortDays,
        NormSource? PublishedNorm);

    private sealed record NormSource(int Hours, string Source);

    private sealed record HoursSource(string Start, string End);

    private sealed record ActSource(string Id, string Title, string Number, string Date);

    private sealed record HolidaySource(string Date, string? Id, LocalizedText Name);

    private sealed record MovedSource(string Date, string? MovedFrom, string? MovedTo, string Act, LocalizedText Reason);

    public const string RadunitsaId = "radunitsa";

    /// <summary>Loads every country folder under <paramref name="folder"/>; errors of all files are collected.</summary>
    public static (CalendarSet Calendars, IReadOnlyList<DefinitionError> Errors) LoadFolder(string folder, SchemaChecker schema)
    {
        var errors = new List<DefinitionError>();
        var calendars = new List<ProductionCalendar>();
        if (!Directory.Exists(folder))
        {
            return (new CalendarSet([]), [new DefinitionError(folder, "$", null, "calendar folder not found")]);
        }
        foreach (var countryFolder in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
        {
            var id = Path.GetFileName(countryFolder);
            var years = new List<CalendarYear>();
            foreach (var file in Directory.GetFiles(countryFolder, "*.json").Order(StringComparer.Ordinal))
            {
                var (year, fileErrors) = LoadFile(file, schema);
                errors.AddRange(fileErrors);
                if (year is null) { continue; }
                if (year.Country != id)
                {
                    errors.Add(new DefinitionError(file, "$.country", null, $"the file is in folder '{id}' but says country '{year.Country}'"));
                    continue;
                }
                years.Add(year);
            }
            if (years.Count > 0) { calendars.Add(new ProductionCalendar(id, TimeZoneInfo.FindSystemTimeZoneById(years[^1].TimeZone), years)); }
        }
        return (new CalendarSet(calendars), errors);
    }

    public static (CalendarYear? Year, IReadOnlyList<DefinitionError> Errors) LoadFile(string file, SchemaChecker schema)
    {
        using var read = schema.Read(file, File.ReadAllBytes(file));
        if (read.Document is null) { return (null, read.Errors); }
        var source = read.Document.RootElement.Deserialize<Source>(SourceJson.Options)!;
        var check = new Check(file, read.Lines);
        var year = check.Build(source);
        return (check.Errors.Count == 0 ? year : null, check.Errors);
    }

    /// <summary>The date of Orthodox Easter (Gregorian calendar) for 1900–2099: the Julian computus plus 13 days.</summary>
    public static DateOnly OrthodoxEaster(int year)
    {
        int a = year % 4, b = year % 7, c = year % 19;
        var d = ((19 * c) + 15) % 30;
        var e = ((2 * a) + (4 * b) - d + 34) % 7;
        var month = (d + e + 114) / 31;
        var day = ((d + e + 114) % 31) + 1;
        return new DateOnly(year, month, day).AddDays(13);
    }

    private sealed class Check(string file, JsonLineMap lines)
    {
        public List<DefinitionError> Errors { get; } = [];

        private void Error(JsonPath path, string message) => Errors.Add(DefinitionError.At(file, path, lines, message));

        public CalendarYear? Build(Source s)
        {
            var root = JsonPath.Root;
            if (Path.GetFileNameWithoutExtension(file) != s.Year.ToString(CultureInfo.InvariantCulture))
            {
                Error(root.Property("year"), $"the file is named {Path.GetFileName(file)} but says year {s.Year}");
            }
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(s.TimeZone, out _)) { Error(root.Property("timeZone"), $"unknown time zone '{s.TimeZone}'"); }
            var start = TimeOnly.ParseExact(s.WorkingHours.Start, "HH:mm", CultureInfo.InvariantCulture);
            var end = TimeOnly.ParseExact(s.WorkingHours.End, "HH:mm", CultureInfo.InvariantCulture);
            if (end <= start) { Error(root.Property("workingHours"), "the working day must end after it starts"); }
            if (s.Status == "provisional" && string.IsNullOrWhiteSpace(s.Note))
            {
                Error(root.Property("note"), "a provisional calendar must say in a note why it is provisional");
            }

            var acts = new Dictionary<string, CalendarAct>();
            for (var i = 0; i < s.Acts.Count; i++)
            {
                var a = s.Acts[i];
                var date = Date(a.Date, root.Property("acts").Index(i).Property("date"), anyYear: true);
                if (!acts.TryAdd(a.Id, new CalendarAct(a.Id, a.Title, a.Number, date ?? default)))
                {
                    Error(root.Property("acts").Index(i).Property("id"), $"duplicate act id '{a.Id}'");
                }
            }

            var provisional = s.Status == "provisional";
            var days = new Dictionary<DateOnly, (CalendarDay Day, JsonPath Path)>();
            void Add(CalendarDay day, JsonPath path)
            {
                if (days.TryGetValue(day.Date, out var existing))
                {
                    Error(path, $"{day.Date:yyyy-MM-dd} is both {Describe(existing.Day.Kind)} (at {existing.Path}) and {Describe(day.Kind)}");
                    return;
                }
                days[day.Date] = (day, path);
            }
            CalendarAct? Act(string id, JsonPath path)
            {
                if (acts.TryGetValue(id, out var act)) { return act; }
                Error(path, $"unknown act '{id}'; the file cites: {string.Join(", ", acts.Keys)}");
                return null;
            }

            for (var i = 0; i < s.Holidays.Count; i++)
            {
                var h = s.Holidays[i];
                var path = root.Property("holidays").Index(i);
                if (Date(h.Date, path.Property("date")) is not { } date) { continue; }
                Add(new CalendarDay(date, DayKind.Holiday, false, h.Name, null, null, null, provisional), path.Property("date"));
                if (h.Id == RadunitsaId && OrthodoxEaster(s.Year).AddDays(9) is var radunitsa && radunitsa != date)
                {
                    Error(path.Property("date"), $"Radunitsa is the ninth day after Orthodox Easter ({OrthodoxEaster(s.Year):yyyy-MM-dd}): {radunitsa:yyyy-MM-dd}, not {date:yyyy-MM-dd}");
                }
            }
            for (var i = 0; i < s.DaysOff.Count; i++)
            {
                var m = s.DaysOff[i];
                var path = root.Property("daysOff").Index(i);
                if (Date(m.Date, path.Property("date")) is not { } date) { continue; }
                if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                {
                    Error(path.Property("date"), $"{date:yyyy-MM-dd} is a {date.DayOfWeek}: it is a day off already");
                }
                var from = m.MovedFrom is null ? null : Date(m.MovedFrom, path.Property("movedFrom"), anyYear: true);
                Add(new CalendarDay(date, DayKind.DayOff, false, m.Reason, Act(m.Act, path.Property("act")), from, null, provisional), path.Property("date"));
            }
            for (var i = 0; i < s.WorkingWeekendDays.Count; i++)
            {
                var m = s.WorkingWeekendDays[i];
                var path = root.Property("workingWeekendDays").Index(i);
                if (Date(m.Date, path.Property("date")) is not { } date) { continue; }
                if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                {
                    Error(path.Property("date"), $"{date:yyyy-MM-dd} is a {date.DayOfWeek}, not a weekend day");
                }
                var to = m.MovedTo is null ? null : Date(m.MovedTo, path.Property("movedTo"), anyYear: true);
                Add(new CalendarDay(date, DayKind.WorkingWeekendDay, false, m.Reason, Act(m.Act, path.Property("act")), null, to, provisional), path.Property("date"));
            }
            for (var i = 0; i < s.ShortDays.Count; i++)
            {
                var path = root.Property("shortDays").Index(i);
                if (Date(s.ShortDays[i], path) is not { } date) { continue; }
                var day = days.TryGetValue(date, out var known) ? known.Day : new CalendarDay(date,
                    date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? DayKind.Weekend : DayKind.Working, false, null, null, null, null, provisional);
                if (!day.IsWorking) { Error(path, $"{date:yyyy-MM-dd} is shortened but is not a working day ({Describe(day.Kind)})"); continue; }
                if (day.Shortened) { Error(path, $"{date:yyyy-MM-dd} is listed twice"); continue; }
                days[date] = (day with { Shortened = true }, path);
            }

            for (var i = 0; i < s.WorkingWeekendDays.Count; i++)
            {
                // The act moves a working day onto the weekend; when that day was the eve of a holiday
                // its shortened hours move with it (Russia 2 November 2024 works for 30 April).
                var m = s.WorkingWeekendDays[i];
                if (m.MovedTo is null || !DateOnly.TryParseExact(m.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    || !DateOnly.TryParseExact(m.MovedTo, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var replaced)
                    || !days.TryGetValue(replaced.AddDays(1), out var next) || next.Day.Kind != DayKind.Holiday
                    || !days.TryGetValue(date, out var worked) || worked.Day.Kind != DayKind.WorkingWeekendDay || worked.Day.Shortened)
                {
                    continue;
                }
                Error(root.Property("workingWeekendDays").Index(i).Property("date"),
                    $"{date:yyyy-MM-dd} is worked in place of {replaced:yyyy-MM-dd}, the eve of a public holiday ({replaced.AddDays(1):yyyy-MM-dd}): it is shortened and must be listed in shortDays");
            }

            var year = new CalendarYear(s.Country, s.Year, provisional, s.Note, s.TimeZone, start, end, [.. acts.Values],
                days.ToImmutableDictionary(p => p.Key, p => p.Value.Day), file,
                s.PublishedNorm is { } n ? new PublishedNorm(n.Hours, n.Source) : null);
            if (s.PublishedNorm is null && !provisional)
            {
                Error(root, "a final calendar must state the published annual norm (publishedNorm: hours at a 40-hour week and its source) so that its days can be checked against it");
            }
            else if (s.PublishedNorm is { } norm && Errors.Count == 0 && year.NormHours != norm.Hours)
            {
                var working = year.Days().Where(d => d.IsWorking).ToList();
                Error(root.Property("publishedNorm").Property("hours"),
                    $"the days of this file give {year.NormHours} hours at a 40-hour week ({working.Count} working days, {working.Count(d => d.Shortened)} shortened); "
                    + $"the published norm is {norm.Hours} ({norm.Source}): a moved day or a shortened day is missing or wrong");
            }
            return year;

            DateOnly? Date(string text, JsonPath path, bool anyYear = false)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    Error(path, $"'{text}' is not a date");
                    return null;
                }
                if (!anyYear && date.Year != s.Year)
                {
                    Error(path, $"{text} is outside the calendar's year {s.Year}");
                    return null;
                }
                return date;
            }
        }

        private static string Describe(DayKind kind) => kind switch
        {
            DayKind.Holiday => "a public holiday",
            DayKind.DayOff => "a moved day off",
            DayKind.WorkingWeekendDay => "a working weekend day",
            DayKind.Weekend => "a weekend day",
            _ => "a working day",
        };
    }
}
