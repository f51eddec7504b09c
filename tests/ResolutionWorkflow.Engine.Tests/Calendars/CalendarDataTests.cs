using ResolutionWorkflow.Engine.Calendars;
using ResolutionWorkflow.Engine.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Engine.Tests.Calendars;

/// <summary>
/// Dates and their type as the acts state them. Russia: Labour Code art. 112 and the Government's
/// resolutions No. 1314 of 10.08.2023 (2024), No. 1335 of 04.10.2024 (2025), No. 1466 of 24.09.2025
/// (2026). Belarus: Presidential Decree No. 157 (holidays) and the Council of Ministers'
/// resolutions No. 814 of 23.11.2023 (2024), No. 839 of 14.11.2024 (2025), No. 397 of 22.07.2025
/// (2026). 2027 is provisional in both countries.
/// </summary>
public sealed class CalendarDataTests
{
    private static CalendarSet Calendars => ResolutionDriver.Workflows.Calendars;

    public static TheoryData<string, string, DayKind> Days => new()
    {
        // Russia 2024
        { "ru", "2024-01-01", DayKind.Holiday },
        { "ru", "2024-01-07", DayKind.Holiday },
        { "ru", "2024-01-08", DayKind.Holiday },
        { "ru", "2024-01-09", DayKind.Working },
        { "ru", "2024-02-23", DayKind.Holiday },
        { "ru", "2024-04-27", DayKind.WorkingWeekendDay },
        { "ru", "2024-04-29", DayKind.DayOff },
        { "ru", "2024-04-30", DayKind.DayOff },
        { "ru", "2024-05-10", DayKind.DayOff },
        { "ru", "2024-11-02", DayKind.WorkingWeekendDay },
        { "ru", "2024-11-04", DayKind.Holiday },
        { "ru", "2024-12-28", DayKind.WorkingWeekendDay },
        { "ru", "2024-12-30", DayKind.DayOff },
        { "ru", "2024-12-31", DayKind.DayOff },
        // Russia 2025: the decree redirects the weekend holidays, so 24 February and 10 March are worked
        { "ru", "2025-01-04", DayKind.Holiday },
        { "ru", "2025-02-23", DayKind.Holiday },
        { "ru", "2025-02-24", DayKind.Working },
        { "ru", "2025-03-10", DayKind.Working },
        { "ru", "2025-05-02", DayKind.DayOff },
        { "ru", "2025-05-08", DayKind.DayOff },
        { "ru", "2025-06-13", DayKind.DayOff },
        { "ru", "2025-11-01", DayKind.WorkingWeekendDay },
        { "ru", "2025-11-03", DayKind.DayOff },
        { "ru", "2025-12-31", DayKind.DayOff },
        // Russia 2026: decree moves 3 and 4 January; art. 112 moves 8 March and 9 May
        { "ru", "2026-01-09", DayKind.DayOff },
        { "ru", "2026-01-12", DayKind.Working },
        { "ru", "2026-03-09", DayKind.DayOff },
        { "ru", "2026-05-11", DayKind.DayOff },
        { "ru", "2026-06-12", DayKind.Holiday },
        { "ru", "2026-12-31", DayKind.DayOff },
        // Russia 2027 (provisional, art. 112 only)
        { "ru", "2027-01-04", DayKind.Holiday },
        { "ru", "2027-05-03", DayKind.DayOff },
        { "ru", "2027-05-10", DayKind.DayOff },
        { "ru", "2027-06-14", DayKind.DayOff },
        // Belarus 2024
        { "by", "2024-01-02", DayKind.Holiday },
        { "by", "2024-05-13", DayKind.DayOff },
        { "by", "2024-05-14", DayKind.Holiday }, // Radunitsa: Easter 5 May + 9
        { "by", "2024-05-18", DayKind.WorkingWeekendDay },
        { "by", "2024-07-03", DayKind.Holiday },
        { "by", "2024-11-07", DayKind.Holiday },
        { "by", "2024-11-08", DayKind.DayOff },
        { "by", "2024-11-16", DayKind.WorkingWeekendDay },
        { "by", "2024-12-25", DayKind.Holiday },
        // Belarus 2025
        { "by", "2025-01-03", DayKind.Working },
        { "by", "2025-01-06", DayKind.DayOff },
        { "by", "2025-01-07", DayKind.Holiday },
        { "by", "2025-01-11", DayKind.WorkingWeekendDay },
        { "by", "2025-04-26", DayKind.WorkingWeekendDay },
        { "by", "2025-04-28", DayKind.DayOff },
        { "by", "2025-04-29", DayKind.Holiday }, // Radunitsa: Easter 20 April + 9
        { "by", "2025-07-04", DayKind.DayOff },
        { "by", "2025-07-12", DayKind.WorkingWeekendDay },
        { "by", "2025-12-20", DayKind.WorkingWeekendDay },
        { "by", "2025-12-26", DayKind.DayOff },
        // Belarus 2026: a holiday on a weekend is not moved
        { "by", "2026-03-08", DayKind.Holiday },
        { "by", "2026-03-09", DayKind.Working },
        { "by", "2026-04-20", DayKind.DayOff },
        { "by", "2026-04-21", DayKind.Holiday }, // Radunitsa: Easter 12 April + 9
        { "by", "2026-04-25", DayKind.WorkingWeekendDay },
        { "by", "2026-11-07", DayKind.Holiday },
        // Belarus 2027 (provisional)
        { "by", "2027-05-11", DayKind.Holiday }, // Radunitsa: Easter 2 May + 9
        { "by", "2027-07-03", DayKind.Holiday },
    };

