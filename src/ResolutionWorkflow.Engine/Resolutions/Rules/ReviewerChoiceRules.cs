using System.Collections.Immutable;
using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.Engine.Resolutions.Rules;

/// <summary>
/// Reviewers per draft: a definition's review stage names the mandatory bodies and a pool; the drafter
/// proposes the bodies concerned from the pool (when starting, or while drafting or revising), and the
/// coordinator confirms the proposal or sets the list itself, with a reason. A proposal not yet
/// confirmed holds the draft back from review, and the coordinator holds a task to confirm it; without
/// any proposal it goes to the mandatory bodies. The drafting body is never among them.
/// During that review the coordinator may still send the draft to more bodies of the pool (with a
/// reason): they are asked at once; a body already asked stays on the list.
/// </summary>
internal sealed class ReviewerChoiceRules : CommandRules
{
    public override void Register(CommandTable commands)
    {
        commands.On<ProposeReviewers>(Propose);
        commands.On<ConfirmReviewers>(Confirm);
    }

    /// <summary>Records the drafter's proposal made with the start command, if any.</summary>
    public static void ProposeAtStart(DecisionRun run, ImmutableArray<string>? organisations)
    {
        if (organisations is not { IsDefaultOrEmpty: false } proposed) { return; }
        run.Emit(new ReviewersProposed(Checked(run, proposed), run.Actor.UserId));
        AskCoordinator(run);
    }

    /// <summary>A proposal waits on the coordinator: they hold a task to confirm it (one, however often the drafter proposes again).</summary>
    private static void AskCoordinator(DecisionRun run)
    {
        if (run.State.OpenTasksOfCurrentStage.Any(t => t.Kind == TaskKind.ConfirmReviewers)) { return; }
        run.OpenTask(TaskKind.ConfirmReviewers, "coordinator", new Assignee(null, "coordinator", null, null), run.CurrentStage, dated: false);
    }

    /// <summary>Refused while the coordinator has not confirmed the drafter's proposal for <paramref name="stage"/>.</summary>
    public static void RequireConfirmed(DecisionRun run, ReviewStage stage)
    {
        if (!stage.Pool.IsEmpty && run.State.Reviewers is { Confirmed: false } pending)
        {
            throw Refuse(RejectionCode.ReviewersNotConfirmed, "reviewersNotConfirmed", ("organisations", pending.Organisations));
        }
    }

    private static void Propose(DecisionRun run, ProposeReviewers c)
    {
        var state = run.State;
        if (!run.Actor.Has("drafter") || run.Actor.Organisation != state.DrafterOrganisation)
        {
            throw Refuse(RejectionCode.NotYourTask, "onlyDrafterProposesReviewers", ("organisation", state.DrafterOrganisation));
        }
        RequireBeforeReview(run);
        var organisations = Checked(run, c.Organisations.IsDefault ? [] : c.Organisations);
        if (state.Reviewers is { } current && current.Organisations.SequenceEqual(organisations)) { throw Refuse(RejectionCode.NoChange, "reviewersUnchanged"); }
        run.Emit(new ReviewersProposed(organisations, run.Actor.UserId));
        AskCoordinator(run);
    }

    private static void Confirm(DecisionRun run, ConfirmReviewers c)
    {
        run.RequireCoordinator("confirm the bodies a draft goes to");
        if (run.CurrentStage is ReviewStage { Pool.IsEmpty: false } review)
        {
            AddDuringReview(run, review, c);
            return;
        }
        RequireBeforeReview(run);
        var current = run.State.Reviewers;
        var proposal = current is { Confirmed: false } ? current.Organisations : (ImmutableArray<string>?)null;
        var organisations = c.Organisations is { } chosen ? Checked(run, chosen) : proposal ?? throw Refuse(RejectionCode.InvalidInput, "noReviewerProposal");
        if (current is { Confirmed: true } && current.Organisations.SequenceEqual(organisations)) { throw Refuse(RejectionCode.NoChange, "reviewersUnchanged"); }
        // Confirming what the drafter proposed needs no reason; any other list does.
        var amended = proposal is not { } proposed || !proposed.SequenceEqual(organisations);
        if (amended) { DecisionRun.RequireText(c.Reason, "reason", Decider.MaxNoteLength); }
        run.Emit(new ReviewersConfirmed(organisations, amended, string.IsNullOrWhiteSpace(c.Reason) ? null : c.Reason.Trim(), run.Actor.UserId));
        foreach (var task in run.State.OpenTasksOfCurrentStage.Where(t => t.Kind == TaskKind.ConfirmReviewers).ToList())
        {
            run.Emit(new TaskClosed(task.No, WorkTaskStatus.Done));
        }
    }

    private static void AddDuringReview(DecisionRun run, ReviewStage review, ConfirmReviewers c)
    {
        var current = run.State.Reviewers?.Organisations ?? [];
        var organisations = Checked(run, c.Organisations ?? throw Refuse(RejectionCode.InvalidInput, "noReviewerProposal"));
        if (current.FirstOrDefault(o => !organisations.Contains(o)) is { } dropped) { throw Refuse(RejectionCode.InvalidInput, "reviewerAlreadyAsked", ("organisation", dropped)); }
        if (current.SequenceEqual(organisations)) { throw Refuse(RejectionCode.NoChange, "reviewersUnchanged"); }
        DecisionRun.RequireText(c.Reason, "reason", Decider.MaxNoteLength);
        run.Emit(new ReviewersConfirmed(organisations, Amended: true, c.Reason.Trim(), run.Actor.UserId));
        ReviewRules.AskAdded(run, review);
    }

    private static void RequireBeforeReview(DecisionRun run)
    {
        if (run.CurrentStage.Kind is not (StageKind.Drafting or StageKind.Revision))
        {
            throw Refuse(RejectionCode.StageClosed, "reviewersChosenBeforeReview", ("stage", run.State.StageId));
        }
    }

    /// <summary>The organisations, each of the pool, none twice; in a stable order, so the same choice reads the same.</summary>
    private static ImmutableArray<string> Checked(DecisionRun run, ImmutableArray<string> organisations)
    {
        var stage = run.Definition.ReviewerPoolStage ?? throw Refuse(RejectionCode.InvalidInput, "noReviewerPool", ("definition", run.Definition.Key));
        var pool = stage.Pool.Select(p => p.Key).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var organisation in organisations)
        {
            if (organisation == run.State.DrafterOrganisation) { throw Refuse(RejectionCode.InvalidInput, "drafterReviewsOwn", ("organisation", organisation)); }
            if (stage.Participants.Any(p => p.Key == organisation)) { throw Refuse(RejectionCode.InvalidInput, "reviewerMandatory", ("organisation", organisation), ("pool", pool)); }
            if (!pool.Contains(organisation)) { throw Refuse(RejectionCode.InvalidInput, "reviewerNotInPool", ("organisation", organisation), ("pool", pool)); }
            if (!seen.Add(organisation)) { throw Refuse(RejectionCode.InvalidInput, "reviewerTwice", ("organisation", organisation)); }
        }
        return [.. seen.Order(StringComparer.Ordinal)];
    }
}
