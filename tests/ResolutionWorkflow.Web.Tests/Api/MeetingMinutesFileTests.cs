using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Api;

/// <summary>
/// The signed minutes of a conciliation meeting as a file: the coordinator uploads it and names it
/// in the meeting's record (API) or attaches it on the meeting form (page); those who may read the
/// draft download it; a file nobody uploaded, a bad file or an outsider changes nothing.
/// </summary>
[Collection(WebAppTests.Name)]
public sealed class MeetingMinutesFileTests(MeetingMinutesFileTests.Fixture app) : IClassFixture<MeetingMinutesFileTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public WebApp App { get; } = new();

        public ValueTask InitializeAsync() { _ = App.Server; return ValueTask.CompletedTask; }

        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    private static string Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow")).DateTime)
        .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<HttpResponseMessage> Post(string user, string path, object body) =>
        await (await app.App.ClientFor(user)).PostAsJsonAsync(path, body);

    /// <summary>A draft with one objection (by-minfin, clause 3) that the drafter rejected, at the conciliation stage.</summary>
    private async Task<Guid> AtConciliation()
    {
        async Task Ok(string user, string path, object body)
        {
            var response = await Post(user, path, body);
            Assert.True(response.IsSuccessStatusCode, $"{user} {path}: {await response.Content.ReadAsStringAsync()}");
        }
        var created = await (await Post("drafter", "/api/resolutions", new { definitionId = "council-of-ministers-resolution", title = "О протоколе согласительного совещания", text = ApiEndpoints.Text }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var (id, hash) = (created.GetProperty("resolutionId").GetGuid(), created.GetProperty("textHash").GetString()!);
        await Ok("drafter", $"/api/resolutions/{id}/submit", new { seenTextHash = hash });
        foreach (var body in new[] { "by-mineconomy", "by-mfa", "by-minjust", "ru-minfin", "ru-mfa", "ru-minjust" })
        {
            await Ok($"officer.{body}", $"/api/resolutions/{id}/opinions", new { seenTextHash = hash, opinion = "agree" });
        }
        await Ok("officer.by-minfin", $"/api/resolutions/{id}/opinions", new { seenTextHash = hash, opinion = "disagree", remarks = new[] { new { clause = "3", text = "Не указан объём финансирования." } } });
        await Ok("drafter", $"/api/resolutions/{id}/remarks/1/answer", new { answer = "rejected", reason = "Объём определяется законом о бюджете." });
        await Ok("drafter", $"/api/resolutions/{id}/conciliation", new { reason = "Разногласие по пункту 3 не снято." });
        return id;
    }

    private static ByteArrayContent File(byte[] bytes, string name)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = name };
        return content;
    }

    private static object Meeting(object? minutesFile) => new
    {
        date = Today, format = "videoconference", participants = new[] { "by-minfin", "ru-mineconomy", "su-standing-committee" }, protocol = "4",
        minutes = "Согласительное совещание. По пункту 3: оставить редакцию разработчика.", decisions = new[] { new { remarkNo = 1, choice = "keepDrafterWording" } },
        minutesFile,
    };

    private async Task<int> MeetingsOf(Guid id) =>
        await app.App.CountAsync(db => db.Journal.Where(j => j.ResolutionId == id && j.EventType == "conciliation-meeting-recorded"));

    [Fact]
    public async Task The_coordinator_records_the_meeting_with_its_signed_minutes_and_those_who_may_read_the_draft_download_them()
    {
        var id = await AtConciliation();
        var pdf = AttachmentApiTests.Pdf("Протокол № 4 " + Guid.NewGuid());
        var coordinator = await app.App.ClientFor("coordinator");
        var upload = await coordinator.PostAsync($"/api/resolutions/{id}/meeting/minutes-file", File(pdf, "Протокол № 4.pdf"));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var stored = await upload.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Протокол № 4.pdf", "application/pdf", (long)pdf.Length, Convert.ToHexStringLower(SHA256.HashData(pdf))),
            (stored.GetProperty("name").GetString(), stored.GetProperty("mediaType").GetString(), stored.GetProperty("size").GetInt64(), stored.GetProperty("sha256").GetString()));

        var recorded = await Post("coordinator", $"/api/resolutions/{id}/meeting", Meeting(stored));
        Assert.True(recorded.IsSuccessStatusCode, await recorded.Content.ReadAsStringAsync());

        // The participant whose objection the minutes decide, and the drafter, download exactly the bytes; an outsider learns nothing.
        var href = $"/api/resolutions/{id}/meeting/minutes-file/{stored.GetProperty("sha256").GetString()}";
        foreach (var reader in new[] { "officer.by-minfin", "drafter", "coordinator" })
        {
            var download = await (await app.App.ClientFor(reader)).GetAsync(href);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
            Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.App.ClientFor("drafter.by")).GetAsync(href)).StatusCode);
        // Bytes stored for a version are not reached through a meeting that does not carry them.
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/api/resolutions/{id}/meeting/minutes-file/{new string('0', 64)}")).StatusCode);

        // The page names the file and links to it.
        var page = await (await app.App.BrowserFor("officer.by-minfin")).GetStringAsync($"/resolutions/{id}");
        Assert.Contains("Подписанный протокол", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"{href}\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_nobody_uploaded_a_bad_file_or_an_outsider_is_refused_and_nothing_is_recorded_or_stored()
    {
        var id = await AtConciliation();
        var pdf = AttachmentApiTests.Pdf("Протокол " + Guid.NewGuid());
        var sha = Convert.ToHexStringLower(SHA256.HashData(pdf));

        // Named but never uploaded, or uploaded with another size: the meeting is not recorded.
        foreach (var file in new object[]
        {
            new { name = "Протокол.pdf", mediaType = "application/pdf", size = pdf.Length, sha256 = sha },
            new { name = "Протокол.pdf", mediaType = "application/pdf", size = 0, sha256 = sha },
        })
        {
            var refused = await Post("coordinator", $"/api/resolutions/{id}/meeting", Meeting(file));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
        var notStored = await Post("coordinator", $"/api/resolutions/{id}/meeting", Meeting(new { name = "Протокол.pdf", mediaType = "application/pdf", size = pdf.Length, sha256 = sha }));
        Assert.Contains("attachmentNotStored", await notStored.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await MeetingsOf(id));

        // Only a coordinator uploads, only for a draft they may read; a file that is not a document is refused by its bytes.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.App.ClientFor("officer.by-minfin")).PostAsync($"/api/resolutions/{id}/meeting/minutes-file", File(pdf, "Протокол.pdf"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.App.ClientFor("coordinator")).PostAsync($"/api/resolutions/{Guid.NewGuid()}/meeting/minutes-file", File(pdf, "Протокол.pdf"))).StatusCode);
        var exe = await (await app.App.ClientFor("coordinator")).PostAsync($"/api/resolutions/{id}/meeting/minutes-file", File("MZ not a document"u8.ToArray(), "Протокол.pdf"));
        Assert.Equal(HttpStatusCode.BadRequest, exe.StatusCode);
        Assert.Equal(0, await app.App.CountAsync(db => db.AttachmentContents.Where(c => c.Sha256 == sha)));
        Assert.Equal(0, await MeetingsOf(id));
    }

    [Fact]
    public async Task The_meeting_form_takes_the_minutes_file_and_the_page_links_to_it()
    {
        var id = await AtConciliation();
        var pdf = AttachmentApiTests.Pdf("Протокол на странице " + Guid.NewGuid());
        var browser = await app.App.BrowserFor("coordinator");
        _ = await browser.GetStringAsync($"/resolutions/{id}");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await WebApp.AntiforgeryToken(browser)), "__RequestVerificationToken" },
            { new StringContent(Today), "date" },
            { new StringContent("inPerson"), "format" },
            { new StringContent("Москва"), "place" },
            { new StringContent("by-minfin"), "participants" },
            { new StringContent("su-standing-committee"), "participants" },
            { new StringContent("5"), "protocol" },
            { new StringContent("Согласительное совещание."), "minutes" },
            { new StringContent("keepDrafterWording"), "decision[1]" },
        };
        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "minutesFile", "Протокол № 5.pdf");
        var posted = await browser.PostAsync($"/resolutions/{id}?handler=Meeting", form);
        Assert.True(posted.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther, $"{posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}");

        Assert.Equal(1, await MeetingsOf(id));
        var page = await browser.GetStringAsync($"/resolutions/{id}");
        Assert.Contains($"/api/resolutions/{id}/meeting/minutes-file/{Convert.ToHexStringLower(SHA256.HashData(pdf))}", page, StringComparison.Ordinal);
        Assert.Contains("Протокол № 5.pdf", page, StringComparison.Ordinal);
    }
}
