using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ResolutionWorkflow.Web.Pages;

/// <summary>
/// What a person's browser shows for a refusal or a failure, in their language, with the status
/// kept (the API answers the same statuses as problem details instead).
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Code { get; set; }

    public string Title { get; private set; } = "";

    public string Explanation { get; private set; } = "";

    public double? RetryAfterSeconds { get; private set; }

    public IActionResult OnGet() => Show();

    public IActionResult OnPost() => Show();

    private PageResult Show()
    {
        var status = Code is >= 400 and < 600 ? Code.Value : HttpContext.Response.StatusCode is >= 400 and < 600 ? HttpContext.Response.StatusCode : 500;
        (Title, Explanation) = status switch
        {
            400 => ("The request could not be read", "Check what you entered and send it again."),
            403 => ("Access denied", "This page is for other roles. Your own tasks are in the inbox."),
            404 => ("Page not found", "There is no such page, or it is not open to you."),
            429 => ("Too many attempts", "Too many requests came from here in a short time."),
            _ => ("Something went wrong", "The service could not complete the request. Nothing you sent was lost; try again later."),
        };
        if (double.TryParse(HttpContext.Response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var seconds)) { RetryAfterSeconds = seconds; }
        HttpContext.Response.StatusCode = status;
        return Page();
    }
}
