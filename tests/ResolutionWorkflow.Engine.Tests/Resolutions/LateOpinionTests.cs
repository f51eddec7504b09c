using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Engine.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Engine.Tests.Resolutions;

/// <summary>A late opinion is received while the stage is open, marked late in the table and the journal, and considered.</summary>
public sealed class LateOpinionTests
{
    private static ResolutionDriver InReview()
    {
        var r = new ResolutionDriver();
        r.Accept(r.Start("council-of-ministers-resolution"));
        r.Accept(r.Submit());
        return r;
    }

    [Fact]
    public void An_objection_after_the_deadline_is_received_marked_late_and_sends_the_draft_to_revision()
    {
        var r = InReview();
        r.Now = r.OpenTaskOf("by-minfin").DueAt!.Value.AddMinutes(1);
        var events = r.Accept(r.Disagree("by-minfin", ("1", "Поздно, но по существу.")));

        Assert.True(Assert.Single(events.OfType<OpinionRecorded>()).Late);
        Assert.True(Assert.Single(events.OfType<RemarkRaised>()).Late);
        Assert.True(Assert.Single(r.S.Remarks).Late);
        Assert.Contains("\"late\":true", r.Journal.Single(j => j.EventType == "opinion-recorded").Data, StringComparison.Ordinal);

        foreach (var m in Actors.ReviewingMinistries.Except(["by-minfin"])) { r.Accept(r.Agree(m)); }
        Assert.Equal("revision", r.S.StageId);
    }

    [Fact]
    public void An_opinion_in_time_is_not_marked_and_its_journal_entry_has_no_late_field()
    {
        var r = InReview();
        var events = r.Accept(r.AgreeWithRemarks("by-minfin", ("1", "В срок.")));
        Assert.False(Assert.Single(events.OfType<OpinionRecorded>()).Late);
        Assert.False(Assert.Single(r.S.Remarks).Late);
        Assert.All(r.Journal, j => Assert.DoesNotContain("\"late\"", j.Data, StringComparison.Ordinal));
    }

    [Fact]
    public void After_silence_was_deemed_agreement_the_bodys_opinion_replaces_it_once_while_the_stage_is_open()
    {
        var r = InReview();
        var task = r.OpenTaskOf("ru-minfin");
        r.Now = task.DueAt!.Value.AddMinutes(1);
        r.Accept(r.Deadline(task.No));
        Assert.Equal(OpinionKind.DeemedAgreed, r.S.LatestOpinions("interministerial-review")["ru-minfin"].Kind);

        var events = r.Accept(r.Disagree("ru-minfin", ("1", "Не согласны.")));
        Assert.True(Assert.Single(events.OfType<OpinionRecorded>()).Late);
        Assert.Equal(OpinionKind.Disagree, r.S.LatestOpinions("interministerial-review")["ru-minfin"].Kind);
        Assert.Equal(WorkTaskStatus.Done, r.S.Tasks.Single(t => t.No == task.No).Status);

        // Said once: a second opinion finds the task done.
        r.Reject(r.Agree("ru-minfin"), RejectionCode.TaskClosed);
        foreach (var m in Actors.ReviewingMinistries.Except(["ru-minfin"])) { r.Accept(r.Agree(m)); }
        Assert.Equal("revision", r.S.StageId);
    }

    [Fact]
    public void Once_the_stage_has_closed_a_late_opinion_is_refused()
    {
        var r = InReview();
        foreach (var m in Actors.ReviewingMinistries.Except(["ru-minfin"])) { r.Accept(r.Agree(m)); }
        var task = r.OpenTaskOf("ru-minfin");
        r.Now = task.DueAt!.Value.AddMinutes(1);
        r.Accept(r.Deadline(task.No));
        Assert.Equal("legal-examination", r.S.StageId);
        // The stage has moved on to the legal examination, where the body has no task.
        r.Reject(r.Disagree("ru-minfin", ("1", "Слишком поздно.")), RejectionCode.NotYourTask);
    }
}
