using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.Engine.Resolutions.Rules;

/// <summary>An end stage closes the resolution with its result; it accepts no command.</summary>
internal sealed class EndRules : StageKindRules
{
    public override StageKind Kind => StageKind.End;

    public override void Register(CommandTable commands) { }

    public override void Enter(DecisionRun run, Stage stage, int entry) => run.Emit(new ResolutionClosed(((EndStage)stage).Result));
}
