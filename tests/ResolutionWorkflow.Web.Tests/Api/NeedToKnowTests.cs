using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Api;

/// <summary>
/// Reads follow need to know, on the API and the pages alike: an officer reads the resolutions
/// their organisation takes or took part in, the drafter their organisation's drafts, the
/// coordinator, registrar, signatories and administrator all; lists come a page at a time.
/// </summary>
[Collection(WebAppTests.Name)]
public sealed class NeedToKnowTests(ApiTests.Fixture app) : IClassFixture<ApiTests.Fixture>
{
    /// <summary>Takes part in the council resolution's review.</summary>
    private const string Participant = "officer.by-minfin";

    /// <summary>The Ministry for Emergencies of Belarus takes no part in it.</summary>
    private const string Outsider = "officer.by-mchs";

    private static readonly string[] SeeEverything = ["drafter", "coordinator", "registrar", "pm.by", "pm.ru", "admin"];

    private async Task<(Guid Id, string Hash)> Draft()
    {
        var drafter = await app.App.ClientFor("drafter");
        var created = await (await drafter.PostAsJsonAsync("/api/resolutions", new { definitionId = "council-of-ministers-resolution", title = "Сведения по необходимости", text = ApiEndpoints.Text }))
            .Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("resolutionId").GetGuid(), created.GetProperty("textHash").GetString()!);
    }

    private async Task<Guid> InReview()
    {
        var (id, hash) = await Draft();
        (await (await app.App.ClientFor("drafter")).PostAsJsonAsync($"/api/resolutions/{id}/submit", new { seenTextHash = hash })).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>Every resolution id the user's list shows, following the cursor to the end.</summary>
    private async Task<List<Guid>> Listed(string user, int limit = 200)
    {
        var client = await app.App.ClientFor(user);
        var ids = new List<Guid>();
        string? after = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/resolutions?limit={limit}" + (after is null ? "" : $"&after={after}"));
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            after = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
        }
        while (after is not null);
        return ids;
    }

    [Fact]
    public async Task An_officer_reads_what_their_organisation_takes_part_in_and_nothing_else_on_the_api_and_the_pages()
    {
        var review = await InReview();
        var (draft, _) = await Draft();

        // By the API: whole reads and the list.
        Assert.Equal(HttpStatusCode.OK, (await (await app.App.ClientFor(Participant)).GetAsync($"/api/resolutions/{review}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.App.ClientFor(Participant)).GetAsync($"/api/resolutions/{draft}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.App.ClientFor(Outsider)).GetAsync($"/api/resolutions/{review}")).StatusCode);
        Assert.Contains(review, await Listed(Participant));
        Assert.DoesNotContain(draft, await Listed(Participant));
        var outsider = await Listed(Outsider);
        Assert.DoesNotContain(review, outsider);
        Assert.DoesNotContain(draft, outsider);
        foreach (var user in SeeEverything)
        {
            Assert.Equal(HttpStatusCode.OK, (await (await app.App.ClientFor(user)).GetAsync($"/api/resolutions/{review}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await (await app.App.ClientFor(user)).GetAsync($"/api/resolutions/{draft}")).StatusCode);
            var listed = await Listed(user);
            Assert.Contains(review, listed);
            Assert.Contains(draft, listed);
        }

        // By the pages: the same answers.
        var participantPages = await app.App.BrowserFor(Participant);
        Assert.Equal(HttpStatusCode.OK, (await participantPages.GetAsync($"/resolutions/{review}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await participantPages.GetAsync($"/resolutions/{draft}")).StatusCode);
        var outsiderPages = await app.App.BrowserFor(Outsider);
        Assert.Equal(HttpStatusCode.NotFound, (await outsiderPages.GetAsync($"/resolutions/{review}")).StatusCode);
        var list = await outsiderPages.GetStringAsync("/resolutions");
        Assert.DoesNotContain(review.ToString(), list, StringComparison.Ordinal);
        Assert.Contains(review.ToString(), await participantPages.GetStringAsync("/resolutions"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_organisation_that_took_part_still_reads_after_its_task_is_done()
    {
        var id = await InReview();
        var participant = await app.App.ClientFor(Participant);
        var hash = (await participant.GetFromJsonAsync<JsonElement>($"/api/resolutions/{id}")).GetProperty("currentTextHash").GetString();
        (await participant.PostAsJsonAsync($"/api/resolutions/{id}/opinions", new { seenTextHash = hash, opinion = "agree" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await participant.GetAsync($"/api/resolutions/{id}")).StatusCode);
        Assert.Contains(id, await Listed(Participant));
    }

    [Fact]
    public async Task The_list_comes_a_page_at_a_time_and_following_the_cursor_shows_each_resolution_once()
    {
        for (var i = 0; i < 5; i++) { await Draft(); }
        var all = await Listed("coordinator");
        var paged = await Listed("coordinator", limit: 2);
        Assert.Equal(all, paged);
        Assert.Equal(paged.Count, paged.Distinct().Count());
        Assert.Equal(await app.App.CountAsync(db => db.Resolutions), all.Count);

        var first = await (await app.App.ClientFor("coordinator")).GetFromJsonAsync<JsonElement>("/api/resolutions");
        Assert.True(first.GetProperty("items").GetArrayLength() <= 50);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("after=not-a-cursor", "after")]
    [InlineData("after=MTIz", "after")]
    public async Task A_page_request_out_of_range_is_a_400_naming_the_parameter(string query, string field)
    {
        var response = await (await app.App.ClientFor("coordinator")).GetAsync($"/api/resolutions?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    /// <summary>
    /// Every operation, as an officer whose organisation takes part and as one whose organisation
    /// does not: the outsider changes nothing anywhere, and reads nothing.
    /// </summary>
    [Fact]
    public async Task An_outsider_organisation_can_do_nothing_to_a_resolution_by_any_operation()
    {
        var id = await InReview();
        var coordinator = await app.App.ClientFor("coordinator");
        var before = await coordinator.GetStringAsync($"/api/resolutions/{id}");
        var outsider = await app.App.ClientFor(Outsider);
        var hash = JsonDocument.Parse(before).RootElement.GetProperty("currentTextHash").GetString()!;
        foreach (var endpoint in ApiEndpoints.All.Where(e => e.Route.Contains("{id}", StringComparison.Ordinal)))
        {
            var body = endpoint.Body?.Replace(new string('0', 64), hash, StringComparison.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.PathFor(id))
            {
                Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
            };
            var response = await outsider.SendAsync(request);
            // Even an operation its role admits answers as if the resolution did not exist.
            var expected = endpoint.Admits.Contains(Participant) ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden;
            Assert.True(response.StatusCode == expected, $"{endpoint} as {Outsider}: expected {(int)expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        // The page's forms alike: an opinion or a withdrawal posted by the outsider is the page's 404.
        var pages = await app.App.BrowserFor(Outsider);
        foreach (var (handler, field, value) in new[] { ("Opinion", "seenTextHash", hash), ("Withdraw", "reason", "проверка") })
        {
            var form = new FormUrlEncodedContent([new("__RequestVerificationToken", await WebApp.AntiforgeryToken(pages)), new(field, value), new("Opinion", "agree")]);
            Assert.Equal(HttpStatusCode.NotFound, (await pages.PostAsync($"/resolutions/{id}?handler={handler}", form)).StatusCode);
        }
        Assert.Equal(before, await coordinator.GetStringAsync($"/api/resolutions/{id}"));

        // The same opinion from an organisation that takes part is applied.
        var participant = await app.App.ClientFor(Participant);
        Assert.Equal(HttpStatusCode.OK, (await participant.PostAsJsonAsync($"/api/resolutions/{id}/opinions", new { seenTextHash = hash, opinion = "agree" })).StatusCode);
    }
}
