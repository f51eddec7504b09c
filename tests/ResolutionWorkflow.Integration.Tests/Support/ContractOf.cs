using ResolutionWorkflow.Engine.Resolutions;
using C = ResolutionWorkflow.Contracts;

namespace ResolutionWorkflow.Integration.Tests.Support;

/// <summary>The message a caller would put on the bus for an engine command the test builders made.</summary>
public static class ContractOf
{
    public static C.IResolutionCommand Command(ResolutionCommand c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var actor = new C.ActorRef(c.Actor.UserId, c.Actor.Organisation, [.. c.Actor.Roles]);
        var (id, rid) = (c.CommandId, c.ResolutionId);
        return c switch
        {
            StartResolution m => new C.StartResolution(id, rid, actor, m.DefinitionId, m.Title, m.Text, m.Reviewers is { } reviewers ? [.. reviewers] : null),
            ProposeReviewers m => new C.ProposeReviewers(id, rid, actor, [.. m.Organisations]),
            ConfirmReviewers m => new C.ConfirmReviewers(id, rid, actor, m.Organisations is { } o ? [.. o] : throw new ArgumentException("a confirmation message names its list", nameof(c)), m.Reason),
            SubmitForReview m => new C.SubmitForReview(id, rid, actor, m.SeenTextHash),
            RecordOpinion m => new C.GiveOpinion(id, rid, actor, m.SeenTextHash, Word(m.Kind), [.. m.Remarks.Select(r => new C.RemarkOnClause(r.Clause, r.Text, r.ProposedWording))], m.Comment, m.LetterNumber),
            AnswerRemark m => new C.AnswerRemark(id, rid, actor, m.RemarkNo, Word(m.Answer), m.Reason),
            IssueTextVersion m => new C.IssueTextVersion(id, rid, actor, m.Text, m.Note),
            AttachDocument m => new C.AttachDocument(id, rid, actor, m.Document.Kind, m.Document.Name, m.Document.MediaType, m.Document.Size, m.Document.Sha256),
            RemoveAttachment m => new C.RemoveAttachment(id, rid, actor, m.Sha256),
            Resubmit => new C.Resubmit(id, rid, actor),
            RequestConciliation m => new C.RequestConciliation(id, rid, actor, m.Reason),
            DecideOutcome m => new C.DecideOutcome(id, rid, actor, m.Outcome, m.Reason, [.. m.Decisions.Select(Decision)]),
            RecordConciliationMeeting m => new C.RecordConciliationMeeting(id, rid, actor, m.Date, Word(m.Format), m.Place, [.. m.Participants], m.Protocol, m.Minutes,
                [.. m.Decisions.Select(Decision)], m.ReturnToDrafter,
                m.MinutesFile is { } f ? new C.StoredDocument(f.Name, f.MediaType, f.Size, f.Sha256) : null),
            AnswerMinutes m => new C.AnswerMinutes(id, rid, actor, m.Confirm, m.Reason),
            IssueAgreedText m => new C.IssueAgreedText(id, rid, actor, m.SeenTextHash, m.Note),
            ScheduleAdoption m => new C.ScheduleAdoption(id, rid, actor, Word(m.Form), m.Date, m.Place),
            RecordAdoption m => new C.RecordAdoption(id, rid, actor, m.Outcome, m.Date, m.Protocol, m.Note),
            Sign m => new C.SignResolution(id, rid, actor, m.SeenTextHash, m.Evidence?.Cms),
            DeclineToSign m => new C.DeclineToSign(id, rid, actor, m.Reason),
            Register m => new C.RegisterResolution(id, rid, actor, m.Number),
            RecordPublication m => new C.RecordPublication(id, rid, actor, m.Country, m.Portal, m.Reference, m.PublishedOn),
            Withdraw m => new C.WithdrawResolution(id, rid, actor, m.Reason),
            ExtendDeadline m => new C.ExtendDeadline(id, rid, actor, m.TaskNo, m.Days, Word(m.Unit), m.Reason),
            Nudge m => new C.NudgeTask(id, rid, actor, m.TaskNo, m.Reason),
            ReassignTask m => new C.ReassignTask(id, rid, actor, m.TaskNo, m.Organisation, m.UserId, m.Reason),
            _ => throw new ArgumentException($"no contract for {c.GetType().Name}", nameof(c)),
        };
    }

    private static string Word<T>(T value) where T : struct, Enum => char.ToLowerInvariant(value.ToString()[0]) + value.ToString()[1..];

    private static C.ConciliationDecision Decision(ConciliationInput d) => new(d.RemarkNo, d.Choice is { } choice ? Word(choice) : null, d.Wording, d.Note);
}
