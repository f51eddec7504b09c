using System.Text.Json.Nodes;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Json;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Engine.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Engine.Tests.Resolutions;

public sealed class SigningTests
{
    private static ResolutionDriver InSigning(ResolutionDriver? driver = null, string definition = "council-of-ministers-resolution")
    {
        var r = driver ?? new ResolutionDriver();
        r.Accept(r.Start(definition));
        r.Accept(r.Submit());
        foreach (var m in Actors.ReviewingMinistries) { r.Accept(r.Agree(m)); }
        Assert.Equal("legal-examination", r.S.StageId);
        foreach (var m in Actors.LegalBodies) { r.Accept(r.Agree(m)); }
        r.AdoptAtTodaysMeeting();
        return r;
    }

    [Fact]
    public void A_text_change_during_signing_voids_signatures_and_returns_to_review()
    {
        var r = InSigning();
        r.Accept(r.SignAs(Actors.PrimeMinisterBelarus));
        Assert.Single(r.S.Signatures);

        var events = r.Accept(r.NewVersion(ResolutionDriver.Revised(ResolutionDriver.Text1)));

        var voided = Assert.Single(events.OfType<SignaturesVoided>());
        Assert.Equal(1, voided.Count);
        Assert.Empty(r.S.Signatures);
        Assert.Contains(events, e => e is StageCompleted { StageId: "signing", Outcome: "textChanged", NextStageId: "interministerial-review" });
        Assert.Equal("interministerial-review", r.S.StageId);
        Assert.Equal(2, r.S.CurrentText.Number);
        // Everyone agreed to a text that no longer exists: all look again.
        Assert.Equal(Actors.ReviewingMinistries.Length, r.S.OpenTasksOfCurrentStage.Count());

        // The old signature cannot be replayed against the new text.
        r.Reject(r.SignAs(Actors.PrimeMinisterBelarus), RejectionCode.StageClosed);
    }

    [Fact]
    public void A_signature_binds_to_the_hash_of_the_exact_text_version()
    {
        var r = InSigning();
        r.Accept(r.SignAs(Actors.PrimeMinisterRussia));
        var signature = Assert.Single(r.S.Signatures);
        Assert.Equal(r.S.CurrentText.Hash, signature.TextHash);
        Assert.Equal(1, signature.TextVersion);
        Assert.Equal("pm@ru-government", signature.UserId);
    }

    [Fact]
    public void Only_the_drafting_organisation_may_change_the_text_during_signing()
    {
        var r = InSigning();
        r.Reject(r.NewVersion("1. Другой текст.", Actors.OtherDrafter), RejectionCode.NotYourTask);
    }

    [Fact]
    public void Declining_to_sign_voids_signatures_and_goes_to_conciliation()
    {
        var r = InSigning();
        r.Accept(r.SignAs(Actors.PrimeMinisterRussia));
        var events = r.Accept(r.Decline(Actors.PrimeMinisterBelarus));

        Assert.Contains(events, e => e is SigningDeclined { SignatoryKey: "signatory@by" });
        Assert.Contains(events, e => e is SignaturesVoided);
        Assert.Equal("conciliation", r.S.StageId);
        Assert.Empty(r.S.Signatures);
    }

    [Fact]
    public void Sequential_signing_asks_the_second_signatory_only_after_the_first()
    {
        var driver = WithDefinitionChange(d =>
        {
            var signing = d["stages"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "signing")!;
            signing["order"] = "sequential";
        });
        var r = InSigning(driver);
        Assert.Equal("signatory@by", Assert.Single(r.S.OpenTasksOfCurrentStage).ParticipantKey);
        r.Reject(r.SignAs(Actors.PrimeMinisterRussia), RejectionCode.NotYourTask);

        r.Accept(r.SignAs(Actors.PrimeMinisterBelarus));
        Assert.Equal("signatory@ru", Assert.Single(r.S.OpenTasksOfCurrentStage).ParticipantKey);
        r.Accept(r.SignAs(Actors.PrimeMinisterRussia));
        Assert.Equal("registration", r.S.StageId);
    }

    /// <summary>A driver whose signing stage takes detached CMS signatures.</summary>
    private static ResolutionDriver WithCmsSigning() => WithDefinitionChange(json =>
        json["stages"]!.AsArray().Single(s => (string?)s!["kind"] == "signing")!["signature"] = "cms");

    private static Sign SignWith(ResolutionDriver r, Actor signatory, SignatureEvidence? evidence) =>
        new(r.Hash, evidence) { CommandId = Guid.NewGuid(), ResolutionId = r.Id, Actor = signatory };

    private static SignatureEvidence Evidence(string contentSha256) =>
        new("CN=Тест, C=BY", "CN=УЦ, C=BY", "1f", "GOST R 34.10-2012 (256), GOST R 34.11-2012 (256)", DateTimeOffset.UnixEpoch, contentSha256, "MIIB");

    [Fact]
    public void Where_the_stage_takes_cms_an_accounts_confirmation_alone_is_refused_and_a_verified_signature_is_journaled()
    {
        var r = InSigning(WithCmsSigning());
        var length = r.Journal.Count;
        Assert.Equal("cmsRequired", r.Reject(r.SignAs(Actors.PrimeMinisterBelarus), RejectionCode.InvalidInput).Key);
        Assert.Equal("cmsOtherVersion", r.Reject(SignWith(r, Actors.PrimeMinisterBelarus, Evidence(new string('0', 64))), RejectionCode.StaleTextHash).Key);
        Assert.Equal(length, r.Journal.Count);

        var recorded = Assert.Single(r.Accept(SignWith(r, Actors.PrimeMinisterBelarus, Evidence(r.Hash))).OfType<SignatureRecorded>());
        Assert.Equal("CN=Тест, C=BY", recorded.Evidence!.Subject);
        Assert.Contains("\"evidence\":{", r.Journal.Single(j => j.EventType == "signature-recorded").Data, StringComparison.Ordinal);
    }

    [Fact]
    public void Where_the_stage_takes_an_accounts_confirmation_the_journal_entry_has_no_evidence()
    {
        var r = InSigning();
        r.Accept(r.SignAs(Actors.PrimeMinisterBelarus));
        Assert.DoesNotContain("evidence", r.Journal.Single(j => j.EventType == "signature-recorded").Data, StringComparison.Ordinal);
    }

    /// <summary>A driver whose council definition is the shipped one changed by <paramref name="change"/>.</summary>
    internal static ResolutionDriver WithDefinitionChange(Action<JsonObject> change)
    {
        var folder = Repository.CopyOfWorkflows();
        var file = Path.Combine(folder, "definitions", ResolutionDriver.LatestCouncilDefinition);
        var json = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        change(json);
        File.WriteAllText(file, json.ToJsonString());
        var directory = WorkflowDirectory.Load(folder);
        Assert.True(directory.IsValid, string.Join(Environment.NewLine, directory.Errors));
        return new ResolutionDriver(directory: directory);
    }
}
