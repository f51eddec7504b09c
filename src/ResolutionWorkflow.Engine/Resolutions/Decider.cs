using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using ResolutionWorkflow.Engine.Deadlines;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Journal;
using ResolutionWorkflow.Engine.Registry;
using ResolutionWorkflow.Engine.Texts;

namespace ResolutionWorkflow.Engine.Resolutions;

/// <summary>
/// <c>decide(definition, state, command, now)</c>: the events a command produces, or a typed
/// rejection. Pure: everything it needs comes in through the arguments and the constructor,
/// and nothing is changed when a command is refused.
/// </summary>
public sealed class Decider(WorkflowCatalog catalog, OrganisationRegistry registry, IDueDateCalculator dueDates)
{
    private readonly OrganisationRegistry _registry = registry;
    private readonly IDueDateCalculator _dueDates = dueDates;

    public const int MaxTextLength = 1_000_000;
    public const int MaxNoteLength = 10_000;

    public Decision Decide(ResolutionState? state, ResolutionCommand command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        // Instants enter the journal's hashes: cut to the precision every database keeps.
        now = Instants.Canonical(now);
        if (StorableText.FirstProblem(command) is var (field, problem))
        {
            return new Decision.Rejected(Rejection.Of(RejectionCode.InvalidInput, "unstorable", ("field", field), ("problem", problem)));
        }
        try
        {
            var definition = command is StartResolution start
                ? catalog.Latest(start.DefinitionId) ?? throw Refuse(RejectionCode.UnknownDefinition, "unknownDefinition", ("definition", start.DefinitionId))
                : state is null
                    ? throw Refuse(RejectionCode.UnknownResolution, "unknownResolution", ("resolution", command.ResolutionId))
                    : catalog.Find(state.DefinitionId, state.DefinitionVersion)
                        ?? throw new InvalidOperationException($"definition {state.DefinitionId} v{state.DefinitionVersion} is not deployed");
            var run = new Run(this, definition, state, command.Actor, now);
            run.Handle(command);
            return new Decision.Accepted(run.Events);
        }
        catch (RejectedException e)
        {
            return new Decision.Rejected(e.Rejection);
        }
        catch (CalendarMissingException e)
        {
            // Never a guessed date: the command waits until an administrator adds the year.
            return new Decision.Rejected(Rejection.Of(RejectionCode.CalendarMissing, "calendarMissing", ("calendar", e.Calendar), ("year", e.Year)));
        }
    }

    private static RejectedException Refuse(RejectionCode code, string reason, params (string Name, object? Value)[] args) =>
        new(Rejection.Of(code, reason, args));

    private sealed class RejectedException(Rejection rejection) : Exception(rejection.Message)
    {
        public Rejection Rejection { get; } = rejection;
    }

    /// <summary>One decision in progress: emits events and applies each at once, so later rules see its effect.</summary>
    private sealed class Run(Decider owner, WorkflowDefinition definition, ResolutionState? initial, Actor actor, DateTimeOffset now)
    {
        private ResolutionState? _state = initial;

        // Set when the text changed after every reviewer had agreed (during signing): their
        // consent was to a text that no longer exists, so the next review round asks everyone.
        private bool _fullReviewRound;

        public List<ResolutionEvent> Events { get; } = [];

        private ResolutionState State => _state!;

        private Stage CurrentStage => definition.Stage(State.StageId);

        private void Emit(ResolutionEvent e)
        {
            e = e with { At = now };
            _state = Evolve.Apply(_state, e);
            Events.Add(e);
        }

