using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Web.Accounts;
using ResolutionWorkflow.Web.Resolutions;

namespace ResolutionWorkflow.Web.Pages.Resolutions;

/// <summary>The resolutions the reader may read, a page at a time.</summary>
public sealed class ListModel(ResolutionQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public IReadOnlyList<ResolutionRow> Rows { get; private set; } = [];

    public string? Next { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (After is not null && !ResolutionQueries.Cursor.TryRead(After, out _)) { return BadRequest(); }
        var page = await queries.PageAsync(User.Actor(), ResolutionQueries.DefaultPageSize, After, ct).ConfigureAwait(false);
        (Rows, Next) = (page.Items, page.Next);
        return Page();
    }
}
