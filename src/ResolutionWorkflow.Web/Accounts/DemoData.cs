using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Commands;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Registry;
using ResolutionWorkflow.Engine.Resolutions;

namespace ResolutionWorkflow.Web.Accounts;

/// <summary>
/// First start on the embedded default: demo accounts and resolutions built from the acts signed at
/// the Union State Council of Ministers on 29 March 2023, at different stages, some overdue. They go
/// through the same command path as everything else, with a clock set back so the journal reads
/// like weeks of work. Off with <c>Demo__Enabled=false</c>.
/// </summary>
public sealed partial class DemoData(
    UserManager<AppUser> users, RoleManager<IdentityRole> roles, IDbContextFactory<ResolutionDbContext> contexts,
    OrganisationRegistry registry, Decider decider, TimeProvider time, App.Documents.AttachmentStore attachments, ILogger<DemoData> logger)
{
    public const string Password = "Demo-2026-pass";

    public async Task<IReadOnlyList<(string User, string Roles, string Organisation)>> EnsureAsync(CancellationToken ct)
    {
        var accounts = await AccountsAsync(ct).ConfigureAwait(false);
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            if (!await db.Resolutions.AnyAsync(ct).ConfigureAwait(false)) { await ResolutionsAsync(ct).ConfigureAwait(false); }
        }
        return accounts;
    }

    /// <summary>The demo accounts only (tests that build their own resolutions use these).</summary>
    public async Task<IReadOnlyList<(string User, string Roles, string Organisation)>> AccountsAsync(CancellationToken ct)
    {
        foreach (var role in Accounts.Roles.Where(r => !roles.Roles.Any(x => x.Name == r)))
        {
            await roles.CreateAsync(new IdentityRole(role)).ConfigureAwait(false);
        }
        var accounts = new List<(string User, string Roles, string Organisation)>();
        async Task User(string name, string organisation, Person person, params string[] userRoles)
        {
            accounts.Add((name, string.Join(", ", userRoles), organisation));
            if (await users.FindByNameAsync(name).ConfigureAwait(false) is not null) { return; }
            var user = new AppUser { UserName = name, Organisation = organisation };
            new App.People.PersonDetails(person.Surname, person.GivenName, person.Patronymic, person.Position, $"{name}@demo.example", "ru").ApplyTo(user);
            var result = await users.CreateAsync(user, Password).ConfigureAwait(false);
            if (!result.Succeeded) { throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description))); }
            await users.AddToRolesAsync(user, userRoles).ConfigureAwait(false);
        }

        // Governments and the Council of Ministers sign; they do not review. Each body's officer is a fictional person.
        var officers = registry.Organisations.Values.Where(o => !o.Id.Contains("-government", StringComparison.Ordinal) && o.Id != "su-council-of-ministers").OrderBy(o => o.Id).ToList();
        for (var i = 0; i < officers.Count; i++)
        {
            var (surname, given, patronymic) = People[i % People.Length];
            await User($"officer.{officers[i].Id}", officers[i].Id, new Person(surname, given, patronymic, OfficerPositions[i % OfficerPositions.Length]), "officer").ConfigureAwait(false);
        }
        await User("drafter", "ru-mineconomy", new Person("Круглов", "Сергей", "Андреевич", "Начальник отдела международного сотрудничества"), "drafter").ConfigureAwait(false);
        await User("drafter.by", "by-minprom", new Person("Лапицкая", "Ольга", "Николаевна", "Начальник управления внешнеэкономической деятельности"), "drafter").ConfigureAwait(false);
        await User("coordinator", "su-standing-committee", new Person("Мельников", "Павел", "Игоревич", "Начальник отдела координации"), "coordinator").ConfigureAwait(false);
        await User("pm.by", "by-government", new Person("Соколовский", "Андрей", "Викторович", "Премьер-министр Республики Беларусь"), "signatory").ConfigureAwait(false);
        await User("pm.ru", "ru-government", new Person("Воронцов", "Михаил", "Александрович", "Председатель Правительства Российской Федерации"), "signatory").ConfigureAwait(false);
        await User("chairman", "su-council-of-ministers", new Person("Белов", "Николай", "Степанович", "Председатель Совета Министров Союзного государства"), "chairman").ConfigureAwait(false);
        await User("registrar", "su-standing-committee", new Person("Зайцева", "Татьяна", "Олеговна", "Консультант отдела регистрации правовых актов"), "registrar").ConfigureAwait(false);
        await User("admin", "su-standing-committee", new Person("Орлов", "Денис", "Валерьевич", "Администратор системы"), "administrator", "coordinator").ConfigureAwait(false);
        return accounts;
    }

    /// <summary>A demo account's person: fictional names and plausible positions.</summary>
    private sealed record Person(string Surname, string GivenName, string Patronymic, string Position);

    private static readonly (string Surname, string GivenName, string Patronymic)[] People =
    [
        ("Андреева", "Марина", "Викторовна"), ("Борисевич", "Алексей", "Иванович"), ("Василевская", "Елена", "Петровна"), ("Гончаров", "Игорь", "Сергеевич"),
        ("Дубровская", "Наталья", "Андреевна"), ("Ермолаев", "Виктор", "Павлович"), ("Жукова", "Анна", "Сергеевна"), ("Зеленко", "Дмитрий", "Олегович"),
        ("Ильина", "Светлана", "Михайловна"), ("Ковалёв", "Артём", "Николаевич"), ("Литвинова", "Ирина", "Геннадьевна"), ("Мартынов", "Олег", "Владимирович"),
        ("Новикова", "Юлия", "Александровна"), ("Осипович", "Роман", "Леонидович"), ("Павленко", "Людмила", "Ивановна"), ("Романов", "Георгий", "Евгеньевич"),
        ("Савицкая", "Вера", "Анатольевна"), ("Тарасов", "Максим", "Юрьевич"), ("Ульянова", "Оксана", "Дмитриевна"), ("Фёдоров", "Кирилл", "Борисович"),
        ("Харитонова", "Галина", "Степановна"), ("Цыганков", "Евгений", "Аркадьевич"), ("Шевченко", "Полина", "Валерьевна"), ("Яковлев", "Станислав", "Фёдорович"),
        ("Антонович", "Денис", "Михайлович"), ("Белая", "Кристина", "Олеговна"), ("Громов", "Антон", "Васильевич"), ("Денисова", "Алла", "Витальевна"),
    ];

    private static readonly string[] OfficerPositions =
    [
        "Начальник правового управления", "Заместитель начальника управления международного сотрудничества", "Консультант отдела законопроектной работы",
        "Начальник отдела международных договоров", "Главный специалист управления экономического сотрудничества",
    ];

    private async Task ResolutionsAsync(CancellationToken ct)
    {
        // The bodies that review a draft of the demo drafter's ministry (it does not review its own).
        var reviewers = new[] { "by-mineconomy", "by-minfin", "by-mfa", "by-minjust", "ru-minfin", "ru-mfa", "ru-minjust" };
        var legalBodies = new[] { "ru-minjust", "by-nclr" };
        var clock = new ShiftedClock(time);
        var processor = new CommandProcessor(contexts, decider, clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<CommandProcessor>.Instance);
        async Task<string> Run(Guid id, ResolutionCommand command)
        {
            var outcome = await processor.ExecuteAsync(command with { ResolutionId = id }, ct).ConfigureAwait(false);
            if (!outcome.Accepted) { throw new InvalidOperationException($"demo data: {command.GetType().Name} refused: {outcome.Rejection}"); }
            return outcome.Summary!.TextHash;
        }
        Actor Officer(string org) => new($"officer.{org}", org, ["officer"]);
        var drafter = new Actor("drafter", "ru-mineconomy", ["drafter"]);
        ResolutionCommand Start(string definition, string title, string text) =>
            new StartResolution(definition, title, text) { CommandId = Guid.NewGuid(), ResolutionId = Guid.Empty, Actor = drafter };
        var coordinator = new Actor("coordinator", "su-standing-committee", ["coordinator"]);
        // The day in Moscow some days back: Council meetings and protocols are dated by it.
        DateOnly MoscowDay(int daysBack) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow().AddDays(-daysBack), TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow")).DateTime);
        ResolutionCommand Agenda(DateOnly day, AdoptionForm form = AdoptionForm.Meeting) =>
            new ScheduleAdoption(form, day, form == AdoptionForm.Meeting ? "Москва, Дом Правительства Российской Федерации" : null) { CommandId = Guid.NewGuid(), ResolutionId = Guid.Empty, Actor = coordinator };
        ResolutionCommand Adopted(DateOnly day, string protocol) =>
            new RecordAdoption(StageVocabulary.Outcomes.Adopted, day, protocol, null) { CommandId = Guid.NewGuid(), ResolutionId = Guid.Empty, Actor = coordinator };
        ResolutionCommand Opinion(string org, string hash, OpinionKind kind, params (string Clause, string Text)[] remarks) =>
            new RecordOpinion(hash, kind, [.. remarks.Select(r => new RemarkInput(r.Clause, r.Text))]) { CommandId = Guid.NewGuid(), ResolutionId = Guid.Empty, Actor = Officer(org) };

        ResolutionCommand Confirmed() => new ConfirmReviewers(null, null) { CommandId = Guid.NewGuid(), ResolutionId = Guid.Empty, Actor = coordinator };

        // 1. Border security programme: the drafter named the border agencies as concerned, the coordinator confirmed;
        //    in interministerial review for ten days, half the ministries answered.
        clock.DaysBack = 12;
        var border = Guid.NewGuid();
        var hash = await Run(border, new StartResolution("union-state-programme", "Об утверждении программы Союзного государства «Развитие пограничной безопасности Союзного государства» на 2023–2027 годы", Texts.Border, ["by-border", "ru-fsb"])
            { CommandId = Guid.NewGuid(), ResolutionId = border, Actor = drafter }).ConfigureAwait(false);
        await Run(border, Confirmed()).ConfigureAwait(false);
        hash = await Run(border, new SubmitForReview(hash) { CommandId = Guid.NewGuid(), ResolutionId = border, Actor = drafter }).ConfigureAwait(false);
        foreach (var org in reviewers.Take(4)) { await Run(border, Opinion(org, hash, OpinionKind.Agree)).ConfigureAwait(false); }

        // 2. Joint measures in scientific, technical and innovation co-operation: in revision after two objections.
        clock.DaysBack = 30;
        var science = Guid.NewGuid();
        hash = await Run(science, Start("council-of-ministers-resolution", "О совместных мерах по развитию научно-технического и инновационного сотрудничества Республики Беларусь и Российской Федерации", Texts.Science)).ConfigureAwait(false);
        // The draft travels with its explanatory note.
        var note = await PdfAsync("explanatory-note", "Пояснительная записка", Texts.ScienceNote, ct).ConfigureAwait(false);
        hash = await Run(science, new AttachDocument(note) { CommandId = Guid.NewGuid(), ResolutionId = science, Actor = drafter }).ConfigureAwait(false);
        hash = await Run(science, new SubmitForReview(hash) { CommandId = Guid.NewGuid(), ResolutionId = science, Actor = drafter }).ConfigureAwait(false);
        clock.DaysBack = 20;
        foreach (var org in reviewers.Except(["by-minfin", "ru-minjust"])) { await Run(science, Opinion(org, hash, OpinionKind.Agree)).ConfigureAwait(false); }
        await Run(science, new RecordOpinion(hash, OpinionKind.Disagree,
            [new RemarkInput("3", "Не определён порядок финансирования совместных проектов.", "3. Финансирование совместных проектов осуществляется за счёт средств бюджета Союзного государства в порядке, установленном Постоянным Комитетом.")],
            LetterNumber: "04-2-12/1187") { CommandId = Guid.NewGuid(), ResolutionId = Guid.Empty, Actor = Officer("by-minfin") }).ConfigureAwait(false);
        await Run(science, Opinion("ru-minjust", hash, OpinionKind.Disagree, ("4", "Порядок вступления в силу должен учитывать внутригосударственные процедуры обеих сторон."))).ConfigureAwait(false);

        // 3. Space programme: financial review overdue (silence escalates), the Standing Committee has not answered.
        clock.DaysBack = 45;
        var space = Guid.NewGuid();
        hash = await Run(space, Start("union-state-programme", "Об утверждении программы Союзного государства «Создание спутниковой группировки и совместные исследования по дистанционному зондированию Земли»", Texts.Space)).ConfigureAwait(false);
        hash = await Run(space, new SubmitForReview(hash) { CommandId = Guid.NewGuid(), ResolutionId = space, Actor = drafter }).ConfigureAwait(false);
        foreach (var org in reviewers) { await Run(space, Opinion(org, hash, OpinionKind.Agree)).ConfigureAwait(false); }
        clock.DaysBack = 30;
        await Run(space, Opinion("by-minfin", hash, OpinionKind.Agree)).ConfigureAwait(false);
        await Run(space, Opinion("ru-minfin", hash, OpinionKind.AgreeWithRemarks, ("5", "Уточнить распределение средств по годам в приложении."))).ConfigureAwait(false);

        // 4. Microelectronics programme: past its financial review and the legal examination, adopted at a Council meeting, waiting for the Chairman's signature (the programme definition names him alone).
        clock.DaysBack = 60;
        var micro = Guid.NewGuid();
        hash = await Run(micro, Start("union-state-programme", "Об утверждении программы Союзного государства «Разработка технологий микроэлектроники, электронной компонентной базы и электронного машиностроения»", Texts.Micro)).ConfigureAwait(false);
        hash = await Run(micro, new SubmitForReview(hash) { CommandId = Guid.NewGuid(), ResolutionId = micro, Actor = drafter }).ConfigureAwait(false);
        foreach (var org in reviewers) { await Run(micro, Opinion(org, hash, OpinionKind.Agree)).ConfigureAwait(false); }
        clock.DaysBack = 35;
        foreach (var org in new[] { "by-minfin", "ru-minfin", "su-standing-committee" }) { await Run(micro, Opinion(org, hash, OpinionKind.Agree)).ConfigureAwait(false); }
        clock.DaysBack = 20;
        foreach (var org in legalBodies) { await Run(micro, Opinion(org, hash, OpinionKind.Agree)).ConfigureAwait(false); }
        clock.DaysBack = 12;
        await Run(micro, Agenda(MoscowDay(5))).ConfigureAwait(false);
        clock.DaysBack = 5;
        await Run(micro, Adopted(MoscowDay(5), "3")).ConfigureAwait(false);

        // 5. Customs risk-management centre: adopted and published in both countries.
        clock.DaysBack = 90;
        var customs = Guid.NewGuid();
        hash = await Run(customs, Start("council-of-ministers-resolution", "О Межгосударственном центре координации управления рисками и реализации аналитических функций и мониторинга таможенных операций Таможенного комитета Союзного государства", Texts.Customs)).ConfigureAwait(false);
        hash = await Run(customs, new SubmitForReview(hash) { CommandId = Guid.NewGuid(), ResolutionId = customs, Actor = drafter }).ConfigureAwait(false);
        foreach (var org in reviewers) { await Run(customs, Opinion(org, hash, OpinionKind.Agree)).ConfigureAwait(false); }
        clock.DaysBack = 80;
        foreach (var org in legalBodies) { await Run(customs, Opinion(org, hash, OpinionKind.Agree)).ConfigureAwait(false); }
        clock.DaysBack = 78;
        await Run(customs, Agenda(MoscowDay(74), AdoptionForm.WrittenPoll)).ConfigureAwait(false);
        clock.DaysBack = 75;
        await Run(customs, Adopted(MoscowDay(75), "2")).ConfigureAwait(false);
        clock.DaysBack = 70;
        await Run(customs, new Sign(hash) { CommandId = Guid.NewGuid(), ResolutionId = customs, Actor = new Actor("pm.by", "by-government", ["signatory"]) }).ConfigureAwait(false);
        await Run(customs, new Sign(hash) { CommandId = Guid.NewGuid(), ResolutionId = customs, Actor = new Actor("pm.ru", "ru-government", ["signatory"]) }).ConfigureAwait(false);
        var registrar = new Actor("registrar", "su-standing-committee", ["registrar"]);
        await Run(customs, new Register("9") { CommandId = Guid.NewGuid(), ResolutionId = customs, Actor = registrar }).ConfigureAwait(false);
        await Run(customs, new RecordPublication("by", "by-pravo", "https://pravo.by/document/?guid=12551", DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)) { CommandId = Guid.NewGuid(), ResolutionId = customs, Actor = registrar }).ConfigureAwait(false);
        await Run(customs, new RecordPublication("ru", "ru-pravo", "0001202301010001", DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)) { CommandId = Guid.NewGuid(), ResolutionId = customs, Actor = registrar }).ConfigureAwait(false);

        // 6. Results of trade and economic co-operation: a fresh draft.
        clock.DaysBack = 1;
        await Run(Guid.NewGuid(), Start("council-of-ministers-resolution", "Об итогах торгово-экономического сотрудничества между Республикой Беларусь и Российской Федерацией за 2021–2022 годы", Texts.Trade)).ConfigureAwait(false);

        // 7. Industrial co-operation, drafted in Belarus: agreed in review, Russia's Ministry of Justice has concluded, Belarus's legal centre is still within its time.
        clock.DaysBack = 16;
        var industry = Guid.NewGuid();
        var drafterBy = new Actor("drafter.by", "by-minprom", ["drafter"]);
        hash = await Run(industry, new StartResolution("council-of-ministers-resolution", "О мерах по развитию промышленной кооперации Республики Беларусь и Российской Федерации", Texts.Industry)
            { CommandId = Guid.NewGuid(), ResolutionId = industry, Actor = drafterBy }).ConfigureAwait(false);
        hash = await Run(industry, new SubmitForReview(hash) { CommandId = Guid.NewGuid(), ResolutionId = industry, Actor = drafterBy }).ConfigureAwait(false);
        clock.DaysBack = 8;
        // Drafted in Belarus, so Russia's Ministry of Economic Development reviews it too.
        foreach (var org in reviewers.Append("ru-mineconomy")) { await Run(industry, Opinion(org, hash, OpinionKind.Agree)).ConfigureAwait(false); }
        clock.DaysBack = 3;
        await Run(industry, Opinion("ru-minjust", hash, OpinionKind.Agree)).ConfigureAwait(false);

        // 8. Plan of measures under the Union State Treaty: agreed and examined, placed on the agenda of the Council meeting in nine days.
        clock.DaysBack = 40;
        var plan = Guid.NewGuid();
        hash = await Run(plan, Start("council-of-ministers-resolution", "О плане мероприятий по реализации положений Договора о создании Союзного государства на 2027–2029 годы", Texts.Plan)).ConfigureAwait(false);
        hash = await Run(plan, new SubmitForReview(hash) { CommandId = Guid.NewGuid(), ResolutionId = plan, Actor = drafter }).ConfigureAwait(false);
        clock.DaysBack = 30;
        foreach (var org in reviewers) { await Run(plan, Opinion(org, hash, OpinionKind.Agree)).ConfigureAwait(false); }
        clock.DaysBack = 22;
        foreach (var org in legalBodies) { await Run(plan, Opinion(org, hash, OpinionKind.Agree)).ConfigureAwait(false); }
        clock.DaysBack = 2;
        await Run(plan, Agenda(MoscowDay(-9))).ConfigureAwait(false);

        // 9. Emergencies co-operation: both emergencies ministries concerned; two objections kept after revision went to a
        //    conciliation meeting five days ago; Belarus's Ministry of Finance confirmed the minutes, Russia's Ministry of Justice has not yet.
        clock.DaysBack = 40;
        var emergencies = Guid.NewGuid();
        hash = await Run(emergencies, new StartResolution("council-of-ministers-resolution", "О взаимодействии при предупреждении и ликвидации чрезвычайных ситуаций в приграничных районах", Texts.Emergencies, ["by-mchs", "ru-mchs"])
            { CommandId = Guid.NewGuid(), ResolutionId = emergencies, Actor = drafter }).ConfigureAwait(false);
        await Run(emergencies, Confirmed()).ConfigureAwait(false);
        hash = await Run(emergencies, new SubmitForReview(hash) { CommandId = Guid.NewGuid(), ResolutionId = emergencies, Actor = drafter }).ConfigureAwait(false);
        clock.DaysBack = 30;
        foreach (var org in reviewers.Except(["by-minfin", "ru-minjust"]).Concat(["by-mchs", "ru-mchs"])) { await Run(emergencies, Opinion(org, hash, OpinionKind.Agree)).ConfigureAwait(false); }
        await Run(emergencies, Opinion("by-minfin", hash, OpinionKind.Disagree, ("3", "Расходы на совместные учения должны предусматриваться в бюджете Союзного государства."))).ConfigureAwait(false);
        await Run(emergencies, Opinion("ru-minjust", hash, OpinionKind.Disagree, ("2", "Порядок пересечения границы спасательными подразделениями определяется международным договором."))).ConfigureAwait(false);
        clock.DaysBack = 25;
        await Run(emergencies, new AnswerRemark(1, RemarkAnswer.Rejected, "Расходы несут стороны в пределах своих бюджетов.") { CommandId = Guid.NewGuid(), ResolutionId = emergencies, Actor = drafter }).ConfigureAwait(false);
        await Run(emergencies, new AnswerRemark(2, RemarkAnswer.Rejected, "Пункт отсылает к действующему порядку и нового не устанавливает.") { CommandId = Guid.NewGuid(), ResolutionId = emergencies, Actor = drafter }).ConfigureAwait(false);
        await Run(emergencies, new RequestConciliation("Разногласия по пунктам 2 и 3 не сняты.") { CommandId = Guid.NewGuid(), ResolutionId = emergencies, Actor = drafter }).ConfigureAwait(false);
        clock.DaysBack = 5;
        const string minutes = "Согласительное совещание по проекту постановления.\nПо пункту 2: оставить редакцию разработчика.\nПо пункту 3: оставить редакцию разработчика; расходы несут стороны.";
        // The signed minutes travel with the meeting's record as a file.
        var minutesFile = await PdfAsync(RecordConciliationMeeting.MinutesFileKind, "Протокол согласительного совещания № 2", minutes, ct).ConfigureAwait(false);
        await Run(emergencies, new RecordConciliationMeeting(MoscowDay(5), MeetingFormat.Videoconference, null, ["by-minfin", "by-mchs", "ru-mchs", "ru-mineconomy", "ru-minjust", "su-standing-committee"], "2",
            minutes, [new ConciliationInput(1, WordingChoice.KeepDrafterWording, Note: "Расходы несут стороны."), new ConciliationInput(2, WordingChoice.KeepDrafterWording)], false, minutesFile)
            { CommandId = Guid.NewGuid(), ResolutionId = emergencies, Actor = coordinator }).ConfigureAwait(false);
        clock.DaysBack = 3;
        await Run(emergencies, new AnswerMinutes(true, null) { CommandId = Guid.NewGuid(), ResolutionId = emergencies, Actor = Officer("by-minfin") }).ConfigureAwait(false);
        LogSeeded(logger, 9);
    }

    /// <summary>A demo document rendered as a PDF with its title and paragraphs, stored as an upload would be.</summary>
    private async Task<Engine.Texts.Attachment> PdfAsync(string kind, string title, string text, CancellationToken ct)
    {
        using var pdf = new MemoryStream();
        Documents.Layout.PdfWriter.Write(new Documents.Layout.OfficialDocument("ru", title, [.. text.Split('\n').Select(p => new Documents.Layout.Paragraph(p))]), pdf);
        pdf.Position = 0;
        var name = title + ".pdf";
        var stored = await attachments.StoreAsync(pdf, name, ct).ConfigureAwait(false);
        return new Engine.Texts.Attachment(kind, name, stored.MediaType, stored.Size, stored.Sha256);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "demo data: {Count} resolutions created")]
    private static partial void LogSeeded(ILogger logger, int count);

    /// <summary>The real clock, set back by a number of days, so demo history has a past.</summary>
    private sealed class ShiftedClock(TimeProvider inner) : TimeProvider
    {
        public int DaysBack { get; set; }

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow().AddDays(-DaysBack);
    }

    private static class Texts
    {
        public const string Border = "Совет Министров Союзного государства постановляет:\n\n1. Утвердить программу Союзного государства «Развитие пограничной безопасности Союзного государства» на 2023–2027 годы.\n2. Определить государственным заказчиком-координатором программы Постоянный Комитет Союзного государства.\n3. Государственными заказчиками программы определить Государственный пограничный комитет Республики Беларусь и Пограничную службу ФСБ России.\n4. Финансирование программы осуществлять за счёт средств бюджета Союзного государства.\n5. Настоящее постановление вступает в силу со дня его подписания.";
        /// <summary>The explanatory note the science draft travels with (rendered as a PDF attachment).</summary>
        public const string ScienceNote = "Проект постановления Совета Министров Союзного государства «О совместных мерах по развитию научно-технического и инновационного сотрудничества Республики Беларусь и Российской Федерации» подготовлен во исполнение решений Высшего Государственного Совета о приоритетах научно-технического сотрудничества.\nПроектом предусматривается подготовка перечня совместных научно-технических проектов на 2024–2026 годы, их отбор на конкурсной основе и финансирование в пределах средств, предусмотренных сторонами.\nПринятие постановления не потребует дополнительных расходов из бюджета Союзного государства.";

        public const string Science = "Совет Министров Союзного государства постановляет:\n\n1. Государственному комитету по науке и технологиям Республики Беларусь и Министерству науки и высшего образования Российской Федерации подготовить перечень совместных научно-технических проектов на 2024–2026 годы.\n2. Определить порядок отбора проектов на конкурсной основе.\n3. Финансирование совместных проектов осуществлять в пределах средств, предусмотренных сторонами.\n4. Настоящее постановление вступает в силу со дня его подписания.";
        public const string Space = "Совет Министров Союзного государства постановляет:\n\n1. Утвердить программу Союзного государства «Создание спутниковой группировки и совместные исследования по дистанционному зондированию Земли».\n2. Государственным заказчиком-координатором определить Государственную корпорацию по космической деятельности «Роскосмос».\n3. Государственным заказчиком от Республики Беларусь определить Национальную академию наук Беларуси.\n4. Обеспечить совместное использование данных дистанционного зондирования.\n5. Финансирование программы осуществлять за счёт средств бюджета Союзного государства.";
        public const string Emergencies = "Совет Министров Союзного государства постановляет:\n\n1. Министерству по чрезвычайным ситуациям Республики Беларусь и Министерству Российской Федерации по делам гражданской обороны, чрезвычайным ситуациям и ликвидации последствий стихийных бедствий ежегодно проводить совместные учения в приграничных районах.\n2. Пересечение государственной границы спасательными подразделениями при ликвидации чрезвычайных ситуаций осуществлять в установленном порядке.\n3. Расходы на проведение совместных учений несут стороны.\n4. Настоящее постановление вступает в силу со дня его подписания.";
        public const string Plan = "Совет Министров Союзного государства постановляет:\n\n1. Утвердить план мероприятий по реализации положений Договора о создании Союзного государства на 2027–2029 годы (прилагается).\n2. Постоянному Комитету Союзного государства ежегодно информировать Совет Министров Союзного государства о ходе выполнения плана.\n3. Настоящее постановление вступает в силу со дня его подписания.";
        public const string Micro = "Совет Министров Союзного государства постановляет:\n\n1. Утвердить программу Союзного государства «Разработка технологий микроэлектроники, электронной компонентной базы и электронного машиностроения».\n2. Государственными заказчиками определить Министерство промышленности Республики Беларусь и Министерство промышленности и торговли Российской Федерации.\n3. Финансирование программы осуществлять за счёт средств бюджета Союзного государства.";
        public const string Customs = "Совет Министров Союзного государства постановляет:\n\n1. Создать Межгосударственный центр координации управления рисками и реализации аналитических функций и мониторинга таможенных операций Таможенного комитета Союзного государства.\n2. Утвердить Положение о Центре (прилагается).\n3. Настоящее постановление вступает в силу со дня его подписания.";
        public const string Industry = "Совет Министров Союзного государства постановляет:\n\n1. Министерству промышленности Республики Беларусь и Министерству промышленности и торговли Российской Федерации подготовить перечень совместных проектов промышленной кооперации.\n2. Рассмотреть возможность финансирования проектов за счёт средств бюджета Союзного государства.\n3. Настоящее постановление вступает в силу со дня его подписания.";
        public const string Trade = "Совет Министров Союзного государства постановляет:\n\n1. Принять к сведению информацию об итогах торгово-экономического сотрудничества между Республикой Беларусь и Российской Федерацией за 2021–2022 годы.\n2. Министерству экономики Республики Беларусь и Министерству экономического развития Российской Федерации продолжить работу по наращиванию взаимного товарооборота.";
    }
}
