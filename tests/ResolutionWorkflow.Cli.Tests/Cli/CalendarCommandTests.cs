using ResolutionWorkflow.Cli;
using ResolutionWorkflow.Engine.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Cli.Tests;

public sealed class CalendarCommandTests
{
    private static async Task<(int Exit, string[] Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync([.. args, "--workflows", Repository.Workflows], output, error);
        return (exit, output.ToString().Split(Environment.NewLine), error.ToString());
    }

    [Fact]
    public async Task Due_prints_the_date_alone_on_the_first_line_then_the_skipped_days_and_why()
    {
        var (exit, output, _) = await Run("due", "ru", "2024-12-27", "5");

        Assert.Equal(0, exit);
        Assert.Equal("2025-01-14", output[0]);
        Assert.Contains(output, l => l.StartsWith("skipped 2024-12-30 Mon: day off moved by law", StringComparison.Ordinal) && l.Contains("1314", StringComparison.Ordinal));
        Assert.Contains(output, l => l.StartsWith("skipped 2025-01-07 Tue: public holiday: Orthodox Christmas", StringComparison.Ordinal));
        Assert.Contains(output, l => l.StartsWith("skipped 2025-01-11 Sat: weekend", StringComparison.Ordinal));
        Assert.DoesNotContain(output, l => l.Contains("2025-01-09", StringComparison.Ordinal) && l.StartsWith("skipped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Due_in_calendar_days_moves_off_a_day_off()
    {
        var (exit, output, _) = await Run("due", "by", "2025-04-24", "4", "--calendar-days");
        Assert.Equal(0, exit);
        Assert.Equal("2025-04-30", output[0]); // 28 April moved day off, 29 April Radunitsa
    }

    [Fact]
    public async Task Due_warns_on_a_provisional_year_and_fails_without_data()
    {
        var (exit, output, _) = await Run("due", "ru", "2027-03-01", "5");
        Assert.Equal(0, exit);
        Assert.Contains(output, l => l.Contains("provisional", StringComparison.Ordinal));

        var (missing, _, error) = await Run("due", "ru", "2027-12-27", "10");
        Assert.Equal(1, missing);
        Assert.Contains("'ru' for 2028", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Due_refuses_bad_input()
    {
        Assert.Equal(2, (await Run("due", "ru", "27.12.2024", "5")).Exit);
        Assert.Equal(2, (await Run("due", "ru", "2024-12-27", "-1")).Exit);
        Assert.Equal(1, (await Run("due", "kz", "2024-12-27", "5")).Exit);
    }

    [Fact]
    public async Task Calendar_prints_the_year_as_month_grids_with_moved_days()
    {
        var (exit, output, _) = await Run("calendar", "by", "2025");
        Assert.Equal(0, exit);
        Assert.StartsWith("by 2025 — final", output[0], StringComparison.Ordinal);
        Assert.Contains(output, l => l.StartsWith("April 2025", StringComparison.Ordinal));
        // The week of Radunitsa: Saturday 26 worked, Monday 28 moved off, Tuesday 29 a holiday.
        Assert.Contains(output, l => l.Contains("21  22  23  24  25  26w 27.", StringComparison.Ordinal));
        Assert.Contains(output, l => l.Contains(" 28o 29h 30s", StringComparison.Ordinal));
        Assert.Contains(output, l => l.StartsWith("2025-04-28 Mon  day off", StringComparison.Ordinal));
        Assert.Contains(output, l => l.StartsWith("norm: 2007 h at a 40-hour week (252 working days, 9 shortened); published 2007 h: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Calendar_marks_a_provisional_year()
    {
        var (exit, output, _) = await Run("calendar", "ru", "2027");
        Assert.Equal(0, exit);
        Assert.Contains("PROVISIONAL", output[0], StringComparison.Ordinal);
        Assert.Contains(output, l => l.StartsWith("note: Provisional", StringComparison.Ordinal));
        Assert.Contains(output, l => l.StartsWith("norm: ", StringComparison.Ordinal) && l.EndsWith("; no published norm yet", StringComparison.Ordinal));
    }
}
