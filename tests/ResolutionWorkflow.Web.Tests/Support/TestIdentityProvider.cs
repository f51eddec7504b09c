using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ResolutionWorkflow.Web.Tests.Support;

/// <summary>
/// A small OpenID Connect provider on a real port: discovery, signing keys, an authorisation
/// endpoint that answers for whoever the test says is signed in there (by form_post), and a token
/// endpoint that checks the client secret and the PKCE verifier before issuing a signed ID token.
/// No machine here can run a government identity provider; the conversation with it is the real one.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "resolution-workflow";
    public const string ClientSecret = "test-client-secret";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key" };
    private readonly ConcurrentDictionary<string, Grant> _codes = new();

    private sealed record Grant(string UserName, string Nonce, string Challenge, string RedirectUri);

    /// <summary>The person signed in at the provider; their user name goes into <c>preferred_username</c>.</summary>
    public string SignedInUser { get; set; } = "";

    public string Authority { get; private set; } = "";

    public int TokensIssued => _tokensIssued;
    private int _tokensIssued;

    private TestIdentityProvider(WebApplication app) => _app = app;

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var provider = new TestIdentityProvider(builder.Build());
        provider.Map();
        await provider._app.StartAsync();
        provider.Authority = provider._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return provider;
    }

    private void Map()
    {
        _app.MapGet("/.well-known/openid-configuration", () => Results.Content($$"""
            {
              "issuer": "{{Authority}}",
              "authorization_endpoint": "{{Authority}}/authorize",
              "token_endpoint": "{{Authority}}/token",
              "jwks_uri": "{{Authority}}/jwks",
              "response_types_supported": ["code"],
              "response_modes_supported": ["form_post", "query"],
              "subject_types_supported": ["public"],
              "id_token_signing_alg_values_supported": ["RS256"],
              "code_challenge_methods_supported": ["S256"],
              "token_endpoint_auth_methods_supported": ["client_secret_post"]
            }
            """, "application/json"));
        _app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_key.Rsa.ExportParameters(false)) { KeyId = _key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
        });
        _app.MapGet("/authorize", (HttpRequest request) =>
        {
            var q = request.Query;
            if (q["client_id"] != ClientId || q["response_type"] != "code" || q["code_challenge_method"] != "S256")
            {
                return Results.BadRequest("unexpected authorisation request");
            }
            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            _codes[code] = new Grant(SignedInUser, q["nonce"]!, q["code_challenge"]!, q["redirect_uri"]!);
            var form = $"""
                <html><body><form method="post" action="{WebUtility.HtmlEncode(q["redirect_uri"])}">
                <input type="hidden" name="code" value="{code}">
                <input type="hidden" name="state" value="{WebUtility.HtmlEncode(q["state"])}">
                </form></body></html>
                """;
            return Results.Content(form, "text/html");
        });
        _app.MapPost("/token", async (HttpRequest request) =>
        {
            var f = await request.ReadFormAsync();
            if (f["client_id"] != ClientId || f["client_secret"] != ClientSecret) { return Results.Json(new { error = "invalid_client" }, statusCode: 401); }
            if (!_codes.TryRemove(f["code"].ToString(), out var grant) || grant.RedirectUri != f["redirect_uri"]) { return Results.Json(new { error = "invalid_grant" }, statusCode: 400); }
            var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(f["code_verifier"].ToString())));
            if (challenge != grant.Challenge) { return Results.Json(new { error = "invalid_grant", error_description = "PKCE" }, statusCode: 400); }
            var now = DateTime.UtcNow;
            var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Authority,
                Audience = ClientId,
                IssuedAt = now,
                NotBefore = now,
                Expires = now.AddMinutes(5),
                SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
                Claims = new Dictionary<string, object>
                {
                    ["sub"] = "subject-" + grant.UserName,
                    ["nonce"] = grant.Nonce,
                    ["preferred_username"] = grant.UserName,
                },
            });
            Interlocked.Increment(ref _tokensIssued);
            return Results.Json(new { access_token = Guid.NewGuid().ToString("N"), token_type = "Bearer", expires_in = 300, id_token = idToken });
        });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
