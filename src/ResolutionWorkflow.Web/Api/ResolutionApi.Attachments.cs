using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc;
using ResolutionWorkflow.App.Messaging;
using ResolutionWorkflow.App.Documents;
using ResolutionWorkflow.Contracts;
using ResolutionWorkflow.Engine.Texts;
using ResolutionWorkflow.Web.Accounts;
using ResolutionWorkflow.Web.Resolutions;

namespace ResolutionWorkflow.Web.Api;

/// <summary>
/// Documents attached to text versions: uploaded as the request body (its file name in
/// Content-Disposition, its type found in the bytes), streamed in and out, and read by anyone who
/// may read the resolution.
/// </summary>
public static partial class ResolutionApi
{
    private static void MapAttachments(RouteGroupBuilder api, long maxBytes)
    {
        var upload = api.MapPost("/resolutions/{id:guid}/attachments", async Task<IResult> (Guid id, string? kind, HttpContext http, ResolutionQueries queries, AttachmentStore store, CommandGateway gateway, CancellationToken ct) =>
        {
            // Need to know first: nothing is read or stored for a resolution the caller may not see.
            if (!await queries.CanReadAsync(id, http.User.Actor(), ct).ConfigureAwait(false)) { return Results.Problem($"there is no resolution {id}", statusCode: 404); }
            if (string.IsNullOrWhiteSpace(kind)) { return InvalidInput([new InputProblem("kind", "is required: the kind of document, as the definition names it (e.g. annex)")]); }
            var (stored, refused) = await StoreBodyAsync(http, store, ct).ConfigureAwait(false);
            if (stored is null) { return refused!; }
            // Read access was checked before anything was stored.
            return await IfMatched(id, http, gateway, (cid, actor) => new AttachDocument(cid, id, actor, kind, stored.Name, stored.MediaType, stored.Size, stored.Sha256), ct).ConfigureAwait(false);
        }).WithName("attachDocument").WithSummary("Attach a document of a kind (?kind=annex) to the draft's next version: the body is the file (PDF, DOCX, ODT or XLSX), its name in Content-Disposition (drafter)")
          .WithMetadata(new OpenApiDescription.FileBodyAttribute()).Produces<CommandAccepted>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(412)
          .RequireAuthorization(Accounts.Accounts.RolePolicy("drafter"));
        // One byte over the limit gets through, so the store can say the file is too large instead of a bare 413.
        upload.WithMetadata(new RequestSizeLimitAttribute(maxBytes + 1));

        // The signed minutes of a conciliation meeting: stored first, then named in the meeting's record by what this returns.
        var minutes = api.MapPost("/resolutions/{id:guid}/meeting/minutes-file", async Task<IResult> (Guid id, HttpContext http, ResolutionQueries queries, AttachmentStore store, CancellationToken ct) =>
        {
            if (!await queries.CanReadAsync(id, http.User.Actor(), ct).ConfigureAwait(false)) { return Results.Problem($"there is no resolution {id}", statusCode: 404); }
            var (stored, refused) = await StoreBodyAsync(http, store, ct).ConfigureAwait(false);
            return stored is null ? refused! : Results.Ok(stored);
        }).WithName("uploadMinutesFile").WithSummary("Upload the signed minutes of the conciliation meeting (PDF, DOCX, ODT or XLSX; name in Content-Disposition); pass what it returns as minutesFile when recording the meeting (coordinator)")
          .WithMetadata(new OpenApiDescription.FileBodyAttribute()).Produces<StoredDocument>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404)
          .RequireAuthorization(Accounts.Accounts.CoordinatorPolicy);
        minutes.WithMetadata(new RequestSizeLimitAttribute(maxBytes + 1));

        api.MapGet("/resolutions/{id:guid}/meeting/minutes-file/{sha256}", async Task<IResult> (Guid id, string sha256, HttpContext http, ResolutionQueries queries, AttachmentStore store, CancellationToken ct) =>
        {
            if (await queries.MinutesFileAsync(id, sha256, http.User.Actor(), ct).ConfigureAwait(false) is not { } file)
            {
                return Results.Problem($"no conciliation meeting of resolution {id} has the minutes file {sha256}", statusCode: 404);
            }
            http.Response.Headers.ETag = $"\"{file.Sha256}\"";
            http.Response.ContentLength = file.Size;
            return Results.Stream(output => store.CopyToAsync(file.Sha256, output, ct), file.MediaType, file.Name);
        }).WithName("downloadMinutesFile").WithSummary("Download the signed minutes of a conciliation meeting (SHA-256 in the ETag)")
          .Produces(200, contentType: "application/octet-stream").ProducesProblem(404);