        public void Handle(ResolutionCommand command)
        {
            if (command is StartResolution start)
            {
                Start(command.ResolutionId, start);
                return;
            }
            if (State.Status != ResolutionStatus.Active)
            {
                throw Refuse(RejectionCode.ResolutionClosed, "resolutionClosed", ("status", State.Status.ToString().ToLowerInvariant()));
            }
            switch (command)
            {
                case SubmitForReview c: SubmitForReview(c); break;
                case RecordOpinion c: RecordOpinion(c); break;
                case AnswerRemark c: AnswerRemark(c); break;
                case IssueTextVersion c: IssueTextVersion(c); break;
                case Resubmit: LeaveRevision(StageVocabulary.Outcomes.Resubmitted); break;
                case RequestConciliation c: RequestConciliation(c); break;
                case DecideOutcome c: DecideOutcome(c); break;
                case Sign c: Sign(c); break;
                case DeclineToSign c: DeclineToSign(c); break;
                case Register c: Register(c); break;
                case RecordPublication c: RecordPublication(c); break;
                case Withdraw c: Withdraw(c); break;
                case ExtendDeadline c: ExtendDeadline(c); break;
                case ReassignTask c: ReassignTask(c); break;
                case Nudge c: NudgeTask(c); break;
                case ApplyDeadline c: ApplyDeadline(c); break;
                default: throw new InvalidOperationException($"no rule for {command.GetType().Name}");
            }
        }

        // ---- drafting and revision -------------------------------------------------------

        private void Start(Guid resolutionId, StartResolution c)
        {
            if (_state is not null) { throw Refuse(RejectionCode.AlreadyStarted, "alreadyStarted", ("resolution", resolutionId)); }
            if (!actor.Has("drafter")) { throw Refuse(RejectionCode.NotPermitted, "onlyDrafterStarts"); }
            if (!owner._registry.Organisations.ContainsKey(actor.Organisation)) { throw Refuse(RejectionCode.NotPermitted, "organisationNotRegistered", ("organisation", actor.Organisation)); }
            RequireText(c.Title, "title", 1000);
            RequireText(c.Text, "text", MaxTextLength);

            Emit(new ResolutionStarted(resolutionId, definition.Id, definition.Version, c.Title.Trim(), actor.Organisation, actor.UserId));
            var text = ResolutionText.Normalise(c.Text);
            Emit(new TextVersionIssued(1, text, ResolutionText.Hash(text), actor.UserId, null));
            Enter(definition.StartStageId);
        }

        private void SubmitForReview(SubmitForReview c)
        {
            RequireStage(StageKind.Drafting, "submit a draft for review");
            RequireTask(TaskKind.Draft);
            RequireCurrentHash(c.SeenTextHash);
            Complete(StageVocabulary.Outcomes.Submitted);
        }

        private void AnswerRemark(AnswerRemark c)
        {
            RequireStage(StageKind.Revision, "answer remarks");
            RequireTask(TaskKind.Revise);
            RequireText(c.Reason, "reason", MaxNoteLength);
            var remark = State.Remarks.FirstOrDefault(r => r.No == c.RemarkNo)
                ?? throw Refuse(RejectionCode.UnknownRemark, "unknownRemark", ("remark", c.RemarkNo));
            if (remark.Status == RemarkStatus.Settled) { throw Refuse(RejectionCode.StageClosed, "remarkSettled", ("remark", c.RemarkNo)); }
            Emit(new RemarkAnswered(remark.No, c.Answer, c.Reason.Trim(), actor.UserId));
            if (!remark.Objection)
            {
                // The author agreed with remarks: an answer closes the row.
                Emit(new RemarkSettled(remark.No, SettledBy.AnswerToNonBlockingRemark, null));
            }
        }

        private void IssueTextVersion(IssueTextVersion c)
        {
            RequireText(c.Text, "text", MaxTextLength);
            var kind = CurrentStage.Kind;
            if (kind is StageKind.Drafting or StageKind.Revision)
            {
                RequireTask(kind == StageKind.Drafting ? TaskKind.Draft : TaskKind.Revise);
            }
            else if (kind == StageKind.Signing)
            {
                if (!actor.Has("drafter") || actor.Organisation != State.DrafterOrganisation)
                {
                    throw Refuse(RejectionCode.NotYourTask, "onlyDrafterChangesText", ("organisation", State.DrafterOrganisation));
                }
            }
            else
            {
                throw Refuse(RejectionCode.StageClosed, "textFrozen", ("kind", kind.ToString().ToLowerInvariant()), ("stage", State.StageId));
            }

            var text = ResolutionText.Normalise(c.Text);
            var hash = ResolutionText.Hash(text);
            if (hash == State.CurrentText.Hash) { throw Refuse(RejectionCode.NoChange, "textUnchanged"); }
            Emit(new TextVersionIssued(State.CurrentText.Number + 1, text, hash, actor.UserId, c.Note?.Trim()));

            if (kind == StageKind.Signing)
            {
                if (!State.Signatures.IsEmpty)
                {
                    Emit(new SignaturesVoided(State.Signatures.Count, $"the text changed to version {State.CurrentText.Number}"));
                }
                _fullReviewRound = true;
                Complete(StageVocabulary.Outcomes.TextChanged);
            }
        }

