using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResolutionWorkflow.Engine.Texts;
using ResolutionWorkflow.Web.Accounts;
using ResolutionWorkflow.Web.Localization;
using ResolutionWorkflow.Web.Resolutions;

namespace ResolutionWorkflow.Web.Pages.Resolutions;

/// <summary>Search over the resolutions the reader may see: ranked, marked, a page at a time.</summary>
public sealed class SearchModel(ResolutionSearch search) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public int Offset { get; set; }

    public SearchPage? Results { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Q)) { return Page(); }
        if (Q.Length > ResolutionSearch.MaxQueryLength || StorableText.Problem(Q) is not null || Offset is < 0 or > ResolutionSearch.MaxOffset)
        {
            Error = HttpContext.T("The search words are too long or contain characters that cannot be searched for.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Results = await search.SearchAsync(Q, User.Actor(), Offset, ResolutionSearch.DefaultPageSize, ct).ConfigureAwait(false);
        return Page();
    }
}
