using System.Text.Json.Nodes;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Engine.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Engine.Tests.Resolutions;

public sealed class DeadlineTests
{
    private static ResolutionDriver InReview(string policy = "deemedAgreed", int? days = null)
    {
        var r = SigningTests.WithDefinitionChange(d =>
        {
            var review = d["stages"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "interministerial-review")!;
            // One rule for every participant: no country's or body's own.
            review["silence"] = days is null ? new JsonObject { ["policy"] = policy } : new JsonObject { ["policy"] = policy, ["days"] = days };
            foreach (var p in review["participants"]!.AsArray()) { p!.AsObject().Remove("silence"); }
        });
        r.Accept(r.Start("council-of-ministers-resolution"));
        r.Accept(r.Submit());
        return r;
    }

    [Fact]
    public void Each_review_task_gets_a_due_date_and_reminders_in_the_calendar_of_its_own_country()
    {
        var r = InReview();
        var by = r.OpenTaskOf("by-minfin");
        var ru = r.OpenTaskOf("ru-minfin");

        Assert.Equal("by", by.Calendar);
        Assert.Equal("ru", ru.Calendar);
        // 10 working days from Monday 2 March 2026 (weekday stand-in calendar): end of Monday 16 March.
        Assert.Equal(new DateTimeOffset(2026, 3, 16, 18, 0, 0, TimeSpan.Zero), by.DueAt);
        Assert.Equal(2, by.RemindAt.Length);
        Assert.All(by.RemindAt, at => Assert.True(at < by.DueAt));
    }

    [Fact]
    public void Silence_deemed_agreed_records_consent_and_journals_the_rule()
    {
        var r = InReview();
        foreach (var m in Actors.ReviewingMinistries.Except(["by-minjust"])) { r.Accept(r.Agree(m)); }
        var task = r.OpenTaskOf("by-minjust");
        r.Now = task.DueAt!.Value;

        var events = r.Accept(r.Deadline(task.No));

        var applied = Assert.Single(events.OfType<SilencePolicyApplied>());
        Assert.Equal(SilencePolicy.DeemedAgreed, applied.Policy);
        Assert.Contains("deemed agreed", applied.Rule, StringComparison.Ordinal);
        Assert.Contains(events, e => e is OpinionRecorded { Kind: OpinionKind.DeemedAgreed, ParticipantKey: "by-minjust" });
        Assert.Equal("legal-examination", r.S.StageId);
        Assert.Contains(r.Journal, j => j.EventType == "silence-policy-applied");
    }

    [Fact]
    public void Silence_escalate_keeps_the_task_open_and_escalates_once()
    {
        var r = InReview("escalate");
        var task = r.OpenTaskOf("ru-mfa");
        r.Now = task.DueAt!.Value.AddHours(1);

        var events = r.Accept(r.Deadline(task.No));

        Assert.Contains(events, e => e is TaskEscalated { ToRole: "coordinator" });
        Assert.Contains(events, e => e is SilencePolicyApplied { Policy: SilencePolicy.Escalate });
        Assert.True(r.OpenTaskOf("ru-mfa").Escalated);
        r.Reject(r.Deadline(task.No), RejectionCode.AlreadyRecorded);

        // A late opinion is still welcome when silence only escalates.
        r.Accept(r.Agree("ru-mfa"));
    }

    [Fact]
    public void Silence_extend_moves_the_deadline_once_then_escalates()
    {
        var r = InReview("extend", days: 5);
        var task = r.OpenTaskOf("by-mfa");
        var firstDue = task.DueAt!.Value;
        r.Now = firstDue;

        var events = r.Accept(r.Deadline(task.No));
        var extended = Assert.Single(events.OfType<DeadlineExtended>());
        Assert.Equal(firstDue, extended.PreviousDueAt);
        Assert.Equal(firstDue.AddDays(7), extended.DueAt); // 5 working days = one week
        Assert.Contains(events, e => e is SilencePolicyApplied { Policy: SilencePolicy.Extend });

        r.Now = extended.DueAt;
        events = r.Accept(r.Deadline(task.No));
        Assert.Contains(events, e => e is TaskEscalated);
    }

    [Fact]
    public void A_missed_drafting_deadline_escalates_to_the_coordinator()
    {
        var r = new ResolutionDriver();
        r.Accept(r.Start("council-of-ministers-resolution"));
        var task = r.OpenTaskOf("drafter");
        r.Now = task.DueAt!.Value;
        var events = r.Accept(r.Deadline(task.No));
        Assert.Contains(events, e => e is TaskEscalated { ToRole: "coordinator" });
    }

    [Fact]
    public void Coordinator_extends_a_deadline_with_a_reason()
    {
        var r = InReview();
        var task = r.OpenTaskOf("ru-minjust");
        var events = r.Accept(r.Extend(task.No, 5));
        var extended = Assert.Single(events.OfType<DeadlineExtended>());
        Assert.Equal(task.DueAt!.Value.AddDays(7), extended.DueAt);
        Assert.Equal("запрошено министерством", extended.Reason);
        Assert.Equal(extended.DueAt, r.OpenTaskOf("ru-minjust").DueAt);
        Assert.Contains(r.Journal, j => j.EventType == "deadline-extended" && j.ActorUserId == Actors.Coordinator.UserId);
    }

    [Fact]
    public void A_reassigned_task_is_done_by_the_new_organisation_only()
    {
        var r = InReview();
        var task = r.OpenTaskOf("by-mfa");
        r.Accept(r.Reassign(task.No, "by-mchs"));

        r.Reject(r.Agree("by-mfa"), RejectionCode.NotYourTask);
        var events = r.Accept(r.Agree("by-mchs"));
        Assert.Contains(events, e => e is TaskClosed c && c.TaskNo == task.No);
    }

    [Fact]
    public void A_coordinator_nudge_is_journaled_but_does_not_count_as_progress()
    {
        var r = InReview();
        var task = r.OpenTaskOf("ru-mfa");
        var before = r.S.LastActivityAt;
        r.Now = r.Now.AddDays(3);

        var events = r.Accept(r.NudgeTask(task.No));

        Assert.Contains(events, e => e is TaskNudged { Reason: "срок истекает, просим ускорить" });
        Assert.Equal(before, r.S.LastActivityAt);
        r.Reject(r.NudgeTask(task.No, Actors.Officer("ru-mfa")), RejectionCode.NotPermitted);
    }
}
