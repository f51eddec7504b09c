using Microsoft.AspNetCore.Mvc.RazorPages;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Web.Resolutions;

namespace ResolutionWorkflow.Web.Pages.Resolutions;

public sealed class ListModel(ResolutionQueries queries) : PageModel
{
    public IReadOnlyList<ResolutionRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await queries.AllAsync(ct).ConfigureAwait(false);
}
