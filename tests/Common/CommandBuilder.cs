using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Resolutions;

namespace ResolutionWorkflow.Tests.Common;

/// <summary>Commands for one resolution, named like the process steps, so tests read like the process.</summary>
public abstract class CommandBuilder(Guid id)
{
    public Guid Id { get; } = id;

    /// <summary>The hash of the text the acting person has just read.</summary>
    public abstract string Hash { get; }

    public const string Text1 = """
        О программе Союзного государства

        1. Утвердить программу Союзного государства «Развитие пограничной безопасности Союзного государства» на 2023–2027 годы.
        2. Государственным заказчиком-координатором программы определить Постоянный Комитет Союзного государства.
        3. Финансирование программы осуществлять за счёт средств бюджета Союзного государства.
        4. Настоящее постановление вступает в силу со дня его подписания.
        """;


    public static string Revised(string text) =>
        text.Replace("за счёт средств бюджета Союзного государства", "за счёт средств бюджета Союзного государства в объёмах, установленных законом о бюджете", StringComparison.Ordinal);

    public ResolutionCommand Start(string definition, Actor? by = null, string text = Text1) =>
        new StartResolution(definition, "О программе «Развитие пограничной безопасности Союзного государства» на 2023–2027 годы", text) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Drafter };

    /// <summary>The drafter proposes the bodies concerned from the definition's pool.</summary>
    public ResolutionCommand ProposeReviewers(params string[] organisations) =>
        new ProposeReviewers([.. organisations]) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = Actors.Drafter };

    /// <summary>The coordinator confirms these bodies (the proposal, or another list with the reason).</summary>
    public ResolutionCommand ConfirmReviewers(string? reason, params string[] organisations) =>
        new ConfirmReviewers([.. organisations], reason) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = Actors.Coordinator };

    public ResolutionCommand Submit(Actor? by = null) =>
        new SubmitForReview(Hash) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Drafter };

    public ResolutionCommand Agree(string organisation, string? hash = null) =>
        new RecordOpinion(hash ?? Hash, OpinionKind.Agree, []) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = Actors.Officer(organisation) };

    public ResolutionCommand AgreeWithRemarks(string organisation, params (string Clause, string Text)[] remarks) =>
        new RecordOpinion(Hash, OpinionKind.AgreeWithRemarks, [.. remarks.Select(r => new RemarkInput(r.Clause, r.Text))]) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = Actors.Officer(organisation) };

    public ResolutionCommand Disagree(string organisation, params (string Clause, string Text)[] remarks) =>
        new RecordOpinion(Hash, OpinionKind.Disagree, [.. remarks.Select(r => new RemarkInput(r.Clause, r.Text))]) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = Actors.Officer(organisation) };

    /// <summary>A disagreement on <paramref name="clause"/> with the wording the body proposes instead.</summary>
    public ResolutionCommand DisagreeProposing(string organisation, string clause, string text, string proposedWording) =>
        new RecordOpinion(Hash, OpinionKind.Disagree, [new RemarkInput(clause, text, proposedWording)]) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = Actors.Officer(organisation) };

    public ResolutionCommand Answer(int remarkNo, RemarkAnswer answer, string reason = "учтено в редакции 2", Actor? by = null) =>
        new AnswerRemark(remarkNo, answer, reason) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Drafter };

    public ResolutionCommand Attach(Engine.Texts.Attachment document, Actor? by = null) =>
        new AttachDocument(document) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Drafter };

    public ResolutionCommand Detach(string sha256, Actor? by = null) =>
        new RemoveAttachment(sha256) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Drafter };

    public ResolutionCommand NewVersion(string text, Actor? by = null) =>
        new IssueTextVersion(text, "по итогам согласования") { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Drafter };

    public ResolutionCommand Resubmit(Actor? by = null) =>
        new Resubmit { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Drafter };

    public ResolutionCommand Conciliation(string reason = "разногласия не сняты") =>
        new RequestConciliation(reason) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = Actors.Drafter };

    /// <summary>The decision on open rows, each keeping the drafter's wording with the reasoning given.</summary>
    public ResolutionCommand DecideOutcome(string outcome, params (int Remark, string Decision)[] decisions) =>
        DecideWith(outcome, [.. decisions.Select(d => Keep(d.Remark, d.Decision))]);

    public ResolutionCommand DecideWith(string outcome, params ConciliationInput[] decisions) =>
        new DecideOutcome(outcome, "решение согласительного совещания", [.. decisions]) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = Actors.Coordinator };

    public static ConciliationInput Keep(int remark, string? note = null) => new(remark, WordingChoice.KeepDrafterWording, null, note);

    public static ConciliationInput AcceptProposed(int remark) => new(remark, WordingChoice.AcceptProposedWording);

    public static ConciliationInput NewWording(int remark, string wording) => new(remark, WordingChoice.NewWording, wording);

    /// <summary>The day in Moscow at <paramref name="now"/>: Council meetings and protocols are dated by it.</summary>
    public static DateOnly MoscowDay(DateTimeOffset now) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow")).DateTime);

    /// <summary>What lies between the legal examination and signing: the draft placed on the agenda of the day's Council meeting, and adopted there.</summary>
    public ResolutionCommand[] AdoptAtMeeting(DateTimeOffset now) => [PlaceOnAgenda(MoscowDay(now)), RecordCouncilDecision(MoscowDay(now))];

    /// <summary>The Standing Committee places the draft on the agenda of the Council meeting of <paramref name="day"/> (or a written poll ending then).</summary>
    public ResolutionCommand PlaceOnAgenda(DateOnly day, AdoptionForm form = AdoptionForm.Meeting, Actor? by = null) =>
        new ScheduleAdoption(form, day, form == AdoptionForm.Meeting ? "Москва, Дом Союзного государства" : null) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Coordinator };

    /// <summary>The Council's decision of <paramref name="day"/>, as its protocol records it.</summary>
    public ResolutionCommand RecordCouncilDecision(DateOnly day, string outcome = "adopted", string protocol = "3", string? note = null, Actor? by = null) =>
        new RecordAdoption(outcome, day, protocol, note) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Coordinator };

    /// <summary>The conciliation meeting of <paramref name="day"/>, in person in Moscow, with its decisions per row (each keeping the drafter's wording, with the reasoning given).</summary>
    public ResolutionCommand Meeting(DateOnly day, params (int Remark, string Decision)[] decisions) => MeetingThen(day, false, decisions);

    /// <summary>The meeting; <paramref name="returnToDrafter"/> when it asks the drafter to revise the text once its decisions are confirmed.</summary>
    public ResolutionCommand MeetingThen(DateOnly day, bool returnToDrafter, params (int Remark, string Decision)[] decisions) =>
        MeetingWith(day, returnToDrafter, [.. decisions.Select(d => Keep(d.Remark, d.Decision))]);

    /// <summary>The meeting with its decisions as given (a choice, and a wording where the text changes).</summary>
    public ResolutionCommand MeetingWith(DateOnly day, bool returnToDrafter, params ConciliationInput[] decisions) =>
        new RecordConciliationMeeting(day, MeetingFormat.InPerson, "Москва, Постоянный Комитет Союзного государства",
            ["by-minfin", "ru-mineconomy", "ru-minjust", "su-standing-committee"], "1", "Протокол согласительного совещания: рассмотрены разногласия по проекту.",
            [.. decisions], returnToDrafter)
        { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = Actors.Coordinator };

    /// <summary>The Standing Committee issues the text the minutes decided.</summary>
    public ResolutionCommand IssueAgreedText(Actor? by = null) =>
        new IssueAgreedText(Hash, null) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Coordinator };

    /// <summary>An officer of <paramref name="organisation"/> confirms the minutes' decisions on its rows.</summary>
    public ResolutionCommand ConfirmMinutes(string organisation) =>
        new AnswerMinutes(true, null) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = Actors.Officer(organisation) };

    public ResolutionCommand DissentFromMinutes(string organisation, string reason = "Позиция органа не изменилась.") =>
        new AnswerMinutes(false, reason) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = Actors.Officer(organisation) };

    public ResolutionCommand SignAs(Actor signatory, string? hash = null) =>
        new Sign(hash ?? Hash) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = signatory };

    public ResolutionCommand Decline(Actor signatory) =>
        new DeclineToSign("требуется дополнительная проработка") { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = signatory };

    public ResolutionCommand RegisterAs(string number, Actor? by = null) =>
        new Register(number) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Registrar };

    /// <summary>Publication in the country's first official venue of the registry, cited as it cites.</summary>
    public ResolutionCommand Publish(string country, Actor? by = null) => country == "by"
        ? new RecordPublication("by", "by-pravo", "https://pravo.by/document/?guid=12551", new DateOnly(2026, 3, 2)) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Registrar }
        : new RecordPublication("ru", "ru-pravo", "0001202604100001", new DateOnly(2026, 3, 2)) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Registrar };

    public ResolutionCommand WithdrawAs(Actor by, string reason = "утратил актуальность") =>
        new Withdraw(reason) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by };

    public ResolutionCommand Extend(int taskNo, int days, Actor? by = null) =>
        new ExtendDeadline(taskNo, days, DayUnit.Working, "запрошено министерством") { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Coordinator };

    public ResolutionCommand Reassign(int taskNo, string? organisation, string? user = null, Actor? by = null) =>
        new ReassignTask(taskNo, organisation, user, "смена ответственного") { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Coordinator };

    public ResolutionCommand NudgeTask(int taskNo, Actor? by = null) =>
        new Nudge(taskNo, "срок истекает, просим ускорить") { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Coordinator };

    public ResolutionCommand Deadline(int taskNo) =>
        new ApplyDeadline(taskNo) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = Actor.System };

}
