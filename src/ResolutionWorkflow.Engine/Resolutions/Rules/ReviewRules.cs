using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Texts;

namespace ResolutionWorkflow.Engine.Resolutions.Rules;

/// <summary>
/// Review: each participant gives an opinion on the current text; the stage ends agreed, or with
/// revision required, by its completion rule. A reviewer's silence past the deadline is dealt with by
/// the stage's silence policy.
/// </summary>
internal sealed class ReviewRules : StageKindRules
{
    /// <summary>An outgoing letter's number ("01-12/3456").</summary>
    public const int MaxLetterNumber = 50;

    public override StageKind Kind => StageKind.Review;

    public override void Register(CommandTable commands) => commands.On<RecordOpinion>(RecordOpinion);

    /// <summary>
    /// A legal examination is of an agreed text: no row of the disagreement table may be open but its
    /// own (a legal body's objection is settled when it concludes again on the revised text).
    /// </summary>
    public override void BeforeEntering(DecisionRun run, Stage stage)
    {
        var review = (ReviewStage)stage;
        if (review.LegalExamination) { run.RequireSettledRows("openRowsBlockExamination", exceptStage: stage.Id); }
        ReviewerChoiceRules.RequireConfirmed(run, review);
    }

    public override void Enter(DecisionRun run, Stage stage, int entry)
    {
        var review = (ReviewStage)stage;
        // A body does not review its own draft; the journal says so once, on the stage's first round.
        if (entry == 1 && review.NamesDrafter(run.State)) { run.Emit(new DrafterNotAsked(stage.Id, run.State.DrafterOrganisation)); }
        foreach (var p in ReviewersFor(run, review, entry).ToList())
        {
            run.OpenTask(TaskKind.Review, p.Key, new Assignee(p.Organisation, p.Role ?? "officer", p.Country, null), review);
        }
        if (!run.State.OpenTasksOfCurrentStage.Any()) { Evaluate(run, review); }
    }

    private static void RecordOpinion(DecisionRun run, RecordOpinion c)
    {
        run.RequireStage(StageKind.Review, "give an opinion");
        var stage = (ReviewStage)run.CurrentStage;
        var task = TaskFor(run, stage);
        // A late opinion is received while the stage is open, marked late, and considered like any other.
        var late = task.DueAt is { } due && run.Now > due;
        run.RequireCurrentHash(c.SeenTextHash);
        if (c.Kind == OpinionKind.DeemedAgreed) { throw Refuse(RejectionCode.InvalidInput, "deemedAgreedIsSystems"); }
        var remarks = c.Remarks.IsDefault ? [] : c.Remarks;
        if (c.Kind == OpinionKind.Agree && remarks.Length > 0) { throw Refuse(RejectionCode.InvalidInput, "agreeWithoutRemarks"); }
        if (c.Kind != OpinionKind.Agree && remarks.Length == 0) { throw Refuse(RejectionCode.InvalidInput, "remarkRequired"); }
        var text = run.State.CurrentText;
        var clauses = text.Clauses.Select(x => x.Number).ToHashSet();
        foreach (var remark in remarks)
        {
            DecisionRun.RequireText(remark.Text, "remark", Decider.MaxNoteLength);
            if (remark.ProposedWording is { Length: > Decider.MaxNoteLength }) { throw Refuse(RejectionCode.InvalidInput, "proposedWordingTooLong", ("max", Decider.MaxNoteLength)); }
            if (remark.Clause is null || !clauses.Contains(remark.Clause.Trim()))
            {
                throw Refuse(RejectionCode.UnknownClause, "unknownClause", ("clause", remark.Clause), ("version", text.Number), ("hash", text.Hash[..12]));
            }
        }
        if (c.Comment is { Length: > Decider.MaxNoteLength }) { throw Refuse(RejectionCode.InvalidInput, "commentTooLong", ("max", Decider.MaxNoteLength)); }
        if (c.LetterNumber is { Length: > MaxLetterNumber }) { throw Refuse(RejectionCode.InvalidInput, "letterNumberTooLong", ("max", MaxLetterNumber)); }

        var actor = run.Actor;
        run.Emit(new OpinionRecorded(stage.Id, task.ParticipantKey, actor.Organisation, actor.UserId, c.Kind, text.Number, c.Comment?.Trim(), late,
            string.IsNullOrWhiteSpace(c.LetterNumber) ? null : c.LetterNumber.Trim(), c.Official));
        foreach (var remark in remarks)
        {
            run.Emit(new RemarkRaised(run.State.Remarks.Count + 1, stage.Id, task.ParticipantKey, actor.Organisation, actor.UserId,
                text.Number, remark.Clause.Trim(), remark.Text.Trim(), Objection: c.Kind == OpinionKind.Disagree, late,
                string.IsNullOrWhiteSpace(remark.ProposedWording) ? null : remark.ProposedWording.Trim()));
        }
        run.Emit(new TaskClosed(task.No, WorkTaskStatus.Done));
        if (c.Kind != OpinionKind.Disagree) { SettleAuthorsRows(run, stage.Id, task.ParticipantKey, SettledBy.AuthorAgreed); }
        Evaluate(run, stage);
    }

