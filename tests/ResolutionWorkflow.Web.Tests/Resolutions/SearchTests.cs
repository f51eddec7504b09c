using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Resolutions;

/// <summary>
/// Search on the embedded default (SQLite FTS5 with Snowball stems as prefixes) and on PostgreSQL
/// (its russian configuration): Russian word forms, remarks, need to know, ranking, marks, paging, bad input.
/// </summary>
[Collection(WebAppTests.Name)]
[Trait("Category", "Server")]
public sealed class SearchTests
{
    private const string Body = "Совет Министров Союзного государства постановляет:\n\n1. Утвердить порядок метеорологического обеспечения космодромов.\n2. Контроль возложить на Постоянный Комитет.";

    public static TheoryData<string> Providers => ["Sqlite", "PostgreSql"];

    /// <summary>The application on the provider; on PostgreSQL a database of its own, dropped afterwards.</summary>
    private sealed class SearchApp : WebApp
    {
        public string? PostgresAdmin { get; set; }

        public string? PostgresDatabase { get; set; }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            if (PostgresDatabase is null) { return; }
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(PostgresAdmin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{PostgresDatabase}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static async Task<WebApp> Start(string provider, Dictionary<string, string>? settings = null)
    {
        var app = new SearchApp();
        app.Settings["Demo:Enabled"] = "false";
        foreach (var (key, value) in settings ?? []) { app.Settings[key] = value; }
        if (provider == "PostgreSql")
        {
            var admin = Environment.GetEnvironmentVariable("RW_TEST_POSTGRES");
            if (string.IsNullOrWhiteSpace(admin))
            {
                const string reason = "PostgreSQL is not configured: set RW_TEST_POSTGRES (infra/test-services.sh starts one; source infra/test-env.sh)";
                if (Environment.GetEnvironmentVariable("RW_REQUIRE_SERVERS") == "1") { Assert.Fail(reason + " — RW_REQUIRE_SERVERS=1 forbids skipping"); }
                Assert.Skip(reason);
            }
            var name = "rw_search_" + Guid.NewGuid().ToString("N")[..12];
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await create.ExecuteNonQueryAsync();
            }
            (app.PostgresAdmin, app.PostgresDatabase) = (admin, name);
            app.Settings["Database:Provider"] = "PostgreSql";
            app.Settings["Database:ConnectionString"] = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
        }
        await app.SeedAccountsAsync();
        return app;
    }

    private static async Task<(Guid Id, string Hash)> Create(HttpClient drafter, string title, string text = Body)
    {
        using var response = await drafter.PostAsJsonAsync("/api/resolutions", new { definitionId = "council-of-ministers-resolution", title, text });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("resolutionId").GetGuid(), created.GetProperty("textHash").GetString()!);
    }

