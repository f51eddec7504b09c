using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Api;

/// <summary>
/// The approval sheet, the disagreement table and the act, as DOCX and PDF: opened again with the
/// libraries that wrote them and read for their text, tables, page size and page count.
/// </summary>
[Collection(WebAppTests.Name)]
public sealed class DocumentExportTests(ApiTests.Fixture app) : IClassFixture<ApiTests.Fixture>
{
    private const string Letter = "12-01/3456";

    /// <summary>The mandatory bodies of the council definition's review.</summary>
    private static readonly string[] Reviewers = ["by-mineconomy", "by-minfin", "by-mfa", "by-minjust", "ru-minfin", "ru-mfa", "ru-minjust"];

    /// <summary>A draft with an annex, in review; the Belarusian Ministry of Finance objects to clause 2 with a wording of its own, the others agree.</summary>
    private async Task<Guid> Reviewed(string text = ApiEndpoints.Text)
    {
        var drafter = await app.App.ClientFor("drafter");
        var created = await (await drafter.PostAsJsonAsync("/api/resolutions", new { definitionId = "council-of-ministers-resolution", title = "О документах согласования", text }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("resolutionId").GetGuid();
        var annex = new ByteArrayContent(AttachmentApiTests.Pdf("Положение о порядке"));
        annex.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = "Положение.pdf" };
        var attached = await (await drafter.PostAsync($"/api/resolutions/{id}/attachments?kind=annex", annex)).Content.ReadFromJsonAsync<JsonElement>();
        var hash = attached.GetProperty("textHash").GetString();
        (await drafter.PostAsJsonAsync($"/api/resolutions/{id}/submit", new { seenTextHash = hash })).EnsureSuccessStatusCode();
        (await (await app.App.ClientFor("officer.by-minfin")).PostAsJsonAsync($"/api/resolutions/{id}/opinions", new
        {
            seenTextHash = hash, opinion = "disagree", letterNumber = Letter,
            remarks = new[] { new { clause = "2", text = "Не указан государственный заказчик.", proposedWording = "2. Государственный заказчик — Постоянный Комитет." } },
        })).EnsureSuccessStatusCode();
        foreach (var body in Reviewers.Except(["by-minfin"]))
        {
            (await (await app.App.ClientFor($"officer.{body}")).PostAsJsonAsync($"/api/resolutions/{id}/opinions", new { seenTextHash = hash, opinion = "agree" })).EnsureSuccessStatusCode();
        }
        return id;
    }

    private async Task<byte[]> Download(Guid id, string file, string user = "coordinator")
    {
        var response = await (await app.App.ClientFor(user)).GetAsync($"/api/resolutions/{id}/documents/{file}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static (string Text, List<List<string>> Rows, SectionProperties Section) Docx(byte[] bytes)
    {
        using var word = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var body = word.MainDocumentPart!.Document!.Body!;
        var rows = body.Descendants<TableRow>().Select(r => r.Elements<TableCell>().Select(c => string.Join("\n", c.Descendants<Text>().Select(t => t.Text))).ToList()).ToList();
        return (string.Join("\n", body.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText)), rows, body.Elements<SectionProperties>().Single());
    }

    [Fact]
    public async Task The_approval_sheet_lists_each_bodys_opinion_with_its_official_date_letter_and_result_in_docx_and_pdf()
    {
        var id = await Reviewed();
        var (text, rows, section) = Docx(await Download(id, "approval-sheet.docx"));
        Assert.StartsWith("Лист согласования", text, StringComparison.Ordinal);
        Assert.Contains("«О документах согласования»", text, StringComparison.Ordinal);
        Assert.Contains("Межведомственное согласование", text, StringComparison.Ordinal);
        Assert.Equal(["№", "Орган", "Должностное лицо", "Письмо (дата, номер)", "Заключение", "Замечания"], rows[0]);
        Assert.Equal(1 + Reviewers.Length, rows.Count);
        var minfin = rows.Single(r => r[1] == "Министерство финансов Республики Беларусь");
        // The official as recorded with the opinion: position, then surname and initials.
        Assert.Matches(@"^[А-Я][^\n]+\n[А-ЯЁ][а-яё]+ [А-ЯЁ]\. [А-ЯЁ]\.$", minfin[2]);
        Assert.Matches($@"^\d{{1,2}} [а-я]+ \d{{4}} г\.\nИсх\. № {Regex.Escape(Letter)}$", minfin[3]);
        Assert.Equal("не согласовано (возражения)\n(текст в редакции № 2)", minfin[4]);
        Assert.Equal("1 замечание\n(таблица разногласий, № 1)", minfin[5]);
        Assert.Equal("нет", rows.Single(r => r[1] == "Министерство финансов Российской Федерации")[5]);
        // A4 landscape for the table's six columns, 30 mm on the left, the first page unnumbered.
        Assert.Equal((16838u, 11906u), ((uint)section.GetFirstChild<PageSize>()!.Width!, (uint)section.GetFirstChild<PageSize>()!.Height!));
        Assert.Equal(PageOrientationValues.Landscape, section.GetFirstChild<PageSize>()!.Orient!.Value);
        Assert.Equal(1701u, (uint)section.GetFirstChild<PageMargin>()!.Left!);
        Assert.NotNull(section.GetFirstChild<TitlePage>());

        var (pages, pdf) = PdfText.Read(await Download(id, "approval-sheet.pdf"));
        Assert.InRange(pages, 1, 2);
        Assert.Contains("Лист согласования", pdf);
        Assert.Contains(Letter, pdf);
        Assert.Contains("Министерство финансов Республики", string.Join(" ", pdf), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_disagreement_table_carries_the_remark_the_proposed_wording_and_the_answer()
    {
        var id = await Reviewed();
        (await (await app.App.ClientFor("drafter")).PostAsJsonAsync($"/api/resolutions/{id}/remarks/1/answer", new { answer = "accepted", reason = "Заказчик указан." })).EnsureSuccessStatusCode();

        var (_, rows, _) = Docx(await Download(id, "disagreement-table.docx"));
        Assert.Equal(["№", "Пункт", "Замечание (орган)", "Предлагаемая редакция", "Ответ разработчика и обоснование", "Решение согласительного совещания", "Состояние"], rows[0]);
        var row = Assert.Single(rows.Skip(1));
        Assert.Equal("2", row[1]);
        Assert.Equal("Не указан государственный заказчик.\n(Минфин Беларуси, возражение)", row[2]);
        Assert.Equal("2. Государственный заказчик — Постоянный Комитет.", row[3]);
        Assert.Equal("учтено: Заказчик указан.", row[4]);

        var (_, pdf) = PdfText.Read(await Download(id, "disagreement-table.pdf"));
        var all = string.Join(" ", pdf);
        Assert.Contains("Предлагаемая редакция", all, StringComparison.Ordinal);
        Assert.Contains("Постоянный Комитет.", all, StringComparison.Ordinal);

        var (english, englishRows, _) = Docx(await Download(id, "disagreement-table.docx?lang=en"));
        Assert.StartsWith("Disagreement table", english, StringComparison.Ordinal);
        Assert.Equal("Proposed wording", englishRows[0][3]);
    }

    [Fact]
    public async Task The_act_has_its_text_annexes_signatures_and_journal_head_and_a_long_one_runs_to_numbered_pages()
    {
        var clauses = string.Join("\n", Enumerable.Range(1, 100).Select(i => $"{i}. Пункт {i}: государствам-участникам обеспечить выполнение мероприятий программы в установленные сроки и представлять сведения о ходе их выполнения."));
        var id = await Reviewed("Совет Министров Союзного государства постановляет:\n\n" + clauses);
        var act = Docx(await Download(id, "act.docx"));
        Assert.Contains("100. Пункт 100:", act.Text, StringComparison.Ordinal);
        Assert.Contains("Приложения:", act.Text, StringComparison.Ordinal);
        Assert.Matches(@"1\. приложение «Положение\.pdf», \d+ байт(а)?\nSHA-256 [0-9a-f]{64}\n", act.Text);
        Assert.Contains("Не подписано.", act.Text, StringComparison.Ordinal);
        var journal = Regex.Match(act.Text, @"Журнал: (?<n>\d+) (?<noun>запись|записи|записей); SHA-256 последней записи:\n[0-9a-f]{64}");
        Assert.True(journal.Success, act.Text);
        var n = int.Parse(journal.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(n % 10 == 1 && n % 100 != 11 ? "запись" : n % 10 is >= 2 and <= 4 && n % 100 is < 12 or > 14 ? "записи" : "записей", journal.Groups["noun"].Value);

        var bytes = await Download(id, "act.pdf");
        var (pages, pdf) = PdfText.Read(bytes);
        Assert.InRange(pages, 4, 30);
        // Numbered from the second page: each page's number is the last text drawn on it (the first page has none).
        var byPage = PdfText.ReadPages(bytes);
        Assert.NotEqual("1", byPage[0][^1]);
        Assert.All(Enumerable.Range(2, pages - 1), n => Assert.Equal(n.ToString(System.Globalization.CultureInfo.InvariantCulture), byPage[n - 1][^1]));
        Assert.Contains("Приложения:", pdf);
        Assert.Contains("Не подписано.", pdf);
    }

    [Fact]
    public async Task A_document_of_a_resolution_the_reader_may_not_see_is_a_404_and_a_bad_name_a_400()
    {
        var id = await Reviewed();
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.App.ClientFor("officer.by-mchs")).GetAsync($"/api/resolutions/{id}/documents/act.pdf")).StatusCode);
        foreach (var bad in new[] { "act.rtf", "protocol.pdf", "act", "act.pdf?lang=de" })
        {
            var response = await (await app.App.ClientFor("coordinator")).GetAsync($"/api/resolutions/{id}/documents/{bad}");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{bad}: {(int)response.StatusCode}");
        }
        // The page offers each document of a draft in both formats; the act as signed only once it is signed.
        var page = await (await app.App.BrowserFor("coordinator")).GetStringAsync($"/resolutions/{id}");
        foreach (var file in new[] { "approval-sheet.docx", "approval-sheet.pdf", "disagreement-table.docx", "disagreement-table.pdf" })
        {
            Assert.Contains($"/api/resolutions/{id}/documents/{file}\"", page, StringComparison.Ordinal);
        }
        Assert.DoesNotContain($"/api/resolutions/{id}/documents/act.pdf\"", page, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every shipped export in both languages, as PDF read back by PdfPig: each word on its pages is a
    /// whole word of the same document as Word has it (Word breaks lines itself, so its text is the
    /// words unbroken). A word split across two lines ("Межведом/ственное") is a piece no word matches.
    /// </summary>
    [Fact]
    public async Task No_export_breaks_a_word_across_lines()
    {
        var id = await Reviewed();
        foreach (var name in new[] { "approval-sheet", "disagreement-table", "act" })
        {
            foreach (var language in new[] { "", "?lang=en" })
            {
                using var word = WordprocessingDocument.Open(new MemoryStream(await Download(id, $"{name}.docx{language}")), false);
                var words = word.MainDocumentPart!.Document!.Body!.Descendants<Text>().SelectMany(t => t.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
                // Read by PdfPig, not by the library that wrote it: its words as a reader's copy-and-paste would give them.
                using var pdf = UglyToad.PdfPig.PdfDocument.Open(await Download(id, $"{name}.pdf{language}"));
                var broken = pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text)
                    .Where(token => !words.Contains(token) && !token.All(char.IsAsciiDigit)).Distinct().ToList();
                Assert.True(broken.Count == 0, $"{name}.pdf{language}: pieces of words: {string.Join(" | ", broken.Select(b => $"«{b}» ({string.Join(" ", b.Select(c => ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)))})"))}");
            }
        }
    }
}
