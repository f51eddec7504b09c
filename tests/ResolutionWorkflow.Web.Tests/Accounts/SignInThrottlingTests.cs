using System.Net;
using System.Net.Http.Json;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Accounts;

[Collection(WebAppTests.Name)]
public sealed class SignInThrottlingTests
{
    [Fact]
    public async Task Repeated_sign_ins_are_throttled_and_repeated_failures_lock_the_account()
    {
        await using var app = new WebApp(signInsPerMinute: 6);
        var client = await app.ClientFor(null);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await client.PostAsJsonAsync("/api/token", new { userName = "registrar", password = "guess-" + i })).StatusCode);
        }

        // Five failures lock the account (then 429 from the lockout), and the window's limit answers 429 too.
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], statuses.Take(4));
        Assert.All(statuses.Skip(5), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }
}
