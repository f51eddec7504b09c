using ResolutionWorkflow.Engine.Deadlines;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Registry;

namespace ResolutionWorkflow.Engine.Resolutions.Rules;

/// <summary>
/// A set of rules: the commands it answers, each registered in its <see cref="Register"/>. A new
/// command is its record (Commands.cs), one <c>On</c> line here in the rules it belongs to, and its handler.
/// </summary>
internal abstract class CommandRules
{
    public abstract void Register(CommandTable commands);

    protected static RejectedException Refuse(RejectionCode code, string reason, params (string Name, object? Value)[] args) =>
        DecisionRun.Refuse(code, reason, args);
}

/// <summary>
/// What one kind of stage does: the commands it accepts, the tasks it opens when entered, and what
/// happens when one of its tasks passes its deadline (by default the task is escalated, once).
/// </summary>
internal abstract class StageKindRules : CommandRules
{
    public abstract StageKind Kind { get; }

    /// <summary>Refuses entering the stage when the resolution is not fit for it; by default anything may enter.</summary>
    public virtual void BeforeEntering(DecisionRun run, Stage stage) { }

    public abstract void Enter(DecisionRun run, Stage stage, int entry);

    public virtual void DeadlinePassed(DecisionRun run, Stage stage, WorkTask task, DateTimeOffset due)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(task);
        if (task.Escalated) { throw Refuse(RejectionCode.AlreadyRecorded, "alreadyEscalated", ("task", task.No)); }
        run.Emit(new TaskEscalated(task.No, stage.Deadline?.EscalateTo ?? "coordinator"));
    }
}

/// <summary>Each command type's handler; a command registered twice, or not at all, is a programming error found at start.</summary>
internal sealed class CommandTable
{
    private readonly Dictionary<Type, Action<DecisionRun, ResolutionCommand>> _handlers = [];

    public void On<T>(Action<DecisionRun, T> handle) where T : ResolutionCommand
    {
        if (!_handlers.TryAdd(typeof(T), (run, command) => handle(run, (T)command)))
        {
            throw new InvalidOperationException($"{typeof(T).Name} has two handlers");
        }
    }

    public IEnumerable<Type> Commands => _handlers.Keys;

    public void Handle(DecisionRun run, ResolutionCommand command) =>
        (_handlers.GetValueOrDefault(command.GetType()) ?? throw new InvalidOperationException($"no rule for {command.GetType().Name}"))(run, command);
}

/// <summary>Every rule of the engine, by stage kind, and the command table made from them once.</summary>
internal sealed class RuleBook
{
    private readonly Dictionary<StageKind, StageKindRules> _kinds;

    public RuleBook(OrganisationRegistry registry, IDueDateCalculator dueDates)
    {
        Registry = registry;
        DueDates = dueDates;
        StageKindRules[] kinds = [new DraftingRules(), new ReviewRules(), new RevisionRules(), new DecisionRules(), new ConciliationRules(), new AdoptionRules(), new SigningRules(), new PublicationRules(), new EndRules()];
        _kinds = kinds.ToDictionary(k => k.Kind);
        var missing = Enum.GetValues<StageKind>().Where(k => !_kinds.ContainsKey(k)).ToList();
        if (missing.Count > 0) { throw new InvalidOperationException($"no rules for stage kind(s) {string.Join(", ", missing)}"); }
        foreach (var rules in kinds.Concat<CommandRules>([new TextRules(), new CoordinatorRules(), new ReviewerChoiceRules()])) { rules.Register(Commands); }
    }

    public OrganisationRegistry Registry { get; }

    public IDueDateCalculator DueDates { get; }

    public CommandTable Commands { get; } = new();

    public StageKindRules For(StageKind kind) => _kinds[kind];
}
