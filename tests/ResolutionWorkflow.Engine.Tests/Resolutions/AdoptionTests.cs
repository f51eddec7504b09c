using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Engine.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Engine.Tests.Resolutions;

/// <summary>
/// Adoption by the Council of Ministers: the Standing Committee places the agreed draft on a meeting's
/// agenda or starts a written poll, and records the Council's decision from its protocol; only then is
/// the act put to signature.
/// </summary>
public sealed class AdoptionTests
{
    // Monday 2 March 2026, 09:00 UTC = 12:00 in Moscow.
    private static ResolutionDriver AtTheCouncil()
    {
        var r = new ResolutionDriver();
        r.Accept(r.Start("council-of-ministers-resolution"));
        r.Accept(r.Submit());
        foreach (var m in Actors.ReviewingMinistries) { r.Accept(r.Agree(m)); }
        foreach (var m in Actors.LegalBodies) { r.Accept(r.Agree(m)); }
        Assert.Equal("adoption", r.S.StageId);
        return r;
    }

    [Fact]
    public void An_agreed_draft_waits_for_the_standing_committee_and_nothing_is_signed_before_the_council_adopts_it()
    {
        var r = AtTheCouncil();
        var task = Assert.Single(r.S.OpenTasksOfCurrentStage);
        Assert.Equal(TaskKind.Adopt, task.Kind);
        Assert.Equal(new Assignee("su-standing-committee", "coordinator", null, null), task.Assignee);

        r.Reject(r.SignAs(Actors.PrimeMinisterRussia), RejectionCode.StageClosed);
        r.Reject(r.PlaceOnAgenda(r.MoscowToday, by: Actors.Officer("ru-minfin")), RejectionCode.NotYourTask);
        r.Reject(r.RecordCouncilDecision(r.MoscowToday, by: Actors.Officer("ru-minfin")), RejectionCode.NotYourTask);
        r.Reject(r.NewVersion("1. Иной текст."), RejectionCode.StageClosed);
        Assert.Equal("adoptionNotScheduled", r.Reject(r.RecordCouncilDecision(r.MoscowToday), RejectionCode.InvalidInput).Key);
    }

    [Fact]
    public void A_meeting_is_placed_ahead_and_its_decision_is_recorded_on_its_day_from_the_protocol()
    {
        var r = AtTheCouncil();
        var meeting = r.MoscowToday.AddDays(10);
        Assert.Equal("adoptionDatePassed", r.Reject(r.PlaceOnAgenda(r.MoscowToday.AddDays(-1)), RejectionCode.InvalidInput).Key);
        Assert.Equal("adoptionDateTooFar", r.Reject(r.PlaceOnAgenda(r.MoscowToday.AddYears(1).AddDays(1)), RejectionCode.InvalidInput).Key);

        var scheduled = Assert.Single(r.Accept(r.PlaceOnAgenda(meeting)).OfType<AdoptionScheduled>());
        Assert.Equal((AdoptionForm.Meeting, meeting, "Москва, Дом Союзного государства"), (scheduled.Form, scheduled.Date, scheduled.Place));
        Assert.Equal("adoptionAlreadyScheduled", r.Reject(r.PlaceOnAgenda(meeting), RejectionCode.NoChange).Key);

        // Not before the meeting has met; not on another day than the one it was placed for.
        Assert.Equal("adoptionDateInFuture", r.Reject(r.RecordCouncilDecision(meeting), RejectionCode.InvalidInput).Key);
        r.Now = r.Now.AddDays(12);
        Assert.Equal("meetingDateDiffers", r.Reject(r.RecordCouncilDecision(meeting.AddDays(1)), RejectionCode.InvalidInput).Key);
        Assert.Equal("fieldEmpty", r.Reject(r.RecordCouncilDecision(meeting, protocol: " "), RejectionCode.InvalidInput).Key);
        Assert.Equal("unknownOutcome", r.Reject(r.RecordCouncilDecision(meeting, outcome: "withdrawn"), RejectionCode.UnknownOutcome).Key);

        var events = r.Accept(r.RecordCouncilDecision(meeting, protocol: "4"));
        var recorded = Assert.Single(events.OfType<AdoptionRecorded>());
        Assert.Equal(("adopted", meeting, "4"), (recorded.Outcome, recorded.Date, recorded.Protocol));
        Assert.Equal(["signing"], ResolutionDriver.Stages(events));
        Assert.Equal(new Adoption(1, AdoptionForm.Meeting, meeting, "Москва, Дом Союзного государства", r.S.Adoption!.ScheduledAt, "adopted", meeting, "4"), r.S.Adoption);
    }

