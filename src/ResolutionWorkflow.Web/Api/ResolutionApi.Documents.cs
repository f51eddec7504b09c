using ResolutionWorkflow.App.Documents;
using ResolutionWorkflow.App.Messaging;
using ResolutionWorkflow.Documents.Layout;
using ResolutionWorkflow.Web.Accounts;
using ResolutionWorkflow.Web.Resolutions;

namespace ResolutionWorkflow.Web.Api;

/// <summary>The approval sheet, the disagreement table and the act as DOCX or PDF, in Russian or (lang=en) English.</summary>
public static partial class ResolutionApi
{
    public static readonly IReadOnlyDictionary<string, string> DocumentFormats = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["docx"] = FileTypes.Docx,
        ["pdf"] = FileTypes.Pdf,
    };

    public static string DocumentPath(Guid id, string document, string format, string language) =>
        $"/api/resolutions/{id}/documents/{document}.{format}" + (language == "en" ? "?lang=en" : "");

    public static string PackagePath(Guid id) => $"/api/resolutions/{id}/package";

    private static void MapDocuments(RouteGroupBuilder api)
    {
        api.MapGet("/resolutions/{id:guid}/package", async Task<IResult> (Guid id, HttpContext http, ResolutionQueries queries, ActPackageExport packages, CancellationToken ct) =>
        {
            if (!await queries.CanReadAsync(id, http.User.Actor(), ct).ConfigureAwait(false)) { return Results.Problem($"there is no resolution {id}", statusCode: 404); }
            // Written to a temporary file first: attachments stream through it, and a failure half way sends an error, not half an archive.
            var temp = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
            await packages.WriteAsync(id, temp, ct).ConfigureAwait(false);
            temp.Position = 0;
            return Results.File(temp, "application/zip", $"act-{id:N}.zip");
        }).WithName("exportPackage").WithSummary("The act as signed in one ZIP archive (text, attachments, manifest, signatures, certificates, journal) that `resolution-workflow act verify` checks offline")
          .Produces(200, contentType: "application/zip").ProducesProblem(404);

        api.MapGet("/resolutions/{id:guid}/documents/{file}", async Task<IResult> (Guid id, string file, string? lang, HttpContext http, ResolutionQueries queries, ResolutionDocuments documents, CancellationToken ct) =>
        {
            var dot = file.LastIndexOf('.');
            var (name, format) = dot < 0 ? (file, "") : (file[..dot], file[(dot + 1)..]);
            var problems = new List<InputProblem>();
            var known = ResolutionDocuments.Kinds.TryGetValue(name, out var kind);
            if (!DocumentFormats.TryGetValue(format, out var mediaType) || !known)
            {
                problems.Add(new InputProblem("file", $"names a document and a format: one of {string.Join(", ", ResolutionDocuments.Kinds.Keys)}, then .docx or .pdf"));
            }
            if (lang is not (null or "ru" or "en")) { problems.Add(new InputProblem("lang", "is ru (the default) or en")); }
            if (problems.Count > 0) { return InvalidInput(problems); }
            if (!await queries.CanReadAsync(id, http.User.Actor(), ct).ConfigureAwait(false)
                || await documents.BuildAsync(id, kind, lang ?? "ru", ct).ConfigureAwait(false) is not { } document)
            {
                return Results.Problem($"there is no resolution {id}", statusCode: 404);
            }
            var bytes = new MemoryStream();
            if (format == "pdf") { PdfWriter.Write(document, bytes); } else { DocxWriter.Write(document, bytes); }
            return Results.File(bytes.ToArray(), mediaType, $"{ResolutionDocuments.FileName(kind, lang ?? "ru")}.{format}");
        }).WithName("exportDocument").WithSummary("The approval sheet, the disagreement table or the act as DOCX or PDF (approval-sheet.pdf, act.docx…), in Russian or with lang=en in English")
          .Produces(200, contentType: FileTypes.Pdf).ProducesProblem(404);
    }
}