        private void LeaveRevision(string outcome)
        {
            RequireStage(StageKind.Revision, "resubmit");
            RequireTask(TaskKind.Revise);
            var unanswered = State.Remarks.Where(r => r.Status == RemarkStatus.Open).Select(r => r.No).ToList();
            if (unanswered.Count > 0)
            {
                throw Refuse(RejectionCode.UnansweredRemarks, "unansweredRemarks", ("remarks", unanswered.Select(n => n.ToString(CultureInfo.InvariantCulture))));
            }
            Complete(outcome);
        }

        private void RequestConciliation(RequestConciliation c)
        {
            RequireStage(StageKind.Revision, "request conciliation");
            if (!CurrentStage.HasOutcome(StageVocabulary.Outcomes.Conciliation))
            {
                throw Refuse(RejectionCode.UnknownOutcome, "noConciliation", ("stage", State.StageId));
            }
            RequireText(c.Reason, "reason", MaxNoteLength);
            LeaveRevision(StageVocabulary.Outcomes.Conciliation);
        }

        // ---- review ---------------------------------------------------------------------

        private void RecordOpinion(RecordOpinion c)
        {
            RequireStage(StageKind.Review, "give an opinion");
            var stage = (ReviewStage)CurrentStage;
            var task = RequireTask(TaskKind.Review);
            if (stage.Silence.Policy == SilencePolicy.DeemedAgreed && task.DueAt is { } due && now > due)
            {
                throw Refuse(RejectionCode.DeadlinePassed, "deadlinePassed", ("due", due.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)));
            }
            RequireCurrentHash(c.SeenTextHash);
            if (c.Kind == OpinionKind.DeemedAgreed) { throw Refuse(RejectionCode.InvalidInput, "deemedAgreedIsSystems"); }
            var remarks = c.Remarks.IsDefault ? [] : c.Remarks;
            if (c.Kind == OpinionKind.Agree && remarks.Length > 0) { throw Refuse(RejectionCode.InvalidInput, "agreeWithoutRemarks"); }
            if (c.Kind != OpinionKind.Agree && remarks.Length == 0) { throw Refuse(RejectionCode.InvalidInput, "remarkRequired"); }
            var clauses = State.CurrentText.Clauses.Select(x => x.Number).ToHashSet();
            foreach (var remark in remarks)
            {
                RequireText(remark.Text, "remark", MaxNoteLength);
                if (remark.Clause is null || !clauses.Contains(remark.Clause.Trim()))
                {
                    throw Refuse(RejectionCode.UnknownClause, "unknownClause", ("clause", remark.Clause), ("version", State.CurrentText.Number), ("hash", State.CurrentText.Hash[..12]));
                }
            }
            if (c.Comment is { Length: > MaxNoteLength }) { throw Refuse(RejectionCode.InvalidInput, "commentTooLong", ("max", MaxNoteLength)); }

            Emit(new OpinionRecorded(stage.Id, task.ParticipantKey, actor.Organisation, actor.UserId, c.Kind, State.CurrentText.Number, c.Comment?.Trim()));
            foreach (var remark in remarks)
            {
                Emit(new RemarkRaised(State.Remarks.Count + 1, stage.Id, task.ParticipantKey, actor.Organisation, actor.UserId,
                    State.CurrentText.Number, remark.Clause.Trim(), remark.Text.Trim(), Objection: c.Kind == OpinionKind.Disagree));
            }
            Emit(new TaskClosed(task.No, WorkTaskStatus.Done));
            if (c.Kind != OpinionKind.Disagree) { SettleAuthorsRows(stage.Id, task.ParticipantKey, SettledBy.AuthorAgreed); }
            EvaluateReview(stage);
        }