        api.MapDelete("/resolutions/{id:guid}/attachments/{sha256}", (Guid id, string sha256, HttpContext http, CommandGateway gateway, CancellationToken ct) =>
            Checked(id, http, gateway, (cid, actor) => new RemoveAttachment(cid, id, actor, sha256), ct))
            .WithName("removeAttachment").WithSummary("Remove an attached document from the draft's next version (drafter)")
            .Produces<CommandAccepted>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(412)
            .RequireAuthorization(Accounts.Accounts.RolePolicy("drafter"));

        // The exact bytes a signer's tool signs: the text alone, or with attachments the canonical JSON of text and manifest (their SHA-256 is the version's hash).
        api.MapGet("/resolutions/{id:guid}/versions/{version:int}/content", async Task<IResult> (Guid id, int version, HttpContext http, ResolutionQueries queries, CancellationToken ct) =>
        {
            if (await queries.VersionAsync(id, version, http.User.Actor(), ct).ConfigureAwait(false) is not { } stored)
            {
                return Results.Problem($"resolution {id} has no version {version} you may read", statusCode: 404);
            }
            var bare = stored.Attachments.Count == 0;
            http.Response.Headers.ETag = $"\"{stored.Text.Hash}\"";
            return Results.File(stored.Content, bare ? "text/plain; charset=utf-8" : "application/json", $"version-{version}.{(bare ? "txt" : "json")}");
        }).WithName("versionContent").WithSummary("The exact bytes of a version a signer signs (SHA-256 = the version's hash, in the ETag)")
          .Produces(200, contentType: "application/octet-stream").ProducesProblem(404);

        api.MapGet("/resolutions/{id:guid}/versions/{version:int}/attachments/{sha256}", async Task<IResult> (Guid id, int version, string sha256, HttpContext http, ResolutionQueries queries, AttachmentStore store, CancellationToken ct) =>
        {
            if (await queries.AttachmentAsync(id, version, sha256, http.User.Actor(), ct).ConfigureAwait(false) is not { } attachment)
            {
                return Results.Problem($"version {version} of resolution {id} has no attachment {sha256}", statusCode: 404);
            }
            http.Response.Headers.ETag = $"\"{attachment.Sha256}\"";
            http.Response.ContentLength = attachment.Size;
            return Results.Stream(output => store.CopyToAsync(attachment.Sha256, output, ct), attachment.MediaType, attachment.Name);
        }).WithName("downloadAttachment").WithSummary("Download an attached document's bytes (SHA-256 in the ETag)")
          .Produces(200, contentType: "application/octet-stream").ProducesProblem(404);
    }

    public static string ContentPath(Guid id, int version) => $"/api/resolutions/{id}/versions/{version}/content";

    public static string MinutesFilePath(Guid id, string sha256) => $"/api/resolutions/{id}/meeting/minutes-file/{sha256}";

    /// <summary>
    /// The request's body stored as a document, named by its Content-Disposition; a body without a
    /// name or refused by its bytes (empty, too large, not a document, named as another format) is
    /// the caller's 400 and nothing is stored.
    /// </summary>
    private static async Task<(StoredDocument? Stored, IResult? Refused)> StoreBodyAsync(HttpContext http, AttachmentStore store, CancellationToken ct)
    {
        if (FileNameOf(http.Request) is not { Length: > 0 } name)
        {
            return (null, InvalidInput([new InputProblem("Content-Disposition", "name the file: attachment; filename*=UTF-8''<name> (the body is the file's bytes)")]));
        }
        try
        {
            var stored = await store.StoreAsync(http.Request.Body, name, ct).ConfigureAwait(false);
            return (new StoredDocument(name, stored.MediaType, stored.Size, stored.Sha256), null);
        }
        catch (AttachmentRefusedException refused)
        {
            return (null, Results.Problem(refused.Message, statusCode: 400, title: "invalidInput", extensions: new Dictionary<string, object?> { ["code"] = "invalidInput", ["field"] = "body" }));
        }
    }

    /// <summary>The file name from Content-Disposition (filename* preferred), as the manifest keeps it.</summary>
    private static string? FileNameOf(HttpRequest request) =>
        ContentDispositionHeaderValue.TryParse(request.Headers.ContentDisposition.ToString(), out var disposition)
            ? (disposition.FileNameStar ?? disposition.FileName?.Trim('"')) is { } name ? VersionContent.FileName(name) : null
            : null;
}
