using System.Globalization;
using System.Collections.Immutable;
using ResolutionWorkflow.Engine.Deadlines;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Journal;
using ResolutionWorkflow.Engine.Registry;

namespace ResolutionWorkflow.Engine.Resolutions.Rules;

/// <summary>A refusal raised by a rule; the decider answers it as a typed rejection.</summary>
internal sealed class RejectedException(Rejection rejection) : Exception(rejection.Message)
{
    public Rejection Rejection { get; } = rejection;
}

/// <summary>
/// One decision in progress: what the rules see (the state as it stands after each event, the
/// definition, the actor, the instant) and what they share — emitting events, the guards every
/// kind of stage uses, and moving from stage to stage. Each event is applied at once, so later
/// rules see its effect.
/// </summary>
internal sealed class DecisionRun(RuleBook rules, WorkflowDefinition definition, ResolutionState? initial, Actor actor, DateTimeOffset now)
{
    private ResolutionState? _state = initial;

    public WorkflowDefinition Definition => definition;

    public Actor Actor => actor;

    public DateTimeOffset Now => now;

    public OrganisationRegistry Registry => rules.Registry;

    /// <summary>Today in the definition's zone: the day acts and protocols are dated by.</summary>
    public DateOnly Today => DayOf(now);

    public DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, definition.ActZone).DateTime);

    public List<ResolutionEvent> Events { get; } = [];

    /// <summary>None before the resolution starts; <see cref="State"/> after.</summary>
    public ResolutionState? Initial => _state;

    public ResolutionState State => _state!;

    public Stage CurrentStage => definition.Stage(State.StageId);

    /// <summary>
    /// Set when the text changed after every reviewer had agreed (during signing): their consent was
    /// to a text that no longer exists, so the next review round asks everyone.
    /// </summary>
    public bool FullReviewRound { get; set; }

    public static RejectedException Refuse(RejectionCode code, string reason, params (string Name, object? Value)[] args) =>
        new(Rejection.Of(code, reason, args));

    public void Emit(ResolutionEvent e)
    {
        e = e with { At = now };
        _state = Evolve.Apply(_state, e);
        Events.Add(e);
    }

    // ---- transitions ----------------------------------------------------------------

    /// <summary>Leaves the current stage by <paramref name="outcome"/> and enters its target.</summary>
    public void Complete(string outcome)
    {
        var stage = CurrentStage;
        var target = stage.TargetOf(outcome);
        // The task whose holder completed the stage is done; any other still open is closed without its holder.
        foreach (var task in State.OpenTasksOfCurrentStage.ToList())
        {
            Emit(new TaskClosed(task.No, task.Assignee.Admits(actor, Registry) ? WorkTaskStatus.Done : WorkTaskStatus.Cancelled));
        }
        Emit(new StageCompleted(stage.Id, outcome, target));
        Enter(target);
    }

    public void Enter(string stageId)
    {
        var stage = definition.Stage(stageId);
        var kind = rules.For(stage.Kind);
        kind.BeforeEntering(this, stage);
        var entry = State.StageEntries.GetValueOrDefault(stageId) + 1;
        Emit(new StageEntered(stageId, entry));
        kind.Enter(this, stage, entry);
    }

    public Assignee DrafterAssignee(ActorRule rule) => new(rule.Organisation ?? State.DrafterOrganisation, rule.Role, null, null);

    /// <summary>
    /// Opens a task in <paramref name="stage"/>, due by the stage's deadline rule in the assignee's or the rule's calendar;
    /// <paramref name="dated"/> false for a task the stage's deadline is not about (the coordinator's, inside the drafter's stage).
    /// </summary>
    public void OpenTask(TaskKind kind, string participantKey, Assignee assignee, Stage stage, bool dated = true)
    {
        DueDate? due = null;
        string? calendar = null;
        ImmutableArray<DateTimeOffset> reminders = [];
        if (dated && stage.Deadline is { } rule)
        {
            calendar = rule.Calendar == DeadlineRule.PartyCalendar ? CalendarOf(assignee) : rule.Calendar;
            due = rules.DueDates.DueAt(calendar, now, rule.Days, rule.Unit);
            reminders = Reminders(rule, calendar, due.Value.At);
        }
        var no = State.Tasks.Count + 1;
        Emit(new TaskOpened(new WorkTask(no, stage.Id, State.StageEntry, kind, participantKey, assignee, now, due?.At, calendar, reminders,
            WorkTaskStatus.Open, Escalated: false, ExtendedBySilence: false, DueIsProvisional: due?.Provisional ?? false)));
    }

    /// <summary>Moves an open task's deadline on by <paramref name="days"/> from its due instant (or from now, when that has passed).</summary>
    public void Extend(WorkTask task, int days, DayUnit unit, string reason)
    {
        var from = task.DueAt!.Value > now ? task.DueAt.Value : now;
        var due = rules.DueDates.DueAt(task.Calendar!, from, days, unit);
        Emit(new DeadlineExtended(task.No, task.DueAt, due.At, Reminders(definition.Stage(task.StageId).Deadline, task.Calendar!, due.At), reason, due.Provisional));
    }

    /// <summary>The task's deadline has passed: what happens is the business of its stage's kind.</summary>
    public void DeadlinePassed(WorkTask task, DateTimeOffset due)
    {
        var stage = definition.Stage(task.StageId);
        rules.For(stage.Kind).DeadlinePassed(this, stage, task, due);
    }

    private ImmutableArray<DateTimeOffset> Reminders(DeadlineRule? rule, string calendar, DateTimeOffset due) =>
        rule is null ? [] : [.. rule.Reminders.Select(r => rules.DueDates.RemindAt(calendar, due, r.Before, r.Unit).At).Where(at => at > now).Order()];

    private string CalendarOf(Assignee assignee)
    {
        var country = assignee.Country ?? (assignee.Organisation is { } org ? Registry.Organisations[org].Country : null)
            ?? throw new InvalidOperationException($"no country for {assignee}; the loader should have refused this definition");
        return Registry.Countries[country].Calendar;
    }

    // ---- guards ---------------------------------------------------------------------

    public void RequireStage(StageKind kind, string action)
    {
        if (CurrentStage.Kind != kind)
        {
            throw Refuse(RejectionCode.StageClosed, "wrongStage", ("action", action), ("stage", State.StageId), ("kind", CurrentStage.Kind.ToString().ToLowerInvariant()));
        }
    }

    /// <summary>The actor's open task of <paramref name="kind"/> in the current stage, or the refusal that says why there is none.</summary>
    public WorkTask RequireTask(TaskKind kind)
    {
        var open = State.OpenTasksOfCurrentStage.Where(t => t.Kind == kind).ToList();
        var mine = open.FirstOrDefault(t => t.Assignee.Admits(actor, Registry));
        if (mine is not null) { return mine; }

        var done = State.Tasks.LastOrDefault(t => t.StageId == State.StageId && t.StageEntry == State.StageEntry && t.Kind == kind && !t.IsOpen
            && t.Assignee.Admits(actor, Registry));
        if (done is not null)
        {
            throw Refuse(RejectionCode.TaskClosed, "yourTaskClosed", ("stage", State.StageId), ("status", done.Status.ToString().ToLowerInvariant()));
        }
        throw open.Count == 0
            ? Refuse(RejectionCode.NotYourTask, "noOpenTask", ("kind", kind.ToString().ToLowerInvariant()), ("stage", State.StageId))
            : Refuse(RejectionCode.NotYourTask, "notYourTask", ("participants", open.Select(t => t.ParticipantKey)));
    }

    /// <summary>Refuses with <paramref name="reason"/> while a row of the disagreement table is open, other than <paramref name="exceptStage"/>'s own.</summary>
    public void RequireSettledRows(string reason, string? exceptStage = null)
    {
        var open = State.UnsettledRemarks.Where(r => r.StageId != exceptStage).Select(r => r.No.ToString(CultureInfo.InvariantCulture)).ToList();
        if (open.Count > 0) { throw Refuse(RejectionCode.OpenRemarksBlockSigning, reason, ("remarks", open)); }
    }

    public WorkTask RequireOpenTask(int taskNo)
    {
        var task = State.Tasks.FirstOrDefault(t => t.No == taskNo) ?? throw Refuse(RejectionCode.UnknownTask, "unknownTask", ("task", taskNo));
        return task.IsOpen ? task : throw Refuse(RejectionCode.TaskClosed, "taskClosed", ("task", taskNo), ("status", task.Status.ToString().ToLowerInvariant()));
    }

    public void RequireCoordinator(string action)
    {
        if (!actor.Has("coordinator") && !actor.Has("administrator"))
        {
            throw Refuse(RejectionCode.NotPermitted, "onlyCoordinator", ("action", action));
        }
    }

    public void RequireCurrentHash(string? seen)
    {
        var current = State.CurrentText;
        if (!string.Equals(seen, current.Hash, StringComparison.Ordinal))
        {
            var seenVersion = State.Versions.FirstOrDefault(v => v.Hash == seen);
            throw seenVersion is null
                ? Refuse(RejectionCode.StaleTextHash, "foreignText", ("version", current.Number), ("hash", current.Hash[..12]))
                : Refuse(RejectionCode.StaleTextHash, "staleText", ("seen", seenVersion.Number), ("version", current.Number), ("hash", current.Hash[..12]));
        }
    }

    public static void RequireText([System.Diagnostics.CodeAnalysis.NotNull] string? value, string name, int max)
    {
        if (string.IsNullOrWhiteSpace(value)) { throw Refuse(RejectionCode.InvalidInput, "fieldEmpty", ("field", name)); }
        if (value.Length > max) { throw Refuse(RejectionCode.InvalidInput, "fieldTooLong", ("field", name), ("max", max)); }
    }
}
