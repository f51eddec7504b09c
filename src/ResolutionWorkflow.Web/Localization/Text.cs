using System.Globalization;

namespace ResolutionWorkflow.Web.Localization;

/// <summary>
/// The pages' words in Russian (the default) and English. Small on purpose: a dictionary per
/// language, looked up by the English text, so a missing Russian word shows in English, never blank.
/// </summary>
public static class Text
{
    public const string Cookie = "lang";

    private static readonly Dictionary<string, string> Ru = new()
    {
        ["Resolutions"] = "Постановления",
        ["Proposed wording"] = "Предлагаемая редакция",
        ["Proposed wording (optional)"] = "Предлагаемая редакция (при наличии)",
        ["Another remark"] = "Ещё замечание",
        ["Row"] = "Строка",
        ["Objection"] = "Замечание",
        ["Drafter's answer"] = "Ответ разработчика",
        ["no answer"] = "ответа нет",
        ["accepted"] = "учтено",
        ["partlyAccepted"] = "учтено частично",
        ["rejected"] = "не учтено",
        ["Leave open"] = "Оставить неурегулированной",
        ["Keep the drafter's wording"] = "Оставить редакцию разработчика",
        ["Accept the objection"] = "Учесть замечание",
        ["New wording"] = "Новая редакция",
        ["New wording of the clause"] = "Новая редакция пункта",
        ["— choose —"] = "— выберите —",
        ["any"] = "все",
        ["No entries."] = "Записей нет.",
        ["Messages from party systems that were refused (latest 50)"] = "Отклонённые сообщения информационных систем сторон (последние 50)",
        ["When"] = "Когда",
        ["Command"] = "Команда",
        ["Resolution named"] = "Указанное постановление",
        ["Code"] = "Код",
        ["not recorded before this, over the limit"] = "не записано перед этим сверх предела",
        ["The request could not be read"] = "Запрос не может быть обработан",
        ["Check what you entered and send it again."] = "Проверьте введённые данные и отправьте их ещё раз.",
        ["Page not found"] = "Страница не найдена",
        ["There is no such page, or it is not open to you."] = "Такой страницы нет, или она вам недоступна.",
        ["Too many attempts"] = "Слишком много попыток",
        ["Too many requests came from here in a short time."] = "С этого компьютера за короткое время поступило слишком много запросов.",
        ["You can try again in"] = "Повторить попытку можно через",
        ["min."] = "мин.",
        ["Something went wrong"] = "Произошла ошибка",
        ["The service could not complete the request. Nothing you sent was lost; try again later."] = "Сервис не смог выполнить запрос. Отправленные данные не потеряны; повторите попытку позднее.",
        ["Too many failed attempts from this computer; try again in a few minutes."] = "С этого компьютера было слишком много неудачных попыток входа; повторите через несколько минут.",
        ["Inbox"] = "Входящие",
        ["New draft"] = "Новый проект",
        ["Sign in"] = "Войти",
        ["Sign out"] = "Выйти",
        ["Sign in with"] = "Войти через",
        ["Access denied"] = "Доступ запрещён",
        ["Time in stage"] = "Время на этапе",
        ["Median and 90th percentile, in calendar days, over each stage's latest completed stays."] = "Медиана и 90-й процентиль в календарных днях по последним завершённым пребываниям на каждом этапе.",
        ["median"] = "медиана",
        ["90th percentile"] = "90-й процентиль",
        ["Figures as a table"] = "Данные в виде таблицы",
        ["Stays"] = "Пребываний",
        ["Weekly flow by stage"] = "Поток по этапам за неделю",
        ["Week of"] = "Неделя с",
        ["entered"] = "поступило",
        ["left"] = "выбыло",
        ["To organisation"] = "Организации",
        ["Reassign"] = "Переназначить",
        ["This page is for other roles. Your own tasks are in the inbox."] = "Эта страница предназначена для других ролей. Ваши задачи — во входящих.",
        ["Back to sign-in"] = "Вернуться ко входу",
        ["The sign-in with the identity provider did not complete."] = "Вход через поставщика удостоверений не завершён.",
        ["There is no account here for this person; ask an administrator to create one."] = "Для этого пользователя нет учётной записи; обратитесь к администратору.",
        ["This account is already linked to another person at the identity provider."] = "Эта учётная запись уже связана с другим пользователем поставщика удостоверений.",
        ["The account could not be linked."] = "Не удалось связать учётную запись.",
        ["User name"] = "Имя пользователя",
        ["Password"] = "Пароль",
        ["Skip to content"] = "Перейти к содержанию",
        ["Language"] = "Язык",
        ["My organisation's open tasks"] = "Открытые задачи моей организации",
        ["Resolution"] = "Постановление",
        ["Stage"] = "Этап",
        ["Task"] = "Задача",
        ["Due"] = "Срок",
        ["Working days left"] = "Осталось рабочих дней",
        ["overdue"] = "просрочено",
        ["No open tasks."] = "Открытых задач нет.",
        ["Text"] = "Текст",
        ["version"] = "редакция",
        ["Compare versions"] = "Сравнить редакции",
        ["Compare"] = "Сравнить",
        ["Disagreement table"] = "Таблица разногласий",
        ["Clause"] = "Пункт",
        ["Remark"] = "Замечание",
        ["Author"] = "Автор",
        ["Answer"] = "Ответ",
        ["Reason"] = "Обоснование",
        ["Conciliation"] = "Решение согласительного совещания",
        ["Status"] = "Статус",
        ["Opinions and tasks"] = "Позиции сторон и задачи",
        ["Party"] = "Сторона",
        ["Result"] = "Результат",
        ["Signatures"] = "Подписи",
        ["Signatory"] = "Подписант",
        ["Journal"] = "Журнал",
        ["Journal verified: every entry matches its hash and the chain is whole."] = "Журнал проверен: каждая запись совпадает со своей хеш-суммой, цепочка не нарушена.",
        ["entries:"] = "записей:",
        ["Journal broken"] = "Нарушена целостность журнала",
        ["Close"] = "Закрыть",
        ["The journal is broken at entry"] = "Целостность журнала нарушена начиная с записи",
        ["Workflow"] = "Маршрут",
        ["Your actions"] = "Ваши действия",
        ["Give your opinion"] = "Дать заключение",
        ["Opinion"] = "Заключение",
        ["Agree"] = "Согласовать",
        ["Agree with remarks"] = "Согласовать с замечаниями",
        ["Disagree"] = "Не согласовать",
        ["Send"] = "Отправить",
        ["Answer remarks"] = "Ответить на замечания",
        ["Accepted"] = "Учтено",
        ["Partly accepted"] = "Учтено частично",
        ["Rejected"] = "Отклонено",
        ["Issue a new version"] = "Новая редакция",
        ["Resubmit for review"] = "Направить на повторное согласование",
        ["Request conciliation"] = "Вынести на согласительное совещание",
        ["Submit for review"] = "Направить на согласование",
        ["Decide"] = "Принять решение",
        ["Outcome"] = "Решение",
        ["Sign"] = "Подписать",
        ["Decline to sign"] = "Отказаться от подписания",
        ["You sign exactly this text:"] = "Вы подписываете именно этот текст:",
        ["Register"] = "Зарегистрировать",
        ["Registration number"] = "Регистрационный номер",
        ["Record publication"] = "Отметить опубликование",
        ["Country"] = "Страна",
        ["Portal"] = "Портал",
        ["Reference"] = "Реквизиты публикации",
        ["Published on"] = "Дата опубликования",
        ["Withdraw"] = "Отозвать",
        ["Extend deadline"] = "Продлить срок",
        ["Days"] = "Дней",
        ["Title"] = "Наименование",
        ["Workflow definition"] = "Вид акта",
        ["Create"] = "Создать",
        ["Done."] = "Готово.",
        ["Refused:"] = "Отклонено:",
        ["Wrong user name or password."] = "Неверное имя пользователя или пароль.",
        ["Too many attempts; try again later."] = "Слишком много попыток; попробуйте позже.",
        ["open"] = "открыта",
        ["done"] = "выполнена",
        ["cancelled"] = "снята",
        ["the draft was withdrawn"] = "проект отозван",
        ["the stage ended without it"] = "этап завершён без её выполнения",
        ["deemedAgreed"] = "согласовано по умолчанию",
        ["current"] = "текущий",
        ["Number"] = "Номер",
        ["Count"] = "Количество",
        ["Publications"] = "Опубликование",
        ["Dashboard"] = "Мониторинг",
        ["Incidents"] = "Инциденты",
        ["Resolutions by stage"] = "Постановления по этапам",
        ["Blocking parties"] = "Органы, задерживающие согласование",
        ["Open tasks"] = "Открытые задачи",
        ["Median response, days"] = "Медиана ответа, дней",
        ["90th percentile, days"] = "90-й процентиль, дней",
        ["Stuck items"] = "Документы без движения",
        ["working days without progress"] = "рабочих дней и более",
        ["Working days idle"] = "Рабочих дней без движения",
        ["Held by"] = "У кого",
        ["Filters"] = "Отбор",
        ["overdue only"] = "только просроченные",
        ["Apply filters"] = "Применить",
        ["Working days overdue"] = "Просрочено рабочих дней",
        ["Nudge"] = "Напомнить",
        ["Extend by 5 working days"] = "Продлить на 5 рабочих дней",
        ["Next page"] = "Следующая страница",
        ["Nudge every overdue task of a party"] = "Напомнить обо всех просроченных задачах стороны",
        ["Commands that kept failing"] = "Команды, которые не удалось выполнить",
        ["Retry"] = "Повторить",
    };

