using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Engine.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Engine.Tests.Resolutions;

/// <summary>
/// Reviewers per draft: the council definition's review asks eight bodies always and may ask others
/// from its pool; the drafter proposes those concerned, the coordinator confirms or amends, and a
/// proposal not yet confirmed holds the draft back.
/// </summary>
public sealed class ReviewerChoiceTests
{
    private static ProposeReviewers Propose(ResolutionDriver r, Actor? by = null, params string[] organisations) =>
        new ProposeReviewers([.. organisations]) { CommandId = Guid.NewGuid(), ResolutionId = r.Id, Actor = by ?? Actors.Drafter };

    private static ConfirmReviewers Confirm(ResolutionDriver r, string? reason = null, Actor? by = null, params string[]? organisations) =>
        new ConfirmReviewers(organisations is null ? null : [.. organisations], reason) { CommandId = Guid.NewGuid(), ResolutionId = r.Id, Actor = by ?? Actors.Coordinator };

    private static ConfirmReviewers ConfirmProposal(ResolutionDriver r, Actor? by = null) =>
        new ConfirmReviewers(null, null) { CommandId = Guid.NewGuid(), ResolutionId = r.Id, Actor = by ?? Actors.Coordinator };

    private static StartResolution StartProposing(ResolutionDriver r, params string[] organisations) =>
        new StartResolution("council-of-ministers-resolution", "О таможенном сотрудничестве", CommandBuilder.Text1, [.. organisations])
        { CommandId = Guid.NewGuid(), ResolutionId = r.Id, Actor = Actors.Drafter };

    [Fact]
    public void Bodies_proposed_at_the_start_are_asked_once_the_coordinator_confirms_them_with_their_own_silence_rule()
    {
        var r = new ResolutionDriver();
        var events = r.Accept(StartProposing(r, "ru-customs", "by-customs"));
        Assert.Equal(["by-customs", "ru-customs"], Assert.Single(events.OfType<ReviewersProposed>()).Organisations);

        // Not confirmed: the draft does not go anywhere yet.
        Assert.Equal("reviewersNotConfirmed", r.Reject(r.Submit(), RejectionCode.ReviewersNotConfirmed).Key);

        var confirmed = Assert.Single(r.Accept(ConfirmProposal(r)).OfType<ReviewersConfirmed>());
        Assert.False(confirmed.Amended);
        Assert.Null(confirmed.Reason);
        r.Accept(r.Submit());
        Assert.Equal(Actors.ReviewingMinistries.Concat(["by-customs", "ru-customs"]).Order(), r.S.OpenTasksOfCurrentStage.Select(t => t.ParticipantKey).Order());

        // Every body must agree, the chosen ones as well; Russia's customs' silence is agreement, Belarus's goes to the coordinator.
        foreach (var m in Actors.ReviewingMinistries) { r.Accept(r.Agree(m)); }
        Assert.Equal("interministerial-review", r.S.StageId);
        r.Now = r.OpenTaskOf("ru-customs").DueAt!.Value.AddMinutes(1);
        Assert.Equal(SilencePolicy.DeemedAgreed, Assert.Single(r.Accept(r.Deadline(r.OpenTaskOf("ru-customs").No)).OfType<SilencePolicyApplied>()).Policy);
        Assert.Equal(SilencePolicy.Escalate, Assert.Single(r.Accept(r.Deadline(r.OpenTaskOf("by-customs").No)).OfType<SilencePolicyApplied>()).Policy);
        r.Accept(r.Agree("by-customs"));
        Assert.Equal("legal-examination", r.S.StageId);
    }

    [Fact]
    public void A_proposal_names_bodies_of_the_pool_only_once_each_and_only_the_drafter_makes_it_before_review()
    {
        var r = new ResolutionDriver();
        r.Accept(r.Start("council-of-ministers-resolution"));
        Assert.Equal("reviewerMandatory", r.Reject(Propose(r, null, "ru-minfin"), RejectionCode.InvalidInput).Key);
        Assert.Equal("reviewerNotInPool", r.Reject(Propose(r, null, "ru-government"), RejectionCode.InvalidInput).Key);
        Assert.Equal("reviewerNotInPool", r.Reject(Propose(r, null, "nowhere"), RejectionCode.InvalidInput).Key);
        Assert.Equal("reviewerTwice", r.Reject(Propose(r, null, "ru-fsb", "ru-fsb"), RejectionCode.InvalidInput).Key);
        r.Reject(Propose(r, Actors.OtherDrafter, "ru-fsb"), RejectionCode.NotYourTask);
        r.Reject(Propose(r, Actors.Officer("ru-fsb"), "ru-fsb"), RejectionCode.NotYourTask);
        // A bad start proposal refuses the start itself: nothing is created.
        var other = new ResolutionDriver();
        other.Reject(StartProposing(other, "ru-minfin"), RejectionCode.InvalidInput);
        Assert.Null(other.State);

        r.Accept(Propose(r, null, "ru-fsb", "by-border"));
        r.Reject(Propose(r, null, "by-border", "ru-fsb"), RejectionCode.NoChange);
        r.Accept(ConfirmProposal(r));
        r.Accept(r.Submit());
        Assert.Equal("reviewersChosenBeforeReview", r.Reject(Propose(r, null, "ru-mchs"), RejectionCode.StageClosed).Key);
        // During review the coordinator may add to the list, never take a body off it.
        Assert.Equal("reviewerAlreadyAsked", r.Reject(Confirm(r, "поздно", null, "ru-mchs"), RejectionCode.InvalidInput).Key);
    }

