using System.Collections.Immutable;
using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.Engine.Resolutions;

/// <summary><c>apply(state, event)</c>: folds one event into the state. Total and side-effect free.</summary>
public static class Evolve
{
    public static ResolutionState Apply(ResolutionState? state, ResolutionEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (state is null)
        {
            return e is ResolutionStarted s
                ? new ResolutionState(
                    s.ResolutionId, s.DefinitionId, s.DefinitionVersion, s.Title, s.DrafterOrganisation, s.DrafterUserId,
                    ResolutionStatus.Active, StageId: "", StageEntry: 0, StageEnteredAt: e.At,
                    ImmutableDictionary<string, int>.Empty, [], [], [], [], [], null, [], 1, e.At, e.At)
                : throw new InvalidOperationException($"a resolution must start with {nameof(ResolutionStarted)}, not {e.GetType().Name}");
        }

        if (e is CommandRefused or TaskNudged)
        {
            // On record, but not progress: a refused attempt or a reminder must not make a stuck item look alive.
            return state with { EventCount = state.EventCount + 1 };
        }
        var next = state with { EventCount = state.EventCount + 1, LastActivityAt = e.At };
        return e switch
        {
            ResolutionStarted => throw new InvalidOperationException("the resolution has already started"),
            TextVersionIssued v => next with
            {
                Versions = next.Versions.Add(new TextVersion(v.Number, v.Text, v.Hash, v.IssuedBy, v.At, v.Note, v.Attachments)),
            },
            StageEntered s => next with
            {
                StageId = s.StageId,
                StageEntry = s.Entry,
                StageEnteredAt = s.At,
                StageEntries = next.StageEntries.SetItem(s.StageId, s.Entry),
            },
            StageCompleted => next,
            TaskOpened t => next with { Tasks = next.Tasks.Add(t.Task) },
            TaskClosed c => UpdateTask(next, c.TaskNo, t => t with { Status = c.Status, ClosedAt = c.At }),
            OpinionRecorded o => next with
            {
                Opinions = next.Opinions.Add(new Opinion(o.StageId, next.StageEntry, o.ParticipantKey, o.Organisation, o.UserId, o.Kind, o.TextVersion, o.At, o.Comment)),
            },
            RemarkRaised r => next with
            {
                Remarks = next.Remarks.Add(new Remark(r.RemarkNo, r.StageId, r.ParticipantKey, r.Organisation, r.UserId, r.TextVersion, r.Clause, r.Text, r.Objection,
                    null, null, null, RemarkStatus.Open, r.Late, ProposedWording: r.ProposedWording)),
            },
            RemarkAnswered a => UpdateRemark(next, a.RemarkNo, r => r with { Answer = a.Answer, AnswerReason = a.Reason, Status = RemarkStatus.Answered }),
            // Settled otherwise than by a decision (its author agreed), a row keeps no wording a meeting proposed for it.
            RemarkSettled s => UpdateRemark(next, s.RemarkNo, r => s.By == SettledBy.ConciliationDecision
                ? r with { Status = RemarkStatus.Settled, Conciliation = s.Note }
                : r with { Status = RemarkStatus.Settled, Choice = null, Wording = null }),
            DecisionRecorded => next,
            // A new meeting decides afresh: decisions of an earlier one on rows still open lapse (the journal keeps them).
            ConciliationMeetingRecorded m => next with
            {
                Meeting = new ConciliationMeeting(next.StageEntry, m.Date, m.Format, m.Place, m.Participants, m.Protocol, m.Minutes, m.ReturnToDrafter, m.MinutesFile),
                Remarks = [.. next.Remarks.Select(r => r.Status != RemarkStatus.Settled && r.Conciliation is not null ? r with { Conciliation = null, Dissent = null, Choice = null, Wording = null } : r)],
            },
            // A body's dissent stays on its row when the heads of government decide it (a new meeting clears it above).
            RemarkDecided d => UpdateRemark(next, d.RemarkNo, r => r with { Conciliation = d.Decision, Choice = d.Choice, Wording = d.Wording }),
            WordingCarried w => UpdateRemark(next, w.RemarkNo, r => r with { WordingVersion = w.TextVersion }),
            MinutesConfirmed => next,
            DrafterNotAsked => next,
            // A dissent keeps the row open: the meeting's wording for it no longer stands (the heads of government decide).
            MinutesDissented d => next with { Remarks = [.. next.Remarks.Select(r => r.Organisation == d.Organisation && r.Status != RemarkStatus.Settled && r.Conciliation is not null ? r with { Dissent = d.Reason, Choice = null, Wording = null } : r)] },
            ReviewersProposed p => next with { Reviewers = new ReviewerChoice(p.Organisations, Confirmed: false) },
            ReviewersConfirmed c => next with { Reviewers = new ReviewerChoice(c.Organisations, Confirmed: true) },
            AdoptionScheduled a => next with { Adoption = new Adoption(next.StageEntry, a.Form, a.Date, a.Place, a.At) },
            AdoptionRecorded a => next with { Adoption = next.Adoption! with { Outcome = a.Outcome, DecidedOn = a.Date, Protocol = a.Protocol, Note = a.Note } },
            SignatureRecorded s => next with
            {
                Signatures = next.Signatures.Add(new Signature(s.SignatoryKey, s.UserId, s.Organisation, s.TextHash, s.TextVersion, s.At)),
            },
            SigningDeclined => next,
            SignaturesVoided => next with { Signatures = [] },
            Registered r => next with { Registration = new Registration(r.Number, r.Year, r.UserId, r.At) },
            ActDated a => next with { ActDate = a.Date },
            PublicationRecorded p => next with { Publications = next.Publications.Add(new Publication(p.Country, p.Portal, p.Reference, p.PublishedOn, p.UserId)) },
            ResolutionWithdrawn => next with { Status = ResolutionStatus.Withdrawn },
            ResolutionClosed c => next with
            {
                Status = c.Result switch
                {
                    EndResult.Adopted => ResolutionStatus.Adopted,
                    EndResult.Withdrawn => ResolutionStatus.Withdrawn,
                    _ => ResolutionStatus.Rejected,
                },
            },
            DeadlineExtended d => UpdateTask(next, d.TaskNo, t => t with { DueAt = d.DueAt, RemindAt = d.RemindAt, DueIsProvisional = d.Provisional }),
            TaskReassigned r => UpdateTask(next, r.TaskNo, t => t with { Assignee = r.Assignee }),
            SilencePolicyApplied s => s.Policy == SilencePolicy.Extend ? UpdateTask(next, s.TaskNo, t => t with { ExtendedBySilence = true }) : next,
            TaskEscalated x => UpdateTask(next, x.TaskNo, t => t with { Escalated = true }),
            _ => throw new InvalidOperationException($"no apply rule for {e.GetType().Name}"),
        };
    }

    public static ResolutionState? ApplyAll(ResolutionState? state, IEnumerable<ResolutionEvent> events) =>
        events.Aggregate(state, Apply);

    private static ResolutionState UpdateTask(ResolutionState s, int taskNo, Func<WorkTask, WorkTask> change)
    {
        var index = s.Tasks.FindIndex(t => t.No == taskNo);
        return index < 0 ? throw new InvalidOperationException($"no task {taskNo}") : s with { Tasks = s.Tasks.SetItem(index, change(s.Tasks[index])) };
    }

    private static ResolutionState UpdateRemark(ResolutionState s, int remarkNo, Func<Remark, Remark> change)
    {
        var index = s.Remarks.FindIndex(r => r.No == remarkNo);
        return index < 0 ? throw new InvalidOperationException($"no remark {remarkNo}") : s with { Remarks = s.Remarks.SetItem(index, change(s.Remarks[index])) };
    }
}
