using System.Collections.Immutable;
using System.Globalization;
using ResolutionWorkflow.Contracts;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Resolutions;
using E = ResolutionWorkflow.Engine.Resolutions;

namespace ResolutionWorkflow.App.Messaging;

/// <summary>
/// Every command message in one place: how its fields are checked (with JSON paths) and which engine
/// command it becomes. The bus registers a consumer and request client per entry, <see cref="CommandInput"/>
/// checks by it and <see cref="CommandMapper"/> maps by it; so a new command is its contract, one entry
/// here, its engine rule and its test.
/// </summary>
public static class CommandCatalog
{
    public static IReadOnlyList<CommandEntry> All { get; } =
    [
        Entry<Contracts.StartResolution>((m, check, _) =>
        {
            check.Text(m.DefinitionId, "$.definitionId", CommandInput.MaxWord);
            check.Text(m.Title, "$.title", CommandInput.MaxTitle);
            check.Text(m.Text, "$.text", Decider.MaxTextLength);
            check.Items(m.Reviewers, "$.reviewers", (o, path) => check.Text(o, path, CommandInput.MaxWord));
        }, (m, by) => new E.StartResolution(m.DefinitionId, m.Title, m.Text, m.Reviewers is null ? null : [.. m.Reviewers]) { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),

        Entry<Contracts.ProposeReviewers>((m, check, _) =>
        {
            if (m.Organisations is null) { check.Add("$.organisations", "is required (an empty list sends the draft to the mandatory bodies only)"); }
            check.Items(m.Organisations, "$.organisations", (o, path) => check.Text(o, path, CommandInput.MaxWord));
        }, (m, by) => new E.ProposeReviewers([.. m.Organisations ?? []]) { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),

        Entry<Contracts.ConfirmReviewers>((m, check, _) =>
        {
            if (m.Organisations is null) { check.Add("$.organisations", "is required: the proposed list confirms the proposal, another list amends it (with a reason)"); }
            check.Items(m.Organisations, "$.organisations", (o, path) => check.Text(o, path, CommandInput.MaxWord));
            check.Optional(m.Reason, "$.reason", Decider.MaxNoteLength);
        }, (m, by) => new E.ConfirmReviewers([.. m.Organisations ?? []], m.Reason) { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),

        Entry<Contracts.SubmitForReview>((m, check, _) => check.Hash(m.SeenTextHash, "$.seenTextHash"),
            (m, by) => new E.SubmitForReview(m.SeenTextHash) { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),

        Entry<GiveOpinion>((m, check, _) =>
        {
            check.Hash(m.SeenTextHash, "$.seenTextHash");
            check.Word(m.Opinion, "$.opinion", CommandInput.Opinions);
            check.Items(m.Remarks, "$.remarks", (r, path) =>
            {
                check.Text(r.Clause, $"{path}.clause", CommandInput.MaxClause);
                check.Text(r.Text, $"{path}.text", Decider.MaxNoteLength);
                check.Optional(r.ProposedWording, $"{path}.proposedWording", Decider.MaxNoteLength);
            });
            check.Optional(m.Comment, "$.comment", Decider.MaxNoteLength);
            check.Optional(m.LetterNumber, "$.letterNumber", 50);
        }, (m, by) => new RecordOpinion(m.SeenTextHash, Word<OpinionKind>(m.Opinion, "opinion"), [.. (m.Remarks ?? []).Select(r => new RemarkInput(r.Clause, r.Text, r.ProposedWording))], m.Comment, m.LetterNumber)
        { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),

        Entry<Contracts.AnswerRemark>((m, check, _) =>
        {
            check.Number(m.RemarkNo, "$.remarkNo", 1, int.MaxValue);
            check.Word(m.Answer, "$.answer", CommandInput.Answers);
            check.Text(m.Reason, "$.reason", Decider.MaxNoteLength);
        }, (m, by) => new E.AnswerRemark(m.RemarkNo, Word<RemarkAnswer>(m.Answer, "answer"), m.Reason) { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),

        Entry<Contracts.IssueTextVersion>((m, check, _) =>
        {
            check.Text(m.Text, "$.text", Decider.MaxTextLength);
            check.Optional(m.Note, "$.note", Decider.MaxNoteLength);
        }, (m, by) => new E.IssueTextVersion(m.Text, m.Note) { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),

        Entry<Contracts.AttachDocument>((m, check, _) =>
        {
            check.Text(m.Kind, "$.kind", CommandInput.MaxWord);
            Document(check, m.Name, m.MediaType, m.Size, m.Sha256, "$.");
        }, (m, by) => new E.AttachDocument(new Engine.Texts.Attachment(m.Kind, m.Name, m.MediaType, m.Size, m.Sha256)) { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),

        Entry<Contracts.RemoveAttachment>((m, check, _) => check.Hash(m.Sha256, "$.sha256"),
            (m, by) => new E.RemoveAttachment(m.Sha256) { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),

        Entry<Contracts.Resubmit>((_, _, _) => { }, (m, by) => new E.Resubmit { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),

        Entry<Contracts.RequestConciliation>((m, check, _) => check.Text(m.Reason, "$.reason", Decider.MaxNoteLength),
            (m, by) => new E.RequestConciliation(m.Reason) { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),

        Entry<Contracts.DecideOutcome>((m, check, _) =>
        {
            check.Text(m.Outcome, "$.outcome", CommandInput.MaxWord);
            check.Text(m.Reason, "$.reason", Decider.MaxNoteLength);
            Decisions(check, m.Decisions);
            if (m.Decisions is { } decisions && decisions.OfType<ConciliationDecision>().GroupBy(d => d.RemarkNo).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                check.Add("$.decisions", string.Create(CultureInfo.InvariantCulture, $"remark {twice.Key} is decided more than once"));
            }
        }, (m, by) => new E.DecideOutcome(m.Outcome, m.Reason, Decisions(m.Decisions))
        { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),

        Entry<Contracts.RecordConciliationMeeting>((m, check, today) =>
        {
            check.PastDay(m.Date, "$.date", today);
            check.Word(m.Format, "$.format", CommandInput.MeetingFormats);
            check.Optional(m.Place, "$.place", CommandInput.MaxPlace);
            if (m.Participants is null) { check.Add("$.participants", "is required: the organisations that took part"); }
            check.Items(m.Participants, "$.participants", (o, path) => check.Text(o, path, CommandInput.MaxWord));
            check.Text(m.Protocol, "$.protocol", CommandInput.MaxProtocol);
            check.Text(m.Minutes, "$.minutes", CommandInput.MaxMinutes);
            Decisions(check, m.Decisions);
            if (m.MinutesFile is { } file) { Document(check, file.Name, file.MediaType, file.Size, file.Sha256, "$.minutesFile."); }
        }, (m, by) => new E.RecordConciliationMeeting(m.Date, Word<MeetingFormat>(m.Format, "format"), m.Place, [.. m.Participants ?? []], m.Protocol, m.Minutes,
            Decisions(m.Decisions), m.ReturnToDrafter,
            m.MinutesFile is { } file ? new Engine.Texts.Attachment(E.RecordConciliationMeeting.MinutesFileKind, file.Name, file.MediaType, file.Size, file.Sha256) : null)
        { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),

        Entry<Contracts.IssueAgreedText>((m, check, _) =>
        {
            check.Hash(m.SeenTextHash, "$.seenTextHash");
            check.Optional(m.Note, "$.note", Decider.MaxNoteLength);
        }, (m, by) => new E.IssueAgreedText(m.SeenTextHash, m.Note) { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),

        Entry<Contracts.AnswerMinutes>((m, check, _) =>
        {
            if (m.Confirm) { check.Optional(m.Reason, "$.reason", Decider.MaxNoteLength); }
            else { check.Text(m.Reason, "$.reason", Decider.MaxNoteLength); }
        }, (m, by) => new E.AnswerMinutes(m.Confirm, m.Reason) { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),

        Entry<Contracts.ScheduleAdoption>((m, check, today) =>
        {
            check.Word(m.Form, "$.form", CommandInput.AdoptionForms);
            check.Optional(m.Place, "$.place", CommandInput.MaxPlace);
            if (m.Date > today.AddYears(1).AddDays(1)) { check.Add("$.date", $"is more than a year ahead (today is {today:yyyy-MM-dd})"); }
            check.Day(m.Date, "$.date");
        }, (m, by) => new E.ScheduleAdoption(Word<AdoptionForm>(m.Form, "form"), m.Date, m.Place) { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),

        Entry<Contracts.RecordAdoption>((m, check, today) =>
        {
            check.PastDay(m.Date, "$.date", today);
            check.Text(m.Outcome, "$.outcome", CommandInput.MaxWord);
            check.Text(m.Protocol, "$.protocol", CommandInput.MaxProtocol);
            check.Optional(m.Note, "$.note", Decider.MaxNoteLength);
        }, (m, by) => new E.RecordAdoption(m.Outcome, m.Date, m.Protocol, m.Note) { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),

        // The CMS signature is verified against stored things (the version's content, the account, the trust anchors) by SignatureCheck before the engine sees it.
        Entry<SignResolution>((m, check, _) =>
        {
            check.Hash(m.SeenTextHash, "$.seenTextHash");
            if (m.Cms is not null && (m.Cms.Length > Documents.SignatureCheck.MaxCmsBase64 || !Convert.TryFromBase64String(m.Cms, new byte[m.Cms.Length], out int _)))
            {
                check.Add("$.cms", $"must be a DER CMS signature in base64, at most {Documents.SignatureCheck.MaxCmsBase64} characters");
            }
        }, (m, by) => new Sign(m.SeenTextHash) { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),

        Entry<Contracts.DeclineToSign>((m, check, _) => check.Text(m.Reason, "$.reason", Decider.MaxNoteLength),
            (m, by) => new E.DeclineToSign(m.Reason) { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),

        Entry<RegisterResolution>((m, check, _) => check.Text(m.Number, "$.number", CommandInput.MaxRegistrationNumber),
            (m, by) => new Register(m.Number) { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),

        Entry<Contracts.RecordPublication>((m, check, today) =>
        {
            check.Text(m.Country, "$.country", CommandInput.MaxWord);
            check.Text(m.Portal, "$.portal", CommandInput.MaxReference);
            check.Text(m.Reference, "$.reference", CommandInput.MaxReference);
            check.PastDay(m.PublishedOn, "$.publishedOn", today);
        }, (m, by) => new E.RecordPublication(m.Country, m.Portal, m.Reference, m.PublishedOn) { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),

        Entry<WithdrawResolution>((m, check, _) => check.Text(m.Reason, "$.reason", Decider.MaxNoteLength),
            (m, by) => new Withdraw(m.Reason) { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),

        Entry<Contracts.ExtendDeadline>((m, check, _) =>
        {
            check.Number(m.TaskNo, "$.taskNo", 1, int.MaxValue);
            check.Number(m.Days, "$.days", 1, CommandInput.MaxExtensionDays);
            check.Word(m.Unit, "$.unit", CommandInput.Units);
            check.Text(m.Reason, "$.reason", Decider.MaxNoteLength);
        }, (m, by) => new E.ExtendDeadline(m.TaskNo, m.Days, Word<DayUnit>(m.Unit, "unit"), m.Reason) { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),

        Entry<Contracts.ReassignTask>((m, check, _) =>
        {
            check.Number(m.TaskNo, "$.taskNo", 1, int.MaxValue);
            check.Optional(m.Organisation, "$.organisation", CommandInput.MaxWord);
            check.Optional(m.UserId, "$.userId", CommandInput.MaxUserId);
            if (string.IsNullOrWhiteSpace(m.Organisation) && string.IsNullOrWhiteSpace(m.UserId)) { check.Add("$.organisation", "name the organisation or the user to give the task to"); }
            check.Text(m.Reason, "$.reason", Decider.MaxNoteLength);
        }, (m, by) => new E.ReassignTask(m.TaskNo, m.Organisation, m.UserId, m.Reason) { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),

        Entry<NudgeTask>((m, check, _) =>
        {
            check.Number(m.TaskNo, "$.taskNo", 1, int.MaxValue);
            check.Text(m.Reason, "$.reason", Decider.MaxNoteLength);
        }, (m, by) => new Nudge(m.TaskNo, m.Reason) { CommandId = m.CommandId, ResolutionId = m.ResolutionId, Actor = by }),
    ];

    private static readonly Dictionary<Type, CommandEntry> ByType = All.ToDictionary(e => e.Message);

    /// <summary>The entry for a message type; none for a type that is not a command of this application.</summary>
    public static CommandEntry? Find(Type message) => ByType.GetValueOrDefault(message);

    private static CommandEntry<T> Entry<T>(Action<T, InputChecker, DateOnly> check, Func<T, Actor, ResolutionCommand> toEngine) where T : class, IResolutionCommand =>
        new CommandEntry<T>(check, toEngine);

    /// <summary>A stored document's fields, under <paramref name="prefix"/> ("$." or "$.minutesFile.").</summary>
    private static void Document(InputChecker check, string name, string mediaType, long size, string sha256, string prefix)
    {
        check.Text(name, prefix + "name", 255);
        check.Text(mediaType, prefix + "mediaType", CommandInput.MaxWord);
        if (size <= 0) { check.Add(prefix + "size", "must be above zero"); }
        check.Hash(sha256, prefix + "sha256");
    }

    /// <summary>Each row's decision: its choice from the set, a new wording's text, the reasoning if given.</summary>
    private static void Decisions(InputChecker check, IReadOnlyList<ConciliationDecision>? decisions) =>
        check.Items(decisions, "$.decisions", (d, path) =>
        {
            check.Number(d.RemarkNo, $"{path}.remarkNo", 1, int.MaxValue);
            check.Word(d.Choice, $"{path}.choice", CommandInput.WordingChoices);
            if (string.Equals(d.Choice, "newWording", StringComparison.OrdinalIgnoreCase)) { check.Text(d.Wording, $"{path}.wording", Decider.MaxWordingLength); }
            else if (d.Wording is not null) { check.Add($"{path}.wording", "is given only with the choice newWording"); }
            check.Optional(d.Decision, $"{path}.decision", Decider.MaxNoteLength);
        });

    private static ImmutableArray<ConciliationInput> Decisions(IReadOnlyList<ConciliationDecision>? decisions) =>
        [.. (decisions ?? []).Select(d => new ConciliationInput(d.RemarkNo, Word<WordingChoice>(d.Choice, "choice"), d.Wording, d.Decision))];

    /// <summary>A word of the message as the engine's enum value; a word outside the set is a clear rejection, not an exception.</summary>
    private static T Word<T>(string? word, string what) where T : struct, Enum
    {
        var names = Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]).ToImmutableArray();
        return word is not null && Enum.TryParse<T>(word, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(word, out _)
            ? value
            : throw new UnknownWordException(Rejection.Of(RejectionCode.InvalidInput, "unknownWord", ("word", word), ("field", what), ("words", names)));
    }
}

/// <summary>A word of a message outside its set, found while mapping it to the engine's command.</summary>
public sealed class UnknownWordException(Rejection rejection) : Exception(rejection.Message)
{
    public Rejection Rejection { get; } = rejection;
}

/// <summary>One command message: its type, its field checks and its engine command.</summary>
public abstract class CommandEntry
{
    public abstract Type Message { get; }

    public abstract void Check(IResolutionCommand message, InputChecker check, DateOnly today);

    /// <summary>The engine's command by <paramref name="actor"/>; throws <see cref="UnknownWordException"/> for a word outside its set.</summary>
    public abstract ResolutionCommand ToEngine(IResolutionCommand message, Actor actor);
}

internal sealed class CommandEntry<T>(Action<T, InputChecker, DateOnly> check, Func<T, Actor, ResolutionCommand> toEngine) : CommandEntry where T : class, IResolutionCommand
{
    public override Type Message => typeof(T);

    public override void Check(IResolutionCommand message, InputChecker checker, DateOnly today) => check((T)message, checker, today);

    public override ResolutionCommand ToEngine(IResolutionCommand message, Actor actor) => toEngine((T)message, actor);
}