        private void SettleAuthorsRows(string stageId, string participantKey, SettledBy by)
        {
            foreach (var row in State.Remarks.Where(r => r.StageId == stageId && r.ParticipantKey == participantKey && r.Status == RemarkStatus.Answered).ToList())
            {
                Emit(new RemarkSettled(row.No, by, null));
            }
        }

        private void EvaluateReview(ReviewStage stage)
        {
            var open = State.OpenTasksOfCurrentStage.ToList();
            var latest = State.LatestOpinions(stage.Id);
            var positive = stage.Participants.Count(p => latest.TryGetValue(p.Key, out var o) && o.IsPositive);
            var enough = stage.Completion.Kind == CompletionKind.All ? positive == stage.Participants.Length : positive >= stage.Completion.AtLeast;
            if (open.Count > 0 && !(stage.Completion.Kind == CompletionKind.AtLeast && enough)) { return; }

            var unsettled = State.UnsettledRemarks.Any(r => r.StageId == stage.Id);
            Complete(enough && !unsettled ? StageVocabulary.Outcomes.Agreed : StageVocabulary.Outcomes.RevisionRequired);
        }

        /// <summary>Who is asked on entering a review stage; later rounds follow the re-review rule.</summary>
        private IEnumerable<Participant> ReviewersFor(ReviewStage stage, int entry)
        {
            if (entry == 1 || _fullReviewRound || stage.ReReview == ReReviewRule.All) { return stage.Participants; }
            var latest = State.LatestOpinions(stage.Id);
            bool MustLookAgain(Participant p)
            {
                if (!latest.TryGetValue(p.Key, out var opinion)) { return true; }
                if (opinion.Kind == OpinionKind.Disagree) { return true; }
                if (stage.ReReview != ReReviewRule.ChangedClauses) { return false; }
                // Asked again when a clause they remarked on has changed since they saw it.
                return State.Remarks.Where(r => r.StageId == stage.Id && r.ParticipantKey == p.Key).Any(r =>
                    ResolutionText.ChangedClauses(State.Versions[r.TextVersion - 1].Text, State.CurrentText.Text).Contains(r.Clause));
            }
            return stage.Participants.Where(MustLookAgain);
        }

        // ---- decision -------------------------------------------------------------------

        private void DecideOutcome(DecideOutcome c)
        {
            RequireStage(StageKind.Decision, "decide an outcome");
            RequireTask(TaskKind.Decide);
            RequireText(c.Reason, "reason", MaxNoteLength);
            if (!CurrentStage.HasOutcome(c.Outcome ?? ""))
            {
                throw Refuse(RejectionCode.UnknownOutcome, "unknownOutcome", ("stage", State.StageId), ("outcome", c.Outcome), ("outcomes", CurrentStage.Outcomes.Keys));
            }
            foreach (var d in c.Decisions.IsDefault ? [] : c.Decisions)
            {
                RequireText(d.Decision, "conciliation decision", MaxNoteLength);
                var row = State.Remarks.FirstOrDefault(r => r.No == d.RemarkNo) ?? throw Refuse(RejectionCode.UnknownRemark, "unknownRemark", ("remark", d.RemarkNo));
                if (row.Status == RemarkStatus.Settled) { throw Refuse(RejectionCode.InvalidInput, "remarkSettled", ("remark", d.RemarkNo)); }
                Emit(new RemarkSettled(row.No, SettledBy.ConciliationDecision, d.Decision.Trim()));
            }
            Emit(new DecisionRecorded(State.StageId, c.Outcome!, c.Reason.Trim(), actor.UserId));
            Complete(c.Outcome!);
        }

        // ---- signing --------------------------------------------------------------------

