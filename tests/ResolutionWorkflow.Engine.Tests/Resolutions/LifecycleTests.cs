using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Journal;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Engine.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Engine.Tests.Resolutions;

public sealed class LifecycleTests
{
    [Fact]
    public void Council_resolution_goes_from_draft_through_revision_to_publication()
    {
        var r = new ResolutionDriver();
        r.Accept(r.Start("council-of-ministers-resolution"));
        Assert.Equal("drafting", r.S.StageId);

        r.Accept(r.Submit());
        Assert.Equal("interministerial-review", r.S.StageId);
        Assert.Equal(Actors.ReviewingMinistries.Order(), r.S.OpenTasksOfCurrentStage.Select(t => t.ParticipantKey).Order());

        ReviewRoundWithTwoObjectionsThenRevision(r);

        Assert.Equal("legal-examination", r.S.StageId);
        LegalExaminationWithRemarksThenAgreedOnTheFinalText(r);

        r.AdoptAtTodaysMeeting();
        // By default both heads of government sign; Russia's may sign first.
        SignRegisterAndPublish(r, Actors.PrimeMinisterRussia, Actors.PrimeMinisterBelarus);
    }

    [Fact]
    public void Union_state_programme_adds_a_financial_review_and_is_signed_by_the_chairman_alone()
    {
        var r = new ResolutionDriver();
        r.Accept(r.Start("union-state-programme"));
        r.Accept(r.Submit());
        ReviewRoundWithTwoObjectionsThenRevision(r);

        Assert.Equal("financial-review", r.S.StageId);
        Assert.Equal(["by-minfin", "ru-minfin", "su-standing-committee"], r.S.OpenTasksOfCurrentStage.Select(t => t.ParticipantKey).Order());
        r.Accept(r.Agree("by-minfin"));
        r.Accept(r.Agree("ru-minfin"));
        var events = r.Accept(r.Agree("su-standing-committee"));

        Assert.Equal(["legal-examination"], ResolutionDriver.Stages(events));
        foreach (var body in Actors.LegalBodies) { r.Accept(r.Agree(body)); }
        r.AdoptAtTodaysMeeting();
        // Its definition names the Chairman of the Council of Ministers as the one signatory; heads of government have no task.
        r.Reject(r.SignAs(Actors.PrimeMinisterRussia), RejectionCode.NotYourTask);
        SignRegisterAndPublish(r, Actors.Chairman);
    }

    private static void ReviewRoundWithTwoObjectionsThenRevision(ResolutionDriver r)
    {
        foreach (var ministry in Actors.ReviewingMinistries.Except(["by-minfin", "ru-minjust"]))
        {
            r.Accept(r.Agree(ministry));
        }
        r.Accept(r.Disagree("by-minfin", ("3", "Не указан объём финансирования по годам.")));
        var events = r.Accept(r.Disagree("ru-minjust", ("2", "Государственный заказчик-координатор определяется программой, а не постановлением.")));

        // The last opinion closes the round; open objections send the draft to revision.
        Assert.Contains(events, e => e is StageCompleted { Outcome: "revisionRequired" });
        Assert.Equal("revision", r.S.StageId);
        Assert.Equal(2, r.S.Remarks.Count);
        Assert.All(r.S.Remarks, x => Assert.Equal(RemarkStatus.Open, x.Status));

        r.Accept(r.Answer(1, RemarkAnswer.Accepted, "Объём финансирования указан в пункте 3."));
        r.Accept(r.Answer(2, RemarkAnswer.Rejected, "Пункт соответствует порядку, установленному для программ Союзного государства."));
        r.Accept(r.NewVersion(ResolutionDriver.Revised(ResolutionDriver.Text1)));
        Assert.Equal(2, r.S.CurrentText.Number);
        events = r.Accept(r.Resubmit());

        // Re-review rule "objectors": only the two who disagreed look again.
        Assert.Equal("interministerial-review", r.S.StageId);
        Assert.Equal(2, r.S.StageEntry);
        Assert.Equal(["by-minfin", "ru-minjust"], r.S.OpenTasksOfCurrentStage.Select(t => t.ParticipantKey).Order());
        Assert.Equal(2, events.OfType<TaskOpened>().Count());

        r.Accept(r.Agree("by-minfin"));
        r.Accept(r.Agree("ru-minjust"));
        Assert.All(r.S.Remarks, x => Assert.Equal(RemarkStatus.Settled, x.Status));
    }

