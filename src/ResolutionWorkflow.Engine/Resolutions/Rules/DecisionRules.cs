using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.Engine.Resolutions.Rules;

/// <summary>Decision (conciliation): the deciding actor settles open rows of the disagreement table and chooses the outcome.</summary>
internal sealed class DecisionRules : StageKindRules
{
    public override StageKind Kind => StageKind.Decision;

    public override void Register(CommandTable commands) => commands.On<DecideOutcome>(Decide);

    public override void Enter(DecisionRun run, Stage stage, int entry)
    {
        var decision = (DecisionStage)stage;
        run.OpenTask(TaskKind.Decide, decision.Actor.Role, new Assignee(decision.Actor.Organisation, decision.Actor.Role, null, null), decision);
    }

    private static void Decide(DecisionRun run, DecideOutcome c)
    {
        run.RequireStage(StageKind.Decision, "decide an outcome");
        run.RequireTask(TaskKind.Decide);
        DecisionRun.RequireText(c.Reason, "reason", Decider.MaxNoteLength);
        var stage = run.CurrentStage;
        if (!stage.HasOutcome(c.Outcome ?? ""))
        {
            throw Refuse(RejectionCode.UnknownOutcome, "unknownOutcome", ("stage", stage.Id), ("outcome", c.Outcome), ("outcomes", stage.Outcomes.Keys));
        }
        foreach (var d in c.Decisions.IsDefault ? [] : c.Decisions)
        {
            DecisionRun.RequireText(d.Decision, "conciliation decision", Decider.MaxNoteLength);
            var row = run.State.Remarks.FirstOrDefault(r => r.No == d.RemarkNo) ?? throw Refuse(RejectionCode.UnknownRemark, "unknownRemark", ("remark", d.RemarkNo));
            if (row.Status == RemarkStatus.Settled) { throw Refuse(RejectionCode.InvalidInput, "remarkSettled", ("remark", d.RemarkNo)); }
            run.Emit(new RemarkSettled(row.No, SettledBy.ConciliationDecision, d.Decision.Trim()));
        }
        run.Emit(new DecisionRecorded(stage.Id, c.Outcome!, c.Reason.Trim(), run.Actor.UserId));
        run.Complete(c.Outcome!);
    }
}