    private static async Task<JsonElement> Search(HttpClient client, string query, int? limit = null, int? offset = null)
    {
        var url = $"/api/search?q={Uri.EscapeDataString(query)}" + (limit is null ? "" : $"&limit={limit}") + (offset is null ? "" : $"&offset={offset}");
        using var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<Guid> Ids(JsonElement results) => [.. results.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("resolutionId").GetGuid())];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Word_forms_remarks_need_to_know_ranking_marks_and_pages(string provider)
    {
        await using var app = await Start(provider);
        var drafter = await app.ClientFor("drafter");
        var (inText, hash) = await Create(drafter, "О порядке обеспечения");
        var (inTitle, _) = await Create(drafter, "О метеорологическом обеспечении космодромов");
        var (elsewhere, _) = await Create(drafter, "О таможенном контроле", "Совет Министров Союзного государства постановляет:\n\n1. Упростить таможенный контроль.");

        // Another form of the word finds the text and the title; the title's match ranks first.
        var coordinator = await app.ClientFor("coordinator");
        var found = await Search(coordinator, "космодрому");
        Assert.Equal([inTitle, inText], Ids(found));
        var first = found.GetProperty("items")[0];
        Assert.Contains("<mark>космодромов</mark>", first.GetProperty("titleHtml").GetString(), StringComparison.Ordinal);
        Assert.Contains("<mark>космодромов</mark>", found.GetProperty("items")[1].GetProperty("snippetHtml").GetString(), StringComparison.Ordinal);
        Assert.Equal([elsewhere], Ids(await Search(coordinator, "таможенного контроля")));
        Assert.Empty(Ids(await Search(coordinator, "космодромы таможенного")));

        // A remark's words find its resolution once it is raised.
        (await drafter.PostAsJsonAsync($"/api/resolutions/{inText}/submit", new { seenTextHash = hash })).EnsureSuccessStatusCode();
        var officer = await app.ClientFor("officer.by-minfin");
        using (var opinion = await officer.PostAsJsonAsync($"/api/resolutions/{inText}/opinions",
            new { seenTextHash = hash, opinion = "agreeWithRemarks", remarks = new[] { new { clause = "1", text = "Уточнить источники финансирования гидрологических наблюдений." } } }))
        {
            Assert.True(opinion.IsSuccessStatusCode, await opinion.Content.ReadAsStringAsync());
        }
        Assert.Equal([inText], Ids(await Search(coordinator, "гидрологическое наблюдение")));

        // Need to know: the Ministry of Finance takes part in the review of one; the Ministry for Emergencies in none.
        Assert.Equal([inText], Ids(await Search(officer, "космодромов")));
        Assert.Empty(Ids(await Search(await app.ClientFor("officer.by-mchs"), "космодромов")));

        // A page at a time.
        var page1 = await Search(coordinator, "космодромов", limit: 1);
        Assert.Equal([inTitle], Ids(page1));
        Assert.Equal(1, page1.GetProperty("next").GetInt32());
        var page2 = await Search(coordinator, "космодромов", limit: 1, offset: 1);
        Assert.Equal([inText], Ids(page2));
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("next").ValueKind);

