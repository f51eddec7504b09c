using System.Globalization;
using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.Engine.Resolutions.Rules;

/// <summary>Revision: the drafter answers every remark and issues a text with every wording a conciliation decided, then resubmits or asks for conciliation.</summary>
internal sealed class RevisionRules : StageKindRules
{
    public override StageKind Kind => StageKind.Revision;

    public override void Register(CommandTable commands)
    {
        commands.On<AnswerRemark>(Answer);
        commands.On<Resubmit>((run, _) => Leave(run, StageVocabulary.Outcomes.Resubmitted));
        commands.On<RequestConciliation>(RequestConciliation);
    }

    public override void Enter(DecisionRun run, Stage stage, int entry)
    {
        var revision = (RevisionStage)stage;
        run.OpenTask(TaskKind.Revise, "drafter", run.DrafterAssignee(revision.Actor), revision);
    }

    private static void Answer(DecisionRun run, AnswerRemark c)
    {
        run.RequireStage(StageKind.Revision, "answer remarks");
        run.RequireTask(TaskKind.Revise);
        DecisionRun.RequireText(c.Reason, "reason", Decider.MaxNoteLength);
        var remark = run.State.Remarks.FirstOrDefault(r => r.No == c.RemarkNo)
            ?? throw Refuse(RejectionCode.UnknownRemark, "unknownRemark", ("remark", c.RemarkNo));
        if (remark.Status == RemarkStatus.Settled) { throw Refuse(RejectionCode.StageClosed, "remarkSettled", ("remark", c.RemarkNo)); }
        run.Emit(new RemarkAnswered(remark.No, c.Answer, c.Reason.Trim(), run.Actor.UserId));
        if (!remark.Objection)
        {
            // The author agreed with remarks: an answer closes the row.
            run.Emit(new RemarkSettled(remark.No, SettledBy.AnswerToNonBlockingRemark, null));
        }
    }

    private static void Leave(DecisionRun run, string outcome)
    {
        run.RequireStage(StageKind.Revision, "resubmit");
        run.RequireTask(TaskKind.Revise);
        var unanswered = run.State.Remarks.Where(r => r.Status == RemarkStatus.Open).Select(r => r.No).ToList();
        if (unanswered.Count > 0)
        {
            throw Refuse(RejectionCode.UnansweredRemarks, "unansweredRemarks", ("remarks", unanswered.Select(n => n.ToString(CultureInfo.InvariantCulture))));
        }
        DecidedWordings.RequireCarried(run, run.State.CurrentText.Text);
        // A proposal of bodies waits on the coordinator's task in this stage: leaving would cancel it and strand the proposal.
        if (run.State.Reviewers is { Confirmed: false } pending)
        {
            throw Refuse(RejectionCode.ReviewersNotConfirmed, "reviewersNotConfirmed", ("organisations", pending.Organisations));
        }
        run.Complete(outcome);
    }

    private static void RequestConciliation(DecisionRun run, RequestConciliation c)
    {
        run.RequireStage(StageKind.Revision, "request conciliation");
        if (!run.CurrentStage.HasOutcome(StageVocabulary.Outcomes.Conciliation))
        {
            throw Refuse(RejectionCode.UnknownOutcome, "noConciliation", ("stage", run.State.StageId));
        }
        DecisionRun.RequireText(c.Reason, "reason", Decider.MaxNoteLength);
        Leave(run, StageVocabulary.Outcomes.Conciliation);
    }
}
