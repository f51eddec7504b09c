using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Engine.Texts;
using ResolutionWorkflow.Engine.Tests.Support;
using ResolutionWorkflow.Tests.Common;
using static ResolutionWorkflow.Tests.Common.CommandBuilder;

namespace ResolutionWorkflow.Engine.Tests.Resolutions;

/// <summary>
/// Conciliation decisions that change the text: what the meeting or the heads of government decide is the
/// text the draft goes on with, and the journal ties each clause change to the decision it came from.
/// </summary>
public sealed class ConciliationWordingTests
{
    private const string Proposed = "Финансирование программы осуществлять за счёт средств бюджета Союзного государства в объёмах, установленных законом о бюджете.";
    private const string Agreed = "Государственным заказчиком программы определить Постоянный Комитет Союзного государства по согласованию с Министерством финансов Республики Беларусь.";

    /// <summary>
    /// by-minfin objects to clause 3 proposing its own wording (row 1), ru-minjust to clause 2 (row 2), and, when asked,
    /// ru-minfin to clause 3 too (row 3); the drafter rejects them all and asks for conciliation.
    /// </summary>
    private static ResolutionDriver AtConciliation(bool secondOnClause3 = false)
    {
        var r = new ResolutionDriver();
        r.Accept(r.Start("council-of-ministers-resolution"));
        r.Accept(r.Submit());
        string[] objecting = secondOnClause3 ? ["by-minfin", "ru-minjust", "ru-minfin"] : ["by-minfin", "ru-minjust"];
        foreach (var m in Actors.ReviewingMinistries.Except(objecting)) { r.Accept(r.Agree(m)); }
        r.Accept(r.DisagreeProposing("by-minfin", "3", "Не указан объём финансирования.", Proposed));
        r.Accept(r.Disagree("ru-minjust", ("2", "Заказчик определяется программой.")));
        if (secondOnClause3) { r.Accept(r.Disagree("ru-minfin", ("3", "Источник финансирования не определён."))); }
        foreach (var row in r.S.Remarks) { r.Accept(r.Answer(row.No, RemarkAnswer.Rejected, "Соответствует порядку.")); }
        r.Accept(r.Conciliation());
        Assert.Equal("conciliation", r.S.StageId);
        return r;
    }

    private static string ClauseOf(ResolutionState s, string number) => s.CurrentText.Clauses.Single(c => c.Number == number).Text;

    [Fact]
    public void Confirmed_wordings_hold_the_draft_until_the_Standing_Committee_issues_the_text_they_make_and_the_journal_ties_each_clause_to_its_row()
    {
        var r = AtConciliation();
        var before = r.S.CurrentText;
        var decided = r.Accept(r.MeetingWith(r.MoscowToday, false, AcceptProposed(1), NewWording(2, Agreed))).OfType<RemarkDecided>().ToList();
        Assert.Equal([(WordingChoice.AcceptProposedWording, "3. " + Proposed), (WordingChoice.NewWording, "2. " + Agreed)], decided.Select(d => (d.Choice!.Value, d.Wording!)));
        r.Accept(r.ConfirmMinutes("by-minfin"));
        r.Accept(r.ConfirmMinutes("ru-minjust"));

        // Settled, but the text does not say so yet: the draft waits for the Standing Committee, with a task to show for it.
        Assert.Equal("conciliation", r.S.StageId);
        var task = Assert.Single(r.S.OpenTasksOfCurrentStage);
        Assert.Equal((TaskKind.IssueAgreedText, "coordinator"), (task.Kind, task.Assignee.Role));
        r.Reject(r.IssueAgreedText(Actors.Officer("by-minfin")), RejectionCode.NotYourTask);

        var events = r.Accept(r.IssueAgreedText());
        var version = Assert.Single(events.OfType<TextVersionIssued>());
        Assert.Equal((before.Number + 1, Actors.Coordinator.UserId), (version.Number, version.IssuedBy));
        Assert.Equal("3. " + Proposed, ClauseOf(r.S, "3"));
        Assert.Equal("2. " + Agreed, ClauseOf(r.S, "2"));
        // Only the decided clauses changed, and the blank line after the title stayed.
        Assert.Equal(["2", "3"], ResolutionText.ChangedClauses(before.Text, r.S.CurrentText.Text).Order());
        Assert.Contains("\n\n1. ", r.S.CurrentText.Text, StringComparison.Ordinal);
        Assert.Equal([(1, "3", version.Number), (2, "2", version.Number)], events.OfType<WordingCarried>().Select(w => (w.RemarkNo, w.Clause, w.TextVersion)));
        Assert.Equal(["legal-examination"], ResolutionDriver.Stages(events));
        Assert.All(r.S.Remarks, x => Assert.Equal(version.Number, x.WordingVersion));
        Assert.Contains(r.Journal, j => j.EventType == "wording-carried");
    }

    [Fact]
    public void Keeping_the_drafters_wording_changes_no_text_and_the_draft_goes_on_at_once()
    {
        var r = AtConciliation();
        var before = r.S.CurrentText;
        r.Accept(r.MeetingWith(r.MoscowToday, false, Keep(1, "Объём определяется законом о бюджете."), Keep(2)));
        r.Accept(r.ConfirmMinutes("by-minfin"));
        Assert.Equal(["legal-examination"], ResolutionDriver.Stages(r.Accept(r.ConfirmMinutes("ru-minjust"))));
        Assert.Same(before, r.S.CurrentText);
        Assert.Equal((WordingChoice.KeepDrafterWording, null, "Объём определяется законом о бюджете."), (r.S.Remarks[0].Choice!.Value, r.S.Remarks[0].Wording, r.S.Remarks[0].Conciliation));
    }

