using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Engine.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Engine.Tests.Resolutions;

/// <summary>A remark may carry the wording the body proposes; it is a column of the disagreement table, not part of the remark.</summary>
public sealed class ProposedWordingTests
{
    private static ResolutionDriver InReview()
    {
        var r = new ResolutionDriver();
        r.Accept(r.Start("council-of-ministers-resolution"));
        r.Accept(r.Submit());
        return r;
    }

    private static RecordOpinion Objection(ResolutionDriver r, string? proposed) =>
        new(r.Hash, OpinionKind.Disagree, [new RemarkInput("1", "Срок не согласован с бюджетным циклом.", proposed)])
        { CommandId = Guid.NewGuid(), ResolutionId = r.Id, Actor = Actors.Officer("by-minfin") };

    [Fact]
    public void A_proposed_wording_is_kept_beside_the_remark_in_the_event_the_row_and_the_journal()
    {
        var r = InReview();
        var events = r.Accept(Objection(r, "  1. Утвердить программу на 2027–2031 годы.  "));

        var raised = Assert.Single(events.OfType<RemarkRaised>());
        Assert.Equal("Срок не согласован с бюджетным циклом.", raised.Text);
        Assert.Equal("1. Утвердить программу на 2027–2031 годы.", raised.ProposedWording);
        Assert.Equal("1. Утвердить программу на 2027–2031 годы.", Assert.Single(r.S.Remarks).ProposedWording);
        Assert.Contains("\"proposedWording\":\"1. Утвердить программу на 2027–2031 годы.\"", r.Journal.Single(j => j.EventType == "remark-raised").Data, StringComparison.Ordinal);
    }

    [Fact]
    public void A_remark_without_a_proposal_is_journaled_as_before_without_the_field()
    {
        var r = InReview();
        r.Accept(Objection(r, "   "));
        Assert.Null(Assert.Single(r.S.Remarks).ProposedWording);
        Assert.All(r.Journal, j => Assert.DoesNotContain("proposedWording", j.Data, StringComparison.Ordinal));
    }

    [Fact]
    public void An_overlong_proposed_wording_is_refused_and_nothing_is_recorded()
    {
        var r = InReview();
        var before = r.Journal.Count;
        var refusal = r.Reject(Objection(r, new string('а', Decider.MaxNoteLength + 1)), RejectionCode.InvalidInput);
        Assert.Equal("proposedWordingTooLong", refusal.Key);
        Assert.Equal(before, r.Journal.Count);
        Assert.Empty(r.S.Remarks);
    }
}