    /// <summary>
    /// The reviewer's open task; or, when their silence was deemed agreement and nothing since, that
    /// task: the stage is still open, so what they now say replaces the presumed agreement.
    /// </summary>
    private static WorkTask TaskFor(DecisionRun run, ReviewStage stage)
    {
        var state = run.State;
        bool Mine(WorkTask t) => t.Kind == TaskKind.Review && t.Assignee.Admits(run.Actor, run.Registry);
        if (!state.OpenTasksOfCurrentStage.Any(Mine)
            && state.Tasks.LastOrDefault(t => t.StageId == stage.Id && t.StageEntry == state.StageEntry && t.Status == WorkTaskStatus.DeemedAgreed && Mine(t)) is { } deemed
            && state.LatestOpinions(stage.Id).TryGetValue(deemed.ParticipantKey, out var latest) && latest.Kind == OpinionKind.DeemedAgreed)
        {
            return deemed;
        }
        return run.RequireTask(TaskKind.Review);
    }

    /// <summary>A reviewer who no longer objects settles the rows of theirs the drafter has answered.</summary>
    private static void SettleAuthorsRows(DecisionRun run, string stageId, string participantKey, SettledBy by)
    {
        foreach (var row in run.State.Remarks.Where(r => r.StageId == stageId && r.ParticipantKey == participantKey && r.Status == RemarkStatus.Answered).ToList())
        {
            run.Emit(new RemarkSettled(row.No, by, null));
        }
    }

    /// <summary>Ends the stage once its completion rule is decided: agreed when enough agree and no row of it is unsettled.</summary>
    private static void Evaluate(DecisionRun run, ReviewStage stage)
    {
        var state = run.State;
        var open = state.OpenTasksOfCurrentStage.ToList();
        var latest = state.LatestOpinions(stage.Id);
        var participants = stage.ParticipantsOf(state).ToList();
        var positive = participants.Count(p => latest.TryGetValue(p.Key, out var o) && o.IsPositive);
        var enough = stage.Completion.Kind == CompletionKind.All ? positive == participants.Count : positive >= stage.Completion.AtLeast;
        if (open.Count > 0 && !(stage.Completion.Kind == CompletionKind.AtLeast && enough)) { return; }

        var unsettled = state.UnsettledRemarks.Any(r => r.StageId == stage.Id);
        run.Complete(enough && !unsettled ? StageVocabulary.Outcomes.Agreed : StageVocabulary.Outcomes.RevisionRequired);
    }

    /// <summary>Who is asked on entering a review stage; later rounds follow the re-review rule.</summary>
    /// <summary>Bodies added to the draft while its review is open are asked at once, in the same round.</summary>
    public static void AskAdded(DecisionRun run, ReviewStage stage)
    {
        var state = run.State;
        var asked = state.Tasks.Where(t => t.StageId == state.StageId && t.StageEntry == state.StageEntry && t.Kind == TaskKind.Review).Select(t => t.ParticipantKey).ToHashSet();
        foreach (var p in stage.ParticipantsOf(state).Where(p => !asked.Contains(p.Key)).ToList())
        {
            run.OpenTask(TaskKind.Review, p.Key, new Assignee(p.Organisation, p.Role ?? "officer", p.Country, null), stage);
        }
    }