    [Fact]
    public void During_review_the_coordinator_sends_the_draft_to_another_body_of_the_pool_which_is_asked_at_once()
    {
        var s = new ResolutionDriver();
        s.Accept(s.Start("council-of-ministers-resolution"));
        s.Accept(s.Submit());
        foreach (var m in Actors.ReviewingMinistries.Except(["ru-minfin"])) { s.Accept(s.Agree(m)); }
        // Not by the drafter, not without a reason, not a body outside the pool.
        s.Reject(Confirm(s, "касается", Actors.Drafter, "ru-mchs"), RejectionCode.NotPermitted);
        Assert.Equal("fieldEmpty", s.Reject(Confirm(s, null, null, "ru-mchs"), RejectionCode.InvalidInput).Key);
        Assert.Equal("reviewerNotInPool", s.Reject(Confirm(s, "касается", null, "ru-government"), RejectionCode.InvalidInput).Key);

        var events = s.Accept(Confirm(s, "Проект касается действий при чрезвычайных ситуациях.", null, "ru-mchs"));
        var confirmed = Assert.Single(events.OfType<ReviewersConfirmed>());
        Assert.True(confirmed.Amended);
        var opened = Assert.Single(events.OfType<TaskOpened>()).Task;
        Assert.Equal(("ru-mchs", TaskKind.Review), (opened.ParticipantKey, opened.Kind));
        Assert.NotNull(s.OpenTaskOf("ru-mchs").DueAt);
        Assert.Equal("reviewersUnchanged", s.Reject(Confirm(s, "ещё раз", null, "ru-mchs"), RejectionCode.NoChange).Key);

        // The stage waits for the added body as for any other.
        s.Accept(s.Agree("ru-minfin"));
        Assert.Equal("interministerial-review", s.S.StageId);
        s.Accept(s.Agree("ru-mchs"));
        Assert.Equal("legal-examination", s.S.StageId);
        // At the legal examination the list is closed.
        Assert.Equal("reviewersChosenBeforeReview", s.Reject(Confirm(s, "поздно", null, "ru-mchs", "ru-fsb"), RejectionCode.StageClosed).Key);
    }

    [Fact]
    public void The_coordinator_amends_a_proposal_only_with_a_reason_and_the_journal_says_so()
    {
        var r = new ResolutionDriver();
        r.Accept(StartProposing(r, "ru-customs"));
        r.Reject(ConfirmProposal(r, Actors.Officer("ru-customs")), RejectionCode.NotPermitted);
        Assert.Equal("fieldEmpty", r.Reject(Confirm(r, null, null, "ru-customs", "by-customs"), RejectionCode.InvalidInput).Key);
        var amended = Assert.Single(r.Accept(Confirm(r, "Проект затрагивает таможенное регулирование обеих сторон.", null, "ru-customs", "by-customs")).OfType<ReviewersConfirmed>());
        Assert.True(amended.Amended);
        Assert.Equal(["by-customs", "ru-customs"], amended.Organisations);
        Assert.Equal(["by-customs", "ru-customs"], r.S.Reviewers!.Organisations);
        Assert.True(r.S.Reviewers.Confirmed);
        Assert.Equal("reviewersUnchanged", r.Reject(Confirm(r, "ещё раз", null, "by-customs", "ru-customs"), RejectionCode.NoChange).Key);
        Assert.Equal(["reviewers-proposed", "reviewers-confirmed"], r.Journal.Where(j => j.EventType.StartsWith("reviewers-", StringComparison.Ordinal)).Select(j => j.EventType));
    }

    [Fact]
    public void Without_a_proposal_the_coordinator_may_still_set_the_list_with_a_reason_and_may_not_confirm_nothing()
    {
        var r = new ResolutionDriver();
        r.Accept(r.Start("council-of-ministers-resolution"));
        Assert.Equal("noReviewerProposal", r.Reject(ConfirmProposal(r), RejectionCode.InvalidInput).Key);
        r.Reject(Confirm(r, null, null, "ru-roscosmos"), RejectionCode.InvalidInput);
        r.Accept(Confirm(r, "Проект касается космической деятельности.", null, "ru-roscosmos"));
        r.Accept(r.Submit());
        Assert.Contains("ru-roscosmos", r.S.OpenTasksOfCurrentStage.Select(t => t.ParticipantKey));
        Assert.Equal(Actors.ReviewingMinistries.Length + 1, r.S.OpenTasksOfCurrentStage.Count());
    }

    [Fact]
    public void A_body_added_during_revision_is_asked_in_the_next_round_with_the_objectors()
    {
        var r = new ResolutionDriver();
        r.Accept(r.Start("council-of-ministers-resolution"));
        r.Accept(r.Submit());
        foreach (var m in Actors.ReviewingMinistries.Except(["ru-minjust"])) { r.Accept(r.Agree(m)); }
        r.Accept(r.Disagree("ru-minjust", ("2", "Уточнить порядок.")));
        Assert.Equal("revision", r.S.StageId);
        r.Accept(r.Answer(1, RemarkAnswer.Accepted));
        r.Accept(Propose(r, null, "ru-mchs"));
        r.Reject(r.Resubmit(), RejectionCode.ReviewersNotConfirmed);
        r.Accept(ConfirmProposal(r));
        r.Accept(r.Resubmit());
        Assert.Equal(["ru-mchs", "ru-minjust"], r.S.OpenTasksOfCurrentStage.Select(t => t.ParticipantKey).Order());
    }

    [Fact]
    public void A_definition_without_a_pool_chooses_no_reviewers()
    {
        var r = SigningTests.WithDefinitionChange(d => ((System.Text.Json.Nodes.JsonObject)d["stages"]![1]!).Remove("pool"));
        r.Accept(r.Start("council-of-ministers-resolution"));
        Assert.Equal("noReviewerPool", r.Reject(Propose(r, null, "ru-fsb"), RejectionCode.InvalidInput).Key);
    }
}
