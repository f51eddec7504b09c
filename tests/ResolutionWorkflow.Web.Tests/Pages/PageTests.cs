using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ResolutionWorkflow.Web.Tests.Api;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Pages;

/// <summary>The pages as the server renders them, read over HTTP in process (the browser tests drive Chromium).</summary>
[Collection(WebAppTests.Name)]
public sealed class PageTests(ApiTests.Fixture app) : IClassFixture<ApiTests.Fixture>
{
    private Task<HttpClient> As(string? user) => app.App.ClientFor(user);

    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private Task<(Guid Id, string Hash)> InReview() => app.InReviewAsync();

    [Fact]
    public async Task A_partys_refused_message_is_shown_to_coordinators_on_the_incidents_page_encoded()
    {
        var refusals = app.App.Services.GetRequiredService<App.Messaging.PartyRefusals>();
        var id = Guid.NewGuid();
        await refusals.RecordAsync("by-minfin", new Contracts.GiveOpinion(Guid.NewGuid(), id, new Contracts.ActorRef("clerk", "by-minfin", ["officer"]), "h", "agree", [], null),
            "notPermitted", Engine.Resolutions.Rejection.Of(Engine.Resolutions.RejectionCode.NotPermitted, "foreignChannel", ("channel", "by-minfin"), ("organisation", "<script>alert(1)</script>")),
            CancellationToken.None);

        var page = await (await app.App.BrowserFor("coordinator")).GetStringAsync("/incidents");
        Assert.Contains("Сообщения информационных систем государств-участников, не принятые системой", page, StringComparison.Ordinal);
        Assert.Contains(id.ToString(), page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", page, StringComparison.Ordinal);
        // In the reader's words: the party and the command by name, the reason in Russian.
        Assert.Contains("Канал Минфин Беларуси не может действовать от имени другой организации", page, StringComparison.Ordinal);
        Assert.Contains("заключение", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);
        // An officer is sent to the access-denied page.
        Assert.Equal("/account/denied", (await (await app.App.BrowserFor("officer.by-minfin")).GetAsync("/incidents")).Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task The_page_says_a_task_its_holder_completed_is_done_and_one_closed_by_withdrawal_was_removed_and_why()
    {
        var (id, _) = await InReview();
        Assert.Equal(HttpStatusCode.OK, (await (await As("coordinator")).PostAsJsonAsync($"/api/resolutions/{id}/withdrawal", new { reason = "утратил актуальность" })).StatusCode);
        var page = await (await app.App.BrowserFor("coordinator")).GetStringAsync($"/resolutions/{id}");
        Assert.Contains("выполнена", page, StringComparison.Ordinal);
        Assert.Contains("снята (проект отозван)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("отменена", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_compares_the_last_two_versions_unless_asked_and_marks_the_changed_words()
    {
        var drafter = await As("drafter");
        var created = await Json(await drafter.PostAsJsonAsync("/api/resolutions", new { definitionId = "council-of-ministers-resolution", title = "Сравнение версий", text = ApiTests.Text }));
        var id = created.GetProperty("resolutionId").GetGuid();
        (await drafter.PostAsJsonAsync($"/api/resolutions/{id}/versions", new { text = ApiTests.Text.Replace("2. Второй пункт.", "2. Второй уточнённый пункт.", StringComparison.Ordinal) })).EnsureSuccessStatusCode();

        var page = await (await app.App.BrowserFor("drafter")).GetStringAsync($"/resolutions/{id}");
        Assert.Contains("<option value=\"1\" selected=\"selected\">", page, StringComparison.Ordinal);
        Assert.Contains("<ins>уточнённый </ins>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_table_says_so()
    {
        var (id, _) = await InReview();
        var page = await (await app.App.BrowserFor("coordinator")).GetStringAsync($"/resolutions/{id}");
        // No attachments, remarks or signatures yet: each table says so, in Russian.
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(page, "<tr class=\"empty\"><td colspan=\"\\d\">Записей нет.</td></tr>"));
    }

    [Fact]
    public async Task The_resolution_page_inbox_and_list_show_names_not_internal_ids()
    {
        var (id, _) = await InReview();
        var officer = await app.App.BrowserFor("officer.by-minfin");
        var page = await officer.GetStringAsync($"/resolutions/{id}");
        var inbox = await officer.GetStringAsync("/");
        var list = await officer.GetStringAsync("/resolutions");
        foreach (var html in new[] { page, inbox, list })
        {
            // Visible text only: ids may stand in attributes (links, form values), never between tags; the reader's own account name is theirs.
            var text = System.Text.RegularExpressions.Regex.Replace(html, "<[^>]*>", " ").Replace("officer.by-minfin", "", StringComparison.Ordinal);
            foreach (var id2 in new[] { "by-minfin", "ru-minjust", "interministerial-review", "opinion-recorded", "stage-entered", "signatory@by", "Статус: active", "revisionRequired", "textChanged" })
            {
                Assert.DoesNotContain(id2, text, StringComparison.Ordinal);
            }
        }
        Assert.Contains("Минфин Беларуси", page, StringComparison.Ordinal);
        Assert.Contains("Статус: на согласовании", System.Text.RegularExpressions.Regex.Replace(page, "<[^>]*>", ""), StringComparison.Ordinal);
        Assert.Contains("согласование (Минфин Беларуси)", inbox, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_opinion_comes_back_with_everything_typed_and_the_reason_beside_it()
    {
        var (id, hash) = await InReview();
        var officer = await app.App.BrowserFor("officer.by-minfin");
        var token = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(await officer.GetStringAsync($"/resolutions/{id}"), "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value);
        // "Agree" cannot carry remarks: the engine refuses.
        var refused = await officer.PostAsync($"/resolutions/{id}?handler=Opinion", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["seenTextHash"] = hash, ["Opinion"] = "agree",
            ["Remarks[0].Clause"] = "2", ["Remarks[0].Text"] = "Уточнить заказчика программы.", ["Remarks[0].Proposed"] = "2. Государственный заказчик — Постоянный Комитет.",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("id=\"opinion-error\"", page, StringComparison.Ordinal);
        Assert.Contains(">Уточнить заказчика программы.</textarea>", page, StringComparison.Ordinal);
        Assert.Contains(">2. Государственный заказчик — Постоянный Комитет.</textarea>", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"2\" selected=\"selected\">2</option>", page, StringComparison.Ordinal);
        Assert.Equal(0, (await Json(await (await As("coordinator")).GetAsync($"/api/resolutions/{id}"))).GetProperty("remarks").GetArrayLength());

        // Another row, with what was typed kept: three filled rows become four.
        var more = await officer.PostAsync($"/resolutions/{id}?handler=MoreRemarks", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Opinion"] = "disagree",
            ["Remarks[0].Clause"] = "1", ["Remarks[0].Text"] = "Первое.", ["Remarks[1].Clause"] = "2", ["Remarks[1].Text"] = "Второе.", ["Remarks[2].Clause"] = "3", ["Remarks[2].Text"] = "Третье.",
        }));
        var grown = await more.Content.ReadAsStringAsync();
        Assert.Contains("id=\"remark-text-3\"", grown, StringComparison.Ordinal);
        Assert.Contains(">Третье.</textarea>", grown, StringComparison.Ordinal);
        Assert.Contains("id=\"op-disagree\" name=\"Opinion\" value=\"disagree\" checked=\"checked\"", grown, StringComparison.Ordinal);

        // Sent as an objection, the same remark is recorded against clause 2 with its proposed wording.
        var sent = await officer.PostAsync($"/resolutions/{id}?handler=Opinion", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["seenTextHash"] = hash, ["Opinion"] = "disagree",
            ["Remarks[0].Clause"] = "2", ["Remarks[0].Text"] = "Уточнить заказчика программы.", ["Remarks[0].Proposed"] = "2. Государственный заказчик — Постоянный Комитет.",
        }));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var remark = (await Json(await (await As("coordinator")).GetAsync($"/api/resolutions/{id}"))).GetProperty("remarks")[0];
        Assert.Equal("2", remark.GetProperty("clause").GetString());
        Assert.Equal("Уточнить заказчика программы.", remark.GetProperty("text").GetString());
        Assert.Equal("2. Государственный заказчик — Постоянный Комитет.", remark.GetProperty("proposedWording").GetString());
        // The disagreement table on the page has the column, filled.
        var table = await (await app.App.BrowserFor("coordinator")).GetStringAsync($"/resolutions/{id}");
        Assert.Contains("<th scope=\"col\">Предлагаемая редакция</th>", table, StringComparison.Ordinal);
        Assert.Contains("<td>2. Государственный заказчик — Постоянный Комитет.</td>", table, StringComparison.Ordinal);
    }
}
