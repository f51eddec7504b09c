using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Engine.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Engine.Tests.Resolutions;

/// <summary>Every refusal is typed, says why, and leaves the state and journal as they were (see <see cref="ResolutionDriver.Reject"/>).</summary>
public sealed class RejectionTests
{
    private static ResolutionDriver InReview()
    {
        var r = new ResolutionDriver();
        r.Accept(r.Start("council-of-ministers-resolution"));
        r.Accept(r.Submit());
        return r;
    }

    private static ResolutionDriver InRevisionWithObjection()
    {
        var r = InReview();
        foreach (var m in Actors.ReviewingMinistries.Except(["by-minfin"])) { r.Accept(r.Agree(m)); }
        r.Accept(r.Disagree("by-minfin", ("3", "Не указан объём финансирования.")));
        Assert.Equal("revision", r.S.StageId);
        return r;
    }

    private static ResolutionDriver InSigning()
    {
        var r = InReview();
        foreach (var m in Actors.ReviewingMinistries) { r.Accept(r.Agree(m)); }
        foreach (var m in Actors.LegalBodies) { r.Accept(r.Agree(m)); }
        r.AdoptAtTodaysMeeting();
        return r;
    }

    private static ResolutionDriver InRegistration()
    {
        var r = InSigning();
        r.Accept(r.SignAs(Actors.PrimeMinisterBelarus));
        r.Accept(r.SignAs(Actors.PrimeMinisterRussia));
        Assert.Equal("registration", r.S.StageId);
        return r;
    }

    [Fact]
    public void An_officer_cannot_give_an_opinion_for_a_ministry_that_is_not_theirs()
    {
        var r = InReview();
        // The Ministry of Emergency Situations is not a participant of this review.
        var rejection = r.Reject(r.Agree("by-mchs"), RejectionCode.NotYourTask);
        Assert.Contains("it waits for by-mineconomy, by-minfin", rejection.Message, StringComparison.Ordinal);
        // The sentence is named and its arguments kept, so a page can say it in Russian with the bodies' names.
        Assert.Equal("notYourTask", rejection.Key);
        Assert.Contains("by-minfin", rejection.Args["participants"].Split(RefusalWording.ListSeparator));
    }

    [Fact]
    public void A_drafter_cannot_submit_another_organisations_draft()
    {
        var r = new ResolutionDriver();
        r.Accept(r.Start("council-of-ministers-resolution"));
        r.Reject(r.Submit(Actors.OtherDrafter), RejectionCode.NotYourTask);
    }

    [Fact]
    public void A_prime_minister_signs_once_and_cannot_take_the_other_countrys_signature()
    {
        var r = InSigning();
        r.Accept(r.SignAs(Actors.PrimeMinisterBelarus));

        // Only Russia's signature is still open; Belarus's prime minister cannot give it.
        r.Reject(r.SignAs(Actors.PrimeMinisterBelarus), RejectionCode.TaskClosed);
        Assert.Single(r.S.Signatures);
        Assert.Equal("signatory@ru", Assert.Single(r.S.OpenTasksOfCurrentStage).ParticipantKey);
    }

    [Fact]
    public void An_officer_cannot_sign()
    {
        var r = InSigning();
        r.Reject(r.SignAs(Actors.Officer("ru-minfin")), RejectionCode.NotYourTask);
    }

    [Fact]
    public void Signing_during_review_is_refused_as_stage_closed()
    {
        var r = InReview();
        r.Reject(r.SignAs(Actors.PrimeMinisterRussia), RejectionCode.StageClosed);
    }

    [Fact]
    public void The_text_cannot_change_during_review()
    {
        var r = InReview();
        r.Reject(r.NewVersion("1. Иной текст."), RejectionCode.StageClosed);
    }

