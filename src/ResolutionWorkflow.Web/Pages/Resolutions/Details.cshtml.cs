using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResolutionWorkflow.App.Localization;
using ResolutionWorkflow.App.Documents;
using ResolutionWorkflow.App.Integrity;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Contracts;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Journal;
using ConciliationMeetingRecorded = ResolutionWorkflow.Engine.Resolutions.ConciliationMeetingRecorded;
using ResolutionWorkflow.Engine.Registry;
using ResolutionWorkflow.Engine.Texts;
using ResolutionWorkflow.Web.Accounts;
using ResolutionWorkflow.Web.Localization;
using ResolutionWorkflow.Web.Resolutions;

namespace ResolutionWorkflow.Web.Pages.Resolutions;

/// <summary>The resolution page: text, changes, disagreement table, opinions, signatures, diagram, journal, and the actions open to the reader.</summary>
public sealed class DetailsModel(ResolutionQueries queries, CommandGateway gateway, WorkflowCatalog catalog, OrganisationRegistry registry, Names names, AttachmentStore attachments) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? To { get; set; }

    public ResolutionView? View { get; private set; }
    public IReadOnlyList<TaskRow> MyTasks { get; private set; } = [];
    public IReadOnlyList<string> Outcomes { get; private set; } = [];

    /// <summary>The kinds of document the reader may attach now: the definition's, while they hold the drafting or revision task.</summary>
    public IReadOnlyList<string> AttachableKinds { get; private set; } = [];

    /// <summary>The current stage signs with detached CMS signatures made by the signer's own tool.</summary>
    public bool SigningTakesCms { get; private set; }
    public IReadOnlyList<ClauseDiff>? Diff { get; private set; }

    /// <summary>While the Standing Committee is to issue the text the minutes decided: the current text against it, clause by clause.</summary>
    public IReadOnlyList<ClauseDiff>? AgreedText { get; private set; }
    public string DiagramSvg { get; private set; } = "";

    /// <summary>The current stage is a legal examination: its opinions are conclusions, and the form says so.</summary>
    public bool LegalExamination { get; private set; }
    public string StageTitle { get; private set; } = "";

    /// <summary>The journal as read for this page, recomputed: intact, or where it breaks.</summary>
    public ChainVerdict? JournalVerdict { get; private set; }
    /// <summary>Why a task was closed without its holder: the draft was withdrawn while it was open, or its stage ended without it.</summary>
    public string WhyClosed(TaskRow task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var lastStay = View!.Tasks.Where(t => t.StageId == task.StageId).Max(t => t.StageEntry);
        return View.Resolution.Status == "withdrawn" && task.StageId == View.Resolution.StageId && task.StageEntry == lastStay
            ? "the draft was withdrawn"
            : "the stage ended without it";
    }

    private IReadOnlyDictionary<string, string> _people = new Dictionary<string, string>();

    /// <summary>The journal, a page at a time: every entry, as a sentence (<see cref="JournalReading"/>).</summary>
    [BindProperty(SupportsGet = true, Name = "journal")]
    public int JournalPage { get; set; } = 1;

    public const int JournalPageSize = 50;

    /// <summary>The registration number's pattern from the definition, for the form to check before sending.</summary>
    public string? RegistrationPattern { get; private set; }

    /// <summary>Every body's answer at every review stage, in order.</summary>
    public IReadOnlyList<BodyAnswer> Answers { get; private set; } = [];

    public IReadOnlyList<JournalLine> Journal { get; private set; } = [];

    public int JournalCount { get; private set; }

    public int JournalPages { get; private set; } = 1;

    /// <summary>Who acted, and for which body: the person's name with their body's, unless the name already gives it.</summary>
    private string Acted(string userId, string organisation)
    {
        var person = Person(userId, organisation);
        var body = names.Organisation(Text.Language(HttpContext), organisation);
        return person.Contains(body, StringComparison.Ordinal) ? person : $"{person} ({body})";
    }

    /// <summary>Who acted, as a reader knows them: the account's name, the system, or (a party system's user) their organisation.</summary>
    public string Person(string userId, string organisation) =>
        _people.TryGetValue(userId, out var name) ? name
        : userId == Engine.Resolutions.Actor.System.UserId ? HttpContext.T("the system")
        : names.Organisation(Text.Language(HttpContext), organisation);

    /// <summary>The bodies every draft of the definition goes to, and those it may also go to (none when the definition fixes its reviewers).</summary>
    public IReadOnlyList<string> MandatoryReviewers { get; private set; } = [];

    public IReadOnlyList<string> ReviewerPool { get; private set; } = [];

    /// <summary>The bodies chosen for this draft from the pool, as the resolution row has them.</summary>
    public IReadOnlyList<string> ChosenReviewers => View?.Resolution.ReviewerOrganisations ?? [];

    /// <summary>The list may be proposed and confirmed while the draft is drafted or revised.</summary>
    public bool ReviewersOpen { get; private set; }

    /// <summary>The review that asks the pool is open: the coordinator may still send the draft to more of its bodies.</summary>
    public bool ReviewersAddable { get; private set; }

    /// <summary>The country's official publication venues, as the registry names them.</summary>
    public IEnumerable<PublicationVenue> VenuesOf(string country) => registry.VenuesOf(country);

    /// <summary>The latest conciliation meeting, as its journal entry records it.</summary>
    public ConciliationMeetingRecorded? Meeting { get; private set; }

    /// <summary>Who may have taken part in a conciliation meeting: the drafter, the Standing Committee and every body that gave an opinion or holds a task.</summary>
    public IReadOnlyList<string> MeetingCandidates { get; private set; } = [];

    /// <summary>The countries whose publication the current stage records (none outside publication).</summary>
    public IReadOnlyList<string> PublicationCountries { get; private set; } = [];

    public bool IsCoordinator => User.IsInRole("coordinator") || User.IsInRole("administrator");

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        View = await queries.ResolutionAsync(Id, User.Actor(), ct).ConfigureAwait(false);
        if (View is null) { return NotFound(); }
        _people = await queries.DisplayNamesAsync([.. View.Journal.Select(j => j.ActorUserId).Concat(View.Signatures.Select(s => s.UserId)).Distinct()], ct).ConfigureAwait(false);
        JournalVerdict = ChainVerdict.Of(Id, [.. View.Journal.Select(j => j.ToEntry())], View.Resolution.JournalHead, anchor: null);
        var language = Text.Language(HttpContext);
        var ownDefinition = catalog.Find(View.Resolution.DefinitionId, View.Resolution.DefinitionVersion);
        var lines = JournalReading.Read(View.Journal, ownDefinition, language, names, Acted);
        Answers = BodyAnswers.Read(View.Journal, ownDefinition, language, names, Acted);
        JournalCount = lines.Count;
        JournalPages = Math.Max(1, (lines.Count + JournalPageSize - 1) / JournalPageSize);
        JournalPage = Math.Clamp(JournalPage, 1, JournalPages);
        Journal = [.. lines.Skip((JournalPage - 1) * JournalPageSize).Take(JournalPageSize)];
        var actor = User.Actor();
        var country = registry.Organisations.TryGetValue(actor.Organisation, out var org) ? org.Country : null;
        MyTasks = [.. View.Tasks.Where(t => t.Status == "open"
            && (t.Organisation is null || t.Organisation == actor.Organisation)
            && (t.Role is null || actor.Roles.Contains(t.Role))
            && (t.Country is null || t.Country == country)
            && (t.UserId is null || t.UserId == actor.UserId))];
        var definition = catalog.Find(View.Resolution.DefinitionId, View.Resolution.DefinitionVersion);
        if (definition is not null)
        {
            DiagramSvg = Diagram.Svg(definition, View.Resolution.StageId, language, names);
            var stage = definition.Stage(View.Resolution.StageId);
            StageTitle = stage.Title?.In(language) ?? stage.Id;
            Outcomes = [.. stage.Outcomes.Keys];
            PublicationCountries = stage is PublicationStage publication ? [.. publication.Countries] : [];
            // The browser checks the definition's pattern as the engine will (a pattern is anchored there as here).
            RegistrationPattern = stage is PublicationStage numbered ? numbered.NumberPattern.TrimStart('^').TrimEnd('$') : null;
            LegalExamination = stage is ReviewStage { LegalExamination: true };
            SigningTakesCms = stage is SigningStage { RequiresCms: true };
            AttachableKinds = MyTasks.Any(t => t.Kind is "draft" or "revise") ? [.. definition.AttachmentKinds] : [];
            if (definition.ReviewerPoolStage is { } poolStage)
            {
                // The drafting body does not review its own draft: it is neither listed nor offered.
                MandatoryReviewers = [.. poolStage.Participants.Select(p => p.Key).Where(k => k != View.Resolution.DrafterOrganisation)];
                ReviewerPool = [.. poolStage.Pool.Select(p => p.Key).Where(k => k != View.Resolution.DrafterOrganisation)];
                ReviewersOpen = stage.Kind is StageKind.Drafting or StageKind.Revision;
                ReviewersAddable = stage.Id == poolStage.Id;
            }
        }
        Meeting = View.Journal.LastOrDefault(j => j.EventType == "conciliation-meeting-recorded") is { } meeting
            ? JournalChain.ToEvent(meeting.ToEntry()) as ConciliationMeetingRecorded
            : null;
        MeetingCandidates = [.. new[] { View.Resolution.DrafterOrganisation, "su-standing-committee" }
            .Concat(View.Remarks.Select(x => x.Organisation)).Concat(View.Tasks.Select(t => t.Organisation).OfType<string>())
            .Where(registry.Organisations.ContainsKey).Distinct(StringComparer.Ordinal)];
        if (MyTasks.Any(t => t.Kind == "issueAgreedText"))
        {
            var current = View.Versions[^1].Text;
            var awaited = View.Remarks.Where(x => x.Status == "settled" && x.ConciliationWording is not null && x.WordingVersion is null);
            AgreedText = TextDiff.Between(current, ResolutionText.WithWordings(current, awaited.Select(x => (x.Clause, x.ConciliationWording!))));
        }
        // Unless the reader chose, the last change: the version before the current one against the current one.
        if (From is null && To is null && View.Versions.Count > 1) { (From, To) = (View.Versions[^2].Number, View.Versions[^1].Number); }
        if (From is { } from && To is { } to && from != to && View.Versions.FirstOrDefault(v => v.Number == from) is { } a && View.Versions.FirstOrDefault(v => v.Number == to) is { } b)
        {
            Diff = TextDiff.Between(a.Text, b.Text);
        }
        return Page();
    }

    /// <summary>One remark as typed on the opinion form: the clause picked from the text, the remark, and a proposed wording if any.</summary>
    public sealed class RemarkEntry
    {
        public string? Clause { get; set; }
        public string? Text { get; set; }
        public string? Proposed { get; set; }
    }

    /// <summary>The opinion form as the reader typed it, kept when it comes back refused or with a row added.</summary>
    [BindProperty]
    public string? Opinion { get; set; }

    /// <summary>The outgoing number of the body's letter, as the approval sheet lists it.</summary>
    [BindProperty]
    public string? LetterNumber { get; set; }

    [BindProperty]
    public List<RemarkEntry> Remarks { get; set; } = [];

    /// <summary>Why the opinion was refused, shown beside the form it belongs to.</summary>
    public string? OpinionError { get; private set; }

    public const int RemarkRows = 3;

    /// <summary>The rows the form shows: what was typed, and at least <see cref="RemarkRows"/>.</summary>
    public IReadOnlyList<RemarkEntry> RemarkRowsShown => [.. Remarks, .. Enumerable.Range(0, Math.Max(0, RemarkRows - Remarks.Count)).Select(_ => new RemarkEntry())];

    /// <summary>Another empty row, everything typed kept.</summary>
    public async Task<IActionResult> OnPostMoreRemarksAsync(CancellationToken ct)
    {
        Remarks = [.. Remarks.Where(r => !string.IsNullOrWhiteSpace(r.Text) || !string.IsNullOrWhiteSpace(r.Clause) || !string.IsNullOrWhiteSpace(r.Proposed)), new RemarkEntry()];
        return await OnGetAsync(ct).ConfigureAwait(false);
    }

    public async Task<IActionResult> OnPostOpinionAsync(string seenTextHash, CancellationToken ct)
    {
        if (!await queries.CanReadAsync(Id, User.Actor(), ct).ConfigureAwait(false)) { return NotFound(); }
        var remarks = Remarks.Where(r => !string.IsNullOrWhiteSpace(r.Text))
            .Select(r => new RemarkOnClause(r.Clause ?? "", r.Text!.Trim(), string.IsNullOrWhiteSpace(r.Proposed) ? null : r.Proposed.Trim())).ToList();
        var (accepted, rejected) = await gateway.SendAsync(new GiveOpinion(Guid.NewGuid(), Id, User.Actor(), seenTextHash, Opinion ?? "", remarks, null,
            string.IsNullOrWhiteSpace(LetterNumber) ? null : LetterNumber.Trim()), ct).ConfigureAwait(false);
        if (accepted is not null) { return Done(); }
        // Refused: the same page again with everything typed, and the reason beside the form.
        OpinionError = HttpContext.Why(rejected!);
        var page = await OnGetAsync(ct).ConfigureAwait(false);
        if (page is PageResult) { Response.StatusCode = StatusCodes.Status400BadRequest; }
        return page;
    }

    private RedirectResult Done() => Shown(HttpContext.T("Done."), failed: false);

    /// <summary>Back to the page (post/redirect/get), with a message on it.</summary>
    private RedirectResult Shown(string message, bool failed)
    {
        TempData["Message"] = message;
        TempData["Failed"] = failed;
        return Redirect($"/resolutions/{Id}");
    }

    public Task<IActionResult> OnPostAnswerAsync(int remarkNo, string answer, string reason, CancellationToken ct) =>
        Act(new AnswerRemark(Guid.NewGuid(), Id, User.Actor(), remarkNo, answer, reason), ct);

    public Task<IActionResult> OnPostVersionAsync(string text, CancellationToken ct) =>
        Act(new IssueTextVersion(Guid.NewGuid(), Id, User.Actor(), text, null), ct);

    /// <summary>The file is stored first (checked by its bytes), then attached; a refused file stores nothing, nor does one sent by someone who is not a drafter able to read the draft.</summary>
    public async Task<IActionResult> OnPostAttachAsync(string kind, IFormFile? file, CancellationToken ct)
    {
        if (!User.IsInRole("drafter") || !await queries.CanReadAsync(Id, User.Actor(), ct).ConfigureAwait(false)) { return NotFound(); }
        if (file is null) { return Shown($"{HttpContext.T("Refused:")} {HttpContext.T("Choose a file to attach.")}", failed: true); }
        var (stored, refused) = await StoreAsync(file, ct).ConfigureAwait(false);
        if (stored is null) { return refused!; }
        return await Send(new AttachDocument(Guid.NewGuid(), Id, User.Actor(), kind ?? "", stored.Name, stored.MediaType, stored.Size, stored.Sha256), ct).ConfigureAwait(false);
    }

    /// <summary>Stores an uploaded file (checked by its bytes); a refused one stores nothing and comes back as the page's notice.</summary>
    private async Task<(StoredDocument? Stored, RedirectResult? Refused)> StoreAsync(IFormFile file, CancellationToken ct)
    {
        var stream = file.OpenReadStream();
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                var stored = await attachments.StoreAsync(stream, file.FileName, ct).ConfigureAwait(false);
                return (new StoredDocument(Engine.Texts.VersionContent.FileName(file.FileName), stored.MediaType, stored.Size, stored.Sha256), null);
            }
            catch (AttachmentRefusedException refused)
            {
                var r = refused.Rejection;
                return (null, Shown($"{HttpContext.T("Refused:")} {HttpContext.Why(new CommandRejected(Guid.Empty, Id, "invalidInput", r.Message, r.Key, r.Args))}", failed: true));
            }
        }
    }

    public Task<IActionResult> OnPostRemoveAttachmentAsync(string sha256, CancellationToken ct) =>
        Act(new RemoveAttachment(Guid.NewGuid(), Id, User.Actor(), sha256 ?? ""), ct);

    /// <summary>How a signature was given: a confirmation in the system, or an electronic signature by the certificate's holder with its algorithm.</summary>
    public string SignedWith(SignatureRow s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.CertificateSubject is null) { return HttpContext.T("confirmation in the system"); }
        var holder = Documents.Signatures.SubjectName.CommonNames(s.CertificateSubject) is [var cn, ..] ? cn : s.CertificateSubject;
        var algorithm = Text.Language(HttpContext) == "en" ? s.SignatureAlgorithm : s.SignatureAlgorithm?.Replace("GOST R", "ГОСТ Р", StringComparison.Ordinal);
        return $"{HttpContext.T("electronic signature")}: {holder} ({algorithm})";
    }

    /// <summary>A file's size as a document office writes it: 18 КБ, 1,4 МБ.</summary>
    public string SizeText(long bytes)
    {
        var ru = Text.Language(HttpContext) != "en";
        var culture = System.Globalization.CultureInfo.GetCultureInfo(ru ? "ru-RU" : "en-GB");
        return bytes < 1024 * 1024
            ? $"{Math.Max(1, (bytes + 1023) / 1024).ToString(culture)} {(ru ? "КБ" : "KB")}"
            : $"{(bytes / (1024.0 * 1024)).ToString("0.#", culture)} {(ru ? "МБ" : "MB")}";
    }

    public Task<IActionResult> OnPostSubmitAsync(string seenTextHash, CancellationToken ct) =>
        Act(new SubmitForReview(Guid.NewGuid(), Id, User.Actor(), seenTextHash), ct);

    public Task<IActionResult> OnPostResubmitAsync(CancellationToken ct) =>
        Act(new Resubmit(Guid.NewGuid(), Id, User.Actor()), ct);

    public Task<IActionResult> OnPostConciliationAsync(string reason, CancellationToken ct) =>
        Act(new RequestConciliation(Guid.NewGuid(), Id, User.Actor(), reason), ct);

    /// <summary>
    /// The coordinator's decision on each open row of the disagreement table (keep the drafter's wording,
    /// accept the proposed wording, or a new wording, with its reasoning) and then the outcome; a row left open stays open.
    /// </summary>
    public Task<IActionResult> OnPostDecideAsync(string outcome, string reason, Dictionary<int, string>? decision, Dictionary<int, string>? wording, Dictionary<int, string>? note, CancellationToken ct) =>
        Act(new DecideOutcome(Guid.NewGuid(), Id, User.Actor(), outcome ?? "", reason, Decisions(decision, wording, note)), ct);

    /// <summary>
    /// The conciliation meeting as the coordinator enters its minutes, with the same choice per row as a
    /// decision and, optionally, the signed minutes' file (stored first; only for a coordinator who may read the draft).
    /// </summary>
    public async Task<IActionResult> OnPostMeetingAsync(DateOnly date, string format, string? place, List<string>? participants, string protocol, string minutes,
        Dictionary<int, string>? decision, Dictionary<int, string>? wording, Dictionary<int, string>? note, bool returnToDrafter, IFormFile? minutesFile, CancellationToken ct)
    {
        if (!await queries.CanReadAsync(Id, User.Actor(), ct).ConfigureAwait(false)) { return NotFound(); }
        StoredDocument? file = null;
        if (minutesFile is { Length: > 0 })
        {
            if (!(User.IsInRole("coordinator") || User.IsInRole("administrator"))) { return NotFound(); }
            (file, var refused) = await StoreAsync(minutesFile, ct).ConfigureAwait(false);
            if (file is null) { return refused!; }
        }
        return await Send(new RecordConciliationMeeting(Guid.NewGuid(), Id, User.Actor(), date, format ?? "", place, participants ?? [], protocol ?? "", minutes ?? "",
            Decisions(decision, wording, note), returnToDrafter, file), ct).ConfigureAwait(false);
    }

    /// <summary>The Standing Committee issues the text the minutes decided (the engine puts each wording into its clause).</summary>
    public Task<IActionResult> OnPostAgreedTextAsync(string seenTextHash, string? note, CancellationToken ct) =>
        Act(new IssueAgreedText(Guid.NewGuid(), Id, User.Actor(), seenTextHash ?? "", note), ct);

    public Task<IActionResult> OnPostMinutesAsync(string answer, string? reason, CancellationToken ct) =>
        Act(new AnswerMinutes(Guid.NewGuid(), Id, User.Actor(), answer == "confirm", reason), ct);

    /// <summary>Each row's choice (keep the drafter's wording, accept the proposed wording, a new wording) with the new wording's text and the reasoning; a row left open has none.</summary>
    private static List<ConciliationDecision> Decisions(Dictionary<int, string>? decision, Dictionary<int, string>? wording, Dictionary<int, string>? note) =>
        [.. (decision ?? []).Where(d => !string.IsNullOrEmpty(d.Value))
            .Select(d => new ConciliationDecision(d.Key, d.Value, d.Value == "newWording" ? wording?.GetValueOrDefault(d.Key) ?? "" : null,
                string.IsNullOrWhiteSpace(note?.GetValueOrDefault(d.Key)) ? null : note[d.Key]))];

    public Task<IActionResult> OnPostProposeReviewersAsync(List<string>? organisations, CancellationToken ct) =>
        Act(new ProposeReviewers(Guid.NewGuid(), Id, User.Actor(), organisations ?? []), ct);

    public Task<IActionResult> OnPostConfirmReviewersAsync(List<string>? organisations, string? reason, CancellationToken ct) =>
        Act(new ConfirmReviewers(Guid.NewGuid(), Id, User.Actor(), organisations ?? [], reason), ct);

    public Task<IActionResult> OnPostAgendaAsync(string form, DateOnly date, string? place, CancellationToken ct) =>
        Act(new ScheduleAdoption(Guid.NewGuid(), Id, User.Actor(), form ?? "", date, place), ct);

    public Task<IActionResult> OnPostAdoptionAsync(string outcome, DateOnly date, string protocol, string? note, CancellationToken ct) =>
        Act(new RecordAdoption(Guid.NewGuid(), Id, User.Actor(), outcome ?? "", date, protocol ?? "", note), ct);

    /// <summary>A signature: the account's confirmation, or with the signer's CMS signature file where the stage takes one (verified in the command path).</summary>
    public async Task<IActionResult> OnPostSignAsync(string seenTextHash, IFormFile? signature, CancellationToken ct)
    {
        string? cms = null;
        if (signature is { Length: > 0 and <= App.Documents.SignatureCheck.MaxCmsBase64 / 4 * 3 })
        {
            using var bytes = new MemoryStream();
            await signature.CopyToAsync(bytes, ct).ConfigureAwait(false);
            cms = Convert.ToBase64String(bytes.ToArray());
        }
        return await Act(new SignResolution(Guid.NewGuid(), Id, User.Actor(), seenTextHash, cms), ct).ConfigureAwait(false);
    }

    public Task<IActionResult> OnPostDeclineAsync(string reason, CancellationToken ct) =>
        Act(new DeclineToSign(Guid.NewGuid(), Id, User.Actor(), reason), ct);

    public Task<IActionResult> OnPostRegisterAsync(string number, CancellationToken ct) =>
        Act(new RegisterResolution(Guid.NewGuid(), Id, User.Actor(), number), ct);

    public Task<IActionResult> OnPostPublishAsync(string country, string portal, string reference, DateOnly publishedOn, CancellationToken ct) =>
        Act(new RecordPublication(Guid.NewGuid(), Id, User.Actor(), country, portal, reference, publishedOn), ct);

    /// <summary>The venues of the registry, in every country, for a publication after the act's adoption.</summary>
    public IEnumerable<PublicationVenue> Venues => registry.Venues;

    /// <summary>A further publication of an adopted act, in a venue of the registry (its country is the venue's).</summary>
    public Task<IActionResult> OnPostFurtherPublicationAsync(string venue, string reference, DateOnly publishedOn, CancellationToken ct) =>
        Act(new RecordPublication(Guid.NewGuid(), Id, User.Actor(), registry.Venues.FirstOrDefault(v => v.Id == venue)?.Country ?? "", venue ?? "", reference, publishedOn), ct);

    public Task<IActionResult> OnPostWithdrawAsync(string reason, CancellationToken ct) =>
        Act(new WithdrawResolution(Guid.NewGuid(), Id, User.Actor(), reason), ct);

    /// <summary>Sends the form's command; on a resolution the user may not read, the answer is the page's own 404, whatever the form.</summary>
    private async Task<IActionResult> Act<T>(T command, CancellationToken ct) where T : class, IResolutionCommand =>
        await queries.CanReadAsync(Id, User.Actor(), ct).ConfigureAwait(false) ? await Send(command, ct).ConfigureAwait(false) : NotFound();

    /// <summary>Sends the action over the bus and shows its result or the refusal's reason on the next page (post/redirect/get).</summary>
    private async Task<IActionResult> Send<T>(T command, CancellationToken ct) where T : class, IResolutionCommand
    {
        var (accepted, rejected) = await gateway.SendAsync(command, ct).ConfigureAwait(false);
        return accepted is not null ? Done() : Shown($"{HttpContext.T("Refused:")} {HttpContext.Why(rejected!)}", failed: true);
    }

}
