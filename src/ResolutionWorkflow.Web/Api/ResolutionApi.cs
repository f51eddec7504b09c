using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ResolutionWorkflow.App.Integrity;
using ResolutionWorkflow.App.Messaging;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Contracts;
using ResolutionWorkflow.Engine.Texts;
using ResolutionWorkflow.Web.Accounts;
using ResolutionWorkflow.Web.Resolutions;

namespace ResolutionWorkflow.Web.Api;

public sealed record TokenRequest(string UserName, string Password);
public sealed record StartRequest(string DefinitionId, string Title, string Text, IReadOnlyList<string>? Reviewers = null);
public sealed record ReviewersRequest(IReadOnlyList<string> Organisations);
public sealed record ReviewersConfirmation(IReadOnlyList<string> Organisations, string? Reason = null);
public sealed record SeenTextRequest(string SeenTextHash);

/// <summary>A signature on the text whose hash the signer saw; <see cref="Cms"/>: the detached CMS signature over the version's content (DER, base64), where the stage requires one.</summary>
public sealed record SignRequest(string SeenTextHash, string? Cms = null);
public sealed record OpinionRequest(string SeenTextHash, string Opinion, IReadOnlyList<RemarkOnClause>? Remarks = null, string? Comment = null, string? LetterNumber = null);
public sealed record AnswerRequest(string Answer, string Reason);
public sealed record VersionRequest(string Text, string? Note = null);
public sealed record ReasonRequest(string Reason);
public sealed record DecisionRequest(string Outcome, string Reason, IReadOnlyList<ConciliationDecision>? Decisions = null);
public sealed record RegistrationRequest(string Number);
public sealed record MeetingRequest(DateOnly Date, string Format, IReadOnlyList<string> Participants, string Protocol, string Minutes,
    IReadOnlyList<ConciliationDecision>? Decisions = null, string? Place = null, bool ReturnToDrafter = false, StoredDocument? MinutesFile = null);
public sealed record MinutesAnswerRequest(bool Confirm, string? Reason = null);
public sealed record AgreedTextRequest(string SeenTextHash, string? Note = null);
public sealed record AgendaRequest(string Form, DateOnly Date, string? Place = null);
public sealed record AdoptionRequest(string Outcome, DateOnly Date, string Protocol, string? Note = null);
public sealed record PublicationRequest(string Country, string Portal, string Reference, DateOnly PublishedOn);
public sealed record ExtensionRequest(int Days, string Unit, string Reason);
public sealed record AssigneeRequest(string Reason, string? Organisation = null, string? UserId = null);

public sealed record VersionInfo(int Number, string Hash, DateTimeOffset IssuedAt, string IssuedBy, string? Note, IReadOnlyList<AttachmentInfo> Attachments);

/// <summary>A document of a version's manifest; <see cref="Href"/> downloads its bytes.</summary>
public sealed record AttachmentInfo(string Kind, string Name, string MediaType, long Size, string Sha256, string Href);
public sealed record TaskInfo(int TaskNo, string StageId, string Kind, string ParticipantKey, string? Organisation, string? Role, string? Country, string Status, DateTimeOffset? DueAt, string? Calendar, bool DueIsProvisional);
/// <summary>
/// A row of the disagreement table; a conciliation decision's <see cref="Choice"/> ("keepDrafterWording", "acceptProposedWording",
/// "newWording"), <see cref="Wording"/> (the clause as it is to read) and <see cref="WordingVersion"/> (the text version that carries it).
/// </summary>
public sealed record RemarkInfo(int RemarkNo, string Clause, string Text, string Organisation, bool Objection, string? Answer, string? AnswerReason, string? Conciliation, string Status, bool Late, string? Dissent, string? ProposedWording,
    string? Choice, string? Wording, int? WordingVersion);
public sealed record SignatureInfo(string SignatoryKey, string UserId, string TextHash, int TextVersion, DateTimeOffset SignedAt, DateTimeOffset? VoidedAt);
public sealed record PublicationInfo(string Country, string Portal, string Reference, DateOnly PublishedOn);
public sealed record JournalInfo(long Sequence, string EventType, DateTimeOffset At, string ActorUserId, string Hash);

