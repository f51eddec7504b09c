using System.Collections.Immutable;
using ResolutionWorkflow.Contracts;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Resolutions;
using E = ResolutionWorkflow.Engine.Resolutions;

namespace ResolutionWorkflow.App.Messaging;

/// <summary>Turns a contract message into the engine's command; words that name no enum value are a clear rejection, not an exception.</summary>
public static class CommandMapper
{
    public static (ResolutionCommand? Command, Rejection? Rejection) ToEngine(IResolutionCommand message, ActorRef? actorOverride = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var a = actorOverride ?? message.Actor;
        if (a is null || string.IsNullOrWhiteSpace(a.UserId) || string.IsNullOrWhiteSpace(a.Organisation))
        {
            return (null, Rejection.Of(RejectionCode.InvalidInput, "noActor"));
        }
        if (message.CommandId == Guid.Empty || message.ResolutionId == Guid.Empty)
        {
            return (null, Rejection.Of(RejectionCode.InvalidInput, "noIds"));
        }
        var actor = new Actor(a.UserId, a.Organisation, [.. a.Roles ?? []]);
        var (id, rid) = (message.CommandId, message.ResolutionId);
        try
        {
            ResolutionCommand command = message switch
            {
                Contracts.StartResolution m => new E.StartResolution(m.DefinitionId, m.Title, m.Text) { CommandId = id, ResolutionId = rid, Actor = actor },
                Contracts.SubmitForReview m => new E.SubmitForReview(m.SeenTextHash) { CommandId = id, ResolutionId = rid, Actor = actor },
                GiveOpinion m => new RecordOpinion(m.SeenTextHash, Parse<OpinionKind>(m.Opinion, "opinion"),
                    [.. (m.Remarks ?? []).Select(r => new RemarkInput(r.Clause, r.Text))], m.Comment) { CommandId = id, ResolutionId = rid, Actor = actor },
                Contracts.AnswerRemark m => new E.AnswerRemark(m.RemarkNo, Parse<RemarkAnswer>(m.Answer, "answer"), m.Reason) { CommandId = id, ResolutionId = rid, Actor = actor },
                Contracts.IssueTextVersion m => new E.IssueTextVersion(m.Text, m.Note) { CommandId = id, ResolutionId = rid, Actor = actor },
                Contracts.Resubmit => new E.Resubmit { CommandId = id, ResolutionId = rid, Actor = actor },
                Contracts.RequestConciliation m => new E.RequestConciliation(m.Reason) { CommandId = id, ResolutionId = rid, Actor = actor },
                Contracts.DecideOutcome m => new E.DecideOutcome(m.Outcome, m.Reason,
                    [.. (m.Decisions ?? []).Select(d => new ConciliationInput(d.RemarkNo, d.Decision))]) { CommandId = id, ResolutionId = rid, Actor = actor },
                SignResolution m => new Sign(m.SeenTextHash) { CommandId = id, ResolutionId = rid, Actor = actor },
                Contracts.DeclineToSign m => new E.DeclineToSign(m.Reason) { CommandId = id, ResolutionId = rid, Actor = actor },
                RegisterResolution m => new Register(m.Number) { CommandId = id, ResolutionId = rid, Actor = actor },
                Contracts.RecordPublication m => new E.RecordPublication(m.Country, m.Portal, m.Reference, m.PublishedOn) { CommandId = id, ResolutionId = rid, Actor = actor },
                WithdrawResolution m => new Withdraw(m.Reason) { CommandId = id, ResolutionId = rid, Actor = actor },
                Contracts.ExtendDeadline m => new E.ExtendDeadline(m.TaskNo, m.Days, Parse<DayUnit>(m.Unit, "unit"), m.Reason) { CommandId = id, ResolutionId = rid, Actor = actor },
                NudgeTask m => new Nudge(m.TaskNo, m.Reason) { CommandId = id, ResolutionId = rid, Actor = actor },
                Contracts.ReassignTask m => new E.ReassignTask(m.TaskNo, m.Organisation, m.UserId, m.Reason) { CommandId = id, ResolutionId = rid, Actor = actor },
                _ => throw new UnknownWordException(Rejection.Of(RejectionCode.InvalidInput, "unknownCommand", ("command", message.GetType().Name))),
            };
            return (command with { ExpectedVersion = message.ExpectedVersion }, null);
        }
        catch (UnknownWordException e)
        {
            return (null, e.Rejection);
        }
    }

    private static T Parse<T>(string? word, string what) where T : struct, Enum
    {
        var names = Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]).ToImmutableArray();
        return word is not null && Enum.TryParse<T>(word, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(word, out _)
            ? value
            : throw new UnknownWordException(Rejection.Of(RejectionCode.InvalidInput, "unknownWord", ("word", word), ("field", what), ("words", names)));
    }

    private sealed class UnknownWordException(Rejection rejection) : Exception(rejection.Message)
    {
        public Rejection Rejection { get; } = rejection;
    }
}