    public static string Language(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The switch in the header (a cookie) wins; otherwise the language on the account; Russian by default.
        var chosen = context.Request.Cookies[Cookie] ?? context.User.FindFirst(Accounts.Accounts.LanguageClaim)?.Value;
        return chosen == "en" ? "en" : "ru";
    }

    public static string T(this HttpContext context, string english) =>
        Language(context) == "ru" && Ru.TryGetValue(english, out var ru) ? ru : english;

    public static CultureInfo Culture(HttpContext context) => CultureInfo.GetCultureInfo(Language(context) == "en" ? "en-GB" : "ru-RU");
}

/// <summary>Instants as the reader lives them: in the time zone of their organisation's country.</summary>
public static class UserClock
{
    public static string Format(HttpContext context, DateTimeOffset? instant)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (instant is null) { return ""; }
        var registry = context.RequestServices.GetRequiredService<Engine.Registry.OrganisationRegistry>();
        var organisation = context.User.FindFirst(Accounts.Accounts.OrganisationClaim)?.Value;
        var zone = organisation is not null && registry.Organisations.ContainsKey(organisation) ? registry.CountryOf(organisation).TimeZone : "Europe/Moscow";
        var local = TimeZoneInfo.ConvertTime(instant.Value, TimeZoneInfo.FindSystemTimeZoneById(zone));
        var language = Text.Language(context);
        return $"{local.ToString(language == "en" ? "d MMMM yyyy, HH:mm" : "d MMMM yyyy г., HH:mm", Text.Culture(context))} ({App.Notifications.Notifier.ZoneName(zone, language)})";
    }
}
