using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.Engine.Resolutions.Rules;

/// <summary>
/// Adoption: the Standing Committee places the agreed draft on the agenda of a Council of Ministers
/// meeting (or puts it to a written poll), then records the Council's decision from its protocol:
/// adopted (the act then goes to signature) or returned for revision. Dates are days in the
/// definition's zone, as the protocol gives them.
/// </summary>
internal sealed class AdoptionRules : StageKindRules
{
    public const int MaxPlaceLength = 500;
    public const int MaxProtocolLength = 100;

    public override StageKind Kind => StageKind.Adoption;

    public override void Register(CommandTable commands)
    {
        commands.On<ScheduleAdoption>(Schedule);
        commands.On<RecordAdoption>(Record);
    }

    // The Council adopts an agreed text: a row still open has not been agreed.
    public override void BeforeEntering(DecisionRun run, Stage stage) => run.RequireSettledRows("openRowsBlockAdoption");

    public override void Enter(DecisionRun run, Stage stage, int entry)
    {
        var adoption = (AdoptionStage)stage;
        run.OpenTask(TaskKind.Adopt, adoption.Actor.Role, new Assignee(adoption.Actor.Organisation, adoption.Actor.Role, null, null), adoption);
    }

    private static void Schedule(DecisionRun run, ScheduleAdoption c)
    {
        run.RequireStage(StageKind.Adoption, "place the draft on the agenda");
        run.RequireTask(TaskKind.Adopt);
        if (!Enum.IsDefined(c.Form)) { throw Refuse(RejectionCode.InvalidInput, "adoptionForm"); }
        if (c.Place is { Length: > MaxPlaceLength }) { throw Refuse(RejectionCode.InvalidInput, "fieldTooLong", ("field", "place"), ("max", MaxPlaceLength)); }
        var today = run.Today;
        if (c.Date < today) { throw Refuse(RejectionCode.InvalidInput, "adoptionDatePassed", ("date", c.Date), ("today", today)); }
        if (c.Date > today.AddYears(1)) { throw Refuse(RejectionCode.InvalidInput, "adoptionDateTooFar", ("date", c.Date)); }
        var place = string.IsNullOrWhiteSpace(c.Place) ? null : c.Place.Trim();
        if (run.State.Adoption is { } current && current.StageEntry == run.State.StageEntry
            && current.Form == c.Form && current.ScheduledFor == c.Date && current.Place == place)
        {
            throw Refuse(RejectionCode.NoChange, "adoptionAlreadyScheduled", ("date", c.Date));
        }
        run.Emit(new AdoptionScheduled(run.State.StageId, c.Form, c.Date, place, run.Actor.UserId));
    }

    private static void Record(DecisionRun run, RecordAdoption c)
    {
        run.RequireStage(StageKind.Adoption, "record the Council's decision");
        run.RequireTask(TaskKind.Adopt);
        var stage = run.CurrentStage;
        var scheduled = run.State.Adoption is { } a && a.StageEntry == run.State.StageEntry ? a : throw Refuse(RejectionCode.InvalidInput, "adoptionNotScheduled");
        if (!stage.HasOutcome(c.Outcome ?? ""))
        {
            throw Refuse(RejectionCode.UnknownOutcome, "unknownOutcome", ("stage", stage.Id), ("outcome", c.Outcome), ("outcomes", stage.Outcomes.Keys));
        }
        DecisionRun.RequireText(c.Protocol, "protocol", MaxProtocolLength);
        if (c.Outcome == StageVocabulary.Outcomes.Returned) { DecisionRun.RequireText(c.Note, "reason", Decider.MaxNoteLength); }
        else if (c.Note is { Length: > Decider.MaxNoteLength }) { throw Refuse(RejectionCode.InvalidInput, "fieldTooLong", ("field", "note"), ("max", Decider.MaxNoteLength)); }

        var today = run.Today;
        if (c.Date > today) { throw Refuse(RejectionCode.InvalidInput, "adoptionDateInFuture", ("date", c.Date), ("today", today)); }
        // A meeting decides on its day (a postponed one is placed on the agenda again first); a poll by its closing day.
        if (scheduled.Form == AdoptionForm.Meeting && c.Date != scheduled.ScheduledFor)
        {
            throw Refuse(RejectionCode.InvalidInput, "meetingDateDiffers", ("date", c.Date), ("meeting", scheduled.ScheduledFor));
        }
        var pollStarted = run.DayOf(scheduled.ScheduledAt);
        if (scheduled.Form == AdoptionForm.WrittenPoll && (c.Date > scheduled.ScheduledFor || c.Date < pollStarted))
        {
            throw Refuse(RejectionCode.InvalidInput, "pollDateOutside", ("date", c.Date), ("from", pollStarted), ("until", scheduled.ScheduledFor));
        }
        var note = string.IsNullOrWhiteSpace(c.Note) ? null : c.Note.Trim();
        run.Emit(new AdoptionRecorded(stage.Id, c.Outcome!, scheduled.Form, c.Date, c.Protocol.Trim(), note, run.Actor.UserId));
        run.Complete(c.Outcome!);
    }
}