/// <summary>The bodies chosen for the draft from its definition's pool, and whether the coordinator has confirmed them.</summary>
public sealed record ReviewersInfo(IReadOnlyList<string> Organisations, bool Confirmed);

/// <summary>The Council's consideration: "meeting" or "writtenPoll" on ScheduledFor, and once decided the outcome, its day and protocol.</summary>
public sealed record AdoptionInfo(string Form, DateOnly ScheduledFor, string? Place, string? Outcome, DateOnly? DecidedOn, string? Protocol);

/// <summary>A resolution whole: its state, current text, versions, tasks, remarks, signatures, publications and journal.</summary>
public sealed record ResolutionDetails(
    Guid Id, string Title, string DefinitionId, int DefinitionVersion, string StageId, string Status, int Version, int CurrentTextVersion, string CurrentTextHash,
    string? RegistrationNumber, int? RegistrationYear, DateOnly? ActDate, DateTimeOffset CreatedAt, DateTimeOffset LastActivityAt, string Text,
    IReadOnlyList<VersionInfo> Versions, IReadOnlyList<TaskInfo> Tasks, IReadOnlyList<RemarkInfo> Remarks,
    IReadOnlyList<SignatureInfo> Signatures, IReadOnlyList<PublicationInfo> Publications, IReadOnlyList<JournalInfo> Journal,
    ReviewersInfo? Reviewers, AdoptionInfo? Adoption, ProcedureStatusInfo Procedure);

/// <summary>
/// Where a resolution stands, as every page says it: a code (draft, review, revision, conciliation, legalExamination, adoption,
/// signing, registration, adopted, withdrawn, rejected) and its name in the caller's language (Russian unless English is asked for).
/// </summary>
public sealed record ProcedureStatusInfo(string Code, string Name);

public sealed record ResolutionListItem(Guid Id, string Title, string DefinitionId, string StageId, string Status, DateTimeOffset LastActivityAt, int Version, ProcedureStatusInfo Procedure);

/// <summary>A page of resolutions; <see cref="Next"/> is the cursor of the following page, null on the last.</summary>
public sealed record ResolutionList(IReadOnlyList<ResolutionListItem> Items, string? Next);

/// <summary>A resolution found; <see cref="TitleHtml"/> and <see cref="SnippetHtml"/> are HTML with the matching words in &lt;mark&gt;.</summary>
public sealed record SearchResultItem(Guid ResolutionId, string Title, string? Registration, string DefinitionId, string StageId, string Status, string TitleHtml, string SnippetHtml, ProcedureStatusInfo Procedure);

/// <summary>Search results, best first; <see cref="Next"/> is the offset of the next page (null on the last).</summary>
public sealed record SearchResults(IReadOnlyList<SearchResultItem> Items, int? Next);

/// <summary>The REST API: the same reads and actions as the pages, over bearer tokens or the page cookie.</summary>
public static partial class ResolutionApi
{
    public const string IdempotencyHeader = "Idempotency-Key";
    private const long MaxBody = 2_000_000;

