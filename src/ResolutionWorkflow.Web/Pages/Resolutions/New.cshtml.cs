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

    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(string definitionId, string title, string text, CancellationToken ct)
    {
        var id = Guid.NewGuid();
        var (accepted, rejected) = await gateway.SendAsync(new StartResolution(Guid.NewGuid(), id, User.Actor(), definitionId, title, text), ct).ConfigureAwait(false);
        if (accepted is null)
        {
            // Shown on this page, next to the form the person can correct.
            Error = $"{HttpContext.T("Refused:")} {HttpContext.Why(rejected!)}";
            return Page();
        }
        TempData["Message"] = HttpContext.T("Done.");
        return Redirect($"/resolutions/{id}");
    }
}
