using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.Engine.Resolutions.Rules;

/// <summary>
/// Signing: each signatory signs the current text (in turn or together, as the stage says) or
/// declines; a text with unsettled rows of the disagreement table is never put to signature.
/// </summary>
internal sealed class SigningRules : StageKindRules
{
    public override StageKind Kind => StageKind.Signing;

    public override void Register(CommandTable commands)
    {
        commands.On<Sign>(Sign);
        commands.On<DeclineToSign>(Decline);
    }

    public override void BeforeEntering(DecisionRun run, Stage stage) => run.RequireSettledRows("openRowsBlockSigning");

    public override void Enter(DecisionRun run, Stage stage, int entry)
    {
        var signing = (SigningStage)stage;
        foreach (var signatory in signing.Order == SigningOrder.Parallel ? signing.Signatories.AsEnumerable() : signing.Signatories.Take(1))
        {
            OpenSignatoryTask(run, signing, signatory);
        }
    }

    private static void OpenSignatoryTask(DecisionRun run, SigningStage stage, Signatory signatory) =>
        run.OpenTask(TaskKind.Sign, signatory.Key, new Assignee(null, signatory.Role, signatory.Country, null), stage);

    private static void Sign(DecisionRun run, Sign c)
    {
        run.RequireStage(StageKind.Signing, "sign");
        var task = run.RequireTask(TaskKind.Sign);
        run.RequireCurrentHash(c.SeenTextHash);
        var text = run.State.CurrentText;
        var stage = (SigningStage)run.CurrentStage;
        if (stage.RequiresCms && c.Evidence is null) { throw Refuse(RejectionCode.InvalidInput, "cmsRequired"); }
        // The signed bytes are the version's content, so their SHA-256 is the version's hash.
        if (c.Evidence is { } evidence && evidence.ContentSha256 != text.Hash) { throw Refuse(RejectionCode.StaleTextHash, "cmsOtherVersion", ("version", text.Number)); }
        run.Emit(new SignatureRecorded(task.ParticipantKey, run.Actor.UserId, run.Actor.Organisation, text.Hash, text.Number, c.Evidence));
        run.Emit(new TaskClosed(task.No, WorkTaskStatus.Done));

        var signed = run.State.Signatures.Select(s => s.SignatoryKey).ToHashSet();
        var next = stage.Signatories.FirstOrDefault(s => !signed.Contains(s.Key));
        if (next is null)
        {
            // The act bears the date of its last signature, in the definition's zone.
            run.Emit(new ActDated(run.Today));
            run.Complete(StageVocabulary.Outcomes.Signed);
        }
        else if (stage.Order == SigningOrder.Sequential) { OpenSignatoryTask(run, stage, next); }
    }

    private static void Decline(DecisionRun run, DeclineToSign c)
    {
        run.RequireStage(StageKind.Signing, "decline to sign");
        var task = run.RequireTask(TaskKind.Sign);
        DecisionRun.RequireText(c.Reason, "reason", Decider.MaxNoteLength);
        run.Emit(new SigningDeclined(task.ParticipantKey, run.Actor.UserId, c.Reason.Trim()));
        run.Emit(new TaskClosed(task.No, WorkTaskStatus.Done));
        if (!run.State.Signatures.IsEmpty) { run.Emit(new SignaturesVoided(run.State.Signatures.Count, $"{task.ParticipantKey} declined to sign")); }
        run.Complete(StageVocabulary.Outcomes.Declined);
    }
}
