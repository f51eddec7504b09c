using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Web.Accounts;
using ResolutionWorkflow.Web.Localization;

namespace ResolutionWorkflow.Web.Pages.Account;

/// <summary>Sign-in through the configured OpenID Connect provider, and its return.</summary>
[EnableRateLimiting(Accounts.Accounts.SignInLimit)]
public sealed class ExternalModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, OpenIdConnectSettings settings) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public IActionResult OnGet() => RedirectToPage("/Account/Login");

    /// <summary>Sends the browser to the provider.</summary>
    public IActionResult OnPost()
    {
        if (!settings.Enabled) { return NotFound(); }
        var callback = Url.Page("/Account/External", "Callback", new { ReturnUrl = LocalOrHome(ReturnUrl) });
        return Challenge(signIn.ConfigureExternalAuthenticationProperties(OpenIdConnectSettings.Scheme, callback), OpenIdConnectSettings.Scheme);
    }

    /// <summary>The provider sent the person back: sign in the local account linked to them, or refuse.</summary>
    public async Task<IActionResult> OnGetCallbackAsync()
    {
        var info = await signIn.GetExternalLoginInfoAsync().ConfigureAwait(false);
        if (info is null) { return Refuse("The sign-in with the identity provider did not complete."); }
        var result = await signIn.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: true).ConfigureAwait(false);
        if (result.IsLockedOut) { return Refuse("Too many attempts; try again later."); }
        if (!result.Succeeded)
        {
            // First visit: link to the local account of the same user name, which an administrator created.
            var name = info.Principal.FindFirstValue(settings.UserNameClaim);
            var user = name is null ? null : await users.FindByNameAsync(name).ConfigureAwait(false);
            if (user is null) { return Refuse("There is no account here for this person; ask an administrator to create one."); }
            var existing = await users.GetLoginsAsync(user).ConfigureAwait(false);
            if (existing.Any(l => l.LoginProvider == info.LoginProvider))
            {
                return Refuse("This account is already linked to another person at the identity provider.");
            }
            var linked = await users.AddLoginAsync(user, info).ConfigureAwait(false);
            if (!linked.Succeeded) { return Refuse("The account could not be linked."); }
            await signIn.SignInAsync(user, isPersistent: false, info.LoginProvider).ConfigureAwait(false);
        }
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme).ConfigureAwait(false);
        return LocalRedirect(LocalOrHome(ReturnUrl));
    }

    private PageResult Refuse(string message)
    {
        Error = HttpContext.T(message);
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }

    private string LocalOrHome(string? url) => Url.IsLocalUrl(url) ? url! : "/";
}
