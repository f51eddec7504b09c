using System.Collections.Immutable;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Journal;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Engine.Tests.Support;

/// <summary>
/// Drives one resolution through decide/apply the way the command path will: decide, then
/// fold the events into the state and chain them into the journal.
/// </summary>
public sealed class ResolutionDriver : CommandBuilder
{
    private static readonly Lazy<WorkflowDirectory> Shipped = new(() =>
    {
        var directory = WorkflowDirectory.Load(Repository.Workflows);
        return directory.IsValid ? directory : throw new InvalidOperationException(string.Join(Environment.NewLine, directory.Errors));
    });

    public ResolutionDriver(DateTimeOffset? start = null, WorkflowDirectory? directory = null, Deadlines.IDueDateCalculator? calendar = null)
        : base(Guid.NewGuid())
    {
        Now = start ?? new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero); // a Monday
        var workflows = directory ?? Shipped.Value;
        Decider = new Decider(workflows.Catalog, workflows.Registry!, calendar ?? Calendar);
    }

    public static WorkflowDirectory Workflows => Shipped.Value;

    /// <summary>The file of the council definition new resolutions start on.</summary>
    public const string LatestCouncilDefinition = "council-of-ministers-resolution.v4.json";

    public WeekdayCalendar Calendar { get; } = new();

    public Decider Decider { get; }

    public DateTimeOffset Now { get; set; }

    public ResolutionState? State { get; private set; }

    public List<JournalEntry> Journal { get; } = [];

    public ResolutionState S => State ?? throw new InvalidOperationException("not started");

    public override string Hash => S.CurrentText.Hash;

    public Decision Execute(ResolutionCommand command)
    {
        var decision = Decider.Decide(State, command, Now);
        if (decision is Decision.Accepted accepted)
        {
            State = Evolve.ApplyAll(State, accepted.Events);
            Journal.AddRange(JournalChain.Append(Journal.LastOrDefault(), Id, command.CommandId, command.Actor, accepted.Events));
            // Every waiting point has a holder: after any step of any test, a resolution still in progress waits on someone's open task.
            Assert.True(State!.Status != ResolutionStatus.Active || State.OpenTasksOfCurrentStage.Any(),
                $"after {command.GetType().Name} the resolution waits at '{State.StageId}' with no open task for anyone");
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

    /// <summary>Today in Moscow, the day Union State acts and protocols are dated by.</summary>
    public DateOnly MoscowToday => MoscowDay(Now);

    /// <summary>The Council adopts the draft at today's meeting; the act goes to signature.</summary>
    public void AdoptAtTodaysMeeting()
    {
        Assert.Equal("adoption", S.StageId);
        foreach (var command in AdoptAtMeeting(Now)) { Accept(command); }
        Assert.Equal("signing", S.StageId);
    }

    public WorkTask OpenTaskOf(string participantKey) =>
        S.OpenTasksOfCurrentStage.Single(t => t.ParticipantKey == participantKey);

    public static ImmutableArray<string> Stages(IEnumerable<ResolutionEvent> events) =>
        [.. events.OfType<StageEntered>().Select(e => e.StageId)];
}
