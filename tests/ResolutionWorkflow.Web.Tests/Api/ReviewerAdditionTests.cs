using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Api;

/// <summary>
/// While the interministerial review is open the coordinator sends the draft to another body of the
/// pool (API and page): that body's officer gets the task at once; nobody else may, and no body
/// already asked is taken off.
/// </summary>
[Collection(WebAppTests.Name)]
public sealed class ReviewerAdditionTests(ReviewerAdditionTests.Fixture app) : IClassFixture<ReviewerAdditionTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public WebApp App { get; } = new();

        public ValueTask InitializeAsync() { _ = App.Server; return ValueTask.CompletedTask; }

        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    private static readonly string[] Emergencies = ["ru-mchs"], Border = ["ru-fsb"];

    private async Task<Guid> InReview()
    {
        var drafter = await app.App.ClientFor("drafter");
        var created = await (await drafter.PostAsJsonAsync("/api/resolutions", new { definitionId = "council-of-ministers-resolution", title = "О взаимодействии при чрезвычайных ситуациях", text = ApiEndpoints.Text }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("resolutionId").GetGuid();
        (await drafter.PostAsJsonAsync($"/api/resolutions/{id}/submit", new { seenTextHash = created.GetProperty("textHash").GetString() })).EnsureSuccessStatusCode();
        return id;
    }

    private async Task<bool> InInbox(string user, Guid id) =>
        (await (await app.App.ClientFor(user)).GetStringAsync("/api/inbox")).Contains(id.ToString(), StringComparison.Ordinal);

    private async Task<int> TasksOf(Guid id) => await app.App.CountAsync(db => db.Tasks.Where(t => t.ResolutionId == id));

    [Fact]
    public async Task Over_the_api_the_coordinator_adds_a_body_during_review_and_its_officer_is_asked_at_once()
    {
        var id = await InReview();
        Assert.False(await InInbox("officer.ru-mchs", id));
        var tasks = await TasksOf(id);

        // Not the drafter; not without a reason — and nothing changes.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.App.ClientFor("drafter")).PostAsJsonAsync($"/api/resolutions/{id}/reviewers/confirmation", new { organisations = Emergencies, reason = "касается" })).StatusCode);
        var noReason = await (await app.App.ClientFor("coordinator")).PostAsJsonAsync($"/api/resolutions/{id}/reviewers/confirmation", new { organisations = Emergencies });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(tasks, await TasksOf(id));

        var added = await (await app.App.ClientFor("coordinator")).PostAsJsonAsync($"/api/resolutions/{id}/reviewers/confirmation",
            new { organisations = Emergencies, reason = "Проект касается действий при чрезвычайных ситуациях." });
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        Assert.Equal(tasks + 1, await TasksOf(id));
        Assert.True(await InInbox("officer.ru-mchs", id));
        var opinion = await (await app.App.ClientFor("officer.ru-mchs")).PostAsJsonAsync($"/api/resolutions/{id}/opinions",
            new { seenTextHash = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("textHash").GetString(), opinion = "agree" });
        Assert.True(opinion.IsSuccessStatusCode, await opinion.Content.ReadAsStringAsync());

        // Taking a body off once asked is refused by name.
        var off = await (await app.App.ClientFor("coordinator")).PostAsJsonAsync($"/api/resolutions/{id}/reviewers/confirmation", new { organisations = Border, reason = "иначе" });
        Assert.Equal(HttpStatusCode.BadRequest, off.StatusCode);
        Assert.Contains("reviewerAlreadyAsked", await off.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_the_page_the_coordinator_sends_the_draft_to_more_bodies_and_the_list_keeps_those_asked()
    {
        var id = await InReview();
        var coordinator = await app.App.BrowserFor("coordinator");
        var page = await coordinator.GetStringAsync($"/resolutions/{id}");
        Assert.Contains("Направить проект на согласование дополнительно", page, StringComparison.Ordinal);
        // An officer sees the bodies, not the form.
        Assert.DoesNotContain("Направить проект на согласование дополнительно", await (await app.App.BrowserFor("officer.ru-minfin")).GetStringAsync($"/resolutions/{id}"), StringComparison.Ordinal);

        var form = new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", await WebApp.AntiforgeryToken(coordinator)),
            new("organisations", "by-customs"),
            new("reason", "Проект затрагивает таможенное регулирование."),
        ]);
        var posted = await coordinator.PostAsync($"/resolutions/{id}?handler=ConfirmReviewers", form);
        Assert.True(posted.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther, $"{posted.StatusCode}");
        Assert.True(await InInbox("officer.by-customs", id));

        // The next addition keeps the body already asked (it travels as a hidden field) and adds another.
        page = await coordinator.GetStringAsync($"/resolutions/{id}");
        Assert.Contains("<input type=\"hidden\" name=\"organisations\" value=\"by-customs\">", page, StringComparison.Ordinal);
        form = new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", await WebApp.AntiforgeryToken(coordinator)),
            new("organisations", "by-customs"),
            new("organisations", "ru-customs"),
            new("reason", "И российской таможенной службы."),
        ]);
        await coordinator.PostAsync($"/resolutions/{id}?handler=ConfirmReviewers", form);
        Assert.True(await InInbox("officer.ru-customs", id));
        Assert.True(await InInbox("officer.by-customs", id));
    }
}
