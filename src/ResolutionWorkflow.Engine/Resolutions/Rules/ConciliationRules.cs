using System.Collections.Immutable;
using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.Engine.Resolutions.Rules;

/// <summary>
/// Conciliation: the coordinator records the conciliation meeting as its minutes have it (the day,
/// the format and place, the organisations that took part, the protocol number, the minutes, a
/// decision on rows of the disagreement table). A decision settles a row only when the body that
/// raised it confirms the minutes; a body may dissent instead. When every body has answered, rows
/// still open go on to the heads of government (outcome unresolved); otherwise the draft goes on
/// (agreed) once the text carries every decided wording, or back to the drafter when the meeting
/// asked for a revised text (returned).
/// </summary>
internal sealed class ConciliationRules : StageKindRules
{
    public const int MaxMinutesLength = 100_000;

    public override StageKind Kind => StageKind.Conciliation;

    public override void Register(CommandTable commands)
    {
        commands.On<RecordConciliationMeeting>(RecordMeeting);
        commands.On<AnswerMinutes>(AnswerMinutes);
        commands.On<IssueAgreedText>(IssueAgreedText);
    }

    public override void Enter(DecisionRun run, Stage stage, int entry)
    {
        var conciliation = (ConciliationStage)stage;
        run.OpenTask(TaskKind.Conciliate, conciliation.Actor.Role, new Assignee(conciliation.Actor.Organisation, conciliation.Actor.Role, null, null), conciliation);
    }

    private static void RecordMeeting(DecisionRun run, RecordConciliationMeeting c)
    {
        run.RequireStage(StageKind.Conciliation, "record a conciliation meeting");
        var task = run.RequireTask(TaskKind.Conciliate);
        var state = run.State;
        if (!Enum.IsDefined(c.Format)) { throw Refuse(RejectionCode.InvalidInput, "meetingFormat"); }
        var entered = run.DayOf(state.StageEnteredAt);
        if (c.Date > run.Today || c.Date < entered) { throw Refuse(RejectionCode.InvalidInput, "meetingDate", ("date", c.Date), ("from", entered), ("until", run.Today)); }
        if (c.Place is { Length: > AdoptionRules.MaxPlaceLength }) { throw Refuse(RejectionCode.InvalidInput, "fieldTooLong", ("field", "place"), ("max", AdoptionRules.MaxPlaceLength)); }
        DecisionRun.RequireText(c.Protocol, "protocol", AdoptionRules.MaxProtocolLength);
        DecisionRun.RequireText(c.Minutes, "minutes", MaxMinutesLength);
        var minutesFile = c.MinutesFile is { } file ? TextRules.RequireDocument(file with { Kind = RecordConciliationMeeting.MinutesFileKind }) : null;

        var participants = c.Participants.IsDefault ? [] : c.Participants;
        if (participants.IsEmpty) { throw Refuse(RejectionCode.InvalidInput, "meetingParticipants"); }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var organisation in participants)
        {
            if (!run.Registry.Organisations.ContainsKey(organisation ?? "")) { throw Refuse(RejectionCode.InvalidInput, "unknownOrganisation", ("organisation", organisation)); }
            if (!seen.Add(organisation!)) { throw Refuse(RejectionCode.InvalidInput, "reviewerTwice", ("organisation", organisation)); }
        }

        var decided = DecidedWordings.Read(run, c.Decisions);