    public static void MapResolutionApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/api/token", async Task<IResult> (TokenRequest request, HttpContext http, SignInManager<AppUser> signIn, UserManager<AppUser> users, SignInGuard guard) =>
        {
            var address = http.Connection.RemoteIpAddress?.ToString();
            if (guard.WaitFor(address, request.UserName) is var wait && wait > TimeSpan.Zero)
            {
                var seconds = (int)Math.Ceiling(wait.TotalSeconds);
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.Problem($"too many failed attempts from this address; try again in {seconds} s", statusCode: 429);
            }
            var user = await users.FindByNameAsync(request.UserName ?? "").ConfigureAwait(false);
            var check = user is null ? null : await signIn.CheckPasswordSignInAsync(user, request.Password ?? "", lockoutOnFailure: false).ConfigureAwait(false);
            if (user is null || check is not { Succeeded: true })
            {
                guard.Failed(address, request.UserName);
                return Results.Problem("wrong user name or password", statusCode: 401);
            }
            guard.Succeeded(address, request.UserName);
            return Results.SignIn(await signIn.CreateUserPrincipalAsync(user).ConfigureAwait(false), authenticationScheme: IdentityConstants.BearerScheme);
        }).AddEndpointFilter(StorableInput).AllowAnonymous().RequireRateLimiting(Accounts.Accounts.SignInLimit)
          .WithName("createToken").WithTags("Sign-in").WithSummary("Exchange a user name and password for a bearer token")
          .Produces<AccessTokenResponse>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(429);

        var api = app.MapGroup("/api").RequireAuthorization(Accounts.Accounts.ApiPolicy).WithMetadata(new RequestSizeLimitAttribute(MaxBody)).WithTags("Resolutions")
            .AddEndpointFilter(StorableInput).ProducesProblem(400).ProducesProblem(401);

        api.MapGet("/inbox", (HttpContext http, ResolutionQueries queries, CancellationToken ct) => queries.InboxAsync(http.User.Actor(), ct))
            .WithName("getInbox").WithSummary("My organisation's open tasks, overdue first");
        api.MapGet("/resolutions", async Task<IResult> (int? limit, string? after, HttpContext http, ResolutionQueries queries, App.Localization.Names names, CancellationToken ct) =>
        {
            if (limit is < 1 or > ResolutionQueries.MaxPageSize)
            {
                return InvalidInput([new InputProblem("limit", $"must be from 1 to {ResolutionQueries.MaxPageSize}")]);
            }
            if (after is not null && !ResolutionQueries.Cursor.TryRead(after, out _))
            {
                return InvalidInput([new InputProblem("after", "is not a cursor this list gave (use the 'next' of the previous page)")]);
            }
            var page = await queries.PageAsync(http.User.Actor(), limit ?? ResolutionQueries.DefaultPageSize, after, ct).ConfigureAwait(false);
            return Results.Ok(new ResolutionList([.. page.Items.Select(r => new ResolutionListItem(r.Id, r.Title, r.DefinitionId, r.StageId, r.Status, r.LastActivityAt, r.Version,
                Procedure(names, http, r.Status, r.DefinitionId, r.DefinitionVersion, r.StageId)))], page.Next));
        }).WithSummary($"Resolutions the caller may read, most recently active first, a page at a time (limit 1–{ResolutionQueries.MaxPageSize}, default {ResolutionQueries.DefaultPageSize}; pass 'next' as 'after' for the next page)")
          .WithName("listResolutions").Produces<ResolutionList>();
        api.MapGet("/search", async Task<IResult> (string? q, int? offset, int? limit, HttpContext http, ResolutionSearch search, App.Localization.Names names, CancellationToken ct) =>
        {
            var problems = new List<InputProblem>();
            if (string.IsNullOrWhiteSpace(q)) { problems.Add(new InputProblem("q", "is required: the words to find")); }
            else if (q.Length > ResolutionSearch.MaxQueryLength) { problems.Add(new InputProblem("q", $"is longer than {ResolutionSearch.MaxQueryLength} characters")); }
            if (offset is < 0 or > ResolutionSearch.MaxOffset) { problems.Add(new InputProblem("offset", $"must be from 0 to {ResolutionSearch.MaxOffset}")); }
            if (limit is < 1 or > ResolutionSearch.MaxPageSize) { problems.Add(new InputProblem("limit", $"must be from 1 to {ResolutionSearch.MaxPageSize}")); }
            if (problems.Count > 0) { return InvalidInput(problems); }
            var page = await search.SearchAsync(q!, http.User.Actor(), offset ?? 0, limit ?? ResolutionSearch.DefaultPageSize, ct).ConfigureAwait(false);
            return Results.Ok(new SearchResults([.. page.Items.Select(h => new SearchResultItem(h.ResolutionId, h.Title, h.Registration, h.DefinitionId, h.StageId, h.Status, h.TitleHtml, h.SnippetHtml,
                Procedure(names, http, h.Status, h.DefinitionId, h.DefinitionVersion, h.StageId)))], page.Next));
        }).WithSummary($"Find the resolutions the caller may read by title, registration number, text and remarks, in Russian word forms; best first (limit 1–{ResolutionSearch.MaxPageSize}, default {ResolutionSearch.DefaultPageSize}; pass 'next' as 'offset' for the next page)")
          .WithName("searchResolutions").Produces<SearchResults>();
        api.MapGet("/resolutions/{id:guid}", async Task<IResult> (Guid id, HttpContext http, ResolutionQueries queries, App.Localization.Names names, CancellationToken ct) =>
        {
            var view = await queries.ResolutionAsync(id, http.User.Actor(), ct).ConfigureAwait(false);
            if (view is null) { return Results.Problem($"there is no resolution {id}", statusCode: 404); }
            http.Response.Headers.ETag = ETag(view.Resolution.Version);
            var r = view.Resolution;
            return Results.Ok(new ResolutionDetails(
                r.Id, r.Title, r.DefinitionId, r.DefinitionVersion, r.StageId, r.Status, r.Version, r.CurrentTextVersion, r.CurrentTextHash,
                r.RegistrationNumber, r.RegistrationYear, r.ActDate, r.CreatedAt, r.LastActivityAt, view.Versions[^1].Text,
                [.. view.Versions.Select(v => new VersionInfo(v.Number, v.Hash, v.IssuedAt, v.IssuedBy, v.Note,
                    [.. view.AttachmentsOf(v.Number).Select(a => new AttachmentInfo(a.Kind, a.Name, a.MediaType, a.Size, a.Sha256, AttachedDocument.PathOf(id, v.Number, a.Sha256)))]))],
                [.. view.Tasks.Select(t => new TaskInfo(t.TaskNo, t.StageId, t.Kind, t.ParticipantKey, t.Organisation, t.Role, t.Country, t.Status, t.DueAt, t.Calendar, t.DueIsProvisional))],
                [.. view.Remarks.Select(x => new RemarkInfo(x.RemarkNo, x.Clause, x.Text, x.Organisation, x.Objection, x.Answer, x.AnswerReason, x.Conciliation, x.Status, x.Late, x.Dissent, x.ProposedWording,
                    x.ConciliationChoice, x.ConciliationWording, x.WordingVersion))],
                [.. view.Signatures.Select(g => new SignatureInfo(g.SignatoryKey, g.UserId, g.TextHash, g.TextVersion, g.SignedAt, g.VoidedAt))],
                [.. view.Publications.Select(p => new PublicationInfo(p.Country, p.Portal, p.Reference, p.PublishedOn))],
                [.. view.Journal.Select(j => new JournalInfo(j.Sequence, j.EventType, j.At, j.ActorUserId, j.Hash))],
                r.Reviewers is null ? null : new ReviewersInfo(r.ReviewerOrganisations, r.ReviewersConfirmed),
                r.AdoptionForm is null || r.AdoptionScheduledFor is null ? null
                    : new AdoptionInfo(r.AdoptionForm, r.AdoptionScheduledFor.Value, r.AdoptionPlace, r.AdoptionOutcome, r.AdoptionDecidedOn, r.AdoptionProtocol),
                Procedure(names, http, r.Status, r.DefinitionId, r.DefinitionVersion, r.StageId)));
        }).WithName("getResolution").WithSummary("A resolution, with an ETag for If-Match").Produces<ResolutionDetails>().ProducesProblem(404);
        api.MapGet("/resolutions/{id:guid}/journal/verification", async Task<IResult> (Guid id, JournalVerifier verifier, CancellationToken ct) =>
            await verifier.VerifyAsync(id, ct: ct).ConfigureAwait(false) is { } verdict
                ? Results.Ok(verdict)
                : Results.Problem($"there is no resolution {id}", statusCode: 404))
            .WithName("verifyJournal").WithSummary("Recompute the resolution's journal: every entry's hash, the chain and the recorded head (coordinators, administrators)")
            .RequireAuthorization(Accounts.Accounts.CoordinatorPolicy).Produces<ChainVerdict>().ProducesProblem(403).ProducesProblem(404);

        api.MapPost("/resolutions", (StartRequest body, HttpContext http, CommandGateway gateway, CancellationToken ct) =>
            Send(http, gateway, NewResolutionIdOf(http), (id, rid, actor) => new StartResolution(id, rid, actor, body.DefinitionId, body.Title, body.Text, body.Reviewers), ct, created: true))
            .WithName("startResolution").WithSummary("Start a resolution from a definition (drafters)").RequireAuthorization(Accounts.Accounts.RolePolicy("drafter"))
            .Produces<CommandAccepted>(201).ProducesProblem(403).ProducesProblem(409).ProducesProblem(422);
        MapDocuments(api);
        MapAttachments(api, app.Services.GetRequiredService<App.Documents.AttachmentOptions>().MaxBytes);
        MapAction<ReviewersRequest>(api, "/resolutions/{id:guid}/reviewers", "proposeReviewers", "Propose the bodies concerned from the definition's pool (drafter)", (b, id, rid, a, _) => new ProposeReviewers(id, rid, a, b.Organisations), role: "drafter");
        MapAction<ReviewersConfirmation>(api, "/resolutions/{id:guid}/reviewers/confirmation", "confirmReviewers", "Confirm the proposed bodies, or set them with a reason; during the review, add bodies of the pool with a reason (coordinator)", (b, id, rid, a, _) => new ConfirmReviewers(id, rid, a, b.Organisations, b.Reason), role: "coordinator");
        MapAction<SeenTextRequest>(api, "/resolutions/{id:guid}/submit", "submitForReview", "Submit the draft for review", (b, id, rid, a, _) => new SubmitForReview(id, rid, a, b.SeenTextHash), role: "drafter");
        MapAction<OpinionRequest>(api, "/resolutions/{id:guid}/opinions", "giveOpinion", "Give an opinion, with remarks tied to clauses", (b, id, rid, a, _) => new GiveOpinion(id, rid, a, b.SeenTextHash, b.Opinion, b.Remarks ?? [], b.Comment, b.LetterNumber), role: "officer");
        MapAction<AnswerRequest>(api, "/resolutions/{id:guid}/remarks/{no:int}/answer", "answerRemark", "Answer a remark (drafter)", (b, id, rid, a, http) => new AnswerRemark(id, rid, a, Number(http, "no"), b.Answer, b.Reason), role: "drafter");
        MapAction<VersionRequest>(api, "/resolutions/{id:guid}/versions", "issueTextVersion", "Issue a new text version (drafter)", (b, id, rid, a, _) => new IssueTextVersion(id, rid, a, b.Text, b.Note), role: "drafter");
        MapAction(api, "/resolutions/{id:guid}/resubmit", "resubmit", "Resubmit for review after revision (drafter)", (id, rid, a, _) => new Resubmit(id, rid, a), "drafter");
        MapAction<ReasonRequest>(api, "/resolutions/{id:guid}/conciliation", "requestConciliation", "Ask for conciliation (drafter)", (b, id, rid, a, _) => new RequestConciliation(id, rid, a, b.Reason), role: "drafter");
        MapAction<DecisionRequest>(api, "/resolutions/{id:guid}/decision", "decideOutcome", "Decide an outcome (coordinator at conciliation)", (b, id, rid, a, _) => new DecideOutcome(id, rid, a, b.Outcome, b.Reason, b.Decisions ?? []), role: "coordinator");
        MapAction<MeetingRequest>(api, "/resolutions/{id:guid}/meeting", "recordConciliationMeeting", "Record the conciliation meeting: minutes, a decision per row and, optionally, the signed minutes' file as uploadMinutesFile returned it (coordinator)", (b, id, rid, a, _) => new RecordConciliationMeeting(id, rid, a, b.Date, b.Format, b.Place, b.Participants, b.Protocol, b.Minutes, b.Decisions ?? [], b.ReturnToDrafter, b.MinutesFile), role: "coordinator");
        MapAction<AgreedTextRequest>(api, "/resolutions/{id:guid}/agreed-text", "issueAgreedText", "Issue the text version the conciliation minutes decided: each decided wording put into its clause (coordinator)", (b, id, rid, a, _) => new IssueAgreedText(id, rid, a, b.SeenTextHash, b.Note), role: "coordinator");
        MapAction<MinutesAnswerRequest>(api, "/resolutions/{id:guid}/minutes/answer", "answerMinutes", "Confirm the meeting's decisions on your organisation's rows, or dissent with a reason (officer)", (b, id, rid, a, _) => new AnswerMinutes(id, rid, a, b.Confirm, b.Reason), role: "officer");
        MapAction<AgendaRequest>(api, "/resolutions/{id:guid}/agenda", "scheduleAdoption", "Place the draft on a Council meeting's agenda or start a written poll (Standing Committee)", (b, id, rid, a, _) => new ScheduleAdoption(id, rid, a, b.Form, b.Date, b.Place), role: "coordinator");
        MapAction<AdoptionRequest>(api, "/resolutions/{id:guid}/adoption", "recordAdoption", "Record the Council's decision from its protocol (Standing Committee)", (b, id, rid, a, _) => new RecordAdoption(id, rid, a, b.Outcome, b.Date, b.Protocol, b.Note), role: "coordinator");
        MapAction<SignRequest>(api, "/resolutions/{id:guid}/signature", "sign", "Sign the text whose hash you saw (signatory); where the stage takes CMS, with the detached signature over the version's content", (b, id, rid, a, _) => new SignResolution(id, rid, a, b.SeenTextHash, b.Cms), role: "signing");
        MapAction<ReasonRequest>(api, "/resolutions/{id:guid}/decline", "declineToSign", "Decline to sign (signatory)", (b, id, rid, a, _) => new DeclineToSign(id, rid, a, b.Reason), role: "signing");
        MapAction<RegistrationRequest>(api, "/resolutions/{id:guid}/registration", "register", "Register (registrar)", (b, id, rid, a, _) => new RegisterResolution(id, rid, a, b.Number), role: "registrar");
        MapAction<PublicationRequest>(api, "/resolutions/{id:guid}/publications", "recordPublication", "Record a publication in one venue of a country: while the act is being published, or later on the adopted act (registrar)", (b, id, rid, a, _) => new RecordPublication(id, rid, a, b.Country, b.Portal, b.Reference, b.PublishedOn), role: "registrar");
        MapAction<ReasonRequest>(api, "/resolutions/{id:guid}/withdrawal", "withdraw", "Withdraw (coordinator)", (b, id, rid, a, _) => new WithdrawResolution(id, rid, a, b.Reason), role: "coordinator");
        MapAction<ExtensionRequest>(api, "/resolutions/{id:guid}/tasks/{no:int}/extension", "extendDeadline", "Extend a task's deadline (coordinator)", (b, id, rid, a, http) => new ExtendDeadline(id, rid, a, Number(http, "no"), b.Days, b.Unit, b.Reason), role: "coordinator");
        MapAction<ReasonRequest>(api, "/resolutions/{id:guid}/tasks/{no:int}/nudge", "nudgeTask", "Send the task's reminder now (coordinator)", (b, id, rid, a, http) => new NudgeTask(id, rid, a, Number(http, "no"), b.Reason), role: "coordinator");
        MapAction<AssigneeRequest>(api, "/resolutions/{id:guid}/tasks/{no:int}/assignee", "reassignTask", "Reassign a task (coordinator)", (b, id, rid, a, http) => new ReassignTask(id, rid, a, Number(http, "no"), b.Organisation, b.UserId, b.Reason), role: "coordinator");
    }

    private static ProcedureStatusInfo Procedure(App.Localization.Names names, HttpContext http, string status, string definitionId, int version, string stageId)
    {
        var (code, name) = names.Status(Localization.Text.Language(http), status, definitionId, version, stageId);
        return new(code, name);
    }

    private static void MapAction<TBody>(RouteGroupBuilder api, string pattern, string operationId, string summary, Func<TBody, Guid, Guid, ActorRef, HttpContext, IResolutionCommand> build, string? role = null)
        where TBody : class
    {
        var endpoint = api.MapPost(pattern, async Task<IResult> (Guid id, TBody body, HttpContext http, CommandGateway gateway, CancellationToken ct) =>
        {
            if (body is null) { return Results.Problem("a JSON body is required", statusCode: 400); }
            return await Checked(id, http, gateway, (cid, actor) => build(body, cid, id, actor, http), ct).ConfigureAwait(false);
        }).WithName(operationId).WithSummary(summary).Produces<CommandAccepted>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(412).ProducesProblem(422);
        // The role is checked here; the engine then checks the task and the organisation.
        if (role is not null) { endpoint.RequireAuthorization(role switch
            {
                "coordinator" => Accounts.Accounts.CoordinatorPolicy,
                "signing" => Accounts.Accounts.SigningPolicy,
                _ => Accounts.Accounts.RolePolicy(role),
            }); }
    }

    private static void MapAction(RouteGroupBuilder api, string pattern, string operationId, string summary, Func<Guid, Guid, ActorRef, HttpContext, IResolutionCommand> build, string role) =>
        api.MapPost(pattern, (Guid id, HttpContext http, CommandGateway gateway, CancellationToken ct) =>
            Checked(id, http, gateway, (cid, actor) => build(cid, id, actor, http), ct))
            .WithName(operationId).WithSummary(summary).Produces<CommandAccepted>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(412).ProducesProblem(422)
            .RequireAuthorization(Accounts.Accounts.RolePolicy(role));

    /// <summary>
    /// A body holding a character some database cannot store (NUL, an unpaired surrogate, a control
    /// character) is refused before anything runs, naming the field, alike on every provider.
    /// </summary>
    private static async ValueTask<object?> StorableInput(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var argument in context.Arguments)
        {
            if (argument?.GetType().Namespace == typeof(ResolutionApi).Namespace && StorableText.FirstProblem(argument) is var (field, problem))
            {
                return InvalidInput([new InputProblem("$." + field, $"contains {problem}, which cannot be stored")]);
            }
        }
        return await next(context).ConfigureAwait(false);
    }

    /// <summary>
    /// Need to know first: on a resolution the caller may not read, every command is a 404, as a GET
    /// is — whether it exists is not for an outsider to learn.
    /// </summary>
    private static async Task<IResult> Checked(Guid id, HttpContext http, CommandGateway gateway, Func<Guid, ActorRef, IResolutionCommand> build, CancellationToken ct) =>
        await http.RequestServices.GetRequiredService<ResolutionQueries>().CanReadAsync(id, http.User.Actor(), ct).ConfigureAwait(false)
            ? await IfMatched(id, http, gateway, build, ct).ConfigureAwait(false)
            : Results.Problem($"there is no resolution {id}", statusCode: 404, title: "unknownResolution", extensions: new Dictionary<string, object?> { ["code"] = "unknownResolution" });

    /// <summary>
    /// If-Match (RFC 9110, 13.1.1): the caller acts on the version it read. "*" or a list of entity tags;
    /// the request proceeds when one strong tag is the current version (weak tags never match), else 412;
    /// only a header that is not a list of entity tags is a 400. The matched version travels with the
    /// command and is checked where the version is written, so of several requests on one version only
    /// the first applies.
    /// </summary>
    private static async Task<IResult> IfMatched(Guid id, HttpContext http, CommandGateway gateway, Func<Guid, ActorRef, IResolutionCommand> build, CancellationToken ct)
    {
        int? expected = null;
        if (http.Request.Headers.IfMatch is { Count: > 0 } ifMatch && ifMatch.ToString().Trim() != "*")
        {
            if (EntityTags.Parse(ifMatch.ToString()) is not { } tags)
            {
                return Results.Problem("If-Match is not a list of entity tags (for example \"3\", as GET returned it in ETag)", statusCode: 400, title: "invalidInput",
                    extensions: new Dictionary<string, object?> { ["code"] = "invalidInput", ["field"] = "If-Match" });
            }
            var versions = tags.Where(t => !t.Weak && TryVersion(t.Opaque, out _)).Select(t => { TryVersion(t.Opaque, out var v); return v; }).Distinct().ToList();
            // One candidate is checked where the version is written; of several, the current one if it is among them. A list that
            // names no version of ours is sent with one that never is, so a repeat still gets its first answer and anything else 412.
            expected = versions.Count switch
            {
                0 => App.Commands.CommandProcessor.NoVersion,
                1 => versions[0],
                _ => await http.RequestServices.GetRequiredService<ResolutionQueries>().CurrentVersionAsync(id, ct).ConfigureAwait(false) is { } current && versions.Contains(current)
                    ? current : App.Commands.CommandProcessor.NoVersion,
            };
        }
        return await Send(http, gateway, id, (cid, _, actor) => build(cid, actor) switch
        {
            CommandMessage m => m with { ExpectedVersion = expected },
            var other => other,
        }, ct).ConfigureAwait(false);
    }

    /// <summary>An opaque tag of this API, character for character as ETag gives it: a version number in quotes ("03" is not "3").</summary>
    private static bool TryVersion(string opaque, out int version)
    {
        version = 0;
        return opaque.Length > 2 && opaque[0] == '"' && opaque[^1] == '"'
            && int.TryParse(opaque.AsSpan(1, opaque.Length - 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out version)
            && opaque == ETag(version);
    }


    private static async Task<IResult> Send(HttpContext http, CommandGateway gateway, Guid resolutionId, Func<Guid, Guid, ActorRef, IResolutionCommand> build, CancellationToken ct, bool created = false)
    {
        var command = build(CommandIdOf(http), resolutionId, http.User.Actor());
        var today = DateOnly.FromDateTime(http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        if (CommandInput.Problems(command, today) is { Count: > 0 } problems) { return InvalidInput(problems); }
        var (accepted, rejected) = await gateway.SendAnyAsync(command, ct).ConfigureAwait(false);
        if (accepted is not null)
        {
            http.Response.Headers.ETag = ETag(accepted.Version);
            return created ? Results.Created($"/api/resolutions/{accepted.ResolutionId}", accepted) : Results.Ok(accepted);
        }
        return Results.Problem(rejected!.Reason, statusCode: StatusOf(rejected.Code), title: rejected.Code,
            // The reason's key names why for a program, as the code names what kind of refusal.
            extensions: new Dictionary<string, object?> { ["code"] = rejected.Code, ["reasonKey"] = rejected.ReasonKey, ["commandId"] = rejected.CommandId });
    }

    /// <summary>A 400 naming every bad field by its JSON path; <c>field</c> is the first of them.</summary>
    public static IResult InvalidInput(IReadOnlyList<InputProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return Results.Problem(CommandInput.Describe(problems), statusCode: 400, title: "invalidInput", extensions: new Dictionary<string, object?>
        {
            ["code"] = "invalidInput",
            ["field"] = problems[0].Path,
            ["errors"] = problems.Select(p => new { path = p.Path, problem = p.Problem }).ToList(),
        });
    }

    /// <summary>
    /// The idempotency key names the command: a repeat with the same key and body gets the first
    /// answer. Any key, a GUID too, is scoped to the caller, so two people's keys never meet.
    /// </summary>
    private static Guid CommandIdOf(HttpContext http) => FromKey(http, "");

    /// <summary>
    /// The id a new draft gets: from the idempotency key when there is one, so a start sent again after a
    /// timeout is the same request (same resolution, same body) and gets the first answer.
    /// </summary>
    private static Guid NewResolutionIdOf(HttpContext http) => FromKey(http, "/resolution");

    private static Guid FromKey(HttpContext http, string purpose)
    {
        var key = http.Request.Headers[IdempotencyHeader].ToString();
        if (key.Length == 0) { return Guid.NewGuid(); }
        return new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"{http.User.Identity?.Name}/{key}{purpose}")).AsSpan(0, 16));
    }

    public static int StatusOf(string code) => code switch
    {
        "notYourTask" or "notPermitted" => 403,
        "unknownResolution" => 404,
        "versionChanged" => 412,
        "idempotencyKeyReused" => 422,
        "invalidInput" or "unknownClause" or "unknownRemark" or "unknownTask" or "unknownOutcome" or "invalidRegistrationNumber" or "unknownDefinition" => 400,
        _ => 409,
    };

    private static string ETag(int version) => $"\"{version}\"";

    private static int Number(HttpContext http, string name) => int.Parse((string)http.Request.RouteValues[name]!, System.Globalization.CultureInfo.InvariantCulture);
}
