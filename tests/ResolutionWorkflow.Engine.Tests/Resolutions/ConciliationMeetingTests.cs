using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Engine.Texts;
using ResolutionWorkflow.Engine.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Engine.Tests.Resolutions;

/// <summary>
/// The conciliation meeting: the coordinator records its minutes and decisions per row; a decision settles
/// a row when the body that raised it confirms; a dissent keeps it open for the heads of government.
/// </summary>
public sealed class ConciliationMeetingTests
{
    private const string Keep = "Оставить редакцию разработчика.", Accept = "Учесть замечание: изложить пункт в редакции органа.";

    /// <summary>by-minfin objects to clause 3 (row 1), ru-minjust to clause 2 (row 2); the drafter rejects both and asks for conciliation.</summary>
    private static ResolutionDriver AtConciliation()
    {
        var r = new ResolutionDriver();
        r.Accept(r.Start("council-of-ministers-resolution"));
        r.Accept(r.Submit());
        foreach (var m in Actors.ReviewingMinistries.Except(["by-minfin", "ru-minjust"])) { r.Accept(r.Agree(m)); }
        r.Accept(r.Disagree("by-minfin", ("3", "Не указан объём финансирования.")));
        r.Accept(r.Disagree("ru-minjust", ("2", "Заказчик определяется программой.")));
        r.Accept(r.Answer(1, RemarkAnswer.Rejected, "Объём определяется законом о бюджете."));
        r.Accept(r.Answer(2, RemarkAnswer.Rejected, "Соответствует порядку."));
        r.Accept(r.Conciliation());
        Assert.Equal("conciliation", r.S.StageId);
        return r;
    }

    [Fact]
    public void The_minutes_settle_each_row_when_the_body_that_raised_it_confirms_and_the_draft_goes_on()
    {
        var r = AtConciliation();
        var events = r.Accept(r.Meeting(r.MoscowToday, (1, Keep), (2, Accept)));
        var meeting = Assert.Single(events.OfType<ConciliationMeetingRecorded>());
        Assert.Equal(["by-minfin", "ru-mineconomy", "ru-minjust", "su-standing-committee"], meeting.Participants);
        Assert.Equal([1, 2], events.OfType<RemarkDecided>().Select(d => d.RemarkNo));
        // Decided, not settled: each body is asked to confirm.
        Assert.All(r.S.Remarks, x => Assert.NotEqual(RemarkStatus.Settled, x.Status));
        Assert.Equal(["by-minfin", "ru-minjust"], r.S.OpenTasksOfCurrentStage.Where(t => t.Kind == TaskKind.ConfirmMinutes).Select(t => t.ParticipantKey).Order());

        r.Reject(r.ConfirmMinutes("ru-mfa"), RejectionCode.NotYourTask);
        r.Accept(r.ConfirmMinutes("by-minfin"));
        Assert.Equal((RemarkStatus.Settled, Keep), (r.S.Remarks[0].Status, r.S.Remarks[0].Conciliation));
        Assert.Equal("conciliation", r.S.StageId);
        Assert.Equal(["legal-examination"], ResolutionDriver.Stages(r.Accept(r.ConfirmMinutes("ru-minjust"))));
        Assert.All(r.S.Remarks, x => Assert.Equal(RemarkStatus.Settled, x.Status));
    }

    [Fact]
    public void A_dissent_keeps_its_rows_open_and_they_go_to_the_heads_of_government_whose_decision_closes_them()
    {
        var r = AtConciliation();
        r.Accept(r.Meeting(r.MoscowToday, (1, Keep), (2, Keep)));
        r.Accept(r.ConfirmMinutes("by-minfin"));
        Assert.Equal("fieldEmpty", r.Reject(new AnswerMinutes(false, " ") { CommandId = Guid.NewGuid(), ResolutionId = r.Id, Actor = Actors.Officer("ru-minjust") }, RejectionCode.InvalidInput).Key);
        var events = r.Accept(r.DissentFromMinutes("ru-minjust", "Пункт противоречит Договору."));
        Assert.Equal(["heads-decision"], ResolutionDriver.Stages(events));
        Assert.Equal((RemarkStatus.Answered, "Пункт противоречит Договору."), (r.S.Remarks[1].Status, r.S.Remarks[1].Dissent));

        r.Accept(r.DecideOutcome("agreed", (2, "Решение глав правительств: изложить пункт 2 в редакции Минюста России.")));
        Assert.Equal("legal-examination", r.S.StageId);
        Assert.Equal(RemarkStatus.Settled, r.S.Remarks[1].Status);
    }

