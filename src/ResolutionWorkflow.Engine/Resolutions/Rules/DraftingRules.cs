using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Texts;

namespace ResolutionWorkflow.Engine.Resolutions.Rules;

/// <summary>Drafting: a drafter starts a resolution with its first text, then submits it for review.</summary>
internal sealed class DraftingRules : StageKindRules
{
    public override StageKind Kind => StageKind.Drafting;

    public override void Register(CommandTable commands)
    {
        commands.On<StartResolution>(Start);
        commands.On<SubmitForReview>(Submit);
    }

    public override void Enter(DecisionRun run, Stage stage, int entry)
    {
        var drafting = (DraftingStage)stage;
        run.OpenTask(TaskKind.Draft, "drafter", run.DrafterAssignee(drafting.Actor), drafting);
    }

    private static void Start(DecisionRun run, StartResolution c)
    {
        if (run.Initial is not null) { throw Refuse(RejectionCode.AlreadyStarted, "alreadyStarted", ("resolution", c.ResolutionId)); }
        var actor = run.Actor;
        if (!actor.Has("drafter")) { throw Refuse(RejectionCode.NotPermitted, "onlyDrafterStarts"); }
        if (!run.Registry.Organisations.ContainsKey(actor.Organisation)) { throw Refuse(RejectionCode.NotPermitted, "organisationNotRegistered", ("organisation", actor.Organisation)); }
        DecisionRun.RequireText(c.Title, "title", 1000);
        DecisionRun.RequireText(c.Text, "text", Decider.MaxTextLength);

        var definition = run.Definition;
        run.Emit(new ResolutionStarted(c.ResolutionId, definition.Id, definition.Version, c.Title.Trim(), actor.Organisation, actor.UserId));
        var text = ResolutionText.Normalise(c.Text);
        run.Emit(new TextVersionIssued(1, text, ResolutionText.Hash(text), actor.UserId, null));
        run.Enter(definition.StartStageId);
        ReviewerChoiceRules.ProposeAtStart(run, c.Reviewers);
    }

    private static void Submit(DecisionRun run, SubmitForReview c)
    {
        run.RequireStage(StageKind.Drafting, "submit a draft for review");
        run.RequireTask(TaskKind.Draft);
        run.RequireCurrentHash(c.SeenTextHash);
        run.Complete(StageVocabulary.Outcomes.Submitted);
    }
}