        private void Sign(Sign c)
        {
            RequireStage(StageKind.Signing, "sign");
            var task = RequireTask(TaskKind.Sign);
            RequireCurrentHash(c.SeenTextHash);
            Emit(new SignatureRecorded(task.ParticipantKey, actor.UserId, actor.Organisation, State.CurrentText.Hash, State.CurrentText.Number));
            Emit(new TaskClosed(task.No, WorkTaskStatus.Done));

            var stage = (SigningStage)CurrentStage;
            var signed = State.Signatures.Select(s => s.SignatoryKey).ToHashSet();
            var next = stage.Signatories.FirstOrDefault(s => !signed.Contains(s.Key));
            if (next is null) { Complete(StageVocabulary.Outcomes.Signed); }
            else if (stage.Order == SigningOrder.Sequential) { OpenSignatoryTask(stage, next); }
        }

        private void DeclineToSign(DeclineToSign c)
        {
            RequireStage(StageKind.Signing, "decline to sign");
            var task = RequireTask(TaskKind.Sign);
            RequireText(c.Reason, "reason", MaxNoteLength);
            Emit(new SigningDeclined(task.ParticipantKey, actor.UserId, c.Reason.Trim()));
            Emit(new TaskClosed(task.No, WorkTaskStatus.Done));
            if (!State.Signatures.IsEmpty) { Emit(new SignaturesVoided(State.Signatures.Count, $"{task.ParticipantKey} declined to sign")); }
            Complete(StageVocabulary.Outcomes.Declined);
        }

        // ---- registration and publication -----------------------------------------------

