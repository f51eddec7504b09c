using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Contracts;

namespace ResolutionWorkflow.Web.Accounts;

/// <summary>
/// ASP.NET Core Identity on the application's database: cookies for pages, bearer tokens for the
/// API, a slowdown for the source of repeated failures (<see cref="SignInGuard"/>; accounts are
/// never locked) and a rate limit on credential submissions. Every request's actor comes
/// from here — never from a form field.
/// </summary>
public static class Accounts
{
    public const string OrganisationClaim = "org";
    public const string LanguageClaim = "lang";
    public const string DisplayNameClaim = "display_name";
    public const string SignInLimit = "sign-in";
    public const string CoordinatorPolicy = "coordinator";
    public const string ApiPolicy = "api";

    /// <summary>Those who sign acts: the heads of government, and the Chairman of the Council of Ministers where a definition names him alone.</summary>
    public const string SigningPolicy = "signing";

    public static string RolePolicy(string role) => $"role:{role}";

    public static readonly string[] Roles = ["officer", "drafter", "coordinator", "signatory", "chairman", "registrar", "administrator"];

    public static void AddAccounts(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                // Failures slow their source down instead: a lockout would let anyone keep an account's owner out.
                o.Lockout.AllowedForNewUsers = false;
                o.Password.RequiredLength = 10;
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<ResolutionDbContext>()
            .AddClaimsPrincipalFactory<ClaimsFactory>()
            .AddDefaultTokenProviders();
        // Identity's stores need a scoped context; commands use the pooled factory.
        services.AddScoped(sp => sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<ResolutionDbContext>>().CreateDbContext());
        services.AddDataProtection().PersistKeysToDbContext<ResolutionDbContext>().SetApplicationName("ResolutionWorkflow");
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "rw.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            // The API answers 401/403, it does not redirect to a page.
            o.Events.OnRedirectToLogin = c => Deny(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => Deny(c, StatusCodes.Status403Forbidden);
        });
        services.AddAuthentication().AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TimeSpan.FromHours(1));
        // Pages sign in with the cookie; the API also takes bearer tokens.
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, IdentityConstants.BearerScheme).RequireAuthenticatedUser())
            .AddPolicy(CoordinatorPolicy, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, IdentityConstants.BearerScheme).RequireRole("coordinator", "administrator"))
            .AddPolicy(RolePolicy("drafter"), p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, IdentityConstants.BearerScheme).RequireRole("drafter"))
            .AddPolicy(SigningPolicy, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, IdentityConstants.BearerScheme).RequireRole("signatory", "chairman"))
            .AddPolicy(RolePolicy("registrar"), p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, IdentityConstants.BearerScheme).RequireRole("registrar"))
            .AddPolicy(RolePolicy("officer"), p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, IdentityConstants.BearerScheme).RequireRole("officer"));
        builder.AddExternalSignIn();
        services.AddSingleton<SignInGuard>();
        var perMinute = builder.Configuration.GetValue("Accounts:SignInsPerMinute", 30);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Only a submission of credentials counts; loading the sign-in form never does.
            o.AddPolicy(SignInLimit, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("form"));
            o.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                // No body here: the status code pages answer a browser with a page and the API with problem details.
                return ValueTask.CompletedTask;
            };
        });
    }

    private static Task Deny(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hangfire"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>The actor of a request: who signed in, their organisation and roles.</summary>
    public static ActorRef Actor(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new ActorRef(
            user.Identity?.Name ?? throw new InvalidOperationException("not signed in"),
            user.FindFirstValue(OrganisationClaim) ?? "",
            [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value)]);
    }

    /// <summary>Adds the organisation, language and display name to the sign-in.</summary>
    private sealed class ClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
        : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
    {
        protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
        {
            var identity = await base.GenerateClaimsAsync(user).ConfigureAwait(false);
            identity.AddClaim(new Claim(OrganisationClaim, user.Organisation));
            identity.AddClaim(new Claim(LanguageClaim, user.Language));
            if (user.DisplayName.Length > 0) { identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName)); }
            return identity;
        }
    }
}
