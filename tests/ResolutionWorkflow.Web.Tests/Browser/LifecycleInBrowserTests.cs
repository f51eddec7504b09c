using System.Net.Http.Json;
using Microsoft.Playwright;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Browser;

/// <summary>The whole lifecycle through the pages, in Chromium, with axe-core on every page kind and screenshots kept as artefacts.</summary>
[Collection(WebAppTests.Name)]
[Trait("Category", "Browser")]
public sealed class LifecycleInBrowserTests
{
    private static readonly string[] Ministries = ["by-mineconomy", "by-minfin", "by-mfa", "by-minjust", "ru-minfin", "ru-mfa", "ru-minjust"];
    private static readonly string[] Objectors = ["by-minfin", "ru-minjust"];
    private static readonly string[] LegalBodies = ["ru-minjust", "by-nclr"];
    private static readonly string[] HeadsOfGovernment = ["pm.by", "pm.ru"];

    private const string Text = "Совет Министров Союзного государства постановляет:\n\n1. Утвердить программу Союзного государства.\n2. Определить государственного заказчика-координатора.\n3. Финансирование осуществлять за счёт бюджета Союзного государства.";

    [Fact]
    public Task A_resolution_goes_from_draft_to_publication_through_the_pages() => BrowserHost.RunAsync(async host =>
    {

        // The drafter creates the draft and submits it.
        var drafter = await host.SignedIn("drafter");
        await BrowserHost.AssertAccessible(drafter, "inbox");
        await drafter.OpenAsync("/resolutions/new");
        await BrowserHost.AssertAccessible(drafter, "new draft");
        await drafter.GetByLabel("Наименование").FillAsync("О программе «Развитие пограничной безопасности» (браузерный тест)");
        await drafter.GetByLabel("Текст").FillAsync(Text);
        await drafter.GetByRole(AriaRole.Button, new() { Name = "Создать" }).ClickToPageAsync();
        await drafter.ExpectNoticeAsync("Готово.");
        Assert.DoesNotContain("/new", drafter.Url, StringComparison.Ordinal);
        var url = new Uri(drafter.Url).AbsolutePath;
        await drafter.GetByRole(AriaRole.Button, new() { Name = "Направить на согласование" }).ClickToPageAsync();
        await drafter.ExpectNoticeAsync("Готово.");

        // Eight ministries review; two disagree with remarks tied to clauses.
        foreach (var ministry in Ministries)
        {
            var officer = await host.SignedIn($"officer.{ministry}");
            if (ministry == "by-minfin")
            {
                await officer.ScreenshotAsync(new() { Path = Path.Combine(BrowserHost.Artifacts, "inbox.png"), FullPage = true });
                Assert.True(await officer.GetByRole(AriaRole.Link, new() { Name = "О программе «Развитие пограничной безопасности» (браузерный тест)" }).CountAsync() > 0);
            }
            await officer.OpenAsync(url);
            if (ministry is "by-minfin" or "ru-minjust")
            {
                await officer.Locator("#op-disagree").CheckAsync();
                await officer.Locator("#remark-clause-0").SelectOptionAsync(ministry == "by-minfin" ? "3" : "2");
                await officer.Locator("#remark-text-0").FillAsync(ministry == "by-minfin" ? "Указать объём финансирования по годам." : "Заказчик определяется программой.");
            }
            else
            {
                // No answer is chosen for the officer: each picks one.
                Assert.False(await officer.Locator("#op-agree").IsCheckedAsync());
                await officer.Locator("#op-agree").CheckAsync();
            }
            if (ministry == "by-minfin")
            {
                await BrowserHost.AssertAccessible(officer, "resolution page with the opinion form");
                await RussianPage.AssertCleanAsync(officer, host.Services, "review: the opinion form");
            }
            await officer.GetByRole(AriaRole.Button, new() { Name = "Отправить" }).ClickToPageAsync();
            await officer.ExpectNoticeAsync("Готово.");
            await officer.Context.CloseAsync();
        }

        // The drafter answers both remarks, issues version 2 and resubmits.
        await drafter.OpenAsync(url);
        await RussianPage.AssertCleanAsync(drafter, host.Services, "revision: the answer forms");
        await drafter.Locator("#a-acc-1").CheckAsync();
        await drafter.Locator("#reason-1").FillAsync("Объём указан в пункте 3.");
        await drafter.GetByRole(AriaRole.Button, new() { Name = "Ответ №1" }).ClickToPageAsync();
        await drafter.ExpectNoticeAsync("Готово.");
        await drafter.Locator("#a-rej-2").CheckAsync();
        await drafter.Locator("#reason-2").FillAsync("Соответствует порядку утверждения программ.");
        await drafter.GetByRole(AriaRole.Button, new() { Name = "Ответ №2" }).ClickToPageAsync();
        await drafter.ExpectNoticeAsync("Готово.");
        await drafter.Locator("#new-text").FillAsync(Text.Replace("за счёт бюджета Союзного государства", "за счёт бюджета Союзного государства в объёмах по годам согласно приложению", StringComparison.Ordinal));
        await drafter.GetByRole(AriaRole.Button, new() { Name = "Новая редакция" }).ClickToPageAsync();
        await drafter.ExpectNoticeAsync("Готово.");
        await drafter.GetByRole(AriaRole.Button, new() { Name = "Направить на повторное согласование" }).ClickToPageAsync();
        await drafter.ExpectNoticeAsync("Готово.");

        // The objectors look again and agree.
        foreach (var ministry in Objectors)
        {
            var officer = await host.SignedIn($"officer.{ministry}");
            await officer.OpenAsync(url);
            await officer.Locator("#op-agree").CheckAsync();
            await officer.GetByRole(AriaRole.Button, new() { Name = "Отправить" }).ClickToPageAsync();
            await officer.ExpectNoticeAsync("Готово.");
            await officer.Context.CloseAsync();
        }

        // The legal bodies of both countries give their conclusions on the final text.
        foreach (var body in LegalBodies)
        {
            var officer = await host.SignedIn($"officer.{body}");
            await officer.OpenAsync(url);
            if (body == "by-nclr")
            {
                Assert.Equal(1, await officer.GetByLabel("Положительное заключение").CountAsync());
                await BrowserHost.AssertAccessible(officer, "legal examination: the conclusion form");
                await RussianPage.AssertCleanAsync(officer, host.Services, "legal examination: the conclusion form");
            }
            await officer.GetByLabel("Положительное заключение").CheckAsync();
            await officer.GetByRole(AriaRole.Button, new() { Name = "Отправить" }).ClickToPageAsync();
            await officer.ExpectNoticeAsync("Готово.");
            await officer.Context.CloseAsync();
        }

        // The Standing Committee places the draft on the agenda of today's Council meeting and records its adoption.
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow"));
        var committee = await host.SignedIn("coordinator");
        await committee.OpenAsync(url);
        await BrowserHost.AssertAccessible(committee, "adoption: placing on the agenda");
        await RussianPage.AssertCleanAsync(committee, host.Services, "adoption: placing on the agenda");
        await committee.Locator("#form-meeting").CheckAsync();
        await committee.Locator("#agenda-date").FillAsync(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await committee.Locator("#agenda-place").FillAsync("Москва, Дом Правительства Российской Федерации");
        await committee.GetByRole(AriaRole.Button, new() { Name = "Включить в повестку" }).ClickToPageAsync();
        await committee.ExpectNoticeAsync("Готово.");
        await committee.OpenAsync(url);
        await BrowserHost.AssertAccessible(committee, "adoption: the Council's decision");
        await committee.Locator("#adoption-adopted").CheckAsync();
        await committee.Locator("#adoption-protocol").FillAsync("5");
        await committee.GetByRole(AriaRole.Button, new() { Name = "Отметить решение" }).ClickToPageAsync();
        await committee.ExpectNoticeAsync("Готово.");
        await committee.OpenAsync(url);
        var day = today.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("ru-RU"));
        Assert.Equal($"Заседание Совета Министров: {day} г., Москва, Дом Правительства Российской Федерации · принято Советом Министров {day} г., протокол № 5",
            (await committee.Locator("#adoption-status").InnerTextAsync()).Trim());
        await committee.Context.CloseAsync();

        // Both prime ministers sign the exact text they see.
        foreach (var pm in HeadsOfGovernment)
        {
            var signatory = await host.SignedIn(pm);
            await signatory.OpenAsync(url);
            var shown = await signatory.Locator("#sign-hash").InnerTextAsync();
            Assert.Equal(64, shown.Trim().Length);
            if (pm == "pm.by")
            {
                await BrowserHost.AssertAccessible(signatory, "signing page");
                await RussianPage.AssertCleanAsync(signatory, host.Services, "signing");
            }
            await signatory.GetByRole(AriaRole.Button, new() { Name = "Подписать" }).ClickToPageAsync();
            await signatory.ExpectNoticeAsync("Готово.");
            await signatory.Context.CloseAsync();
        }

        // The registrar registers and records publication in both countries.
        var registrar = await host.SignedIn("registrar");
        await registrar.OpenAsync(url);
        await RussianPage.AssertCleanAsync(registrar, host.Services, "registration and publication forms");
        await registrar.Locator("#number").FillAsync("27");
        await registrar.GetByRole(AriaRole.Button, new() { Name = "Зарегистрировать" }).ClickToPageAsync();
        await registrar.ExpectNoticeAsync("Готово.");
        foreach (var (country, name, reference) in new[] { ("by", "Республика Беларусь", "https://pravo.by/document/?guid=52345"), ("ru", "Российская Федерация", "0001202604100001") })
        {
            await registrar.Locator($"#reference-{country}").FillAsync(reference);
            await registrar.Locator($"#published-{country}").FillAsync("2026-04-10");
            await registrar.GetByRole(AriaRole.Button, new() { Name = $"Отметить опубликование ({name})" }).ClickToPageAsync();
            await registrar.ExpectNoticeAsync("Готово.");
        }

        await registrar.OpenAsync(url);
        Assert.Contains("Статус: принято", await registrar.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        // Cited as acts are: the act's date (its last signature's day in Moscow) and its number.
        var moscowToday = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow")).ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("ru-RU"));
        Assert.Equal($"Постановление Совета Министров Союзного государства от {moscowToday} г. № 27", await registrar.Locator(".citation").InnerTextAsync());

        // Weeks later the gazette prints it: the registrar records that publication on the adopted act.
        await registrar.GetByLabel("Источник опубликования", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Value = "ru-sz" });
        await registrar.Locator("#further-reference").FillAsync("2026, № 16, ст. 2401");
        await registrar.Locator("#further-published").FillAsync("2026-04-20");
        await registrar.GetByRole(AriaRole.Button, new() { Name = "Отметить опубликование", Exact = true }).ClickToPageAsync();
        await registrar.ExpectNoticeAsync("Готово.");
        await registrar.OpenAsync(url);
        Assert.Contains("Собрание законодательства Российской Федерации, 2026, № 16, ст. 2401, 20 апреля 2026 г.", await registrar.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await BrowserHost.AssertAccessible(registrar, "adopted resolution page");
        await RussianPage.AssertCleanAsync(registrar, host.Services, "the adopted resolution");
        await registrar.ScreenshotAsync(new() { Path = Path.Combine(BrowserHost.Artifacts, "resolution.png"), FullPage = true });
        await registrar.Locator(".diagram").ScreenshotAsync(new() { Path = Path.Combine(BrowserHost.Artifacts, "diagram.png") });
        Assert.Equal(1, await registrar.Locator("svg g[data-current='true']").CountAsync());
    });

    /// <summary>The demo's microelectronics programme, adopted by the Council, is signed by the Chairman of the Council of Ministers alone, from his inbox.</summary>
    [Fact]
    public Task The_chairman_alone_signs_an_adopted_programme_from_his_inbox() => BrowserHost.RunAsync(async host =>
    {
        const string title = "Об утверждении программы Союзного государства «Разработка технологий микроэлектроники, электронной компонентной базы и электронного машиностроения»";
        var primeMinister = await host.SignedIn("pm.ru");
        Assert.Equal(0, await primeMinister.GetByRole(AriaRole.Link, new() { Name = title }).CountAsync());

        var chairman = await host.SignedIn("chairman");
        await chairman.GetByRole(AriaRole.Link, new() { Name = title }).ClickToPageAsync();
        var url = new Uri(chairman.Url).AbsolutePath;
        Assert.Equal(64, (await chairman.Locator("#sign-hash").InnerTextAsync()).Trim().Length);
        await BrowserHost.AssertAccessible(chairman, "signing by the Chairman");
        await RussianPage.AssertCleanAsync(chairman, host.Services, "signing by the Chairman");
        await chairman.GetByRole(AriaRole.Button, new() { Name = "Подписать" }).ClickToPageAsync();
        await chairman.ExpectNoticeAsync("Готово.");
        await chairman.OpenAsync(url);
        Assert.Contains("Этап: Регистрация и опубликование", await chairman.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        // A head of government, who has no task on it, finds no signing form there.
        await primeMinister.OpenAsync(url);
        Assert.Equal(0, await primeMinister.Locator("#sign-hash").CountAsync());
    });

    /// <summary>The drafter proposes the bodies the draft concerns; it waits for the coordinator, who adds one with a reason; then the chosen bodies get it too.</summary>
    [Fact]
    public Task The_drafter_proposes_the_bodies_concerned_and_the_coordinator_confirms_them_on_the_page() => BrowserHost.RunAsync(async host =>
    {
        var drafter = await host.SignedIn("drafter");
        await drafter.OpenAsync("/resolutions/new");
        await drafter.GetByLabel("Наименование").FillAsync("О таможенном сотрудничестве (браузерный тест)");
        await drafter.GetByLabel("Текст").FillAsync(Text);
        await drafter.GetByRole(AriaRole.Button, new() { Name = "Создать" }).ClickToPageAsync();
        await drafter.ExpectNoticeAsync("Готово.");
        var url = new Uri(drafter.Url).AbsolutePath;

        await drafter.GetByLabel("ФТС России").CheckAsync();
        await BrowserHost.AssertAccessible(drafter, "reviewers: the drafter's proposal");
        await RussianPage.AssertCleanAsync(drafter, host.Services, "reviewers: the drafter's proposal");
        await drafter.GetByRole(AriaRole.Button, new() { Name = "Предложить" }).ClickToPageAsync();
        await drafter.ExpectNoticeAsync("Готово.");
        Assert.Contains("предложены разработчиком, ожидают утверждения координатором", await drafter.Locator("#reviewers-status").InnerTextAsync(), StringComparison.Ordinal);
        await drafter.GetByRole(AriaRole.Button, new() { Name = "Направить на согласование" }).ClickToPageAsync();
        Assert.Contains("Координатор ещё не утвердил", await drafter.Locator(".notice").InnerTextAsync(), StringComparison.Ordinal);

        var coordinator = await host.SignedIn("coordinator");
        await coordinator.OpenAsync(url);
        Assert.True(await coordinator.GetByLabel("ФТС России").IsCheckedAsync());
        await coordinator.GetByLabel("ГТК Беларуси").CheckAsync();
        await BrowserHost.AssertAccessible(coordinator, "reviewers: the coordinator's confirmation");
        await RussianPage.AssertCleanAsync(coordinator, host.Services, "reviewers: the coordinator's confirmation");
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Утвердить перечень" }).ClickToPageAsync();
        Assert.Contains("обоснование", await coordinator.Locator(".notice").InnerTextAsync(), StringComparison.Ordinal);
        await coordinator.OpenAsync(url);
        await coordinator.GetByLabel("ГТК Беларуси").CheckAsync();
        await coordinator.GetByLabel("Основание, если перечень отличается от предложенного разработчиком").FillAsync("Проект касается таможенного регулирования обеих сторон.");
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Утвердить перечень" }).ClickToPageAsync();
        await coordinator.ExpectNoticeAsync("Готово.");

        await drafter.OpenAsync(url);
        Assert.Contains("ГТК Беларуси, ФТС России — утверждены координатором", await drafter.Locator("#reviewers-status").InnerTextAsync(), StringComparison.Ordinal);
        await drafter.GetByRole(AriaRole.Button, new() { Name = "Направить на согласование" }).ClickToPageAsync();
        await drafter.ExpectNoticeAsync("Готово.");
        var customs = await host.SignedIn("officer.by-customs");
        Assert.Equal(1, await customs.GetByRole(AriaRole.Link, new() { Name = "О таможенном сотрудничестве (браузерный тест)" }).CountAsync());
    });

    /// <summary>Two objections kept after revision: the coordinator records the meeting's minutes, one body confirms, one dissents, and its row goes to the heads of government.</summary>
    [Fact]
    public Task A_conciliation_meeting_is_recorded_confirmed_and_dissented_on_the_page_and_the_heads_of_government_close_the_rest() => BrowserHost.RunAsync(async host =>
    {
        using var api = new ApiCaller(host.BaseUrl);
        var id = await api.ToConciliationAsync("О согласительном совещании (браузерный тест)");

        // The coordinator enters the minutes of the conciliation meeting: each open row shows the objection and the drafter's answer.
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow"));
        var coordinator = await host.SignedIn("coordinator");
        await coordinator.OpenAsync($"/resolutions/{id}");
        Assert.Contains("Ответ разработчика: не учтено — Объём определяется бюджетом.", await coordinator.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await BrowserHost.AssertAccessible(coordinator, "conciliation: the minutes form");
        await RussianPage.AssertCleanAsync(coordinator, host.Services, "conciliation: the minutes form");
        await coordinator.Locator("#meeting-date").FillAsync(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await coordinator.Locator("#meeting-place").FillAsync("Москва, Постоянный Комитет Союзного государства");
        await coordinator.Locator("#meeting-protocol").FillAsync("3");
        await coordinator.Locator("#meeting-minutes").FillAsync("Рассмотрены разногласия по пунктам 2 и 3.\nРешения приняты по каждой строке.");
        // The signed minutes go with the record as a file.
        await coordinator.GetByLabel("Подписанный протокол файлом (PDF, DOCX, ODT или XLSX; необязательно)").SetInputFilesAsync(new FilePayload
        {
            Name = "Протокол № 3.pdf", MimeType = "application/pdf", Buffer = Api.AttachmentApiTests.Pdf("Протокол согласительного совещания № 3"),
        });
        await coordinator.Locator("#m-keep-1").CheckAsync();
        await coordinator.Locator("#m-keep-2").CheckAsync();
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Внести протокол" }).ClickToPageAsync();
        await coordinator.ExpectNoticeAsync("Готово.");
        await coordinator.OpenAsync($"/resolutions/{id}");
        Assert.Contains("протокол № 3", await coordinator.Locator("#meeting-summary").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("Подписанный протокол: Протокол № 3.pdf (1 КБ)", await coordinator.Locator("#meeting-file-link").InnerTextAsync());

        // Belarus's Ministry of Finance confirms the decision on its row; Russia's Ministry of Justice dissents.
        var minfin = await host.SignedIn("officer.by-minfin");
        await minfin.OpenAsync($"/resolutions/{id}");
        Assert.Contains("Оставлена редакция разработчика", await minfin.Locator("form:has(#minutes-confirm)").InnerTextAsync(), StringComparison.Ordinal);
        await BrowserHost.AssertAccessible(minfin, "conciliation: the answer to the minutes");
        await RussianPage.AssertCleanAsync(minfin, host.Services, "conciliation: the answer to the minutes");
        await minfin.Locator("#minutes-confirm").CheckAsync();
        await minfin.GetByRole(AriaRole.Button, new() { Name = "Отправить ответ" }).ClickToPageAsync();
        await minfin.ExpectNoticeAsync("Готово.");
        var minjust = await host.SignedIn("officer.ru-minjust");
        await minjust.OpenAsync($"/resolutions/{id}");
        await minjust.Locator("#minutes-dissent").CheckAsync();
        await minjust.Locator("#minutes-reason").FillAsync("Редакция противоречит Договору.");
        await minjust.GetByRole(AriaRole.Button, new() { Name = "Отправить ответ" }).ClickToPageAsync();
        await minjust.ExpectNoticeAsync("Готово.");

        // The open row goes to the heads of government; the coordinator records their decision row by row.
        await coordinator.OpenAsync($"/resolutions/{id}");
        Assert.Contains("Рассмотрение разногласий главами правительств", await coordinator.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("", await coordinator.Locator("#outcome").InputValueAsync());
        await BrowserHost.AssertAccessible(coordinator, "heads of government: the decision form");
        await coordinator.Locator("#d-new-2").CheckAsync();
        await coordinator.Locator("#d-wording-2").FillAsync(NewClause2);
        await coordinator.GetByLabel("Решение", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "согласовано" });
        await coordinator.Locator("#decide-reason").FillAsync("решение глав правительств");
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Принять решение" }).ClickToPageAsync();
        await coordinator.ExpectNoticeAsync("Готово.");

        var table = await coordinator.Locator("table:has(caption:text('Таблица разногласий'))").InnerTextAsync();
        Assert.Contains("Оставлена редакция разработчика", table, StringComparison.Ordinal);
        // The heads of government's wording is the text now, tied to the row it came from.
        Assert.Contains($"Принята новая редакция: «{NewClause2}» (включена в текст в редакции № 2) (возражения к протоколу: Редакция противоречит Договору.)", table, StringComparison.Ordinal);
        Assert.Contains(NewClause2, (await api.GetAsync("coordinator", $"/api/resolutions/{id}")).GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("Правовая экспертиза", await coordinator.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
    });

    private const string NewClause2 = "2. Государственным заказчиком-координатором программы определить Постоянный Комитет Союзного государства.";
    private const string ProposedClause3 = "Финансирование осуществлять за счёт бюджета Союзного государства в объёмах по годам согласно приложению.";

    /// <summary>
    /// The meeting accepts one body's proposed wording and decides a new wording for another clause; once both bodies confirm,
    /// the Standing Committee issues the text the minutes decided from the page, and that text is what is examined, adopted,
    /// signed by both heads of government, exported and packaged.
    /// </summary>
    [Fact]
    public Task The_wordings_a_conciliation_meeting_decides_are_the_text_signed_exported_and_packaged() => BrowserHost.RunAsync(async host =>
    {
        using var api = new ApiCaller(host.BaseUrl);
        var id = await api.ToConciliationAsync("О согласованной редакции (браузерный тест)", proposedClause3: ProposedClause3);
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow")).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var coordinator = await host.SignedIn("coordinator");
        await coordinator.OpenAsync($"/resolutions/{id}");
        await coordinator.Locator("#meeting-date").FillAsync(today);
        await coordinator.Locator("#meeting-protocol").FillAsync("4");
        await coordinator.Locator("#meeting-minutes").FillAsync("По пункту 3 принять редакцию Минфина Беларуси; пункт 2 изложить в новой редакции.");
        await coordinator.Locator("#m-accept-1").CheckAsync();
        await coordinator.Locator("#m-new-2").CheckAsync();
        await coordinator.Locator("#m-wording-2").FillAsync(NewClause2);
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Внести протокол" }).ClickToPageAsync();
        await coordinator.ExpectNoticeAsync("Готово.");
        foreach (var body in Objectors) { await api.PostAsync($"officer.{body}", $"/api/resolutions/{id}/minutes/answer", new { confirm = true }); }

        // Every row is settled, but the text does not carry the decisions yet: the draft waits on the Standing Committee, which sees the difference.
        await coordinator.OpenAsync($"/resolutions/{id}");
        var preview = await coordinator.Locator("form:has(#agreed-note)").InnerTextAsync();
        Assert.Contains("Текст в редакции, принятой на согласительном совещании", preview, StringComparison.Ordinal);
        Assert.Contains("Постоянный Комитет", preview, StringComparison.Ordinal);
        Assert.Contains("согласно приложению", preview, StringComparison.Ordinal);
        await BrowserHost.AssertAccessible(coordinator, "conciliation: issuing the agreed text");
        await RussianPage.AssertCleanAsync(coordinator, host.Services, "conciliation: issuing the agreed text");
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Сформировать текст в редакции, принятой на совещании" }).ClickToPageAsync();
        await coordinator.ExpectNoticeAsync("Готово.");
        Assert.Contains("Правовая экспертиза", await coordinator.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        // Examined, adopted and signed by both heads of government: the text they sign is version 2.
        var hash = (await api.GetAsync("coordinator", $"/api/resolutions/{id}")).GetProperty("currentTextHash").GetString();
        foreach (var body in LegalBodies) { await api.PostAsync($"officer.{body}", $"/api/resolutions/{id}/opinions", new { seenTextHash = hash, opinion = "agree" }); }
        await api.PostAsync("coordinator", $"/api/resolutions/{id}/agenda", new { form = "meeting", date = today, place = "Москва" });
        await api.PostAsync("coordinator", $"/api/resolutions/{id}/adoption", new { outcome = "adopted", date = today, protocol = "7" });
        foreach (var pm in HeadsOfGovernment) { await api.PostAsync(pm, $"/api/resolutions/{id}/signature", new { seenTextHash = hash }); }
        var signed = await api.GetAsync("coordinator", $"/api/resolutions/{id}");
        var text = signed.GetProperty("text").GetString()!;
        Assert.Contains(NewClause2, text, StringComparison.Ordinal);
        Assert.Contains("3. " + ProposedClause3, text, StringComparison.Ordinal);
        Assert.All(signed.GetProperty("signatures").EnumerateArray(), g => Assert.Equal((hash, 2), (g.GetProperty("textHash").GetString(), g.GetProperty("textVersion").GetInt32())));

        // The act as exported and as packaged carries the same wording.
        var act = string.Concat(PdfText.Read(await api.GetBytesAsync("coordinator", $"/api/resolutions/{id}/documents/act.pdf")).Text.Select(t => t.TrimEnd('-', '\u00AD')));
        Assert.Contains("Постоянный", act, StringComparison.Ordinal);
        Assert.Contains("приложению", act, StringComparison.Ordinal);
        using var package = new System.IO.Compression.ZipArchive(new MemoryStream(await api.GetBytesAsync("coordinator", $"/api/resolutions/{id}/package")));
        using var packaged = new StreamReader(package.GetEntry("text.txt")!.Open());
        Assert.Equal(text, await packaged.ReadToEndAsync());
    });

    /// <summary>The API as the tests' set-up uses it: each call with a token of its user; a refusal fails the test with the problem's text.</summary>
    private sealed class ApiCaller(string baseUrl) : IDisposable
    {
        private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl) };

        public async Task<System.Text.Json.JsonElement> PostAsync(string user, string path, object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
            return await SendAsync(user, request);
        }

        public Task<System.Text.Json.JsonElement> GetAsync(string user, string path) => SendAsync(user, new HttpRequestMessage(HttpMethod.Get, path));

        public async Task<byte[]> GetBytesAsync(string user, string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = await BearerAsync(user);
            using var response = await _http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {await response.Content.ReadAsStringAsync()}");
            return await response.Content.ReadAsByteArrayAsync();
        }

        /// <summary>A draft reviewed by the eight ministries with two objections (clause 3 by Belarus's Ministry of Finance, with a proposed wording if given; clause 2 by Russia's Ministry of Justice), both rejected, conciliation requested.</summary>
        public async Task<Guid> ToConciliationAsync(string title, string? proposedClause3 = null)
        {
            var created = await PostAsync("drafter", "/api/resolutions", new { definitionId = "council-of-ministers-resolution", title, text = Text });
            var id = created.GetProperty("resolutionId").GetGuid();
            var hash = (await PostAsync("drafter", $"/api/resolutions/{id}/submit", new { seenTextHash = created.GetProperty("textHash").GetString() })).GetProperty("textHash").GetString();
            foreach (var ministry in Ministries)
            {
                object opinion = ministry switch
                {
                    "by-minfin" => new { seenTextHash = hash, opinion = "disagree", remarks = new[] { new { clause = "3", text = "Указать объём финансирования по годам.", proposedWording = proposedClause3 } } },
                    "ru-minjust" => new { seenTextHash = hash, opinion = "disagree", remarks = new[] { new { clause = "2", text = "Заказчик определяется программой.", proposedWording = (string?)null } } },
                    _ => new { seenTextHash = hash, opinion = "agree" },
                };
                await PostAsync($"officer.{ministry}", $"/api/resolutions/{id}/opinions", opinion);
            }
            await PostAsync("drafter", $"/api/resolutions/{id}/remarks/1/answer", new { answer = "rejected", reason = "Объём определяется бюджетом." });
            await PostAsync("drafter", $"/api/resolutions/{id}/remarks/2/answer", new { answer = "rejected", reason = "Соответствует порядку." });
            await PostAsync("drafter", $"/api/resolutions/{id}/conciliation", new { reason = "разногласия не урегулированы" });
            return id;
        }

        private async Task<System.Text.Json.JsonElement> SendAsync(string user, HttpRequestMessage request)
        {
            using (request)
            {
                request.Headers.Authorization = await BearerAsync(user);
                using var response = await _http.SendAsync(request);
                Assert.True(response.IsSuccessStatusCode, $"{request.RequestUri}: {await response.Content.ReadAsStringAsync()}");
                return await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            }
        }

        private async Task<System.Net.Http.Headers.AuthenticationHeaderValue> BearerAsync(string user)
        {
            using var token = await _http.PostAsJsonAsync("/api/token", new { userName = user, password = WebApp.Password });
            return new("Bearer", (await token.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString());
        }

        public void Dispose() => _http.Dispose();
    }

    [Fact]
    public Task The_sign_in_page_is_accessible_and_switches_to_english() => BrowserHost.RunAsync(async host =>
    {
        // No language asked for: the product speaks Russian first.
        var page = await host.NewPageAsync(locale: null);
        await page.OpenAsync("/account/login");
        Assert.Equal("ru", await page.Locator("html").GetAttributeAsync("lang"));
        await BrowserHost.AssertAccessible(page, "sign-in page");
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickToPageAsync();
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.True(await page.GetByLabel("User name").CountAsync() == 1);
        // Keyboard only: the skip link is the first stop.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", (await page.EvaluateAsync<string>("document.activeElement.textContent")).Trim());
    });
}
