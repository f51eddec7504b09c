using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.Engine.Resolutions.Rules;

/// <summary>Decision (conciliation): the deciding actor settles open rows of the disagreement table (their wordings go into the text) and chooses the outcome.</summary>
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
        var decided = DecidedWordings.Read(run, c.Decisions);
        DecidedWordings.Emit(run, decided);
        foreach (var d in decided) { run.Emit(new RemarkSettled(d.Row.No, SettledBy.ConciliationDecision, d.Note)); }
        // The decision is final: the wordings it decides go into the text at once, as a version the journal ties to it
        // (a wording the text already reads as is tied to the current version).
        DecidedWordings.TieCarried(run);
        if (run.State.AwaitedWordings.Any()) { TextRules.EmitVersion(run, DecidedWordings.Applied(run.State), run.State.CurrentText.Documents, null); }
        run.Emit(new DecisionRecorded(stage.Id, c.Outcome!, c.Reason.Trim(), run.Actor.UserId));
        run.Complete(c.Outcome!);
    }
}
