using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Api;

/// <summary>
/// A client whose answer was lost while the node restarted sends the same key and body to the node that
/// came back: every command operation that was applied answers as it did before the restart, from the stored
/// record, and is not applied again. (A refusal changes nothing and is not kept: asked again, it is answered again.)
/// </summary>
[Collection(WebAppTests.Name)]
public sealed class ReplayAfterRestartTests
{
    [Fact]
    public async Task Every_command_sent_again_after_a_restart_gets_the_first_answer()
    {
        var folder = Path.Combine(Path.GetTempPath(), "rw-restart-" + Guid.NewGuid().ToString("N"));
        var endpoints = ApiEndpoints.All.Where(e => e.Method == "POST" && e.Body is not null && !e.Route.Contains("attachments", StringComparison.Ordinal) && !e.Route.Contains("minutes-file", StringComparison.Ordinal)).ToList();
        var first = new List<(ApiEndpoint Endpoint, string Key, HttpStatusCode Status, JsonElement Body)>();
        Guid id;
        try
        {
            await using (var before = new WebApp(dataFolder: folder))
            {
                id = await InReviewAsync(before);
                foreach (var endpoint in endpoints)
                {
                    var key = "restart-" + Guid.NewGuid().ToString("N");
                    var (status, body) = await SendAsync(before, endpoint, id, key);
                    first.Add((endpoint, key, status, body));
                }
            }
            await using var after = new WebApp(dataFolder: folder);
            foreach (var (endpoint, key, status, body) in first)
            {
                var (again, repeat) = await SendAsync(after, endpoint, id, key);
                if ((int)status < 300)
                {
                    Assert.True(status == again, $"{endpoint}: {(int)status} before the restart, {(int)again} after: {repeat}");
                    Assert.True(repeat.GetProperty("duplicate").GetBoolean(), $"{endpoint}: applied again after the restart");
                    Assert.Equal(body.GetProperty("commandId").GetGuid(), repeat.GetProperty("commandId").GetGuid());
                    Assert.Equal(body.GetProperty("resolutionId").GetGuid(), repeat.GetProperty("resolutionId").GetGuid());
                }
                else
                {
                    // A refusal changed nothing and is not kept: the repeat is a command asked again, of a draft the later commands moved on.
                    Assert.True((int)again >= 400 && (int)again < 500, $"{endpoint}: refused before the restart, {(int)again} after: {repeat}");
                }
            }
            // Every operation was asked; those the draft's state admitted were applied — a start among them.
            Assert.True(first.Count > 20 && first.Count(f => (int)f.Status < 300) >= 3, $"{first.Count} operations, {first.Count(f => (int)f.Status < 300)} applied");
            Assert.Contains(first, f => f.Endpoint.Route == "/api/resolutions" && f.Status == HttpStatusCode.Created);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(WebApp app, ApiEndpoint endpoint, Guid id, string key)
    {
        var client = await app.ClientFor(endpoint.Admits[0]);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.PathFor(id)) { Content = new StringContent(endpoint.Body!, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static async Task<Guid> InReviewAsync(WebApp app)
    {
        var drafter = await app.ClientFor("drafter");
        var created = await (await drafter.PostAsJsonAsync("/api/resolutions", new { definitionId = "council-of-ministers-resolution", title = "Повтор после перезапуска", text = ApiEndpoints.Text }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("resolutionId").GetGuid();
        var submitted = await drafter.PostAsJsonAsync($"/api/resolutions/{id}/submit", new { seenTextHash = created.GetProperty("textHash").GetString() });
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        return id;
    }
}
