using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Engine.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Engine.Tests.Resolutions;

/// <summary>
/// Who the process waits on: never the drafting body for an opinion on its own draft, and always someone with an
/// open task (the driver checks that after every step of every engine test; these tests name the cases that had none).
/// </summary>
public sealed class WaitingPointTests
{
    private static ProposeReviewers Propose(ResolutionDriver r, params string[] organisations) =>
        new([.. organisations]) { CommandId = Guid.NewGuid(), ResolutionId = r.Id, Actor = Actors.Drafter };

    [Fact]
    public void The_drafting_body_is_not_asked_to_review_its_own_draft_and_the_journal_says_so_once()
    {
        var r = new ResolutionDriver();
        r.Accept(r.Start("council-of-ministers-resolution"));
        Assert.Equal("drafterReviewsOwn", r.Reject(Propose(r, "ru-mineconomy"), RejectionCode.InvalidInput).Key);
        var events = r.Accept(r.Submit());

        // The definition names Russia's Ministry of Economic Development among the eight; it drafted this one.
        Assert.Equal(Actors.ReviewingMinistries.Order(), r.S.OpenTasksOfCurrentStage.Select(t => t.ParticipantKey).Order());
        Assert.Equal(("interministerial-review", "ru-mineconomy"), events.OfType<DrafterNotAsked>().Select(e => (e.StageId, e.Organisation)).Single());
        r.Reject(r.Agree("ru-mineconomy"), RejectionCode.NotYourTask);
        // Nor is a review handed to it.
        var review = r.OpenTaskOf("ru-minfin");
        var handed = new ReassignTask(review.No, "ru-mineconomy", null, "передать") { CommandId = Guid.NewGuid(), ResolutionId = r.Id, Actor = Actors.Coordinator };
        Assert.Equal("drafterReviewsOwn", r.Reject(handed, RejectionCode.InvalidInput).Key);

        // A second round asks again, and the journal does not repeat itself.
        foreach (var m in Actors.ReviewingMinistries.Except(["by-minfin"])) { r.Accept(r.Agree(m)); }
        r.Accept(r.Disagree("by-minfin", ("3", "Не указан объём финансирования.")));
        r.Accept(r.Answer(1, RemarkAnswer.Accepted));
        r.Accept(r.NewVersion(CommandBuilder.Revised(CommandBuilder.Text1)));
        r.Accept(r.Resubmit());
        Assert.Equal("interministerial-review", r.S.StageId);
        Assert.Single(r.Journal, j => j.EventType == "drafter-not-asked");
    }

    [Fact]
    public void A_proposal_of_bodies_waits_on_the_coordinator_who_holds_one_task_until_confirming_it()
    {
        var r = new ResolutionDriver();
        r.Accept(r.Start("council-of-ministers-resolution"));
        r.Accept(Propose(r, "ru-fsb"));
        var task = Assert.Single(r.S.OpenTasksOfCurrentStage, t => t.Kind == TaskKind.ConfirmReviewers);
        Assert.Equal((new Assignee(null, "coordinator", null, null), (DateTimeOffset?)null), (task.Assignee, task.DueAt));

        // Proposed again: still the one task.
        r.Accept(Propose(r, "ru-fsb", "by-border"));
        Assert.Single(r.S.OpenTasksOfCurrentStage, t => t.Kind == TaskKind.ConfirmReviewers);

        r.Accept(new ConfirmReviewers(null, null) { CommandId = Guid.NewGuid(), ResolutionId = r.Id, Actor = Actors.Coordinator });
        Assert.Equal(WorkTaskStatus.Done, r.S.Tasks.Single(t => t.No == task.No).Status);
        Assert.DoesNotContain(r.S.OpenTasks, t => t.Kind == TaskKind.ConfirmReviewers);
        r.Accept(r.Submit());
    }

    [Fact]
    public void A_draft_does_not_leave_revision_while_a_proposal_of_bodies_waits_on_the_coordinator()
    {
        var r = new ResolutionDriver();
        r.Accept(r.Start("council-of-ministers-resolution"));
        r.Accept(r.Submit());
        foreach (var m in Actors.ReviewingMinistries.Except(["by-minfin"])) { r.Accept(r.Agree(m)); }
        r.Accept(r.Disagree("by-minfin", ("3", "Не указан объём финансирования.")));
        r.Accept(r.Answer(1, RemarkAnswer.Rejected, "Объём определяется законом о бюджете."));
        r.Accept(Propose(r, "ru-fsb"));

        Assert.Equal("reviewersNotConfirmed", r.Reject(r.Conciliation(), RejectionCode.ReviewersNotConfirmed).Key);
        Assert.Single(r.S.OpenTasksOfCurrentStage, t => t.Kind == TaskKind.ConfirmReviewers);
        r.Accept(new ConfirmReviewers(null, null) { CommandId = Guid.NewGuid(), ResolutionId = r.Id, Actor = Actors.Coordinator });
        Assert.Equal("conciliation", ResolutionDriver.Stages(r.Accept(r.Conciliation())).Single());
    }
}
