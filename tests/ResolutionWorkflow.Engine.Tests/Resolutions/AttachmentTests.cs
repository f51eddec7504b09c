using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Engine.Tests.Support;
using ResolutionWorkflow.Engine.Texts;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Engine.Tests.Resolutions;

/// <summary>Documents attached to a text version: each is a new version whose hash covers the manifest, so opinions and signatures bind to the whole.</summary>
public sealed class AttachmentTests
{
    private static readonly Attachment Note = new("explanatory-note", "Пояснительная записка.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 18_342, new string('a', 64));

    private static readonly Attachment Annex = new("annex", @"C:\Проекты\Положение.pdf", "application/pdf", 250_001, new string('b', 64));

    private static AttachDocument Attach(ResolutionDriver r, Attachment a, Actor? by = null) =>
        new(a) { CommandId = Guid.NewGuid(), ResolutionId = r.Id, Actor = by ?? Actors.Drafter };

    private static ResolutionDriver Drafting()
    {
        var r = new ResolutionDriver();
        r.Accept(r.Start("council-of-ministers-resolution"));
        return r;
    }

    [Fact]
    public void Attaching_issues_a_new_version_whose_hash_covers_the_text_and_the_manifest()
    {
        var r = Drafting();
        var first = r.S.CurrentText;
        Assert.Equal(ResolutionText.Hash(first.Text), first.Hash); // a version without attachments hashes as before

        var issued = Assert.Single(r.Accept(Attach(r, Note)).OfType<TextVersionIssued>());
        Assert.Equal(2, issued.Number);
        Assert.Equal(first.Text, issued.Text);
        Assert.Equal([Note], issued.Attachments);
        Assert.Equal(VersionContent.Hash(first.Text, [Note]), issued.Hash);
        Assert.NotEqual(first.Hash, issued.Hash);
        Assert.Contains("\"attachments\":[{", r.Journal[^1].Data, StringComparison.Ordinal);

        // The name keeps only its last segment; the annex joins the note in the next version.
        r.Accept(Attach(r, Annex));
        Assert.Equal(["Пояснительная записка.docx", "Положение.pdf"], r.S.CurrentText.Documents.Select(a => a.Name));
    }

    [Fact]
    public void The_bytes_to_sign_are_the_text_alone_without_attachments_and_a_canonical_manifest_with_them()
    {
        const string text = "1. Утвердить.";
        Assert.Equal(text, System.Text.Encoding.UTF8.GetString(VersionContent.Bytes(text, [])));
        var withNote = System.Text.Encoding.UTF8.GetString(VersionContent.Bytes(text, [Note]));
        Assert.Equal("{\"attachments\":[{\"kind\":\"explanatory-note\",\"mediaType\":\"application/vnd.openxmlformats-officedocument.wordprocessingml.document\","
            + "\"name\":\"Пояснительная записка.docx\",\"sha256\":\"" + new string('a', 64) + "\",\"size\":18342}],\"text\":\"1. Утвердить.\"}", withNote);
        // Order is part of the manifest: the same documents attached the other way round are another version.
        Assert.NotEqual(VersionContent.Hash(text, [Note, Annex]), VersionContent.Hash(text, [Annex, Note]));
    }

    [Fact]
    public void An_opinion_on_the_version_before_an_attachment_changed_is_refused()
    {
        var r = Drafting();
        r.Accept(Attach(r, Note));
        r.Accept(r.Submit());
        var seen = r.Hash;
        Assert.Equal(VersionContent.Hash(r.S.CurrentText.Text, [Note]), seen);
        r.Reject(r.Agree("by-minfin", ResolutionText.Hash(r.S.CurrentText.Text)), RejectionCode.StaleTextHash);
        r.Accept(r.Agree("by-minfin", seen));
    }

    [Fact]
    public void A_new_text_keeps_the_attachments_and_removing_one_is_a_version_without_it()
    {
        var r = Drafting();
        r.Accept(Attach(r, Note));
        r.Accept(Attach(r, Annex));
        r.Accept(r.NewVersion(CommandBuilder.Revised(CommandBuilder.Text1)));
        Assert.Equal([Note.Kind, Annex.Kind], r.S.CurrentText.Documents.Select(a => a.Kind));

        r.Accept(new RemoveAttachment(Note.Sha256) { CommandId = Guid.NewGuid(), ResolutionId = r.Id, Actor = Actors.Drafter });
        Assert.Equal([Annex.Sha256], r.S.CurrentText.Documents.Select(a => a.Sha256));
        Assert.Equal(5, r.S.CurrentText.Number);
        Assert.Equal([1, 2, 2], r.S.Versions.Skip(1).Take(3).Select(v => v.Documents.Count)); // earlier versions keep their manifests
    }

    [Fact]
    public void Bad_attachments_are_refused_each_with_its_reason_and_change_nothing()
    {
        var r = Drafting();
        r.Accept(Attach(r, Note));
        var length = r.Journal.Count;
        Assert.Equal("unknownAttachmentKind", r.Reject(Attach(r, Annex with { Kind = "memo" }), RejectionCode.InvalidInput).Key);
        Assert.Equal("alreadyAttached", r.Reject(Attach(r, Note with { Name = "копия.docx" }), RejectionCode.NoChange).Key);
        Assert.Equal("attachmentType", r.Reject(Attach(r, Annex with { MediaType = "application/x-msdownload" }), RejectionCode.InvalidInput).Key);
        Assert.Equal("attachmentName", r.Reject(Attach(r, Annex with { Name = " / " }), RejectionCode.InvalidInput).Key);
        Assert.Equal("attachmentContent", r.Reject(Attach(r, Annex with { Size = 0 }), RejectionCode.InvalidInput).Key);
        Assert.Equal("attachmentContent", r.Reject(Attach(r, Annex with { Sha256 = "B" + new string('b', 63) }), RejectionCode.InvalidInput).Key);
        Assert.Equal("notAttached", r.Reject(new RemoveAttachment(Annex.Sha256) { CommandId = Guid.NewGuid(), ResolutionId = r.Id, Actor = Actors.Drafter }, RejectionCode.InvalidInput).Key);
        r.Reject(Attach(r, Annex, Actors.OtherDrafter), RejectionCode.NotYourTask);
        Assert.Equal(length, r.Journal.Count);
        Assert.Equal(2, r.S.CurrentText.Number);
    }

    [Fact]
    public void Once_the_draft_is_in_review_nothing_can_be_attached()
    {
        var r = Drafting();
        r.Accept(r.Submit());
        Assert.Equal("textFrozen", r.Reject(Attach(r, Note), RejectionCode.StageClosed).Key);
    }
}
