using System.Text.Json.Nodes;
using ResolutionWorkflow.Engine.Calendars;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Json;
using ResolutionWorkflow.Engine.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Engine.Tests.Calendars;

public sealed class CalendarValidationTests
{
    private static IReadOnlyList<DefinitionError> ErrorsAfter(string country, int year, Action<JsonObject> change)
    {
        var folder = Repository.CopyOfWorkflows();
        var file = Path.Combine(folder, "calendars", country, $"{year}.json");
        var json = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        change(json);
        File.WriteAllText(file, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        var (_, errors) = CalendarLoader.LoadFile(file, SchemaChecker.FromFile(WorkflowDirectory.SchemaFile(folder, "calendar.schema.json")));
        Assert.All(errors, e => Assert.Equal(file, e.File));
        return errors;
    }

    private static JsonObject Entry(string date, string act) => new()
    {
        ["date"] = date,
        ["act"] = act,
        ["reason"] = new JsonObject { ["ru"] = "проверка", ["en"] = "test" },
    };

    [Fact]
    public void A_date_that_is_both_a_holiday_and_a_working_saturday_is_refused()
    {
        var errors = ErrorsAfter("ru", 2025, d => d["workingWeekendDays"]!.AsArray().Add(Entry("2025-01-04", "decree-1335")));
        var error = Assert.Single(errors);
        Assert.Equal("$.workingWeekendDays[1].date", error.Path);
        Assert.Contains("both a public holiday", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void A_date_outside_the_files_year_is_refused()
    {
        var errors = ErrorsAfter("by", 2026, d => d["daysOff"]!.AsArray().Add(Entry("2025-12-29", "com-397")));
        Assert.Contains(errors, e => e.Path == "$.daysOff[1].date" && e.Message.Contains("outside the calendar's year 2026", StringComparison.Ordinal));
    }

    [Fact]
    public void A_radunitsa_that_is_not_nine_days_after_orthodox_easter_is_refused()
    {
        var errors = ErrorsAfter("by", 2026, d =>
        {
            var radunitsa = d["holidays"]!.AsArray().Single(h => h!["id"]?.GetValue<string>() == "radunitsa")!;
            radunitsa["date"] = "2026-04-14";
        });
        Assert.Contains(errors, e => e.Message.Contains("2026-04-21", StringComparison.Ordinal) && e.Path.EndsWith(".date", StringComparison.Ordinal));
    }

    [Fact]
    public void A_moved_day_off_citing_no_act_of_the_file_is_refused()
    {
        var errors = ErrorsAfter("ru", 2026, d => d["daysOff"]![0]!["act"] = "decree-9999");
        Assert.Contains(errors, e => e.Path == "$.daysOff[0].act" && e.Message.Contains("unknown act 'decree-9999'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_day_off_on_a_weekend_and_a_working_weekday_listed_as_weekend_are_refused()
    {
        var errors = ErrorsAfter("ru", 2026, d =>
        {
            d["daysOff"]!.AsArray().Add(Entry("2026-02-07", "decree-1466")); // a Saturday
            d["workingWeekendDays"]!.AsArray().Add(Entry("2026-02-09", "decree-1466")); // a Monday
        });
        Assert.Contains(errors, e => e.Message.Contains("is a Saturday: it is a day off already", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("is a Monday, not a weekend day", StringComparison.Ordinal));
    }

    [Fact]
    public void A_working_saturday_worked_for_the_eve_of_a_holiday_but_not_shortened_is_refused()
    {
        var errors = ErrorsAfter("ru", 2024, d =>
        {
            var shortDays = d["shortDays"]!.AsArray();
            shortDays.Remove(shortDays.Single(n => n!.GetValue<string>() == "2024-11-02"));
        });
        var error = Assert.Single(errors);
        Assert.Equal("$.workingWeekendDays[1].date", error.Path);
        Assert.Contains("in place of 2024-04-30, the eve of a public holiday (2024-05-01)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Days_that_do_not_give_the_published_norm_are_refused_with_both_figures()
    {
        var errors = ErrorsAfter("by", 2025, d => d["shortDays"]!.AsArray().Add("2025-06-30"));
        var error = Assert.Single(errors);
        Assert.Equal("$.publishedNorm.hours", error.Path);
        Assert.Contains("give 2006 hours at a 40-hour week (252 working days, 10 shortened)", error.Message, StringComparison.Ordinal);
        Assert.Contains("the published norm is 2007", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_final_year_without_its_published_norm_is_refused_and_a_provisional_one_is_not()
    {
        var errors = ErrorsAfter("ru", 2026, d => d.Remove("publishedNorm"));
        Assert.Contains(errors, e => e.Path == "$" && e.Message.Contains("publishedNorm", StringComparison.Ordinal));
        Assert.Empty(ErrorsAfter("ru", 2026, d =>
        {
            d.Remove("publishedNorm");
            d["status"] = "provisional";
            d["note"] = "проверка";
        }));
    }

    [Fact]
    public void A_shortened_day_that_is_not_worked_is_refused()
    {
        var errors = ErrorsAfter("ru", 2025, d => d["shortDays"]!.AsArray().Add("2025-05-02"));
        Assert.Contains(errors, e => e.Path == "$.shortDays[4]" && e.Message.Contains("not a working day", StringComparison.Ordinal));
    }

    [Fact]
    public void A_provisional_year_must_say_why()
    {
        var errors = ErrorsAfter("by", 2027, d => d.Remove("note"));
        Assert.Contains(errors, e => e.Path == "$.note");
    }

    [Fact]
    public void A_file_whose_year_differs_from_its_name_is_refused()
    {
        var errors = ErrorsAfter("ru", 2024, d => d["year"] = 2023);
        Assert.Contains(errors, e => e.Path == "$.year" && e.Message.Contains("2024.json", StringComparison.Ordinal));
    }
}
