using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Api;

[Collection(WebAppTests.Name)]
public sealed class ApiTests(ApiTests.Fixture app) : IClassFixture<ApiTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public WebApp App { get; } = new();

        public ValueTask InitializeAsync() { _ = App.Server; return ValueTask.CompletedTask; }

        /// <summary>A new resolution in review, created by the drafter through the API.</summary>
        public async Task<(Guid Id, string Hash)> InReviewAsync()
        {
            var drafter = await App.ClientFor("drafter");
            var created = await drafter.PostAsJsonAsync("/api/resolutions", new { definitionId = "council-of-ministers-resolution", title = "Тестовое постановление", text = Text });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var body = await created.Content.ReadFromJsonAsync<JsonElement>();
            var id = body.GetProperty("resolutionId").GetGuid();
            var submitted = await drafter.PostAsJsonAsync($"/api/resolutions/{id}/submit", new { seenTextHash = body.GetProperty("textHash").GetString() });
            Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
            return (id, (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("textHash").GetString()!);
        }

        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    internal const string Text = "Совет Министров Союзного государства постановляет:\n\n1. Первый пункт.\n2. Второй пункт.\n3. Третий пункт.";

    private Task<HttpClient> As(string? user) => app.App.ClientFor(user);

    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private Task<(Guid Id, string Hash)> InReview() => app.InReviewAsync();

    private async Task<int> VersionOf(Guid id)
    {
        var response = await (await As("coordinator")).GetAsync($"/api/resolutions/{id}");
        return (await Json(response)).GetProperty("version").GetInt32();
    }

    [Fact]
    public async Task A_token_is_issued_for_a_valid_account_only()
    {
        var anonymous = await As(null);
        var wrong = await anonymous.PostAsJsonAsync("/api/token", new { userName = "drafter", password = "not-the-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        var right = await anonymous.PostAsJsonAsync("/api/token", new { userName = "drafter", password = WebApp.Password });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task Each_role_acts_where_it_may_and_gets_403_where_it_may_not()
    {
        var (id, hash) = await InReview();

        // An officer of a participating ministry may give an opinion; one of another may not, and is not told the draft exists.
        var stranger = await (await As("officer.by-mchs")).PostAsJsonAsync($"/api/resolutions/{id}/opinions", new { seenTextHash = hash, opinion = "agree" });
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.Equal("unknownResolution", (await Json(stranger)).GetProperty("code").GetString());
        var own = await (await As("officer.by-minfin")).PostAsJsonAsync($"/api/resolutions/{id}/opinions", new { seenTextHash = hash, opinion = "agree" });
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);

        // Only coordinators withdraw, extend or reassign; only signatories sign; only the registrar registers.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await As("officer.by-minfin")).PostAsJsonAsync($"/api/resolutions/{id}/withdrawal", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await As("drafter")).PostAsJsonAsync($"/api/resolutions/{id}/tasks/3/extension", new { days = 2, unit = "working", reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await As("officer.ru-mfa")).PostAsJsonAsync($"/api/resolutions/{id}/signature", new { seenTextHash = hash })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await As("pm.by")).PostAsJsonAsync($"/api/resolutions/{id}/registration", new { number = "5" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await As("officer.ru-mfa")).PostAsJsonAsync("/api/resolutions", new { definitionId = "council-of-ministers-resolution", title = "x", text = Text })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await As("coordinator")).PostAsJsonAsync($"/api/resolutions/{id}/tasks/4/extension", new { days = 2, unit = "working", reason = "по просьбе министерства" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await As("coordinator")).PostAsJsonAsync($"/api/resolutions/{id}/withdrawal", new { reason = "утратил актуальность" })).StatusCode);
    }

    [Fact]
    public async Task An_unknown_resolution_is_404()
    {
        var client = await As("coordinator");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/resolutions/{Guid.NewGuid()}")).StatusCode);
        var write = await client.PostAsJsonAsync($"/api/resolutions/{Guid.NewGuid()}/withdrawal", new { reason = "x" });
        Assert.Equal(HttpStatusCode.NotFound, write.StatusCode);
    }

    [Theory]
    [InlineData("{ \"seenTextHash\": \"x\", \"opinion\": \"maybe\" }")]
    [InlineData("{ \"seenTextHash\": \"x\", \"opinion\": \"1\" }")]
    public async Task An_opinion_that_is_not_one_of_the_words_gets_400_problem_details_and_changes_nothing(string body)
    {
        var (id, _) = await InReview();
        var before = await VersionOf(id);
        var response = await (await As("officer.by-minfin")).PostAsync($"/api/resolutions/{id}/opinions", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await VersionOf(id));
    }

    [Fact]
    public async Task An_oversized_request_is_refused_with_a_4xx_and_changes_nothing()
    {
        var (id, hash) = await InReview();
        var before = await VersionOf(id);
        var huge = JsonSerializer.Serialize(new { seenTextHash = hash, opinion = "disagree", remarks = new[] { new { clause = "1", text = new string('я', 3_000_000) } } });
        var response = await (await As("officer.by-minfin")).PostAsync($"/api/resolutions/{id}/opinions", new StringContent(huge, Encoding.UTF8, "application/json"));
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}");
        Assert.Equal(before, await VersionOf(id));
    }

    [Fact]
    public async Task If_match_with_a_stale_etag_is_412_and_a_fresh_one_is_applied()
    {
        var (id, hash) = await InReview();
        var officer = await As("officer.ru-mfa");
        var read = await officer.GetAsync($"/api/resolutions/{id}");
        var etag = read.Headers.ETag!.Tag;
        await (await As("officer.by-mfa")).PostAsJsonAsync($"/api/resolutions/{id}/opinions", new { seenTextHash = hash, opinion = "agree" });

        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/resolutions/{id}/opinions") { Content = JsonContent.Create(new { seenTextHash = hash, opinion = "agree" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await officer.SendAsync(stale)).StatusCode);

        var fresh = new HttpRequestMessage(HttpMethod.Post, $"/api/resolutions/{id}/opinions") { Content = JsonContent.Create(new { seenTextHash = hash, opinion = "agree" }) };
        fresh.Headers.TryAddWithoutValidation("If-Match", (await officer.GetAsync($"/api/resolutions/{id}")).Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, (await officer.SendAsync(fresh)).StatusCode);
    }

    [Fact]
    public async Task The_same_idempotency_key_gives_the_first_result_and_one_effect()
    {
        var (id, hash) = await InReview();
        var officer = await As("officer.ru-minjust");
        HttpRequestMessage Request()
        {
            var r = new HttpRequestMessage(HttpMethod.Post, $"/api/resolutions/{id}/opinions") { Content = JsonContent.Create(new { seenTextHash = hash, opinion = "disagree", remarks = new[] { new { clause = "2", text = "Уточнить." } } }) };
            r.Headers.Add("Idempotency-Key", "opinion-of-ru-minjust-1");
            return r;
        }
        var first = await Json(await officer.SendAsync(Request()));
        var second = await Json(await officer.SendAsync(Request()));
        Assert.False(first.GetProperty("duplicate").GetBoolean());
        Assert.True(second.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.GetProperty("version").GetInt32(), second.GetProperty("version").GetInt32());
        var remarks = (await Json(await officer.GetAsync($"/api/resolutions/{id}"))).GetProperty("remarks");
        Assert.Equal(1, remarks.GetArrayLength());
    }

    private static HttpRequestMessage Opinion(Guid id, string hash, string opinion, string? key = null, string? ifMatch = null)
    {
        var r = new HttpRequestMessage(HttpMethod.Post, $"/api/resolutions/{id}/opinions") { Content = JsonContent.Create(new { seenTextHash = hash, opinion }) };
        if (key is not null) { r.Headers.Add("Idempotency-Key", key); }
        if (ifMatch is not null) { r.Headers.TryAddWithoutValidation("If-Match", ifMatch); }
        return r;
    }

    [Theory]
    [InlineData("shared-key-1")]
    [InlineData("5b0c7a4e-3f3a-4a43-9e55-2d1f2b9c0a11")]
    public async Task Two_users_with_one_idempotency_key_get_two_effects_and_neither_sees_the_others_result(string key)
    {
        // A GUID key as well as a text one: both are the caller's own.
        key = key.Length == 36 ? Guid.NewGuid().ToString() : key + Guid.NewGuid().ToString("N");
        var (a, hashA) = await InReview();
        var (b, hashB) = await InReview();
        var byMinfin = await Json(await (await As("officer.by-minfin")).SendAsync(Opinion(a, hashA, "agree", key)));
        var ruMinfin = await Json(await (await As("officer.ru-minfin")).SendAsync(Opinion(b, hashB, "agree", key)));

        Assert.False(ruMinfin.GetProperty("duplicate").GetBoolean());
        Assert.Equal(b, ruMinfin.GetProperty("resolutionId").GetGuid());
        Assert.NotEqual(byMinfin.GetProperty("commandId").GetGuid(), ruMinfin.GetProperty("commandId").GetGuid());
        var journal = (await Json(await (await As("coordinator")).GetAsync($"/api/resolutions/{b}"))).GetProperty("journal").EnumerateArray()
            .Where(j => j.GetProperty("eventType").GetString() == "opinion-recorded").ToList();
        Assert.Single(journal);
    }

    [Fact]
    public async Task One_user_repeating_a_key_with_another_body_gets_422_and_nothing_changes()
    {
        var (id, hash) = await InReview();
        var officer = await As("officer.by-minfin");
        var key = "opinion-" + Guid.NewGuid().ToString("N");
        Assert.Equal(HttpStatusCode.OK, (await officer.SendAsync(Opinion(id, hash, "agree", key))).StatusCode);
        var before = await VersionOf(id);

        var other = await officer.SendAsync(Opinion(id, hash, "disagree", key));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.Equal("idempotencyKeyReused", (await Json(other)).GetProperty("code").GetString());
        Assert.Equal(before, await VersionOf(id));
        // The same body again still gets the first answer.
        var same = await Json(await officer.SendAsync(Opinion(id, hash, "agree", key)));
        Assert.True(same.GetProperty("duplicate").GetBoolean());
    }

    [Fact]
    public async Task Concurrent_requests_with_one_if_match_apply_once_and_the_rest_get_412()
    {
        var (id, hash) = await InReview();
        var etag = (await (await As("coordinator")).GetAsync($"/api/resolutions/{id}")).Headers.ETag!.Tag;
        var before = await VersionOf(id);
        string[] officers = ["officer.by-minfin", "officer.ru-minfin", "officer.by-mfa", "officer.ru-mfa", "officer.by-minjust", "officer.ru-minjust"];
        var clients = await Task.WhenAll(officers.Select(As));
        var answers = await Task.WhenAll(clients.Select(c => c.SendAsync(Opinion(id, hash, "agree", ifMatch: etag))));

        Assert.Single(answers, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.PreconditionFailed, r.StatusCode));
        Assert.Equal(before + 1, await VersionOf(id));
    }

    [Theory]
    [InlineData("3")]
    [InlineData("\"3")]
    [InlineData("W/3")]
    [InlineData("\"3\" \"4\"")]
    [InlineData("\"a b\"")]
    public async Task An_if_match_that_is_not_a_list_of_entity_tags_is_400_and_nothing_changes(string ifMatch)
    {
        var (id, hash) = await InReview();
        var before = await VersionOf(id);
        var response = await (await As("officer.by-minfin")).SendAsync(Opinion(id, hash, "agree", ifMatch: ifMatch));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("If-Match", (await Json(response)).GetProperty("field").GetString());
        Assert.Equal(before, await VersionOf(id));
    }

    /// <summary>RFC 9110: a well-formed tag that is not the current version fails the precondition (412); a weak tag never matches; a list matches if one tag does.</summary>
    [Fact]
    public async Task If_match_follows_rfc_9110_a_stale_or_weak_tag_is_412_and_a_list_with_the_current_tag_proceeds()
    {
        var (id, hash) = await InReview();
        var before = await VersionOf(id);
        var officer = await As("officer.by-minfin");
        foreach (var ifMatch in new[] { "\"garbage\"", $"W/\"{before}\"", $"\"0{before}\"", $"\"{before + 5}\", \"{before + 6}\"" })
        {
            var failed = await officer.SendAsync(Opinion(id, hash, "agree", ifMatch: ifMatch));
            Assert.True(failed.StatusCode == HttpStatusCode.PreconditionFailed, $"If-Match: {ifMatch} answered {(int)failed.StatusCode}");
            Assert.Equal("versionChanged", (await Json(failed)).GetProperty("code").GetString());
            Assert.Equal(before, await VersionOf(id));
        }
        var listed = await officer.SendAsync(Opinion(id, hash, "agree", ifMatch: $"\"old\", W/\"{before}\", \"{before}\""));
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(before + 1, await VersionOf(id));
        Assert.Equal(HttpStatusCode.OK, (await (await As("officer.ru-minfin")).SendAsync(Opinion(id, hash, "agree", ifMatch: "*"))).StatusCode);
    }

    /// <summary>What a client does after a timeout: the same key and body again. Every command operation answers as it did the first time, a start too.</summary>
    [Fact]
    public async Task Every_command_sent_again_with_its_key_and_body_gets_the_first_answer()
    {
        var (id, _) = await InReview();
        var replayed = 0;
        foreach (var endpoint in ApiEndpoints.All.Where(e => e.Method == "POST" && e.Body is not null && !e.Route.Contains("attachments", StringComparison.Ordinal) && !e.Route.Contains("minutes-file", StringComparison.Ordinal)))
        {
            var client = await As(endpoint.Admits[0]);
            var key = "replay-" + Guid.NewGuid().ToString("N");
            async Task<(HttpStatusCode Status, JsonElement Body)> Send()
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.PathFor(id)) { Content = new StringContent(endpoint.Body!, System.Text.Encoding.UTF8, "application/json") };
                request.Headers.Add("Idempotency-Key", key);
                var response = await client.SendAsync(request);
                return (response.StatusCode, await Json(response));
            }
            var first = await Send();
            var second = await Send();
            Assert.True(first.Status == second.Status, $"{endpoint}: {(int)first.Status} then {(int)second.Status}: {second.Body}");
            if ((int)first.Status < 300)
            {
                Assert.True(second.Body.GetProperty("duplicate").GetBoolean(), $"{endpoint}: the repeat was applied again");
                Assert.Equal(first.Body.GetProperty("commandId").GetGuid(), second.Body.GetProperty("commandId").GetGuid());
                Assert.Equal(first.Body.GetProperty("resolutionId").GetGuid(), second.Body.GetProperty("resolutionId").GetGuid());
            }
            else
            {
                Assert.Equal(first.Body.GetProperty("code").GetString(), second.Body.GetProperty("code").GetString());
            }
            replayed++;
        }
        Assert.True(replayed > 20, $"only {replayed} operations replayed");
    }

    [Fact]
    public async Task The_openapi_document_lists_every_endpoint_with_its_responses()
    {
        var response = await (await As(null)).GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await Json(response);
        Assert.StartsWith("3.", doc.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var endpoint in ApiEndpoints.All)
        {
            var template = System.Text.RegularExpressions.Regex.Replace(endpoint.Route.Replace("/tasks/1/", "/tasks/{no}/", StringComparison.Ordinal).Replace("/remarks/1/", "/remarks/{no}/", StringComparison.Ordinal)
                .Replace("/versions/1/", "/versions/{version}/", StringComparison.Ordinal).Replace("/documents/act.pdf", "/documents/{file}", StringComparison.Ordinal).Split('?')[0], "/(attachments|minutes-file)/0{64}$", "/$1/{sha256}");
            Assert.Contains(template, paths);
            var operation = doc.GetProperty("paths").GetProperty(template).GetProperty(endpoint.Method.ToLowerInvariant());
            Assert.True(operation.GetProperty("responses").EnumerateObject().Any(), $"{endpoint} lists no responses");
        }
        Assert.Contains("/api/token", paths);

        // Security schemes declared and required; every operation named once, with its path parameters, a 2xx and a 4xx, and named schemas.
        var schemes = doc.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("cookie", schemes.GetProperty("cookie").GetProperty("in").GetString());
        var operationIds = new List<string>();
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        {
            foreach (var op in path.Value.EnumerateObject())
            {
                var name = $"{op.Name} {path.Name}";
                operationIds.Add(op.Value.GetProperty("operationId").GetString()!);
                var declared = op.Value.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()).ToList() : [];
                foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(path.Name, @"\{(\w+)\}")) { Assert.True(declared.Contains(m.Groups[1].Value), $"{name} does not declare {{{m.Groups[1].Value}}}"); }
                var codes = op.Value.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
                Assert.True(codes.Any(c => c.StartsWith('2')) && codes.Any(c => c.StartsWith('4')), $"{name} lacks a 2xx or a 4xx response");
                var anonymous = path.Name == "/api/token";
                Assert.Equal(anonymous ? 0 : 2, op.Value.GetProperty("security").GetArrayLength());
                foreach (var media in op.Value.GetProperty("responses").EnumerateObject().Select(r => r.Value)
                    .Concat(op.Value.TryGetProperty("requestBody", out var body) ? [body] : [])
                    .Where(x => x.TryGetProperty("content", out _)).SelectMany(x => x.GetProperty("content").EnumerateObject()))
                {
                    if (media.Value.TryGetProperty("schema", out var schema) && schema.TryGetProperty("type", out var type) && type.ToString().Contains("object", StringComparison.Ordinal))
                    {
                        Assert.Fail($"{name} has an unnamed object schema for {media.Name}");
                    }
                }
            }
        }
        Assert.Equal(operationIds.Count, operationIds.Distinct().Count());

        // Valid by the OpenAPI object model's reader and its default validation rules.
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var read = await OpenApiDocument.LoadAsync(stream, "json");
        Assert.Empty(read.Diagnostic!.Errors);
        Assert.Empty(read.Document!.Validate(ValidationRuleSet.GetDefaultRuleSet()));
    }

    [Theory]
    [InlineData("\u0000", "U+0000")]
    [InlineData("\u0007", "U+0007")]
    public async Task Text_no_database_can_store_is_refused_with_400_naming_the_field_and_nothing_changes(string bad, string named)
    {
        var (id, hash) = await InReview();
        var before = await VersionOf(id);
        var officer = await As("officer.by-minfin");
        var refused = await officer.PostAsJsonAsync($"/api/resolutions/{id}/opinions",
            new { seenTextHash = hash, opinion = "disagree", remarks = new[] { new { clause = "1", text = $"Исключить{bad}пункт" } } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await Json(refused);
        Assert.Equal("$.remarks[0].text", problem.GetProperty("field").GetString());
        Assert.Contains(named, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await VersionOf(id));

        var drafter = await As("drafter");
        var title = await drafter.PostAsJsonAsync("/api/resolutions", new { definitionId = "council-of-ministers-resolution", title = $"О{bad}программе", text = Text });
        Assert.Equal(HttpStatusCode.BadRequest, title.StatusCode);
        Assert.Equal("$.title", (await Json(title)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Coordinators_can_have_a_journal_verified_and_officers_cannot()
    {
        var (id, _) = await InReview();
        var verified = await (await As("coordinator")).GetAsync($"/api/resolutions/{id}/journal/verification");
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        var verdict = await Json(verified);
        Assert.True(verdict.GetProperty("isValid").GetBoolean());
        Assert.True(verdict.GetProperty("length").GetInt64() > 1);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await As("officer.by-minfin")).GetAsync($"/api/resolutions/{id}/journal/verification")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await As("coordinator")).GetAsync($"/api/resolutions/{Guid.NewGuid()}/journal/verification")).StatusCode);

        var browser = await app.App.BrowserFor("coordinator");
        var page = await browser.GetStringAsync($"/resolutions/{id}");
        Assert.Contains("data-verdict=\"intact\"", page, StringComparison.Ordinal);
        Assert.Contains("Журнал проверен", page, StringComparison.Ordinal);

        // Someone changes an entry in the database: the API and the page say where the chain breaks.
        var contexts = app.App.Services.GetRequiredService<IDbContextFactory<ResolutionDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await db.Journal.Where(j => j.ResolutionId == id && j.Sequence == 2).ExecuteUpdateAsync(x => x.SetProperty(j => j.ActorUserId, "someone-else"));
        }
        var broken = await Json(await (await As("coordinator")).GetAsync($"/api/resolutions/{id}/journal/verification"));
        Assert.False(broken.GetProperty("isValid").GetBoolean());
        Assert.Equal(2, broken.GetProperty("brokenAt").GetInt64());
        page = await browser.GetStringAsync($"/resolutions/{id}");
        Assert.Contains("data-verdict=\"broken\"", page, StringComparison.Ordinal);
        Assert.Contains("Целостность журнала нарушена начиная с записи № 2", page, StringComparison.Ordinal);

        // The recurring check opens an incident, shown in Russian on the incidents page with the entry it breaks at.
        await app.App.Services.GetRequiredService<App.Integrity.JournalCheckJob>().CheckChangedAsync(CancellationToken.None);
        var incidents = await browser.GetStringAsync("/incidents");
        Assert.Contains("Нарушена целостность журнала", incidents, StringComparison.Ordinal);
        Assert.Contains($"href=\"/resolutions/{id}\"", incidents, StringComparison.Ordinal);
        Assert.Contains("Целостность журнала нарушена начиная с записи № 2", incidents, StringComparison.Ordinal);
    }

}
