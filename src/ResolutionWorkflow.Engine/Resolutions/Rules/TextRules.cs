using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Texts;

namespace ResolutionWorkflow.Engine.Resolutions.Rules;

/// <summary>
/// A new text version: the drafter's, while drafting or revising (by the task) or while signing
/// (which voids any signature and sends the text back through review); the text is frozen elsewhere.
/// Attaching or removing a document is a new version too: the version's hash covers its manifest.
/// </summary>
internal sealed class TextRules : CommandRules
{
    public const int MaxAttachments = 50;
    public const int MaxFileName = 255;

    /// <summary>The formats a document office files: PDF, DOCX, ODT and XLSX (the application finds the type in the bytes).</summary>
    public static readonly IReadOnlySet<string> MediaTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };

    public override void Register(CommandTable commands)
    {
        commands.On<IssueTextVersion>(Issue);
        commands.On<AttachDocument>(Attach);
        commands.On<RemoveAttachment>(Remove);
    }

    private static void Issue(DecisionRun run, IssueTextVersion c)
    {
        DecisionRun.RequireText(c.Text, "text", Decider.MaxTextLength);
        RequireTextOpen(run);
        NewVersion(run, ResolutionText.Normalise(c.Text), run.State.CurrentText.Documents, c.Note?.Trim());
    }

    private static void Attach(DecisionRun run, AttachDocument c)
    {
        RequireTextOpen(run);
        var kinds = run.Definition.AttachmentKinds;
        if (kinds.IsEmpty) { throw Refuse(RejectionCode.InvalidInput, "noAttachments"); }
        var d = c.Document ?? throw Refuse(RejectionCode.InvalidInput, "attachmentContent");
        if (!kinds.Contains(d.Kind)) { throw Refuse(RejectionCode.InvalidInput, "unknownAttachmentKind", ("attachmentKind", d.Kind), ("attachmentKinds", string.Join(RefusalWording.ListSeparator, kinds))); }
        d = RequireDocument(d);
        var current = run.State.CurrentText.Documents;
        if (current.FirstOrDefault(a => a.Sha256 == d.Sha256) is { } same) { throw Refuse(RejectionCode.NoChange, "alreadyAttached", ("name", same.Name)); }
        if (current.Count >= MaxAttachments) { throw Refuse(RejectionCode.InvalidInput, "tooManyAttachments", ("max", MaxAttachments)); }
        NewVersion(run, run.State.CurrentText.Text, [.. current, d], null);
    }

    /// <summary>A document as a manifest keeps it: a file name, a type an office files, its size and SHA-256; the name normalised.</summary>
    public static Attachment RequireDocument(Attachment d)
    {
        var name = VersionContent.FileName(d.Name ?? "");
        if (name.Length is 0 or > MaxFileName) { throw Refuse(RejectionCode.InvalidInput, "attachmentName", ("max", MaxFileName)); }
        if (!MediaTypes.Contains(d.MediaType ?? "")) { throw Refuse(RejectionCode.InvalidInput, "attachmentType", ("type", d.MediaType)); }
        if (d.Size <= 0 || !VersionContent.IsSha256(d.Sha256)) { throw Refuse(RejectionCode.InvalidInput, "attachmentContent"); }
        return d with { Name = name };
    }

    private static void Remove(DecisionRun run, RemoveAttachment c)
    {
        RequireTextOpen(run);
        var current = run.State.CurrentText.Documents;
        if (current.All(a => a.Sha256 != c.Sha256)) { throw Refuse(RejectionCode.InvalidInput, "notAttached", ("sha256", c.Sha256)); }
        NewVersion(run, run.State.CurrentText.Text, [.. current.Where(a => a.Sha256 != c.Sha256)], null);
    }

    /// <summary>The drafter changes the text while drafting or revising (holding the task) or while signing; nowhere else.</summary>
    private static void RequireTextOpen(DecisionRun run)
    {
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
    }

    private static void NewVersion(DecisionRun run, string text, IReadOnlyList<Attachment> attachments, string? note)
    {
        // After a conciliation decided wordings, the drafter's next version carries every one.
        DecidedWordings.RequireCarried(run, text);
        EmitVersion(run, text, attachments, note);

        if (run.CurrentStage.Kind == StageKind.Signing)
        {
            if (!run.State.Signatures.IsEmpty)
            {
                run.Emit(new SignaturesVoided(run.State.Signatures.Count, $"the text changed to version {run.State.CurrentText.Number}"));
            }
            run.FullReviewRound = true;
            run.Complete(StageVocabulary.Outcomes.TextChanged);
        }
    }

    /// <summary>Issues the next version (refused when it would not change the content) and ties any decided wording it carries to it.</summary>
    public static void EmitVersion(DecisionRun run, string text, IReadOnlyList<Attachment> attachments, string? note)
    {
        var hash = VersionContent.Hash(text, attachments);
        if (hash == run.State.CurrentText.Hash) { throw Refuse(RejectionCode.NoChange, "textUnchanged"); }
        run.Emit(new TextVersionIssued(run.State.CurrentText.Number + 1, text, hash, run.Actor.UserId, note, attachments.Count == 0 ? null : attachments));
        DecidedWordings.TieCarried(run);
    }
}
