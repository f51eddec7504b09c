using Microsoft.Playwright;
using ResolutionWorkflow.Web.Tests.Api;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Browser;

/// <summary>On the page: the drafter attaches documents, a reviewer downloads them, and each document export downloads in both formats.</summary>
[Collection(WebAppTests.Name)]
[Trait("Category", "Browser")]
public sealed class DocumentsInBrowserTests
{
    private static readonly string[] Formats = ["DOCX", "PDF"];

    private const string Text = "Совет Министров Союзного государства постановляет:\n\n1. Утвердить прилагаемое Положение.\n2. Настоящее постановление вступает в силу со дня подписания.";

    [Fact]
    public Task The_drafter_attaches_documents_a_reviewer_downloads_them_and_every_export_downloads_from_the_page() => BrowserHost.RunAsync(async host =>
    {
        var drafter = await host.SignedIn("drafter");
        await drafter.OpenAsync("/resolutions/new");
        await drafter.GetByLabel("Наименование").FillAsync("О положении с приложениями (браузерный тест)");
        await drafter.GetByLabel("Текст").FillAsync(Text);
        await drafter.GetByRole(AriaRole.Button, new() { Name = "Создать" }).ClickToPageAsync();
        await drafter.ExpectNoticeAsync("Готово.");
        var url = new Uri(drafter.Url).AbsolutePath;

        var folder = Path.Combine(host.DataFolder, "upload");
        Directory.CreateDirectory(folder);
        var annex = Path.Combine(folder, "Положение.pdf");
        await File.WriteAllBytesAsync(annex, AttachmentApiTests.Pdf("Положение о порядке"));
        var renamed = Path.Combine(folder, "Записка.docx");
        await File.WriteAllBytesAsync(renamed, AttachmentApiTests.Pdf("не документ Word"));

        // A PDF named as a Word file is refused with the reason, and nothing is attached.
        await drafter.GetByLabel("Вид документа", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "пояснительная записка" });
        await drafter.GetByLabel("Файл (PDF, DOCX, ODT или XLSX)").SetInputFilesAsync(renamed);
        await drafter.GetByRole(AriaRole.Button, new() { Name = "Приложить" }).ClickToPageAsync();
        Assert.Contains("указывает на другой формат, чем его содержимое (PDF)", await drafter.Locator(".notice").InnerTextAsync(), StringComparison.Ordinal);

        await drafter.OpenAsync(url);
        await drafter.GetByLabel("Вид документа", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "приложение" });
        await drafter.GetByLabel("Файл (PDF, DOCX, ODT или XLSX)").SetInputFilesAsync(annex);
        await drafter.GetByRole(AriaRole.Button, new() { Name = "Приложить" }).ClickToPageAsync();
        await drafter.ExpectNoticeAsync("Готово.");
        var attached = drafter.Locator("table:has(caption:text('Документы, приложенные к редакции')) tbody tr");
        Assert.Equal(1, await attached.CountAsync());
        Assert.Contains("приложение", await attached.First.InnerTextAsync(), StringComparison.Ordinal);
        await BrowserHost.AssertAccessible(drafter, "attachments: the drafter's form");
        await RussianPage.AssertCleanAsync(drafter, host.Services, "attachments: the drafter's form");
        await drafter.GetByRole(AriaRole.Button, new() { Name = "Направить на согласование" }).ClickToPageAsync();
        await drafter.ExpectNoticeAsync("Готово.");

        // A reviewer opens the draft from the inbox and downloads the annex byte for byte.
        var officer = await host.SignedIn("officer.by-minfin");
        await officer.OpenAsync(url);
        var download = await officer.RunAndWaitForDownloadAsync(() => officer.GetByRole(AriaRole.Link, new() { Name = "Положение.pdf" }).ClickAsync());
        Assert.Equal("Положение.pdf", download.SuggestedFilename);
        Assert.Equal(await File.ReadAllBytesAsync(annex), await File.ReadAllBytesAsync((await download.PathAsync())!));

        // Each document of a draft in each format; the act as signed is offered only once it is signed.
        Assert.Equal(0, await officer.GetByRole(AriaRole.Link, new() { Name = "Постановление (в подписанной редакции), PDF", Exact = true }).CountAsync());
        foreach (var (title, start) in new[] { ("Лист согласования", "Лист согласования"), ("Таблица разногласий", "Таблица разногласий") })
        {
            foreach (var format in Formats)
            {
                var file = await officer.RunAndWaitForDownloadAsync(() => officer.GetByRole(AriaRole.Link, new() { Name = $"{title}, {format}", Exact = true }).ClickAsync());
                Assert.EndsWith("." + format.ToLowerInvariant(), file.SuggestedFilename, StringComparison.Ordinal);
                var bytes = await File.ReadAllBytesAsync((await file.PathAsync())!);
                if (format == "PDF") { Assert.Equal(start, PdfText.Read(bytes).Text[0]); }
                else
                {
                    using var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(bytes), false);
                    Assert.StartsWith(start, word.MainDocumentPart!.Document!.Body!.InnerText, StringComparison.Ordinal);
                }
            }
        }
        var package = await officer.RunAndWaitForDownloadAsync(() => officer.GetByRole(AriaRole.Link, new() { Name = "Пакет для проверки без доступа к системе (ZIP)" }).ClickAsync());
        Assert.Empty(ResolutionWorkflow.Documents.Packages.ActPackageVerifier.Verify(File.OpenRead((await package.PathAsync())!), []));
        await BrowserHost.AssertAccessible(officer, "documents: the reviewer's page");
        await RussianPage.AssertCleanAsync(officer, host.Services, "documents: the reviewer's page");
    });
}
