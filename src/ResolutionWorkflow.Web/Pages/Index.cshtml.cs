using Microsoft.AspNetCore.Mvc.RazorPages;
using ResolutionWorkflow.Web.Accounts;
using ResolutionWorkflow.Web.Resolutions;

namespace ResolutionWorkflow.Web.Pages;

public sealed class InboxModel(ResolutionQueries queries) : PageModel
{
    public IReadOnlyList<InboxItem> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Items = await queries.InboxAsync(User.Actor(), ct).ConfigureAwait(false);
}