        private void Register(Register c)
        {
            RequireStage(StageKind.Publication, "register");
            RequireTask(TaskKind.Register);
            var stage = (PublicationStage)CurrentStage;
            if (State.Registration is { } existing) { throw Refuse(RejectionCode.AlreadyRecorded, "alreadyRegistered", ("number", existing.Number), ("year", existing.Year)); }
            var number = (c.Number ?? "").Trim();
            if (!Regex.IsMatch(number, stage.NumberPattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                throw Refuse(RejectionCode.InvalidRegistrationNumber, "registrationNumberPattern", ("number", number), ("pattern", stage.NumberPattern));
            }
            Emit(new Registered(number, now.Year, actor.UserId));
            CompletePublicationWhenDone(stage);
        }

        private void RecordPublication(RecordPublication c)
        {
            RequireStage(StageKind.Publication, "record publication");
            RequireTask(TaskKind.Register);
            var stage = (PublicationStage)CurrentStage;
            if (State.Registration is null) { throw Refuse(RejectionCode.RegistrationRequired, "registerFirst"); }
            if (!stage.Countries.Contains(c.Country)) { throw Refuse(RejectionCode.InvalidInput, "publicationCountry", ("countries", stage.Countries), ("country", c.Country)); }
            if (State.Publications.Any(p => p.Country == c.Country)) { throw Refuse(RejectionCode.AlreadyRecorded, "publicationRecorded", ("country", c.Country)); }
            RequireText(c.Portal, "portal", 500);
            RequireText(c.Reference, "reference", 500);
            Emit(new PublicationRecorded(c.Country, c.Portal.Trim(), c.Reference.Trim(), c.PublishedOn, actor.UserId));
            CompletePublicationWhenDone(stage);
        }

        private void CompletePublicationWhenDone(PublicationStage stage)
        {
            if (State.Registration is not null && stage.Countries.All(country => State.Publications.Any(p => p.Country == country)))
            {
                Complete(StageVocabulary.Outcomes.Published);
            }
        }

        // ---- coordinator actions and deadlines --------------------------------------------

        private void Withdraw(Withdraw c)
        {
            RequireCoordinator("withdraw a resolution");
            RequireText(c.Reason, "reason", MaxNoteLength);
            foreach (var task in State.OpenTasks.ToList()) { Emit(new TaskClosed(task.No, WorkTaskStatus.Cancelled)); }
            Emit(new ResolutionWithdrawn(c.Reason.Trim(), actor.UserId));
        }

        private void ExtendDeadline(ExtendDeadline c)
        {
            RequireCoordinator("extend a deadline");
            RequireText(c.Reason, "reason", MaxNoteLength);
            if (c.Days is < 1 or > 366) { throw Refuse(RejectionCode.InvalidInput, "extensionDays"); }
            var task = RequireOpenTask(c.TaskNo);
            if (task.DueAt is null || task.Calendar is null) { throw Refuse(RejectionCode.InvalidInput, "taskWithoutDeadline", ("task", task.No)); }
            Extend(task, c.Days, c.Unit, c.Reason.Trim());
        }

        private void Extend(WorkTask task, int days, DayUnit unit, string reason)
        {
            var from = task.DueAt!.Value > now ? task.DueAt.Value : now;
            var due = owner._dueDates.DueAt(task.Calendar!, from, days, unit);
            Emit(new DeadlineExtended(task.No, task.DueAt, due.At, Reminders(definition.Stage(task.StageId).Deadline, task.Calendar!, due.At), reason, due.Provisional));
        }

        private void ReassignTask(ReassignTask c)
        {
            RequireCoordinator("reassign a task");
            RequireText(c.Reason, "reason", MaxNoteLength);
            var task = RequireOpenTask(c.TaskNo);
            if (c.Organisation is null && c.UserId is null) { throw Refuse(RejectionCode.InvalidInput, "reassignToWhom"); }
            if (c.Organisation is not null && !owner._registry.Organisations.ContainsKey(c.Organisation))
            {
                throw Refuse(RejectionCode.InvalidInput, "unknownOrganisation", ("organisation", c.Organisation));
            }
            var assignee = task.Assignee with
            {
                Organisation = c.Organisation ?? task.Assignee.Organisation,
                UserId = c.UserId ?? task.Assignee.UserId,
            };
            if (assignee == task.Assignee) { throw Refuse(RejectionCode.NoChange, "alreadyAssigned", ("task", task.No), ("assignee", assignee.ToString())); }
            Emit(new TaskReassigned(task.No, task.Assignee, assignee, c.Reason.Trim()));
        }

        private void NudgeTask(Nudge c)
        {
            RequireCoordinator("nudge a task");
            RequireText(c.Reason, "reason", MaxNoteLength);
            var task = RequireOpenTask(c.TaskNo);
            Emit(new TaskNudged(task.No, c.Reason.Trim(), actor.UserId));
        }

        private void ApplyDeadline(ApplyDeadline c)
        {
            if (!actor.IsSystem) { throw Refuse(RejectionCode.NotPermitted, "deadlinesBySystem"); }
            var task = RequireOpenTask(c.TaskNo);
            if (task.DueAt is not { } due || due > now)
            {
                throw Refuse(RejectionCode.DeadlineNotReached, "notDueYet", ("task", task.No));
            }
            var stage = definition.Stage(task.StageId);
            var escalateTo = stage.Deadline?.EscalateTo ?? "coordinator";
            if (stage is ReviewStage review && task.Kind == TaskKind.Review)
            {
                var policy = review.Silence.Policy;
                if (policy == SilencePolicy.Extend && task.ExtendedBySilence) { policy = SilencePolicy.Escalate; }
                if (policy == SilencePolicy.Escalate && task.Escalated) { throw Refuse(RejectionCode.AlreadyRecorded, "alreadyEscalated", ("task", task.No)); }
                switch (policy)
                {
                    case SilencePolicy.DeemedAgreed:
                        Emit(new SilencePolicyApplied(task.No, task.ParticipantKey, policy,
                            $"no opinion by {due:yyyy-MM-dd HH:mm} UTC: deemed agreed (stage '{review.Id}', silence policy deemedAgreed)"));
                        Emit(new OpinionRecorded(review.Id, task.ParticipantKey, task.Assignee.Organisation ?? task.ParticipantKey, actor.UserId,
                            OpinionKind.DeemedAgreed, State.CurrentText.Number, null));
                        Emit(new TaskClosed(task.No, WorkTaskStatus.DeemedAgreed));
                        SettleAuthorsRows(review.Id, task.ParticipantKey, SettledBy.SilenceDeemedAgreed);
                        EvaluateReview(review);
                        return;
                    case SilencePolicy.Extend:
                        Emit(new SilencePolicyApplied(task.No, task.ParticipantKey, policy,
                            $"no opinion by {due:yyyy-MM-dd HH:mm} UTC: deadline extended once by {review.Silence.ExtendDays} {review.Deadline!.Unit.ToString().ToLowerInvariant()} day(s) (silence policy extend)"));
                        Extend(task, review.Silence.ExtendDays, review.Deadline.Unit, "silence policy: extend");
                        return;
                    default:
                        Emit(new SilencePolicyApplied(task.No, task.ParticipantKey, SilencePolicy.Escalate,
                            $"no opinion by {due:yyyy-MM-dd HH:mm} UTC: escalated to {escalateTo} (silence policy {review.Silence.Policy.ToString().ToLowerInvariant()})"));
                        Emit(new TaskEscalated(task.No, escalateTo));
                        return;
                }
            }
            if (task.Escalated) { throw Refuse(RejectionCode.AlreadyRecorded, "alreadyEscalated", ("task", task.No)); }
            Emit(new TaskEscalated(task.No, escalateTo));
        }

        // ---- transitions ----------------------------------------------------------------

        private void Complete(string outcome)
        {
            var stage = CurrentStage;
            var target = stage.TargetOf(outcome);
            // The task whose holder completed the stage is done; any other still open is closed without its holder.
            foreach (var task in State.OpenTasksOfCurrentStage.ToList())
            {
                Emit(new TaskClosed(task.No, task.Assignee.Admits(actor, owner._registry) ? WorkTaskStatus.Done : WorkTaskStatus.Cancelled));
            }
            Emit(new StageCompleted(stage.Id, outcome, target));
            Enter(target);
        }

        private void Enter(string stageId)
        {
            var stage = definition.Stage(stageId);
            if (stage is SigningStage && State.UnsettledRemarks.Any())
            {
                throw Refuse(RejectionCode.OpenRemarksBlockSigning, "openRowsBlockSigning",
                    ("remarks", State.UnsettledRemarks.Select(r => r.No.ToString(CultureInfo.InvariantCulture))));
            }
            var entry = State.StageEntries.GetValueOrDefault(stageId) + 1;
            Emit(new StageEntered(stageId, entry));
            switch (stage)
            {
                case DraftingStage s: OpenTask(TaskKind.Draft, "drafter", DrafterAssignee(s.Actor), s); break;
                case RevisionStage s: OpenTask(TaskKind.Revise, "drafter", DrafterAssignee(s.Actor), s); break;
                case DecisionStage s: OpenTask(TaskKind.Decide, s.Actor.Role, new Assignee(s.Actor.Organisation, s.Actor.Role, null, null), s); break;
                case PublicationStage s: OpenTask(TaskKind.Register, s.Actor.Role, new Assignee(s.Actor.Organisation, s.Actor.Role, null, null), s); break;
                case ReviewStage s:
                    foreach (var p in ReviewersFor(s, entry).ToList())
                    {
                        OpenTask(TaskKind.Review, p.Key, new Assignee(p.Organisation, p.Role ?? "officer", p.Country, null), s);
                    }
                    if (!State.OpenTasksOfCurrentStage.Any()) { EvaluateReview(s); }
                    break;
                case SigningStage s:
                    foreach (var signatory in s.Order == SigningOrder.Parallel ? s.Signatories.AsEnumerable() : s.Signatories.Take(1))
                    {
                        OpenSignatoryTask(s, signatory);
                    }
                    break;
                case EndStage s:
                    Emit(new ResolutionClosed(s.Result));
                    break;
            }
        }

        private Assignee DrafterAssignee(ActorRule rule) => new(rule.Organisation ?? State.DrafterOrganisation, rule.Role, null, null);

        private void OpenSignatoryTask(SigningStage stage, Signatory signatory) =>
            OpenTask(TaskKind.Sign, signatory.Key, new Assignee(null, signatory.Role, signatory.Country, null), stage);

        private void OpenTask(TaskKind kind, string participantKey, Assignee assignee, Stage stage)
        {
            DueDate? due = null;
            string? calendar = null;
            ImmutableArray<DateTimeOffset> reminders = [];
            if (stage.Deadline is { } rule)
            {
                calendar = rule.Calendar == DeadlineRule.PartyCalendar ? CalendarOf(assignee) : rule.Calendar;
                due = owner._dueDates.DueAt(calendar, now, rule.Days, rule.Unit);
                reminders = Reminders(rule, calendar, due.Value.At);
            }
            var no = State.Tasks.Count + 1;
            Emit(new TaskOpened(new WorkTask(no, stage.Id, State.StageEntry, kind, participantKey, assignee, now, due?.At, calendar, reminders,
                WorkTaskStatus.Open, Escalated: false, ExtendedBySilence: false, DueIsProvisional: due?.Provisional ?? false)));
        }

        private ImmutableArray<DateTimeOffset> Reminders(DeadlineRule? rule, string calendar, DateTimeOffset due) =>
            rule is null ? [] : [.. rule.Reminders.Select(r => owner._dueDates.RemindAt(calendar, due, r.Before, r.Unit).At).Where(at => at > now).Order()];

        private string CalendarOf(Assignee assignee)
        {
            var country = assignee.Country ?? (assignee.Organisation is { } org ? owner._registry.Organisations[org].Country : null)
                ?? throw new InvalidOperationException($"no country for {assignee}; the loader should have refused this definition");
            return owner._registry.Countries[country].Calendar;
        }

        // ---- guards ---------------------------------------------------------------------

        private void RequireStage(StageKind kind, string action)
        {
            if (CurrentStage.Kind != kind)
            {
                throw Refuse(RejectionCode.StageClosed, "wrongStage", ("action", action), ("stage", State.StageId), ("kind", CurrentStage.Kind.ToString().ToLowerInvariant()));
            }
        }

        private WorkTask RequireTask(TaskKind kind)
        {
            var open = State.OpenTasksOfCurrentStage.Where(t => t.Kind == kind).ToList();
            var mine = open.FirstOrDefault(t => t.Assignee.Admits(actor, owner._registry));
            if (mine is not null) { return mine; }

            var done = State.Tasks.LastOrDefault(t => t.StageId == State.StageId && t.StageEntry == State.StageEntry && t.Kind == kind && !t.IsOpen
                && t.Assignee.Admits(actor, owner._registry));
            if (done is not null)
            {
                throw Refuse(RejectionCode.TaskClosed, "yourTaskClosed", ("stage", State.StageId), ("status", done.Status.ToString().ToLowerInvariant()));
            }
            throw open.Count == 0
                ? Refuse(RejectionCode.NotYourTask, "noOpenTask", ("kind", kind.ToString().ToLowerInvariant()), ("stage", State.StageId))
                : Refuse(RejectionCode.NotYourTask, "notYourTask", ("participants", open.Select(t => t.ParticipantKey)));
        }

        private WorkTask RequireOpenTask(int taskNo)
        {
            var task = State.Tasks.FirstOrDefault(t => t.No == taskNo) ?? throw Refuse(RejectionCode.UnknownTask, "unknownTask", ("task", taskNo));
            return task.IsOpen ? task : throw Refuse(RejectionCode.TaskClosed, "taskClosed", ("task", taskNo), ("status", task.Status.ToString().ToLowerInvariant()));
        }

        private void RequireCoordinator(string action)
        {
            if (!actor.Has("coordinator") && !actor.Has("administrator"))
            {
                throw Refuse(RejectionCode.NotPermitted, "onlyCoordinator", ("action", action));
            }
        }

        private void RequireCurrentHash(string? seen)
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

        private static void RequireText(string? value, string name, int max)
        {
            if (string.IsNullOrWhiteSpace(value)) { throw Refuse(RejectionCode.InvalidInput, "fieldEmpty", ("field", name)); }
            if (value.Length > max) { throw Refuse(RejectionCode.InvalidInput, "fieldTooLong", ("field", name), ("max", max)); }
        }
    }

}
