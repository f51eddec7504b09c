using System.Net;
using ResolutionWorkflow.Web.Tests.Api;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Monitoring;

/// <summary>The health endpoints and the Hangfire dashboard's door, on the application in process.</summary>
[Collection(WebAppTests.Name)]
public sealed class HealthTests(ApiTests.Fixture app) : IClassFixture<ApiTests.Fixture>
{
    private Task<HttpClient> As(string? user) => app.App.ClientFor(user);

    [Fact]
    public async Task Health_endpoints_answer_and_the_hangfire_dashboard_is_for_coordinators_only()
    {
        var anonymous = await As(null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        // Ready once this process's Hangfire server has announced itself, which a node just started may not have done yet.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        HttpResponseMessage ready;
        while ((ready = await anonymous.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < until) { await Task.Delay(250); }
        Assert.True(ready.StatusCode == HttpStatusCode.OK, $"/health/ready did not answer 200 within 60 s of the start: {(int)ready.StatusCode} {await ready.Content.ReadAsStringAsync()}");
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/hangfire")).StatusCode);
    }
}