    private static IEnumerable<Participant> ReviewersFor(DecisionRun run, ReviewStage stage, int entry)
    {
        if (entry == 1 || run.FullReviewRound || stage.ReReview == ReReviewRule.All) { return stage.ParticipantsOf(run.State); }
        var state = run.State;
        var latest = state.LatestOpinions(stage.Id);
        bool MustLookAgain(Participant p)
        {
            if (!latest.TryGetValue(p.Key, out var opinion)) { return true; }
            if (opinion.Kind == OpinionKind.Disagree) { return true; }
            if (stage.ReReview != ReReviewRule.ChangedClauses) { return false; }
            // Asked again when a clause they remarked on has changed since they saw it.
            return state.Remarks.Where(r => r.StageId == stage.Id && r.ParticipantKey == p.Key).Any(r =>
                ResolutionText.ChangedClauses(state.Versions[r.TextVersion - 1].Text, state.CurrentText.Text).Contains(r.Clause));
        }
        // A body added to the draft since the last round has no opinion yet, so it is asked.
        return stage.ParticipantsOf(state).Where(MustLookAgain);
    }

    /// <summary>
    /// A reviewer's silence: deemed agreed, the deadline extended once, or escalated, as the rule for
    /// that participant says (its own, its country's, or the stage's).
    /// </summary>
    public override void DeadlinePassed(DecisionRun run, Stage stage, WorkTask task, DateTimeOffset due)
    {
        if (task.Kind != TaskKind.Review)
        {
            base.DeadlinePassed(run, stage, task, due);
            return;
        }
        var review = (ReviewStage)stage;
        var escalateTo = stage.Deadline?.EscalateTo ?? "coordinator";
        var participant = review.Participant(task.ParticipantKey);
        var country = task.Assignee.Country ?? (task.Assignee.Organisation is { } org && run.Registry.Organisations.TryGetValue(org, out var o) ? o.Country : null);
        var silence = review.SilenceOf(participant, country);
        var policy = silence.Policy;
        if (policy == SilencePolicy.Extend && task.ExtendedBySilence) { policy = SilencePolicy.Escalate; }
        if (policy == SilencePolicy.Escalate && task.Escalated) { throw Refuse(RejectionCode.AlreadyRecorded, "alreadyEscalated", ("task", task.No)); }
        switch (policy)
        {
            case SilencePolicy.DeemedAgreed:
                run.Emit(new SilencePolicyApplied(task.No, task.ParticipantKey, policy,
                    $"no opinion by {due:yyyy-MM-dd HH:mm} UTC: deemed agreed (stage '{review.Id}', silence policy deemedAgreed)"));
                run.Emit(new OpinionRecorded(review.Id, task.ParticipantKey, task.Assignee.Organisation ?? task.ParticipantKey, run.Actor.UserId,
                    OpinionKind.DeemedAgreed, run.State.CurrentText.Number, null));
                run.Emit(new TaskClosed(task.No, WorkTaskStatus.DeemedAgreed));
                SettleAuthorsRows(run, review.Id, task.ParticipantKey, SettledBy.SilenceDeemedAgreed);
                Evaluate(run, review);
                return;
            case SilencePolicy.Extend:
                run.Emit(new SilencePolicyApplied(task.No, task.ParticipantKey, policy,
                    $"no opinion by {due:yyyy-MM-dd HH:mm} UTC: deadline extended once by {silence.ExtendDays} {review.Deadline!.Unit.ToString().ToLowerInvariant()} day(s) (silence policy extend)"));
                run.Extend(task, silence.ExtendDays, review.Deadline.Unit, "silence policy: extend");
                return;
            default:
                run.Emit(new SilencePolicyApplied(task.No, task.ParticipantKey, SilencePolicy.Escalate,
                    $"no opinion by {due:yyyy-MM-dd HH:mm} UTC: escalated to {escalateTo} (silence policy {silence.Policy.ToString().ToLowerInvariant()})"));
                run.Emit(new TaskEscalated(task.No, escalateTo));
                return;
        }
    }
}
