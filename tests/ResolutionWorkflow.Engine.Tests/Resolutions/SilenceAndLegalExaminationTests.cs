using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Engine.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Engine.Tests.Resolutions;

/// <summary>
/// Silence per country and per body, as the shipped council definition says: a Russian body's silence is
/// agreement, a Belarusian body's goes to the coordinator, the justice and foreign ministries always
/// answer, and a legal examination is never presumed.
/// </summary>
public sealed class SilenceAndLegalExaminationTests
{
    private static ResolutionDriver InReview()
    {
        var r = new ResolutionDriver();
        r.Accept(r.Start("council-of-ministers-resolution"));
        r.Accept(r.Submit());
        return r;
    }

    private static SilencePolicyApplied Silent(ResolutionDriver r, string participant)
    {
        var task = r.OpenTaskOf(participant);
        r.Now = task.DueAt!.Value.AddMinutes(1);
        return Assert.Single(r.Accept(r.Deadline(task.No)).OfType<SilencePolicyApplied>());
    }

    [Theory]
    [InlineData("ru-minfin", SilencePolicy.DeemedAgreed)]
    [InlineData("by-minfin", SilencePolicy.Escalate)]
    [InlineData("by-mineconomy", SilencePolicy.Escalate)]
    [InlineData("ru-minjust", SilencePolicy.Escalate)]
    [InlineData("ru-mfa", SilencePolicy.Escalate)]
    public void A_bodys_silence_follows_its_own_rule_else_its_countrys_else_the_stages(string participant, SilencePolicy expected)
    {
        var r = InReview();
        Assert.Equal(expected, Silent(r, participant).Policy);
        var task = r.S.Tasks.Single(t => t.ParticipantKey == participant);
        Assert.Equal(expected == SilencePolicy.DeemedAgreed ? WorkTaskStatus.DeemedAgreed : WorkTaskStatus.Open, task.Status);
        Assert.Equal(expected == SilencePolicy.Escalate, task.Escalated);
    }

    [Fact]
    public void A_legal_bodys_silence_is_escalated_never_taken_for_a_conclusion()
    {
        var r = InReview();
        foreach (var m in Actors.ReviewingMinistries) { r.Accept(r.Agree(m)); }
        Assert.Equal("legal-examination", r.S.StageId);
        r.Accept(r.Agree("ru-minjust"));

        Assert.Equal(SilencePolicy.Escalate, Silent(r, "by-nclr").Policy);
        Assert.Equal("legal-examination", r.S.StageId);
        Assert.DoesNotContain(r.S.Opinions, o => o.Kind == OpinionKind.DeemedAgreed);

        // The conclusion, late, is received and the text goes to the Council.
        r.Accept(r.Agree("by-nclr"));
        Assert.Equal("adoption", r.S.StageId);
    }

    [Fact]
    public void A_conclusion_with_remarks_sends_the_text_back_to_revision()
    {
        var r = InReview();
        foreach (var m in Actors.ReviewingMinistries) { r.Accept(r.Agree(m)); }
        r.Accept(r.Agree("ru-minjust"));
        r.Accept(r.AgreeWithRemarks("by-nclr", ("1", "Уточнить ссылку на нормативный правовой акт.")));
        Assert.Equal("revision", r.S.StageId);
        Assert.Equal("legal-examination", Assert.Single(r.S.Remarks).StageId);
    }

    [Fact]
    public void A_negative_conclusion_is_settled_only_when_its_body_concludes_again_on_the_revised_text()
    {
        var r = InReview();
        foreach (var m in Actors.ReviewingMinistries) { r.Accept(r.Agree(m)); }
        r.Accept(r.Agree("by-nclr"));
        r.Accept(r.Disagree("ru-minjust", ("2", "Пункт противоречит Договору о создании Союзного государства.")));
        Assert.Equal("revision", r.S.StageId);
        r.Accept(r.Answer(1, RemarkAnswer.Accepted, "Пункт изложен в новой редакции."));
        r.Accept(r.NewVersion(ResolutionDriver.Revised(r.S.CurrentText.Text)));

        // Review has nothing left to ask; the objection is the legal examination's own, so it may begin again.
        r.Accept(r.Resubmit());
        Assert.Equal("legal-examination", r.S.StageId);
        Assert.Equal(RemarkStatus.Answered, Assert.Single(r.S.Remarks).Status);
        r.Accept(r.Agree("by-nclr"));
        r.Accept(r.Agree("ru-minjust"));
        Assert.Equal(RemarkStatus.Settled, Assert.Single(r.S.Remarks).Status);
        Assert.Equal("adoption", r.S.StageId);
    }
}
