using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Engine.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Engine.Tests.Calendars;

/// <summary>The engine with the real production calendars: each party's deadline in its own country's calendar.</summary>
public sealed class PartyCalendarTests
{
    private static ResolutionDriver InReviewFrom(DateTimeOffset start)
    {
        var r = new ResolutionDriver(start, calendar: ResolutionDriver.Workflows.Calendars);
        r.Accept(r.Start("council-of-ministers-resolution"));
        r.Accept(r.Submit());
        return r;
    }

    [Fact]
    public void A_belarusian_and_a_russian_reviewer_started_the_same_day_get_different_due_dates()
    {
        // Submitted on Thursday 24 April 2025, 10 working days.
        var r = InReviewFrom(new DateTimeOffset(2025, 4, 24, 7, 0, 0, TimeSpan.Zero));

        var by = r.OpenTaskOf("by-minfin");
        var ru = r.OpenTaskOf("ru-minfin");

        Assert.Equal(new DateTimeOffset(2025, 5, 13, 15, 0, 0, TimeSpan.Zero), by.DueAt); // 18:00 Minsk, 13 May
        Assert.Equal(new DateTimeOffset(2025, 5, 14, 15, 0, 0, TimeSpan.Zero), ru.DueAt); // 18:00 Moscow, 14 May
        Assert.False(by.DueIsProvisional);
    }

    [Fact]
    public void Reminders_follow_each_partys_calendar()
    {
        var r = InReviewFrom(new DateTimeOffset(2025, 4, 24, 7, 0, 0, TimeSpan.Zero));

        // "3 and 1 working days before" in each calendar, at 09:00 local.
        Assert.Equal(
            [new DateTimeOffset(2025, 5, 7, 6, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 5, 12, 6, 0, 0, TimeSpan.Zero)],
            r.OpenTaskOf("by-minfin").RemindAt);
        Assert.Equal(
            [new DateTimeOffset(2025, 5, 7, 6, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 5, 13, 6, 0, 0, TimeSpan.Zero)],
            r.OpenTaskOf("ru-minfin").RemindAt);
    }

    [Fact]
    public void A_coordinator_extension_counts_working_days_in_the_tasks_calendar()
    {
        var r = InReviewFrom(new DateTimeOffset(2025, 4, 24, 7, 0, 0, TimeSpan.Zero));
        var task = r.OpenTaskOf("ru-minjust");
        var events = r.Accept(r.Extend(task.No, 3));
        // From 14 May: 15, 16, 19 May.
        Assert.Equal(new DateTimeOffset(2025, 5, 19, 15, 0, 0, TimeSpan.Zero), Assert.Single(events.OfType<DeadlineExtended>()).DueAt);
    }

    [Fact]
    public void A_deadline_beyond_the_calendar_data_refuses_the_command_and_changes_nothing()
    {
        var r = new ResolutionDriver(new DateTimeOffset(2027, 12, 27, 7, 0, 0, TimeSpan.Zero), calendar: ResolutionDriver.Workflows.Calendars);
        var message = r.Reject(r.Start("council-of-ministers-resolution"), RejectionCode.CalendarMissing).Message;
        Assert.Contains("2028", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deadline_on_the_provisional_calendar_is_flagged_on_the_task()
    {
        var r = InReviewFrom(new DateTimeOffset(2026, 12, 21, 7, 0, 0, TimeSpan.Zero));
        Assert.True(r.OpenTaskOf("by-minfin").DueIsProvisional);
    }
}