    /// <summary>A conclusion with remarks sends the text back; the revised text passes review again and every legal body concludes on it.</summary>
    private static void LegalExaminationWithRemarksThenAgreedOnTheFinalText(ResolutionDriver r)
    {
        Assert.Equal(Actors.LegalBodies.Order(), r.S.OpenTasksOfCurrentStage.Select(t => t.ParticipantKey).Order());
        r.Accept(r.Agree("by-nclr"));
        r.Accept(r.AgreeWithRemarks("ru-minjust", ("2", "Привести наименование государственного заказчика в соответствие с программой.")));
        Assert.Equal("revision", r.S.StageId);
        var remark = r.S.Remarks.Single(x => x.StageId == "legal-examination");
        r.Accept(r.Answer(remark.No, RemarkAnswer.Accepted, "Наименование приведено в соответствие."));
        r.Accept(r.NewVersion(ResolutionDriver.Revised(r.S.CurrentText.Text)));
        var events = r.Accept(r.Resubmit());

        // Every reviewer agreed and no one objected: review closes at once; both legal bodies conclude again on the new text.
        Assert.Equal(["interministerial-review", "legal-examination"], ResolutionDriver.Stages(events));
        Assert.Equal(2, r.S.StageEntry);
        Assert.Equal(Actors.LegalBodies.Order(), r.S.OpenTasksOfCurrentStage.Select(t => t.ParticipantKey).Order());
        foreach (var body in Actors.LegalBodies) { r.Accept(r.Agree(body)); }
    }

    private static void SignRegisterAndPublish(ResolutionDriver r, params Actor[] signatories)
    {
        Assert.Equal(signatories.Length, r.S.OpenTasksOfCurrentStage.Count(t => t.Kind == TaskKind.Sign));
        foreach (var signatory in signatories) { r.Accept(r.SignAs(signatory)); }
        Assert.Equal("registration", r.S.StageId);
        Assert.All(r.S.Signatures, s => Assert.Equal(r.S.CurrentText.Hash, s.TextHash));
        Assert.Equal(signatories.Select(s => s.UserId).Order(), r.S.Signatures.Select(s => s.UserId).Order());
        Assert.Equal(r.MoscowToday, r.S.ActDate);

        r.Accept(r.RegisterAs("17"));
        r.Accept(r.Publish("by"));
        var events = r.Accept(r.Publish("ru"));

        Assert.Contains(events, e => e is ResolutionClosed { Result: EndResult.Adopted });
        Assert.Equal(ResolutionStatus.Adopted, r.S.Status);
        Assert.Equal("adopted", r.S.StageId);
        Assert.Equal("17", r.S.Registration!.Number);
        Assert.Equal(["by", "ru"], r.S.Publications.Select(p => p.Country).Order());
        Assert.Empty(r.S.OpenTasks);

        Assert.Equal(r.S.EventCount, r.Journal.Count);
        Assert.True(JournalChain.Verify(r.Journal, r.Journal[^1].Hash).IsValid);
    }

    [Fact]
    public void Replaying_the_journal_rebuilds_the_same_state()
    {
        var r = new ResolutionDriver();
        r.Accept(r.Start("council-of-ministers-resolution"));
        r.Accept(r.Submit());
        r.Accept(r.Disagree("by-mfa", ("1", "Уточнить наименование программы.")));

        var replayed = Evolve.ApplyAll(null, r.Journal.Select(JournalChain.ToEvent))!;

        Assert.Equal(r.S.StageId, replayed.StageId);
        Assert.Equal(r.S.EventCount, replayed.EventCount);
        Assert.Equal(r.S.Remarks, replayed.Remarks);
        Assert.Equal(r.S.Tasks.Select(t => (t.No, t.Status, t.DueAt)), replayed.Tasks.Select(t => (t.No, t.Status, t.DueAt)));
        Assert.Equal(r.S.CurrentText.Hash, replayed.CurrentText.Hash);
    }
}