    [Fact]
    public void A_postponed_meeting_is_placed_again_and_the_decision_follows_the_new_date()
    {
        var r = AtTheCouncil();
        var first = r.MoscowToday.AddDays(3);
        r.Accept(r.PlaceOnAgenda(first));
        r.Accept(r.PlaceOnAgenda(first.AddDays(7)));
        r.Now = r.Now.AddDays(10);
        r.Reject(r.RecordCouncilDecision(first), RejectionCode.InvalidInput);
        r.Accept(r.RecordCouncilDecision(first.AddDays(7)));
        Assert.Equal("signing", r.S.StageId);
        Assert.Equal(2, r.Journal.Count(j => j.EventType == "adoption-scheduled"));
    }

    [Fact]
    public void A_written_poll_is_decided_on_a_day_while_it_runs()
    {
        var r = AtTheCouncil();
        var closes = r.MoscowToday.AddDays(5);
        r.Accept(r.PlaceOnAgenda(closes, AdoptionForm.WrittenPoll));
        r.Now = r.Now.AddDays(7);
        Assert.Equal("pollDateOutside", r.Reject(r.RecordCouncilDecision(closes.AddDays(1)), RejectionCode.InvalidInput).Key);
        Assert.Equal("pollDateOutside", r.Reject(r.RecordCouncilDecision(closes.AddDays(-6)), RejectionCode.InvalidInput).Key);
        var recorded = Assert.Single(r.Accept(r.RecordCouncilDecision(closes.AddDays(-1))).OfType<AdoptionRecorded>());
        Assert.Equal(AdoptionForm.WrittenPoll, recorded.Form);
        Assert.Equal("signing", r.S.StageId);
    }

    [Fact]
    public void A_draft_the_council_returns_goes_back_to_revision_and_must_be_placed_again_after_review()
    {
        var r = AtTheCouncil();
        r.Accept(r.PlaceOnAgenda(r.MoscowToday));
        Assert.Equal("fieldEmpty", r.Reject(r.RecordCouncilDecision(r.MoscowToday, outcome: "returned"), RejectionCode.InvalidInput).Key);
        var events = r.Accept(r.RecordCouncilDecision(r.MoscowToday, outcome: "returned", note: "Доработать с учётом обсуждения на заседании."));
        Assert.Equal(["revision"], ResolutionDriver.Stages(events));

        r.Accept(r.NewVersion(ResolutionDriver.Revised(r.S.CurrentText.Text)));
        r.Accept(r.Resubmit());
        foreach (var m in Actors.LegalBodies) { r.Accept(r.Agree(m)); }
        Assert.Equal(("adoption", 2), (r.S.StageId, r.S.StageEntry));
        // The first placing belonged to the first consideration.
        Assert.Equal("adoptionNotScheduled", r.Reject(r.RecordCouncilDecision(r.MoscowToday), RejectionCode.InvalidInput).Key);
        r.AdoptAtTodaysMeeting();
    }

    [Fact]
    public void The_standing_committee_s_silence_is_escalated_to_the_administrator()
    {
        var r = AtTheCouncil();
        var task = Assert.Single(r.S.OpenTasksOfCurrentStage);
        r.Now = task.DueAt!.Value.AddMinutes(1);
        Assert.Equal("administrator", Assert.Single(r.Accept(r.Deadline(task.No)).OfType<TaskEscalated>()).ToRole);
    }
}
