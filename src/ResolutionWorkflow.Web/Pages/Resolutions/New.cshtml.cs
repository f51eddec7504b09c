using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResolutionWorkflow.Contracts;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Web.Accounts;
using ResolutionWorkflow.Web.Localization;

namespace ResolutionWorkflow.Web.Pages.Resolutions;

[Authorize(Roles = "drafter")]
public sealed class NewModel(WorkflowCatalog catalog, CommandGateway gateway) : PageModel
{
    public IReadOnlyList<WorkflowDefinition> Definitions => [.. catalog.All.GroupBy(d => d.Id).Select(g => g.MaxBy(d => d.Version)!)];

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(string definitionId, string title, string text, CancellationToken ct)
    {
        var id = Guid.NewGuid();
        var (accepted, rejected) = await gateway.SendAsync(new StartResolution(Guid.NewGuid(), id, User.Actor(), definitionId, title, text), ct).ConfigureAwait(false);
        TempData["Message"] = accepted is not null ? HttpContext.T("Done.") : $"{HttpContext.T("Refused:")} {rejected!.Reason}";
        TempData["Failed"] = accepted is null;
        return accepted is not null ? Redirect($"/resolutions/{id}") : Page();
    }
}
