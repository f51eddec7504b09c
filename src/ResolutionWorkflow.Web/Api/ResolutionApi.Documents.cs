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

    private static void MapDocuments(RouteGroupBuilder api) =>
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