        run.Emit(new ConciliationMeetingRecorded(state.StageId, c.Date, c.Format, string.IsNullOrWhiteSpace(c.Place) ? null : c.Place.Trim(),
            [.. seen.Order(StringComparer.Ordinal)], c.Protocol.Trim(), c.Minutes.Trim(), c.ReturnToDrafter, run.Actor.UserId, minutesFile));
        DecidedWordings.Emit(run, decided);
        run.Emit(new TaskClosed(task.No, WorkTaskStatus.Done));
        // Each body whose rows the minutes decide is asked to confirm them.
        foreach (var organisation in decided.Select(d => d.Row.Organisation).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            run.OpenTask(TaskKind.ConfirmMinutes, organisation, new Assignee(organisation, "officer", null, null), run.CurrentStage);
        }
        Evaluate(run);
    }

    private static void AnswerMinutes(DecisionRun run, AnswerMinutes c)
    {
        // Only a body the minutes were ever sent to answers them; anyone else is told so before anything about the stage.
        if (!run.State.Tasks.Any(t => t.Kind == TaskKind.ConfirmMinutes && t.Assignee.Admits(run.Actor, run.Registry)))
        {
            throw Refuse(RejectionCode.NotYourTask, "noOpenTask", ("kind", "confirmMinutes"), ("stage", run.State.StageId));
        }
        run.RequireStage(StageKind.Conciliation, "answer the minutes");
        var task = run.RequireTask(TaskKind.ConfirmMinutes);
        var organisation = task.ParticipantKey;
        if (c.Confirm)
        {
            if (c.Reason is { Length: > Decider.MaxNoteLength }) { throw Refuse(RejectionCode.InvalidInput, "fieldTooLong", ("field", "reason"), ("max", Decider.MaxNoteLength)); }
            run.Emit(new MinutesConfirmed(organisation, run.Actor.UserId));
            foreach (var row in DecidedRowsOf(run.State, organisation).ToList())
            {
                run.Emit(new RemarkSettled(row.No, SettledBy.ConciliationDecision, row.Conciliation));
            }
        }
        else
        {
            DecisionRun.RequireText(c.Reason, "reason", Decider.MaxNoteLength);
            run.Emit(new MinutesDissented(organisation, c.Reason.Trim(), run.Actor.UserId));
        }
        run.Emit(new TaskClosed(task.No, WorkTaskStatus.Done));
        Evaluate(run);
    }

    /// <summary>
    /// The Standing Committee issues the version the minutes decided: the engine puts each decided wording
    /// into its clause (the drafter's attachments stay); the journal ties each clause to its decision.
    /// </summary>
    private static void IssueAgreedText(DecisionRun run, IssueAgreedText c)
    {
        run.RequireStage(StageKind.Conciliation, "issue the agreed text");
        var task = run.RequireTask(TaskKind.IssueAgreedText);
        run.RequireCurrentHash(c.SeenTextHash);
        if (c.Note is { Length: > Decider.MaxNoteLength }) { throw Refuse(RejectionCode.InvalidInput, "fieldTooLong", ("field", "note"), ("max", Decider.MaxNoteLength)); }
        TextRules.EmitVersion(run, DecidedWordings.Applied(run.State), run.State.CurrentText.Documents, string.IsNullOrWhiteSpace(c.Note) ? null : c.Note.Trim());
        run.Emit(new TaskClosed(task.No, WorkTaskStatus.Done));
        Evaluate(run);
    }

    /// <summary>The body's rows this meeting decided and that are still open.</summary>
    private static IEnumerable<Remark> DecidedRowsOf(ResolutionState state, string organisation) =>
        state.Remarks.Where(r => r.Organisation == organisation && r.Status != RemarkStatus.Settled && r.Conciliation is not null);

    /// <summary>
    /// Once the meeting is recorded and every body has answered: open rows go on unresolved; else returned when
    /// the meeting asked for a revised text (the drafter's next version must carry the decided wordings); else,
    /// while a decided wording is not in the text, the Standing Committee is asked to issue that version; else agreed.
    /// </summary>
    private static void Evaluate(DecisionRun run)
    {
        var state = run.State;
        if (state.Meeting is not { } meeting || meeting.StageEntry != state.StageEntry || state.OpenTasksOfCurrentStage.Any()) { return; }
        var stage = (ConciliationStage)run.CurrentStage;
        DecidedWordings.TieCarried(run);
        if (state.UnsettledRemarks.Any()) { run.Complete(StageVocabulary.Outcomes.Unresolved); }
        else if (meeting.ReturnToDrafter && stage.HasOutcome(StageVocabulary.Outcomes.Returned)) { run.Complete(StageVocabulary.Outcomes.Returned); }
        else if (run.State.AwaitedWordings.Any())
        {
            run.OpenTask(TaskKind.IssueAgreedText, stage.Actor.Role, new Assignee(stage.Actor.Organisation, stage.Actor.Role, null, null), stage);
        }
        else { run.Complete(StageVocabulary.Outcomes.Agreed); }
    }
}
