using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.Engine.Resolutions.Rules;

/// <summary>What may happen at any stage: a coordinator withdraws, extends, reassigns or nudges; the system applies a passed deadline.</summary>
internal sealed class CoordinatorRules : CommandRules
{
    public override void Register(CommandTable commands)
    {
        commands.On<Withdraw>(Withdraw);
        commands.On<ExtendDeadline>(Extend);
        commands.On<ReassignTask>(Reassign);
        commands.On<Nudge>(Nudge);
        commands.On<ApplyDeadline>(ApplyDeadline);
    }

    private static void Withdraw(DecisionRun run, Withdraw c)
    {
        run.RequireCoordinator("withdraw a resolution");
        DecisionRun.RequireText(c.Reason, "reason", Decider.MaxNoteLength);
        foreach (var task in run.State.OpenTasks.ToList()) { run.Emit(new TaskClosed(task.No, WorkTaskStatus.Cancelled)); }
        run.Emit(new ResolutionWithdrawn(c.Reason.Trim(), run.Actor.UserId));
    }

    private static void Extend(DecisionRun run, ExtendDeadline c)
    {
        run.RequireCoordinator("extend a deadline");
        DecisionRun.RequireText(c.Reason, "reason", Decider.MaxNoteLength);
        if (c.Days is < 1 or > 366) { throw Refuse(RejectionCode.InvalidInput, "extensionDays"); }
        var task = run.RequireOpenTask(c.TaskNo);
        if (task.DueAt is null || task.Calendar is null) { throw Refuse(RejectionCode.InvalidInput, "taskWithoutDeadline", ("task", task.No)); }
        run.Extend(task, c.Days, c.Unit, c.Reason.Trim());
    }

    private static void Reassign(DecisionRun run, ReassignTask c)
    {
        run.RequireCoordinator("reassign a task");
        DecisionRun.RequireText(c.Reason, "reason", Decider.MaxNoteLength);
        var task = run.RequireOpenTask(c.TaskNo);
        if (c.Organisation is null && c.UserId is null) { throw Refuse(RejectionCode.InvalidInput, "reassignToWhom"); }
        if (c.Organisation is not null && !run.Registry.Organisations.ContainsKey(c.Organisation))
        {
            throw Refuse(RejectionCode.InvalidInput, "unknownOrganisation", ("organisation", c.Organisation));
        }
        // A review handed on stays out of the drafting body's hands: it does not review its own draft.
        if (task.Kind == TaskKind.Review && c.Organisation == run.State.DrafterOrganisation)
        {
            throw Refuse(RejectionCode.InvalidInput, "drafterReviewsOwn", ("organisation", c.Organisation));
        }
        var assignee = task.Assignee with
        {
            Organisation = c.Organisation ?? task.Assignee.Organisation,
            UserId = c.UserId ?? task.Assignee.UserId,
        };
        if (assignee == task.Assignee) { throw Refuse(RejectionCode.NoChange, "alreadyAssigned", ("task", task.No), ("assignee", assignee.ToString())); }
        run.Emit(new TaskReassigned(task.No, task.Assignee, assignee, c.Reason.Trim()));
    }

    private static void Nudge(DecisionRun run, Nudge c)
    {
        run.RequireCoordinator("nudge a task");
        DecisionRun.RequireText(c.Reason, "reason", Decider.MaxNoteLength);
        var task = run.RequireOpenTask(c.TaskNo);
        run.Emit(new TaskNudged(task.No, c.Reason.Trim(), run.Actor.UserId));
    }

    private static void ApplyDeadline(DecisionRun run, ApplyDeadline c)
    {
        if (!run.Actor.IsSystem) { throw Refuse(RejectionCode.NotPermitted, "deadlinesBySystem"); }
        var task = run.RequireOpenTask(c.TaskNo);
        if (task.DueAt is not { } due || due > run.Now)
        {
            throw Refuse(RejectionCode.DeadlineNotReached, "notDueYet", ("task", task.No));
        }
        run.DeadlinePassed(task, due);
    }
}