    [Fact]
    public void The_signed_minutes_travel_with_the_meeting_as_a_document_and_a_meeting_without_them_is_written_as_before()
    {
        var sha = new string('a', 64);
        var r = AtConciliation();
        var meeting = (RecordConciliationMeeting)r.Meeting(r.MoscowToday, (1, Keep));
        var events = r.Accept(meeting with { MinutesFile = new Attachment("annex", " scans/Протокол № 1.pdf ", "application/pdf", 48_213, sha) });

        // Kept under its own kind whatever the sender says, the name as a manifest keeps it.
        var recorded = Assert.Single(events.OfType<ConciliationMeetingRecorded>());
        Assert.Equal(new Attachment("minutes", "Протокол № 1.pdf", "application/pdf", 48_213, sha), recorded.MinutesFile);
        Assert.Equal(recorded.MinutesFile, r.S.Meeting!.MinutesFile);
        Assert.Contains($"\"minutesFile\":{{", r.Journal.Single(j => j.EventType == "conciliation-meeting-recorded").Data, StringComparison.Ordinal);

        var plain = AtConciliation();
        plain.Accept(plain.Meeting(plain.MoscowToday, (1, Keep)));
        Assert.Null(plain.S.Meeting!.MinutesFile);
        Assert.DoesNotContain("minutesFile", plain.Journal.Single(j => j.EventType == "conciliation-meeting-recorded").Data, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("протокол.exe", "application/x-msdownload", 10, "attachmentType")]
    [InlineData("", "application/pdf", 10, "attachmentName")]
    [InlineData("протокол.pdf", "application/pdf", 0, "attachmentContent")]
    [InlineData("протокол.pdf", "application/pdf", 10, "attachmentContent", "not-a-hash")]
    public void A_minutes_file_that_is_not_a_stored_office_document_is_refused_and_nothing_is_recorded(string name, string type, long size, string key, string? sha = null)
    {
        var r = AtConciliation();
        var before = r.S;
        var meeting = (RecordConciliationMeeting)r.Meeting(r.MoscowToday, (1, Keep));
        var refusal = r.Reject(meeting with { MinutesFile = new Attachment("minutes", name, type, size, sha ?? new string('b', 64)) }, RejectionCode.InvalidInput);
        Assert.Equal(key, refusal.Key);
        Assert.Same(before, r.S);
    }

    [Fact]
    public void A_meeting_that_asks_for_a_revised_text_returns_the_draft_once_its_decisions_are_confirmed()
    {
        var r = AtConciliation();
        r.Accept(r.MeetingThen(r.MoscowToday, true, (1, Accept), (2, Accept)));
        r.Accept(r.ConfirmMinutes("by-minfin"));
        Assert.Equal(["revision"], ResolutionDriver.Stages(r.Accept(r.ConfirmMinutes("ru-minjust"))));
    }

    [Fact]
    public void A_meeting_that_decides_nothing_sends_open_rows_to_the_heads_of_government_at_once()
    {
        var r = AtConciliation();
        Assert.Equal(["heads-decision"], ResolutionDriver.Stages(r.Accept(r.Meeting(r.MoscowToday))));
    }

    [Fact]
    public void The_minutes_are_recorded_once_by_the_coordinator_dated_within_the_conciliation_naming_real_bodies_and_open_rows()
    {
        var r = AtConciliation();
        var today = r.MoscowToday;
        r.Reject(new RecordConciliationMeeting(today, MeetingFormat.InPerson, null, ["ru-minfin"], "1", "Протокол.", [], false) { CommandId = Guid.NewGuid(), ResolutionId = r.Id, Actor = Actors.Officer("ru-minfin") }, RejectionCode.NotYourTask);
        Assert.Equal("meetingDate", r.Reject(r.Meeting(today.AddDays(1)), RejectionCode.InvalidInput).Key);
        Assert.Equal("meetingDate", r.Reject(r.Meeting(today.AddDays(-1)), RejectionCode.InvalidInput).Key);
        Assert.Equal("remarkDecidedTwice", r.Reject(r.Meeting(today, (1, Keep), (1, Accept)), RejectionCode.InvalidInput).Key);
        Assert.Equal("unknownRemark", r.Reject(r.Meeting(today, (9, Keep)), RejectionCode.UnknownRemark).Key);
        RecordConciliationMeeting With(Func<RecordConciliationMeeting, RecordConciliationMeeting> change) =>
            change((RecordConciliationMeeting)r.Meeting(today, (1, Keep)));
        Assert.Equal("meetingParticipants", r.Reject(With(m => m with { Participants = [] }), RejectionCode.InvalidInput).Key);
        Assert.Equal("unknownOrganisation", r.Reject(With(m => m with { Participants = ["ru-nowhere"] }), RejectionCode.InvalidInput).Key);
        Assert.Equal("fieldEmpty", r.Reject(With(m => m with { Protocol = "" }), RejectionCode.InvalidInput).Key);
        Assert.Equal("fieldEmpty", r.Reject(With(m => m with { Minutes = " " }), RejectionCode.InvalidInput).Key);
        Assert.Equal("meetingFormat", r.Reject(With(m => m with { Format = (MeetingFormat)7 }), RejectionCode.InvalidInput).Key);

        r.Accept(With(m => m with { Format = MeetingFormat.Videoconference, Place = null }));
        Assert.Equal(MeetingFormat.Videoconference, r.S.Meeting!.Format);
        r.Reject(r.Meeting(today, (2, Keep)), RejectionCode.TaskClosed);
    }

    [Fact]
    public void A_body_silent_on_the_minutes_is_escalated()
    {
        var r = AtConciliation();
        r.Accept(r.Meeting(r.MoscowToday, (1, Keep)));
        var task = r.OpenTaskOf("by-minfin");
        r.Now = task.DueAt!.Value.AddMinutes(1);
        Assert.Single(r.Accept(r.Deadline(task.No)).OfType<TaskEscalated>());
        Assert.Equal("conciliation", r.S.StageId);
    }
}
