using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ResolutionWorkflow.Engine.Texts;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Api;

/// <summary>
/// Documents attached to a version over the API: stored by their bytes' SHA-256 in the database,
/// the version's hash covering the manifest, served to those who may read the resolution, and bad
/// files refused with the reason before anything is stored.
/// </summary>
[Collection(WebAppTests.Name)]
public sealed class AttachmentApiTests(AttachmentApiTests.Fixture app) : IClassFixture<AttachmentApiTests.Fixture>
{
    public const long Limit = 300_000;

    public sealed class Fixture : IAsyncLifetime
    {
        public WebApp App { get; } = new() { Settings = { ["Attachments:MaxBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) } };

        public ValueTask InitializeAsync() { _ = App.Server; return ValueTask.CompletedTask; }

        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    public static byte[] Pdf(string body = "Пояснительная записка") =>
        Encoding.UTF8.GetBytes($"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% {body}\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    /// <summary>A package with a Word document's parts, as a word processor writes one.</summary>
    public static byte[] Docx(string text = "Финансово-экономическое обоснование")
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Part(string name, string content)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), Encoding.UTF8);
                writer.Write(content);
            }
            Part("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            Part("word/document.xml", $"<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>");
        }
        return buffer.ToArray();
    }

    private static ByteArrayContent File(byte[] bytes, string? name)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (name is not null) { content.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = name }; }
        return content;
    }

    private async Task<(Guid Id, string Text)> Draft()
    {
        var drafter = await app.App.ClientFor("drafter");
        var created = await (await drafter.PostAsJsonAsync("/api/resolutions", new { definitionId = "council-of-ministers-resolution", title = "С приложениями", text = ApiEndpoints.Text }))
            .Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("resolutionId").GetGuid(), ResolutionText.Normalise(ApiEndpoints.Text));
    }

    private async Task<JsonElement> Resolution(Guid id) =>
        await (await app.App.ClientFor("coordinator")).GetFromJsonAsync<JsonElement>($"/api/resolutions/{id}");

    [Fact]
    public async Task A_drafter_attaches_documents_and_the_version_hash_covers_their_manifest()
    {
        var (id, text) = await Draft();
        var drafter = await app.App.ClientFor("drafter");
        var pdf = Pdf();
        var docx = Docx();

        var first = await drafter.PostAsync($"/api/resolutions/{id}/attachments?kind=explanatory-note", File(pdf, "Пояснительная записка.pdf"));
        Assert.True(first.StatusCode == HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        var second = await (await drafter.PostAsync($"/api/resolutions/{id}/attachments?kind=financial-justification", File(docx, "ФЭО.docx"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, second.GetProperty("textVersion").GetInt32());

        var manifest = new Attachment[]
        {
            new("explanatory-note", "Пояснительная записка.pdf", "application/pdf", pdf.Length, Convert.ToHexStringLower(SHA256.HashData(pdf))),
            new("financial-justification", "ФЭО.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.Length, Convert.ToHexStringLower(SHA256.HashData(docx))),
        };
        Assert.Equal(VersionContent.Hash(text, manifest), second.GetProperty("textHash").GetString());
        var version = (await Resolution(id)).GetProperty("versions")[2];
        Assert.Equal(["Пояснительная записка.pdf", "ФЭО.docx"], version.GetProperty("attachments").EnumerateArray().Select(a => a.GetProperty("name").GetString()));

        // The bytes a signer's tool signs: the canonical JSON of text and manifest, whose SHA-256 is the version's hash.
        var content = await (await app.App.ClientFor("coordinator")).GetAsync($"/api/resolutions/{id}/versions/3/content");
        Assert.Equal(VersionContent.Bytes(text, manifest), await content.Content.ReadAsByteArrayAsync());
        Assert.Equal($"\"{second.GetProperty("textHash").GetString()}\"", content.Headers.ETag?.Tag);

        // Downloaded by a reader, byte for byte, with its type and its SHA-256 as the ETag.
        var href = version.GetProperty("attachments")[1].GetProperty("href").GetString()!;
        var download = await (await app.App.ClientFor("coordinator")).GetAsync(href);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(docx, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(manifest[1].MediaType, download.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"\"{manifest[1].Sha256}\"", download.Headers.ETag?.Tag);
        Assert.Equal("ФЭО.docx", download.Content.Headers.ContentDisposition?.FileNameStar);

        // Removing one is a version without it; the earlier version keeps its manifest and its bytes.
        (await drafter.DeleteAsync($"/api/resolutions/{id}/attachments/{manifest[0].Sha256}")).EnsureSuccessStatusCode();
        var versions = (await Resolution(id)).GetProperty("versions");
        Assert.Equal([0, 1, 2, 1], versions.EnumerateArray().Select(v => v.GetProperty("attachments").GetArrayLength()));
        Assert.Equal(VersionContent.Hash(text, [manifest[1]]), versions[3].GetProperty("hash").GetString());
        Assert.Equal(pdf, await (await drafter.GetAsync(versions[1].GetProperty("attachments")[0].GetProperty("href").GetString())).Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_same_bytes_attached_to_two_drafts_are_stored_once()
    {
        var drafter = await app.App.ClientFor("drafter");
        var pdf = Pdf("одна и та же записка " + Guid.NewGuid());
        foreach (var _ in new[] { 1, 2 })
        {
            var (id, _) = await Draft();
            (await drafter.PostAsync($"/api/resolutions/{id}/attachments?kind=annex", File(pdf, "Приложение.pdf"))).EnsureSuccessStatusCode();
        }
        var sha = Convert.ToHexStringLower(SHA256.HashData(pdf));
        Assert.Equal(1, await app.App.CountAsync(db => db.AttachmentContents.Where(c => c.Sha256 == sha)));
        Assert.Equal(2, await app.App.CountAsync(db => db.VersionAttachments.Where(a => a.Sha256 == sha)));
    }

    public static TheoryData<string, string?, string> BadFiles => new()
    {
        { "empty", "Пусто.pdf", "the file is empty" },
        { "program", "Записка.pdf", "not a PDF, DOCX, ODT or XLSX document" },
        { "pdf named docx", "Записка.docx", "named as another format than its content, which is PDF" },
        { "zip without a document", "Архив.docx", "not a PDF, DOCX, ODT or XLSX document" },
        { "over the limit", "Большой.pdf", "larger than 0.3 MB" },
        { "no name", null, "Content-Disposition" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_is_refused_with_its_reason_and_nothing_is_stored(string what, string? name, string reason)
    {
        var (id, _) = await Draft();
        byte[] bytes = what switch
        {
            "empty" => [],
            "program" => [.. "MZ"u8, .. new byte[500]],
            "zip without a document" => ZipOf("notes.txt"),
            "over the limit" => [.. Pdf(), .. new byte[Limit]],
            _ => Pdf(),
        };
        var before = (await app.App.CountAsync(db => db.AttachmentContents), await app.App.CountAsync(db => db.AttachmentChunks), (await Resolution(id)).GetProperty("version").GetInt32());

        var response = await (await app.App.ClientFor("drafter")).PostAsync($"/api/resolutions/{id}/attachments?kind=annex", File(bytes, name));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, (await app.App.CountAsync(db => db.AttachmentContents), await app.App.CountAsync(db => db.AttachmentChunks), (await Resolution(id)).GetProperty("version").GetInt32()));
    }

    private static byte[] ZipOf(string entry)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
            writer.Write("заметки");
        }
        return buffer.ToArray();
    }

    [Fact]
    public async Task A_kind_the_definition_does_not_know_is_refused_by_name()
    {
        var (id, _) = await Draft();
        var response = await (await app.App.ClientFor("drafter")).PostAsync($"/api/resolutions/{id}/attachments?kind=memo", File(Pdf(), "Служебная записка.pdf"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'memo' is not a kind of attachment of this definition (known: explanatory-note, financial-justification, annex)",
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_those_who_may_read_the_resolution_attach_or_download_and_others_learn_nothing()
    {
        var (id, _) = await Draft();
        var pdf = Pdf("только для своих " + Guid.NewGuid());
        var sha = Convert.ToHexStringLower(SHA256.HashData(pdf));

        // A drafter of another organisation: 404, and the bytes are not stored — over the API and through the page's form alike.
        var foreign = await (await app.App.ClientFor("drafter.by")).PostAsync($"/api/resolutions/{id}/attachments?kind=annex", File(pdf, "Чужое.pdf"));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        var browser = await app.App.BrowserFor("drafter.by");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await WebApp.AntiforgeryToken(browser)), "__RequestVerificationToken" },
            { new StringContent("annex"), "kind" },
            { File(pdf, null), "file", "Чужое.pdf" },
        };
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostAsync($"/resolutions/{id}?handler=Attach", form)).StatusCode);
        Assert.Equal(0, await app.App.CountAsync(db => db.AttachmentContents.Where(c => c.Sha256 == sha)));

        (await (await app.App.ClientFor("drafter")).PostAsync($"/api/resolutions/{id}/attachments?kind=annex", File(pdf, "Своё.pdf"))).EnsureSuccessStatusCode();
        var href = $"/api/resolutions/{id}/versions/2/attachments/{sha}";
        // The draft is not in review: an officer of a reviewing body may not read it yet, nor its annex.
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.App.ClientFor("officer.by-minfin")).GetAsync(href)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.App.ClientFor("drafter.by")).GetAsync(href)).StatusCode);
        // Stored bytes are reached only through a version that carries them.
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.App.ClientFor("coordinator")).GetAsync($"/api/resolutions/{id}/versions/1/attachments/{sha}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.App.ClientFor("coordinator")).GetAsync(href)).StatusCode);
    }
}
