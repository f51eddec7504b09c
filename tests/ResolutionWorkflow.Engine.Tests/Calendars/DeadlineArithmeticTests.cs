using ResolutionWorkflow.Engine.Calendars;
using ResolutionWorkflow.Engine.Deadlines;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Engine.Tests.Calendars;

public sealed class DeadlineArithmeticTests
{
    private static CalendarSet Calendars => ResolutionDriver.Workflows.Calendars;

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    // Russia: across New Year (30-31 Dec 2024 moved days off, 1-8 January holidays)
    [InlineData("ru", "2024-12-27", 5, "2025-01-14")]
    // Russia: May holidays 2025 (1 May holiday, 2 May and 8 May moved days off, 9 May holiday)
    [InlineData("ru", "2025-04-30", 3, "2025-05-07")]
    [InlineData("ru", "2025-05-07", 2, "2025-05-13")]
    // Russia: a working Saturday (1 November 2025) counts, the Monday after does not
    [InlineData("ru", "2025-10-31", 1, "2025-11-01")]
    [InlineData("ru", "2025-10-31", 2, "2025-11-05")]
    // Belarus: across New Year (1, 2, 7 January holidays; 6 January moved day off)
    [InlineData("by", "2024-12-31", 3, "2025-01-09")]
    // Belarus: May 2024 (9 May, Radunitsa 14 May, 13 May moved day off)
    [InlineData("by", "2024-05-08", 2, "2024-05-15")]
    // Belarus: a working Saturday (18 May 2024)
    [InlineData("by", "2024-05-17", 1, "2024-05-18")]
    public void Adding_working_days_skips_holidays_and_moved_days_and_counts_working_saturdays(string country, string from, int days, string expected)
    {
        Assert.Equal(D(expected), Calendars[country].AddWorkingDays(D(from), days));
    }

    [Fact]
    public void The_same_start_gives_different_due_days_in_belarus_and_russia()
    {
        // Russia rests on 2 and 8 May 2025; Belarus works on Saturday 26 April and rests on 28-29 April.
        Assert.Equal(D("2025-05-14"), Calendars["ru"].AddWorkingDays(D("2025-04-24"), 10));
        Assert.Equal(D("2025-05-13"), Calendars["by"].AddWorkingDays(D("2025-04-24"), 10));
    }

    [Theory]
    [InlineData("by")]
    [InlineData("ru")]
    public void Working_days_between_agrees_with_counting_day_by_day_across_years(string country)
    {
        var calendar = Calendars[country];
        var random = new Random(17);
        for (var i = 0; i < 500; i++)
        {
            var from = D("2024-01-01").AddDays(random.Next(0, 4 * 365));
            var to = D("2024-01-01").AddDays(random.Next(0, 4 * 365));
            var (low, high) = from <= to ? (from, to) : (to, from);
            var counted = 0;
            for (var day = low.AddDays(1); day <= high; day = day.AddDays(1)) { if (calendar.IsWorkingDay(day)) { counted++; } }
            Assert.Equal(from <= to ? counted : -counted, calendar.WorkingDaysBetween(from, to));
        }
    }

    [Fact]
    public void Working_days_between_two_dates_count_only_working_days()
    {
        Assert.Equal(3, Calendars["ru"].WorkingDaysBetween(D("2025-04-30"), D("2025-05-07")));
        Assert.Equal(-3, Calendars["ru"].WorkingDaysBetween(D("2025-05-07"), D("2025-04-30")));
        Assert.Equal(0, Calendars["ru"].WorkingDaysBetween(D("2024-12-28"), D("2025-01-08")));
        Assert.Equal(4, Calendars["by"].WorkingDaysBetween(D("2025-04-24"), D("2025-05-02")));
    }

    [Fact]
    public void A_due_instant_is_the_end_of_the_working_day_in_the_partys_time_zone()
    {
        var due = Calendars.DueAt("ru", new DateTimeOffset(2025, 4, 30, 7, 0, 0, TimeSpan.Zero), 3, DayUnit.Working);
        Assert.Equal(new DateTimeOffset(2025, 5, 7, 15, 0, 0, TimeSpan.Zero), due.At); // 18:00 Moscow
        Assert.False(due.Provisional);

        // Late evening UTC is already the next day in Minsk (UTC+3).
        var minsk = Calendars.DueAt("by", new DateTimeOffset(2025, 4, 24, 22, 30, 0, TimeSpan.Zero), 1, DayUnit.Working);
        // The working Saturday, worked for the eve of Radunitsa, so it ends at 17:00 Minsk.
        Assert.Equal(new DateTimeOffset(2025, 4, 26, 14, 0, 0, TimeSpan.Zero), minsk.At);
    }

    [Fact]
    public void A_term_in_calendar_days_that_ends_on_a_day_off_moves_to_the_next_working_day()
    {
        var due = Calendars.DueAt("ru", new DateTimeOffset(2025, 4, 28, 9, 0, 0, TimeSpan.Zero), 4, DayUnit.Calendar);
        Assert.Equal(new DateTimeOffset(2025, 5, 5, 15, 0, 0, TimeSpan.Zero), due.At);
    }

    [Fact]
    public void A_reminder_three_working_days_before_is_counted_in_the_same_calendar()
    {
        var ru = Calendars.RemindAt("ru", new DateTimeOffset(2025, 5, 14, 15, 0, 0, TimeSpan.Zero), 1, DayUnit.Working);
        var by = Calendars.RemindAt("by", new DateTimeOffset(2025, 5, 13, 15, 0, 0, TimeSpan.Zero), 1, DayUnit.Working);
        Assert.Equal(new DateTimeOffset(2025, 5, 13, 6, 0, 0, TimeSpan.Zero), ru.At); // 09:00 Moscow, the working day before
        Assert.Equal(new DateTimeOffset(2025, 5, 12, 6, 0, 0, TimeSpan.Zero), by.At); // 9 May is a holiday in Belarus too, 12 May is a Monday
        var ru3 = Calendars.RemindAt("ru", new DateTimeOffset(2025, 5, 14, 15, 0, 0, TimeSpan.Zero), 3, DayUnit.Working);
        Assert.Equal(new DateTimeOffset(2025, 5, 7, 6, 0, 0, TimeSpan.Zero), ru3.At); // 8-11 May are not worked in Russia
    }

    [Fact]
    public void A_deadline_in_a_year_without_a_calendar_is_an_error_naming_country_and_year()
    {
        var e = Assert.Throws<CalendarMissingException>(() => Calendars.DueAt("ru", new DateTimeOffset(2027, 12, 27, 9, 0, 0, TimeSpan.Zero), 10, DayUnit.Working));
        Assert.Equal("ru", e.Calendar);
        Assert.Equal(2028, e.Year);
        Assert.Contains("ru/2028.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deadline_that_crosses_a_provisional_year_is_flagged()
    {
        Assert.True(Calendars.DueAt("by", new DateTimeOffset(2026, 12, 28, 9, 0, 0, TimeSpan.Zero), 5, DayUnit.Working).Provisional);
        Assert.False(Calendars.DueAt("by", new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero), 5, DayUnit.Working).Provisional);
    }
}