        // The page: a search field in every page's header, results marked and linked.
        var browser = await app.BrowserFor("coordinator");
        var home = await browser.GetStringAsync("/");
        Assert.Contains("id=\"site-search\"", home, StringComparison.Ordinal);
        var html = await browser.GetStringAsync($"/search?q={Uri.EscapeDataString("космодрому")}");
        Assert.Contains($"href=\"/resolutions/{inTitle}\"", html, StringComparison.Ordinal);
        Assert.Contains("<mark>космодромов</mark>", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf(inTitle.ToString(), StringComparison.Ordinal) < html.IndexOf(inText.ToString(), StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Words_found_in_more_documents_than_are_ranked_list_title_matches_first_then_newest_for_every_reader(string provider)
    {
        // Two ranked at most, and need to know checked for one candidate before the joined query: every path with five resolutions.
        await using var app = await Start(provider, new() { ["Search:RankedAtMost"] = "2", ["Search:CandidatesChecked"] = "1" });
        var drafter = await app.ClientFor("drafter");
        const string Word = "Совет Министров Союзного государства постановляет:\n\n1. Утвердить порядок метрологического обеспечения.";
        var (oldTitle, oldTitleHash) = await Create(drafter, "О метрологическом контроле");
        var (oldText, _) = await Create(drafter, "О порядке обеспечения", Word);
        var (newTitle, _) = await Create(drafter, "О метрологии и стандартизации");
        var (newText, newTextHash) = await Create(drafter, "О порядке контроля", Word);
        await Create(drafter, "О таможенном контроле", "Совет Министров Союзного государства постановляет:\n\n1. Упростить таможенный контроль.");

        var coordinator = await app.ClientFor("coordinator");
        List<Guid> order = [newTitle, oldTitle, newText, oldText];
        Assert.Equal(order, Ids(await Search(coordinator, "метрология")));
        // A page at a time across the tiers gives the same order, and the last page says so.
        for (var i = 0; i < order.Count; i++)
        {
            var page = await Search(coordinator, "метрологией", limit: 1, offset: i);
            Assert.Equal([order[i]], Ids(page));
            Assert.Equal(i == order.Count - 1 ? JsonValueKind.Null : JsonValueKind.Number, page.GetProperty("next").ValueKind);
        }
        var pair = await Search(coordinator, "метрологии", limit: 2, offset: 1);
        Assert.Equal([oldTitle, newText], Ids(pair));
        // Few matches are still ranked by relevance: the title's match first although older.
        Assert.Equal([oldTitle, newText], Ids(await Search(coordinator, "метрологического контроля")));

        // A reader who sees two of them gets those two in the same order (one checked, the rest joined).
        foreach (var (id, hash) in new[] { (oldTitle, oldTitleHash), (newText, newTextHash) })
        {
            (await drafter.PostAsJsonAsync($"/api/resolutions/{id}/submit", new { seenTextHash = hash })).EnsureSuccessStatusCode();
        }
        var officer = await app.ClientFor("officer.by-minfin");
        Assert.Equal([oldTitle, newText], Ids(await Search(officer, "метрологии")));
        Assert.Equal([newText], Ids(await Search(officer, "метрологии", limit: 1, offset: 1)));
        Assert.Equal([oldTitle, newText], Ids(await Search(officer, "контроля метрологии")));
        Assert.Empty(Ids(await Search(await app.ClientFor("officer.by-mchs"), "метрологии")));
    }

    [Fact]
    public async Task Bad_search_input_gets_a_problem_naming_the_parameter_and_markup_in_words_is_escaped()
    {
        await using var app = await Start("Sqlite");
        var drafter = await app.ClientFor("drafter");
        await Create(drafter, "О <script>alert(1)</script> сценариях");
        var coordinator = await app.ClientFor("coordinator");
        foreach (var (url, parameter) in new[] { ("/api/search", "q"), ("/api/search?q=%20", "q"), ($"/api/search?q={new string('я', 201)}", "q"), ("/api/search?q=a&limit=0", "limit"), ("/api/search?q=a&offset=-1", "offset"), ("/api/search?q=a&limit=51", "limit") })
        {
            using var response = await coordinator.GetAsync(url);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains($"\"{parameter}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // FTS5 syntax and quotes in the words are words, not operators.
        Assert.Empty(Ids(await Search(coordinator, "\"NEAR( OR * ^")));
        var found = await Search(coordinator, "сценарии");
        var title = Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("titleHtml").GetString()!;
        Assert.DoesNotContain("<script>", title, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", title, StringComparison.Ordinal);
        var browser = await app.BrowserFor("coordinator");
        using var page = await browser.GetAsync($"/search?q={new string('я', 201)}");
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
    }

    [Fact]
    public async Task A_registered_act_is_found_by_its_number_with_or_without_the_number_sign_and_cited_as_the_page_cites_it()
    {
        await using var app = new WebApp(); // the demo's customs resolution is registered as No. 9
        await app.SeedAccountsAsync();
        var coordinator = await app.ClientFor("coordinator");
        foreach (var query in new[] { "9", "№ 9", "№9" })
        {
            var item = Assert.Single((await Search(coordinator, query)).GetProperty("items").EnumerateArray(), i => i.GetProperty("registration").GetString() is { } r && r.StartsWith("9/", StringComparison.Ordinal));
            Assert.Contains("Таможенного комитета", item.GetProperty("title").GetString(), StringComparison.Ordinal);
        }
        var html = await (await app.BrowserFor("coordinator")).GetStringAsync($"/search?q={Uri.EscapeDataString("№ 9")}");
        Assert.Matches(@"Постановление Совета Министров Союзного государства от \d{1,2} [а-я]+ \d{4} г\. № 9\b", System.Net.WebUtility.HtmlDecode(html));
        Assert.DoesNotContain("9/20", html, StringComparison.Ordinal);
    }
}
