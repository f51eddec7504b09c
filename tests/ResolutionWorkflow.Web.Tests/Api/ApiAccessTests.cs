using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Api;

/// <summary>Who may call what, and what bad requests get: every endpoint, every role, every kind of bad body.</summary>
[Collection(WebAppTests.Name)]
public sealed class ApiAccessTests(ApiTests.Fixture app) : IClassFixture<ApiTests.Fixture>
{
    public static TheoryData<string> Endpoints => [.. ApiEndpoints.All.Select(e => e.ToString())];

    public static TheoryData<string, string> EndpointsByUser
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var endpoint in ApiEndpoints.All)
            {
                foreach (var user in ApiEndpoints.Users) { data.Add(endpoint.ToString(), user); }
            }
            return data;
        }
    }

    /// <summary>Bodies that are not JSON, are JSON of the wrong shape, or lack what the endpoint needs.</summary>
    public static TheoryData<string, string> BadBodies
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var endpoint in ApiEndpoints.All.Where(e => e.Body is not null && e.Route.Contains("{id}", StringComparison.Ordinal)))
            {
                foreach (var body in new[] { "{ not json", "[1, 2]", "\"text\"", "{}", WrongTyped(endpoint.Body!) })
                {
                    data.Add(endpoint.ToString(), body);
                }
            }
            return data;
        }
    }

    private static ApiEndpoint Find(string name) => ApiEndpoints.All.Single(e => e.ToString() == name);

    /// <summary>The well-formed body with every value replaced by one of the wrong JSON type.</summary>
    private static string WrongTyped(string body)
    {
        var wrong = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(body)!.ToDictionary(
            p => p.Key,
            p => (object)(p.Value.ValueKind switch { JsonValueKind.String => 42, JsonValueKind.Number => "two", JsonValueKind.Array => "none", _ => 1 }));
        return JsonSerializer.Serialize(wrong);
    }

    private static HttpRequestMessage Request(ApiEndpoint endpoint, Guid id, string? body) =>
        new(new HttpMethod(endpoint.Method), endpoint.PathFor(id))
        {
            Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
        };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_refuses_an_anonymous_caller(string name)
    {
        var response = await (await app.App.ClientFor(null)).SendAsync(Request(Find(name), Guid.NewGuid(), Find(name).Body ?? "{}"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>
    /// On a resolution that does not exist, a user the endpoint admits gets past the door and learns
    /// it does not exist (404); anyone else is stopped at the door (403) and learns nothing.
    /// </summary>
    [Theory]
    [MemberData(nameof(EndpointsByUser))]
    public async Task Each_endpoint_admits_its_roles_and_refuses_every_other(string name, string user)
    {
        var endpoint = Find(name);
        var response = await (await app.App.ClientFor(user)).SendAsync(Request(endpoint, Guid.NewGuid(), endpoint.Body));

        var expected = !endpoint.Admits.Contains(user) ? HttpStatusCode.Forbidden
            : endpoint.Method == "GET" && !endpoint.Route.Contains("{id}", StringComparison.Ordinal) ? HttpStatusCode.OK
            : endpoint.Route == "/api/resolutions" ? HttpStatusCode.Created
            : HttpStatusCode.NotFound;
        Assert.True(expected == response.StatusCode, $"{name} as {user}: expected {(int)expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (expected is HttpStatusCode.Forbidden or HttpStatusCode.NotFound && endpoint.Method == "POST")
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_gets_a_400_problem_and_changes_nothing(string name, string body)
    {
        var endpoint = Find(name);
        var id = await ResolutionInReview();
        var before = await Snapshot(id);

        var response = await (await app.App.ClientFor(endpoint.Admits[0])).SendAsync(Request(endpoint, id, body));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name} with {body}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        // The problem says what is wrong, not just "Bad Request".
        Assert.False(string.IsNullOrWhiteSpace((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()));
        Assert.Equal(before, await Snapshot(id));
    }

    [Fact]
    public async Task Starting_a_resolution_with_a_bad_body_is_a_400_and_creates_nothing()
    {
        var drafter = await app.App.ClientFor("drafter");
        var before = await app.App.CountAsync(db => db.Resolutions);
        foreach (var body in new[] { "{ not json", "{}", """{ "definitionId": 7, "title": [], "text": {} }""", """{ "definitionId": "no-such-definition", "title": "x", "text": "1. x" }""" })
        {
            var response = await drafter.PostAsync("/api/resolutions", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(before, await app.App.CountAsync(db => db.Resolutions));
    }

    [Theory]
    [InlineData("/api/resolutions/not-a-guid/withdrawal")]
    [InlineData("/api/resolutions/{id}/tasks/first/nudge")]
    [InlineData("/api/resolutions/{id}/remarks/99999999999/answer")]
    public async Task A_malformed_route_is_a_404_and_changes_nothing(string route)
    {
        var id = await ResolutionInReview();
        var before = await Snapshot(id);
        var response = await (await app.App.ClientFor("coordinator")).PostAsync(route.Replace("{id}", id.ToString(), StringComparison.Ordinal), JsonContent.Create(new { reason = "x", answer = "accepted" }));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, await Snapshot(id));
    }

    private async Task<Guid> ResolutionInReview()
    {
        var drafter = await app.App.ClientFor("drafter");
        var created = await (await drafter.PostAsJsonAsync("/api/resolutions", new { definitionId = "council-of-ministers-resolution", title = "Проверка ввода", text = ApiEndpoints.Text }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("resolutionId").GetGuid();
        var submitted = await drafter.PostAsJsonAsync($"/api/resolutions/{id}/submit", new { seenTextHash = created.GetProperty("textHash").GetString() });
        submitted.EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>Everything the API shows about a resolution, journal included.</summary>
    private async Task<string> Snapshot(Guid id) =>
        await (await (await app.App.ClientFor("coordinator")).GetAsync($"/api/resolutions/{id}")).Content.ReadAsStringAsync();
}
