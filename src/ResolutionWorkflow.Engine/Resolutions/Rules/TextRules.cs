using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Texts;

namespace ResolutionWorkflow.Engine.Resolutions.Rules;

/// <summary>
/// A new text version: the drafter's, while drafting or revising (by the task) or while signing
/// (which voids any signature and sends the text back through review); the text is frozen elsewhere.
/// </summary>
internal sealed class TextRules : CommandRules
{
    public override void Register(CommandTable commands) => commands.On<IssueTextVersion>(Issue);

    private static void Issue(DecisionRun run, IssueTextVersion c)
    {
        DecisionRun.RequireText(c.Text, "text", Decider.MaxTextLength);
        var state = run.State;
        var kind = run.CurrentStage.Kind;
        if (kind is StageKind.Drafting or StageKind.Revision)
        {
            run.RequireTask(kind == StageKind.Drafting ? TaskKind.Draft : TaskKind.Revise);
        }
        else if (kind == StageKind.Signing)
        {
            if (!run.Actor.Has("drafter") || run.Actor.Organisation != state.DrafterOrganisation)
            {
                throw Refuse(RejectionCode.NotYourTask, "onlyDrafterChangesText", ("organisation", state.DrafterOrganisation));
            }
        }
        else
        {
            throw Refuse(RejectionCode.StageClosed, "textFrozen", ("kind", kind.ToString().ToLowerInvariant()), ("stage", state.StageId));
        }

        var text = ResolutionText.Normalise(c.Text);
        var hash = ResolutionText.Hash(text);
        if (hash == state.CurrentText.Hash) { throw Refuse(RejectionCode.NoChange, "textUnchanged"); }
        run.Emit(new TextVersionIssued(state.CurrentText.Number + 1, text, hash, run.Actor.UserId, c.Note?.Trim()));

        if (kind == StageKind.Signing)
        {
            if (!run.State.Signatures.IsEmpty)
            {
                run.Emit(new SignaturesVoided(run.State.Signatures.Count, $"the text changed to version {run.State.CurrentText.Number}"));
            }
            run.FullReviewRound = true;
            run.Complete(StageVocabulary.Outcomes.TextChanged);
        }
    }
}