    [Fact]
    public void Returned_to_the_drafter_the_next_version_and_the_resubmission_are_refused_until_the_text_carries_every_decided_wording()
    {
        var r = AtConciliation();
        r.Accept(r.MeetingWith(r.MoscowToday, true, NewWording(1, "3. " + Proposed), Keep(2)));
        r.Accept(r.ConfirmMinutes("by-minfin"));
        Assert.Equal(["revision"], ResolutionDriver.Stages(r.Accept(r.ConfirmMinutes("ru-minjust"))));

        var refused = r.Reject(r.Resubmit(), RejectionCode.DecidedWordingMissing);
        Assert.Equal(("decidedWordingMissing", "3", "1"), (refused.Key, refused.Args["clauses"], refused.Args["remarks"]));
        var elsewhere = r.S.CurrentText.Text.Replace("со дня его подписания", "со дня его официального опубликования", StringComparison.Ordinal);
        Assert.Equal("decidedWordingMissing", r.Reject(r.NewVersion(elsewhere), RejectionCode.DecidedWordingMissing).Key);

        var carried = r.Accept(r.NewVersion(ResolutionText.ReplaceClause(elsewhere, "3", "3. " + Proposed)!));
        Assert.Equal([(1, "3", r.S.CurrentText.Number)], carried.OfType<WordingCarried>().Select(w => (w.RemarkNo, w.Clause, w.TextVersion)));
        Assert.Equal("interministerial-review", ResolutionDriver.Stages(r.Accept(r.Resubmit()))[0]);
    }

    [Fact]
    public void The_heads_of_governments_decision_puts_its_wording_into_the_text_as_a_version_tied_to_it()
    {
        var r = AtConciliation();
        r.Accept(r.MeetingWith(r.MoscowToday, false, Keep(1), NewWording(2, "Заказчиком определить Министерство экономики.")));
        r.Accept(r.ConfirmMinutes("by-minfin"));
        r.Accept(r.DissentFromMinutes("ru-minjust", "Пункт противоречит Договору."));
        Assert.Equal("heads-decision", r.S.StageId);
        // The dissent leaves the row open, and the meeting's wording for it no longer stands.
        Assert.Null(r.S.Remarks[1].Wording);

        var events = r.Accept(r.DecideWith("agreed", NewWording(2, Agreed)));
        var version = Assert.Single(events.OfType<TextVersionIssued>());
        Assert.Equal("2. " + Agreed, ClauseOf(r.S, "2"));
        Assert.Equal((2, version.Number), events.OfType<WordingCarried>().Select(w => (w.RemarkNo, w.TextVersion)).Single());
        Assert.Equal("legal-examination", r.S.StageId);
    }

    [Fact]
    public void A_decision_without_a_choice_a_proposal_to_accept_or_a_wording_that_is_one_clause_is_refused_and_nothing_is_recorded()
    {
        var r = AtConciliation();
        Refused("conciliationChoice", new ConciliationInput(1, null));
        Refused("conciliationChoice", new ConciliationInput(1, (WordingChoice)7));
        Refused("noProposedWording", AcceptProposed(2));
        Refused("fieldEmpty", NewWording(2, "  "));
        Refused("wordingNotOneClause", NewWording(2, "Заказчиком определить Постоянный Комитет.\n3. Иной пункт."));
        Refused("wordingNotOneClause", NewWording(2, "4. Заказчиком определить Постоянный Комитет."));

        void Refused(string key, params ConciliationInput[] decisions) =>
            Assert.Equal(key, r.Reject(r.MeetingWith(r.MoscowToday, false, decisions), RejectionCode.InvalidInput).Key);
    }

    [Fact]
    public void Two_rows_on_one_clause_may_not_give_it_two_wordings_but_may_agree_on_one()
    {
        var r = AtConciliation(secondOnClause3: true);
        var refused = r.Reject(r.MeetingWith(r.MoscowToday, false, AcceptProposed(1), NewWording(3, "Финансирование осуществлять за счёт средств сторон.")), RejectionCode.InvalidInput);
        Assert.Equal(("clauseWordedTwice", "3"), (refused.Key, refused.Args["clause"]));
        r.Accept(r.MeetingWith(r.MoscowToday, false, AcceptProposed(1), NewWording(3, Proposed), Keep(2)));
    }

    [Fact]
    public void A_decided_wording_the_text_already_reads_is_tied_to_the_current_version_and_no_new_version_is_issued()
    {
        var r = new ResolutionDriver();
        r.Accept(r.Start("council-of-ministers-resolution"));
        r.Accept(r.Submit());
        var clause3 = ClauseOf(r.S, "3");
        foreach (var m in Actors.ReviewingMinistries.Except(["by-minfin"])) { r.Accept(r.Agree(m)); }
        r.Accept(r.DisagreeProposing("by-minfin", "3", "Редакция пункта должна остаться прежней.", clause3));
        r.Accept(r.Answer(1, RemarkAnswer.Rejected, "Замечание не по существу."));
        r.Accept(r.Conciliation());
        r.Accept(r.MeetingWith(r.MoscowToday, false));
        Assert.Equal("heads-decision", r.S.StageId);

        var events = r.Accept(r.DecideWith("agreed", AcceptProposed(1)));
        Assert.Empty(events.OfType<TextVersionIssued>());
        Assert.Equal((1, 1), events.OfType<WordingCarried>().Select(w => (w.RemarkNo, w.TextVersion)).Single());
        Assert.Equal("legal-examination", r.S.StageId);
    }
}
