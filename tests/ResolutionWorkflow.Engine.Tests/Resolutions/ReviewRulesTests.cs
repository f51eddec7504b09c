using System.Text.Json.Nodes;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Engine.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Engine.Tests.Resolutions;

public sealed class ReviewRulesTests
{
    private static ResolutionDriver WithReview(Action<JsonObject> change)
    {
        return SigningTests.WithDefinitionChange(d =>
        {
            var review = d["stages"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "interministerial-review")!.AsObject();
            change(review);
        });
    }

    private static void FirstRoundWithRemarks(ResolutionDriver r)
    {
        r.Accept(r.Start("council-of-ministers-resolution"));
        r.Accept(r.Submit());
        foreach (var m in Actors.ReviewingMinistries.Except(["by-minfin", "ru-minjust", "ru-mfa"])) { r.Accept(r.Agree(m)); }
        r.Accept(r.AgreeWithRemarks("ru-mfa", ("4", "Уточнить дату вступления в силу.")));
        r.Accept(r.Disagree("by-minfin", ("3", "Не указан объём финансирования.")));
        r.Accept(r.Disagree("ru-minjust", ("2", "Заказчик определяется программой.")));
        Assert.Equal("revision", r.S.StageId);
        r.Accept(r.Answer(1, RemarkAnswer.Accepted));
        r.Accept(r.Answer(2, RemarkAnswer.Accepted));
        r.Accept(r.Answer(3, RemarkAnswer.Rejected, "Пункт соответствует порядку."));
    }

    [Fact]
    public void Answering_a_remark_made_with_agreement_settles_it_but_an_objection_stays_until_its_author_agrees()
    {
        var r = new ResolutionDriver();
        FirstRoundWithRemarks(r);
        Assert.Equal(RemarkStatus.Settled, r.S.Remarks.Single(x => x.Organisation == "ru-mfa").Status);
        Assert.All(r.S.Remarks.Where(x => x.Objection), x => Assert.Equal(RemarkStatus.Answered, x.Status));
    }

    [Fact]
    public void Re_review_by_objectors_asks_only_those_who_disagreed()
    {
        var r = new ResolutionDriver();
        FirstRoundWithRemarks(r);
        r.Accept(r.NewVersion(ResolutionDriver.Revised(ResolutionDriver.Text1)));
        r.Accept(r.Resubmit());
        Assert.Equal(["by-minfin", "ru-minjust"], r.S.OpenTasksOfCurrentStage.Select(t => t.ParticipantKey).Order());
    }

    [Fact]
    public void Re_review_by_all_asks_every_participant()
    {
        var r = WithReview(s => s["reReview"] = "all");
        FirstRoundWithRemarks(r);
        r.Accept(r.Resubmit());
        Assert.Equal(Actors.ReviewingMinistries.Length, r.S.OpenTasksOfCurrentStage.Count());
    }

    [Fact]
    public void Re_review_by_changed_clauses_asks_objectors_and_those_whose_clause_changed()
    {
        var r = WithReview(s => s["reReview"] = "changedClauses");
        FirstRoundWithRemarks(r);
        // Clause 4 changes (ru-mfa remarked on it); clauses 2 and 3 do not.
        r.Accept(r.NewVersion(ResolutionDriver.Text1.Replace("со дня его подписания", "с 1 января 2027 года", StringComparison.Ordinal)));
        r.Accept(r.Resubmit());
        Assert.Equal(["by-minfin", "ru-mfa", "ru-minjust"], r.S.OpenTasksOfCurrentStage.Select(t => t.ParticipantKey).Order());
    }

    [Fact]
    public void A_renewed_disagreement_sends_the_draft_back_to_revision_again()
    {
        var r = new ResolutionDriver();
        FirstRoundWithRemarks(r);
        r.Accept(r.Resubmit());
        r.Accept(r.Agree("by-minfin"));
        var events = r.Accept(r.Disagree("ru-minjust", ("2", "Позиция не изменилась.")));

        Assert.Contains(events, e => e is StageCompleted { Outcome: "revisionRequired" });
        Assert.Equal("revision", r.S.StageId);
        Assert.Equal(2, r.S.StageEntry);
        Assert.Equal([3, 4], r.S.UnsettledRemarks.Select(x => x.No));
    }

    [Fact]
    public void N_of_M_completion_closes_the_round_when_enough_have_agreed()
    {
        var r = WithReview(s => s["completion"] = new JsonObject { ["atLeast"] = 6 });
        r.Accept(r.Start("council-of-ministers-resolution"));
        r.Accept(r.Submit());
        foreach (var m in Actors.ReviewingMinistries.Take(5)) { r.Accept(r.Agree(m)); }
        Assert.Equal("interministerial-review", r.S.StageId);

        var events = r.Accept(r.Agree(Actors.ReviewingMinistries[5]));

        Assert.Equal("legal-examination", r.S.StageId);
        // Seven were asked (the drafting body is not): the one still silent is no longer waited for.
        Assert.Equal(Actors.ReviewingMinistries.Length - 6, events.OfType<TaskClosed>().Count(t => t.Status == WorkTaskStatus.Cancelled && r.S.Tasks[t.TaskNo - 1].Kind == TaskKind.Review));
    }

    [Fact]
    public void A_task_its_holder_completes_is_done_and_one_the_process_closes_without_its_holder_is_cancelled()
    {
        var r = new ResolutionDriver();
        r.Accept(r.Start("council-of-ministers-resolution"));
        r.Accept(r.Submit());
        Assert.Equal(WorkTaskStatus.Done, r.S.Tasks.Single(t => t.Kind == TaskKind.Draft).Status);

        FirstRoundAfterSubmit(r);
        r.Accept(r.Resubmit());
        Assert.Equal(WorkTaskStatus.Done, r.S.Tasks.Single(t => t.Kind == TaskKind.Revise).Status);

        r.Accept(r.WithdrawAs(Actors.Coordinator));
        Assert.All(r.S.Tasks.Where(t => t.StageId == "interministerial-review" && t.StageEntry == 2), t => Assert.Equal(WorkTaskStatus.Cancelled, t.Status));
    }

    private static void FirstRoundAfterSubmit(ResolutionDriver r)
    {
        foreach (var m in Actors.ReviewingMinistries.Except(["by-minfin"])) { r.Accept(r.Agree(m)); }
        r.Accept(r.Disagree("by-minfin", ("3", "Не указан объём финансирования.")));
        r.Accept(r.Answer(1, RemarkAnswer.Accepted));
        r.Accept(r.NewVersion(ResolutionDriver.Revised(ResolutionDriver.Text1)));
    }
}
