using System.Collections.Immutable;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Journal;
using ResolutionWorkflow.Engine.Resolutions;

namespace ResolutionWorkflow.Engine.Tests.Support;

/// <summary>
/// Drives one resolution through decide/apply the way the command path will: decide, then
/// fold the events into the state and chain them into the journal.
/// </summary>
public sealed class ResolutionDriver
{
    private static readonly Lazy<WorkflowDirectory> Shipped = new(() =>
    {
        var directory = WorkflowDirectory.Load(Repository.Workflows);
        return directory.IsValid ? directory : throw new InvalidOperationException(string.Join(Environment.NewLine, directory.Errors));
    });

    public const string Text1 = """
        О программе Союзного государства

        1. Утвердить программу Союзного государства «Развитие пограничной безопасности Союзного государства» на 2023–2027 годы.
        2. Государственным заказчиком-координатором программы определить Постоянный Комитет Союзного государства.
        3. Финансирование программы осуществлять за счёт средств бюджета Союзного государства.
        4. Настоящее постановление вступает в силу со дня его подписания.
        """;

    public ResolutionDriver(DateTimeOffset? start = null, WorkflowDirectory? directory = null, Deadlines.IDueDateCalculator? calendar = null)
    {
        Now = start ?? new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero); // a Monday
        var workflows = directory ?? Shipped.Value;
        Decider = new Decider(workflows.Catalog, workflows.Registry!, calendar ?? Calendar);
    }

    public static WorkflowDirectory Workflows => Shipped.Value;

    public WeekdayCalendar Calendar { get; } = new();

    public Decider Decider { get; }

    public Guid Id { get; } = Guid.NewGuid();

    public DateTimeOffset Now { get; set; }

    public ResolutionState? State { get; private set; }

    public List<JournalEntry> Journal { get; } = [];

    public ResolutionState S => State ?? throw new InvalidOperationException("not started");

    public string Hash => S.CurrentText.Hash;

    public Decision Execute(ResolutionCommand command)
    {
        var decision = Decider.Decide(State, command, Now);
        if (decision is Decision.Accepted accepted)
        {
            State = Evolve.ApplyAll(State, accepted.Events);
            Journal.AddRange(JournalChain.Append(Journal.LastOrDefault(), Id, command.CommandId, command.Actor, accepted.Events));
        }
        return decision;
    }

    public IReadOnlyList<ResolutionEvent> Accept(ResolutionCommand command)
    {
        var decision = Execute(command);
        return decision is Decision.Accepted a
            ? a.Events
            : throw new Xunit.Sdk.XunitException($"{command.GetType().Name} by {command.Actor.UserId} was rejected: {((Decision.Rejected)decision).Rejection}");
    }

    /// <summary>Asserts the command is refused with the code, and that nothing changed.</summary>
    public Rejection Reject(ResolutionCommand command, RejectionCode code)
    {
        var before = State;
        var journalBefore = Journal.Count;
        var decision = Execute(command);
        var rejected = Assert.IsType<Decision.Rejected>(decision);
        Assert.Equal(code, rejected.Rejection.Code);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Rejection.Message));
        Assert.Same(before, State);
        Assert.Equal(journalBefore, Journal.Count);
        return rejected.Rejection;
    }

    // Short builders so the lifecycle reads like the process it tests.

    public ResolutionCommand Start(string definition, Actor? by = null, string text = Text1) =>
        new StartResolution(definition, "О программе «Развитие пограничной безопасности Союзного государства» на 2023–2027 годы", text) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Drafter };

    public ResolutionCommand Submit(Actor? by = null) =>
        new SubmitForReview(Hash) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Drafter };

    public ResolutionCommand Agree(string organisation, string? hash = null) =>
        new RecordOpinion(hash ?? Hash, OpinionKind.Agree, []) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = Actors.Officer(organisation) };

    public ResolutionCommand AgreeWithRemarks(string organisation, params (string Clause, string Text)[] remarks) =>
        new RecordOpinion(Hash, OpinionKind.AgreeWithRemarks, [.. remarks.Select(r => new RemarkInput(r.Clause, r.Text))]) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = Actors.Officer(organisation) };

    public ResolutionCommand Disagree(string organisation, params (string Clause, string Text)[] remarks) =>
        new RecordOpinion(Hash, OpinionKind.Disagree, [.. remarks.Select(r => new RemarkInput(r.Clause, r.Text))]) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = Actors.Officer(organisation) };

    public ResolutionCommand Answer(int remarkNo, RemarkAnswer answer, string reason = "учтено в редакции 2", Actor? by = null) =>
        new AnswerRemark(remarkNo, answer, reason) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Drafter };

    public ResolutionCommand NewVersion(string text, Actor? by = null) =>
        new IssueTextVersion(text, "по итогам согласования") { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Drafter };

    public ResolutionCommand Resubmit(Actor? by = null) =>
        new Resubmit { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Drafter };

    public ResolutionCommand Conciliation(string reason = "разногласия не сняты") =>
        new RequestConciliation(reason) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = Actors.Drafter };

    public ResolutionCommand DecideOutcome(string outcome, params (int Remark, string Decision)[] decisions) =>
        new DecideOutcome(outcome, "решение согласительного совещания", [.. decisions.Select(d => new ConciliationInput(d.Remark, d.Decision))]) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = Actors.Coordinator };

    public ResolutionCommand SignAs(Actor signatory, string? hash = null) =>
        new Sign(hash ?? Hash) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = signatory };

    public ResolutionCommand Decline(Actor signatory) =>
        new DeclineToSign("требуется дополнительная проработка") { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = signatory };

    public ResolutionCommand RegisterAs(string number, Actor? by = null) =>
        new Register(number) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Registrar };

    public ResolutionCommand Publish(string country, Actor? by = null) => country == "by"
        ? new RecordPublication("by", "Национальный правовой Интернет-портал Республики Беларусь", "5/52345", new DateOnly(2026, 4, 10)) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Registrar }
        : new RecordPublication("ru", "Официальный интернет-портал правовой информации; Собрание законодательства РФ", "0001202604100001; СЗ РФ 2026 № 15 ст. 2100", new DateOnly(2026, 4, 10)) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Registrar };

    public ResolutionCommand WithdrawAs(Actor by, string reason = "утратил актуальность") =>
        new Withdraw(reason) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by };

    public ResolutionCommand Extend(int taskNo, int days, Actor? by = null) =>
        new ExtendDeadline(taskNo, days, DayUnit.Working, "запрошено министерством") { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Coordinator };

    public ResolutionCommand Reassign(int taskNo, string? organisation, string? user = null, Actor? by = null) =>
        new ReassignTask(taskNo, organisation, user, "смена ответственного") { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = by ?? Actors.Coordinator };

    public ResolutionCommand Deadline(int taskNo) =>
        new ApplyDeadline(taskNo) { CommandId = Guid.NewGuid(), ResolutionId = Id, Actor = Actor.System };

    public WorkTask OpenTaskOf(string participantKey) =>
        S.OpenTasksOfCurrentStage.Single(t => t.ParticipantKey == participantKey);

    public static string Revised(string text) =>
        text.Replace("за счёт средств бюджета Союзного государства", "за счёт средств бюджета Союзного государства в объёмах, установленных законом о бюджете", StringComparison.Ordinal);

    public static ImmutableArray<string> Stages(IEnumerable<ResolutionEvent> events) =>
        [.. events.OfType<StageEntered>().Select(e => e.StageId)];
}
