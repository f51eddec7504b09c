using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;

namespace ResolutionWorkflow.Web.Accounts;

/// <summary>Settings of an OpenID Connect identity provider (section <c>Accounts:OpenIdConnect</c>); off while Authority is empty.</summary>
public sealed class OpenIdConnectSettings
{
    public const string Section = "Accounts:OpenIdConnect";
    public const string Scheme = "oidc";

    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>The button's label on the sign-in page, e.g. the provider's name.</summary>
    public string DisplayName { get; set; } = "OpenID Connect";

    /// <summary>The claim holding the user name of the local account the person is linked to.</summary>
    public string UserNameClaim { get; set; } = "preferred_username";

    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}

/// <summary>
/// OpenID Connect as an alternative to passwords. The provider proves who the person is; what they
/// may do — organisation and roles — still comes from the local account an administrator created,
/// so a provider cannot grant an officer another ministry. A person without a local account is refused.
/// </summary>
public static class ExternalSignIn
{
    public static void AddExternalSignIn(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = builder.Configuration.GetSection(OpenIdConnectSettings.Section).Get<OpenIdConnectSettings>() ?? new OpenIdConnectSettings();
        builder.Services.AddSingleton(settings);
        if (!settings.Enabled) { return; }
        if (string.IsNullOrWhiteSpace(settings.ClientId))
        {
            throw new InvalidOperationException($"{OpenIdConnectSettings.Section}:ClientId is required when {OpenIdConnectSettings.Section}:Authority is set");
        }
        builder.Services.AddAuthentication().AddOpenIdConnect(OpenIdConnectSettings.Scheme, settings.DisplayName, o =>
        {
            o.SignInScheme = IdentityConstants.ExternalScheme;
            o.Authority = settings.Authority;
            o.ClientId = settings.ClientId;
            o.ClientSecret = settings.ClientSecret;
            o.ResponseType = "code";
            o.UsePkce = true;
            o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            o.MapInboundClaims = false;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("profile");
            o.SaveTokens = false;
        });
    }
}
