using System.Net;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Accounts;

/// <summary>A failure inside the application reaches a person as a page in their language, and a program as problem details.</summary>
[Collection(WebAppTests.Name)]
public sealed class ErrorPageTests
{
    [Fact]
    public async Task A_failure_is_a_500_page_in_russian_for_a_browser_and_problem_details_for_the_api()
    {
        await using var app = new WebApp();
        var browser = await app.BrowserFor("coordinator");
        var api = await app.ClientFor("coordinator");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/resolutions")).StatusCode);

        // The database goes away under the running application: every read now fails. The file goes first, then the
        // pooled connections: a background job that opened one in between would otherwise keep reading the deleted file.
        File.Delete(Path.Combine(app.DataFolder, "resolutions.db"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var page = await browser.GetAsync("/resolutions");
        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Произошла ошибка", html, StringComparison.Ordinal);
        Assert.DoesNotContain("SqliteException", html, StringComparison.Ordinal);

        var answer = await api.GetAsync("/api/resolutions");
        Assert.Equal(HttpStatusCode.InternalServerError, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
    }
}