    [Theory]
    [MemberData(nameof(Days))]
    public void Each_date_has_the_type_its_act_gives_it(string country, string date, DayKind expected)
    {
        Assert.Equal(expected, Calendars[country].Day(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)).Kind);
    }

    [Theory]
    [InlineData("ru", "2024-02-22")]
    [InlineData("ru", "2025-03-07")]
    [InlineData("ru", "2026-04-30")]
    [InlineData("ru", "2026-11-03")]
    [InlineData("by", "2024-07-02")]
    [InlineData("by", "2025-11-06")]
    [InlineData("by", "2026-01-06")]
    // A working Saturday takes the hours of the weekday it is worked for (order No. 588n in Russia):
    // shortened when that weekday was the eve of a holiday.
    [InlineData("ru", "2024-11-02")] // for 30 April
    [InlineData("ru", "2025-11-01")] // for 3 November
    [InlineData("by", "2024-05-18")] // for 13 May, the eve of Radunitsa
    [InlineData("by", "2025-01-11")] // for 6 January, the eve of Christmas
    [InlineData("by", "2025-04-26")] // for 28 April, the eve of Radunitsa
    [InlineData("by", "2026-04-25")] // for 20 April, the eve of Radunitsa
    public void The_working_day_before_a_holiday_is_shortened_by_an_hour(string country, string date)
    {
        var calendar = Calendars[country];
        var day = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(calendar.Day(day).Shortened);
        Assert.Equal(calendar.EndOfWorkingDay(day.AddDays(-7)).TimeOfDay.Add(TimeSpan.FromHours(-1)), calendar.EndOfWorkingDay(day).TimeOfDay);
    }

    [Theory]
    [InlineData("ru", "2024-04-27")] // worked for Monday 29 April, not an eve
    [InlineData("ru", "2024-12-28")] // worked for Monday 30 December, not an eve
    [InlineData("ru", "2025-05-07")] // the eve of 8 May, a day off, not of a holiday
    [InlineData("by", "2024-11-16")] // worked for Friday 8 November, after the holiday
    [InlineData("by", "2025-07-12")] // worked for Friday 4 July, after the holiday
    public void A_working_day_that_is_not_the_eve_of_a_holiday_keeps_its_full_hours(string country, string date)
    {
        var day = Calendars[country].Day(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(day.IsWorking);
        Assert.False(day.Shortened);
    }

    /// <summary>
    /// The annual norm at a 40-hour week as published. Russia: the Ministry of Labour's production
    /// calendars (248 days / 1979 h in 2024, 247 / 1972 in 2025 and 2026), computed by order
    /// No. 588n of 13.08.2009. Belarus: the Ministry of Labour and Social Protection's calculated
    /// norm — resolution No. 43 of 17.11.2023 (2024: 2016 h), the 2025 norm (2007 h, 252 days of
    /// which 9 before a holiday), resolution No. 95 of 16.09.2025 (2026: 2024 h).
    /// </summary>
    [Theory]
    [InlineData("ru", 2024, 1979)]
    [InlineData("ru", 2025, 1972)]
    [InlineData("ru", 2026, 1972)]
    [InlineData("by", 2024, 2016)]
    [InlineData("by", 2025, 2007)]
    [InlineData("by", 2026, 2024)]
    public void The_annual_norm_computed_from_the_file_is_the_published_one(string country, int year, int published)
    {
        var data = Calendars[country].Year(year);
        Assert.Equal(published, data.NormHours);
        Assert.Equal(published, data.PublishedNorm?.Hours);
        Assert.Contains(published.ToString(System.Globalization.CultureInfo.InvariantCulture), data.PublishedNorm!.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_final_year_states_its_published_norm_and_its_source()
    {
        foreach (var year in Calendars.Ids.SelectMany(c => Calendars[c].Years).Where(y => !y.Provisional))
        {
            Assert.True(year.PublishedNorm is { Hours: > 0, Source.Length: > 40 }, $"{year.Country} {year.Year}");
        }
    }

    [Fact]
    public void Every_country_has_every_year_from_2024_to_2027_and_only_2027_is_provisional()
    {
        foreach (var country in new[] { "by", "ru" })
        {
            var years = Calendars[country].Years.ToList();
            Assert.Equal([2024, 2025, 2026, 2027], years.Select(y => y.Year));
            Assert.Equal([2027], years.Where(y => y.Provisional).Select(y => y.Year));
            Assert.All(years.Where(y => !y.Provisional), y => Assert.Contains(y.Acts, a => a.Number is "1314" or "1335" or "1466" or "814" or "839" or "397"));
        }
    }

    [Theory]
    [InlineData(2024, "2024-05-05")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-12")]
    [InlineData(2027, "2027-05-02")]
    public void Orthodox_easter_is_computed_by_the_julian_computus(int year, string easter)
    {
        Assert.Equal(DateOnly.Parse(easter, System.Globalization.CultureInfo.InvariantCulture), CalendarLoader.OrthodoxEaster(year));
    }
}