    [Fact]
    public void An_opinion_on_a_stale_text_is_refused()
    {
        var r = InRevisionWithObjection();
        var oldHash = r.Hash;
        r.Accept(r.Answer(1, RemarkAnswer.Accepted));
        r.Accept(r.NewVersion(ResolutionDriver.Revised(ResolutionDriver.Text1)));
        r.Accept(r.Resubmit());

        var message = r.Reject(r.Agree("by-minfin", oldHash), RejectionCode.StaleTextHash).Message;
        Assert.Contains("version 1", message, StringComparison.Ordinal);
        Assert.Contains("version 2", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signature_on_a_stale_hash_is_refused()
    {
        var r = InSigning();
        r.Reject(r.SignAs(Actors.PrimeMinisterRussia, new string('a', 64)), RejectionCode.StaleTextHash);
        Assert.Empty(r.S.Signatures);
    }

    [Fact]
    public void A_remark_on_a_clause_that_does_not_exist_is_refused()
    {
        var r = InReview();
        r.Reject(r.Disagree("ru-mfa", ("12", "Нет такого пункта.")), RejectionCode.UnknownClause);
    }

    [Fact]
    public void An_opinion_given_twice_is_refused_as_task_closed()
    {
        var r = InReview();
        r.Accept(r.Agree("ru-mfa"));
        r.Reject(r.Disagree("ru-mfa", ("1", "Передумали.")), RejectionCode.TaskClosed);
    }

    [Fact]
    public void Disagreement_without_remarks_and_agreement_with_remarks_missing_are_invalid()
    {
        var r = InReview();
        r.Reject(r.Disagree("ru-mfa"), RejectionCode.InvalidInput);
        r.Reject(r.AgreeWithRemarks("ru-mfa"), RejectionCode.InvalidInput);
        r.Reject(r.Disagree("ru-mfa", ("1", "   ")), RejectionCode.InvalidInput);
    }

    [Fact]
    public void Resubmitting_with_unanswered_remarks_is_refused()
    {
        var r = InRevisionWithObjection();
        var message = r.Reject(r.Resubmit(), RejectionCode.UnansweredRemarks).Message;
        Assert.Contains("1", message, StringComparison.Ordinal);
    }

    /// <summary>An objection the drafter rejected, a conciliation meeting that decided nothing: the row goes on to the heads of government.</summary>
    private static ResolutionDriver BeforeTheHeadsOfGovernment()
    {
        var r = InRevisionWithObjection();
        r.Accept(r.Answer(1, RemarkAnswer.Rejected, "Объём определяется законом о бюджете."));
        r.Accept(r.Conciliation());
        Assert.Equal("conciliation", r.S.StageId);
        r.Accept(r.Meeting(r.MoscowToday));
        Assert.Equal("heads-decision", r.S.StageId);
        return r;
    }

    [Fact]
    public void Neither_legal_examination_nor_signing_starts_while_a_remark_is_open()
    {
        var r = BeforeTheHeadsOfGovernment();

        // The objection is answered but not settled: the coordinator cannot send the text on.
        Assert.Equal("openRowsBlockExamination", r.Reject(r.DecideOutcome("agreed"), RejectionCode.OpenRemarksBlockSigning).Key);

        // With the heads of government's decision on the row, it can: the final text goes to the legal examination, then to the Council and signing.
        r.Accept(r.DecideOutcome("agreed", (1, "Решение глав правительств: оставить редакцию разработчика.")));
        Assert.Equal("legal-examination", r.S.StageId);
        foreach (var m in Actors.LegalBodies) { r.Accept(r.Agree(m)); }
        r.AdoptAtTodaysMeeting();
        Assert.Equal("Решение глав правительств: оставить редакцию разработчика.", r.S.Remarks[0].Conciliation);
    }

    [Fact]
    public void An_outcome_the_stage_does_not_have_is_refused()
    {
        var r = BeforeTheHeadsOfGovernment();
        r.Reject(r.DecideOutcome("approvedByMagic"), RejectionCode.UnknownOutcome);
    }

    [Fact]
    public void Only_the_coordinator_records_the_decision_of_the_heads_of_government()
    {
        var r = BeforeTheHeadsOfGovernment();
        var cmd = new DecideOutcome("withdrawn", "—", []) { CommandId = Guid.NewGuid(), ResolutionId = r.Id, Actor = Actors.Drafter };
        r.Reject(cmd, RejectionCode.NotYourTask);
    }

    [Fact]
    public void A_registration_number_must_match_the_definitions_pattern()
    {
        var r = InRegistration();
        r.Reject(r.RegisterAs("17/А"), RejectionCode.InvalidRegistrationNumber);
        r.Reject(r.RegisterAs("0"), RejectionCode.InvalidRegistrationNumber);
    }

    [Fact]
    public void Publication_is_in_an_official_venue_of_the_registry_cited_as_that_venue_cites()
    {
        var r = InRegistration();
        r.Accept(r.RegisterAs("17"));
        RecordPublication In(string country, string venue, string reference) =>
            new(country, venue, reference, new DateOnly(2026, 3, 2)) { CommandId = Guid.NewGuid(), ResolutionId = r.Id, Actor = Actors.Registrar };

        Assert.Equal("unknownVenue", r.Reject(In("ru", "Российская газета", "2026, 3 марта"), RejectionCode.InvalidInput).Key);
        Assert.Equal("unknownVenue", r.Reject(In("ru", "by-pravo", "https://pravo.by/document/?guid=1"), RejectionCode.InvalidInput).Key);
        Assert.Equal("referenceFormat", r.Reject(In("ru", "ru-pravo", "000120260410"), RejectionCode.InvalidInput).Key);
        Assert.Equal("referenceFormat", r.Reject(In("ru", "ru-sz", "СЗ РФ 2026 № 15 ст. 2100"), RejectionCode.InvalidInput).Key);
        Assert.Equal("referenceFormat", r.Reject(In("by", "by-pravo", "5/52345"), RejectionCode.InvalidInput).Key);

        // A venue may be named by its registry name too; it is recorded by its id.
        var recorded = Assert.Single(r.Accept(In("ru", "Собрание законодательства Российской Федерации", "2026, № 15, ст. 2100")).OfType<PublicationRecorded>());
        Assert.Equal(("ru-sz", "2026, № 15, ст. 2100"), (recorded.Portal, recorded.Reference));
        r.Accept(In("by", "by-pravo", "https://pravo.by/document/?guid=12551"));
        Assert.Equal("adopted", r.S.StageId);
    }

    [Fact]
    public void Publication_needs_registration_first_and_is_recorded_once_per_country()
    {
        var r = InRegistration();
        r.Reject(r.Publish("by"), RejectionCode.RegistrationRequired);
        r.Accept(r.RegisterAs("17"));
        r.Reject(r.RegisterAs("18"), RejectionCode.AlreadyRecorded);
        r.Accept(r.Publish("by"));
        r.Reject(r.Publish("by"), RejectionCode.AlreadyRecorded);
    }

    [Fact]
    public void Only_a_registrar_registers()
    {
        var r = InRegistration();
        r.Reject(r.RegisterAs("17", Actors.Coordinator), RejectionCode.NotYourTask);
    }

    [Fact]
    public void Only_a_coordinator_withdraws_and_a_withdrawn_resolution_accepts_nothing()
    {
        var r = InReview();
        r.Reject(r.WithdrawAs(Actors.Officer("by-minfin")), RejectionCode.NotPermitted);
        r.Accept(r.WithdrawAs(Actors.Coordinator));
        Assert.Equal(ResolutionStatus.Withdrawn, r.S.Status);
        Assert.Empty(r.S.OpenTasks);
        r.Reject(r.Agree("by-minfin"), RejectionCode.ResolutionClosed);
    }

    [Fact]
    public void Only_a_drafter_starts_a_resolution_and_only_once()
    {
        var r = new ResolutionDriver();
        r.Reject(r.Start("council-of-ministers-resolution", Actors.Officer("by-minfin")), RejectionCode.NotPermitted);
        r.Reject(r.Start("no-such-workflow"), RejectionCode.UnknownDefinition);
        r.Accept(r.Start("council-of-ministers-resolution"));
        r.Reject(r.Start("council-of-ministers-resolution"), RejectionCode.AlreadyStarted);
    }

    [Fact]
    public void A_command_for_an_unknown_resolution_is_refused()
    {
        var r = new ResolutionDriver();
        r.Reject(r.Agree("by-minfin", new string('0', 64)), RejectionCode.UnknownResolution);
    }

    [Fact]
    public void An_identical_text_version_is_refused_as_no_change()
    {
        var r = InRevisionWithObjection();
        r.Reject(r.NewVersion(ResolutionDriver.Text1.Replace("\n", "\r\n", StringComparison.Ordinal) + "   \n"), RejectionCode.NoChange);
    }

    [Fact]
    public void Coordinator_actions_are_refused_to_others()
    {
        var r = InReview();
        var task = r.OpenTaskOf("by-minfin").No;
        r.Reject(r.Extend(task, 5, Actors.Officer("by-minfin")), RejectionCode.NotPermitted);
        r.Reject(r.Reassign(task, "by-mchs", by: Actors.Drafter), RejectionCode.NotPermitted);
        r.Reject(r.Extend(999, 5), RejectionCode.UnknownTask);
        r.Reject(r.Reassign(task, "no-such-ministry"), RejectionCode.InvalidInput);
    }

    [Fact]
    public void Deadlines_are_applied_only_by_the_system_and_only_when_due()
    {
        var r = InReview();
        var task = r.OpenTaskOf("by-minfin");
        r.Reject(r.Deadline(task.No) with { Actor = Actors.Coordinator }, RejectionCode.NotPermitted);
        r.Reject(r.Deadline(task.No), RejectionCode.DeadlineNotReached);
    }
}
