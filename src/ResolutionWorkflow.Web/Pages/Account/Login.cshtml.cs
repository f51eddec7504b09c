using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Web.Localization;

namespace ResolutionWorkflow.Web.Pages.Account;

[EnableRateLimiting(Accounts.Accounts.SignInLimit)]
public sealed class LoginModel(SignInManager<AppUser> signIn, Accounts.SignInGuard guard) : PageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        if (guard.WaitFor(address, UserName) is var wait && wait > TimeSpan.Zero)
        {
            Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Error = HttpContext.T("Too many failed attempts from this computer; try again in a few minutes.");
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(UserName ?? "", Password ?? "", isPersistent: false, lockoutOnFailure: false).ConfigureAwait(false);
        if (result.Succeeded)
        {
            guard.Succeeded(address, UserName);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        guard.Failed(address, UserName);
        Error = HttpContext.T("Wrong user name or password.");
        return Page();
    }
}
