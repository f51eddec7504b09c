using System.Text.Json;
using System.Text.RegularExpressions;
using ResolutionWorkflow.App.Localization;
using ResolutionWorkflow.App.Notifications;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Notifications;

/// <summary>
/// Every mail as the shipped templates write it, for every task kind, language and event (the task
/// given, the reminder, the escalation): its own subject per kind, a greeting, the act and what is
/// asked, the deadline, and in Russian no word the glossary avoids.
/// </summary>
public sealed class MailWordingTests
{
    private static readonly MailTemplates Templates = MailTemplates.Load(Path.Combine(Repository.Workflows, "templates")).Templates
        ?? throw new InvalidOperationException("the shipped templates do not load");

    private const string Due = "14 мая 2025 г., 18:00 (по минскому времени)";

    /// <summary>Each kind as the journal names it, and a review in a legal examination as a kind of its own.</summary>
    private static IEnumerable<(string Kind, bool Legal)> Kinds() =>
        Enum.GetValues<TaskKind>().Select(k => (JsonNamingPolicy.CamelCase.ConvertName(k.ToString()), false)).Append(("review", true));

    private static MailFacts Facts(string language, string kind, bool legal) => MailFacts.Sample with
    {
        TaskKind = kind,
        LegalExamination = legal,
        Due = language == "en" ? "14 May 2025, 18:00 (Minsk time)" : Due,
        TimeLeft = language == "en" ? "3 working days left" : "осталось 3 рабочих дня",
        Greeting = new PersonName("Иванов", "Иван", "Петрович").Greeting(language),
        Act = language == "en" ? "resolution of the Council of Ministers of the Union State" : "постановление Совета Министров Союзного государства",
        ActOf = language == "en" ? "resolution of the Council of Ministers of the Union State" : "постановления Совета Министров Союзного государства",
        DueProvisional = false,
    };

    public static TheoryData<string, string> Events() => new()
    {
        { "ru", "task-assigned" }, { "ru", "reminder" }, { "ru", "escalation" },
        { "en", "task-assigned" }, { "en", "reminder" }, { "en", "escalation" },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Every_task_kind_has_its_own_subject_a_greeting_the_act_what_is_asked_and_the_deadline(string language, string template)
    {
        var subjects = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (kind, legal) in Kinds())
        {
            // Signing has a mail of its own when the task is given; its reminder and escalation are the shared ones.
            var name = template == "task-assigned" && kind == "sign" ? "signature-requested" : template;
            var mail = Templates.Render(name, language, Facts(language, kind, legal));
            var what = $"{name}/{language}/{kind}{(legal ? " (legal)" : "")}";
            Assert.True(mail.Subject.Contains(MailFacts.Sample.ResolutionTitle, StringComparison.Ordinal), $"{what}: the subject does not name the resolution: {mail.Subject}");
            Assert.StartsWith(language == "en" ? "Dear Иван Иванов," : "Уважаемый Иван Петрович!", mail.Text, StringComparison.Ordinal);
            Assert.Contains(language == "en" ? "<p>Dear Иван Иванов,</p>" : "<p>Уважаемый Иван Петрович!</p>", mail.Html, StringComparison.Ordinal);
            Assert.Contains(language == "en" ? "14 May 2025, 18:00 (Minsk time)" : Due, mail.Text, StringComparison.Ordinal);
            Assert.Contains(language == "en" ? "resolution" : "постановлени", mail.Text, StringComparison.Ordinal);
            if (template != "escalation") { Assert.Contains(language == "en" ? "3 working days left" : "осталось 3 рабочих дня", mail.Text, StringComparison.Ordinal); }
            Assert.DoesNotContain("Адресат", mail.Text, StringComparison.Ordinal);
            if (language == "ru")
            {
                var problems = Glossary.Problems(mail.Subject + "\n" + mail.Text, what).ToList();
                Assert.True(problems.Count == 0, string.Join("\n", problems));
                // No internal key or English word: what is Latin is the link, the hash's name and digits.
                var latin = Regex.Matches(Regex.Replace(mail.Subject + "\n" + mail.Text, @"https?://\S+|\b[0-9a-f]{64}\b", " "), "[A-Za-z][A-Za-z0-9_.-]*")
                    .Select(m => m.Value).Where(w => w != "SHA-256").ToList();
                Assert.True(latin.Count == 0, $"{what}: {string.Join(", ", latin)}");
                // What is asked, in the imperative of official letters, when the task is given.
                if (template == "task-assigned") { Assert.Contains("Просим", mail.Text, StringComparison.Ordinal); }
            }
            Assert.True(subjects.TryAdd(mail.Subject, what), $"{what} has the subject of {subjects.GetValueOrDefault(mail.Subject)}: {mail.Subject}");
        }
    }

    [Fact]
    public void A_head_of_government_is_asked_to_sign_or_to_decline_with_the_reason_by_the_deadline()
    {
        var mail = Templates.Render("signature-requested", "ru", Facts("ru", "sign", false));
        Assert.StartsWith("На подпись: постановление Совета Министров Союзного государства «", mail.Subject, StringComparison.Ordinal);
        Assert.Contains($"Просим подписать постановление Совета Министров Союзного государства «{MailFacts.Sample.ResolutionTitle}» (текст в редакции № 2", mail.Text, StringComparison.Ordinal);
        Assert.Contains($"либо сообщить о несогласии с указанием причин до {Due} (осталось 3 рабочих дня).", mail.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Иванов", "Иван", "Петрович", "Уважаемый Иван Петрович!", "Иванов И. П.")]
    [InlineData("Зайцева", "Татьяна", "Олеговна", "Уважаемая Татьяна Олеговна!", "Зайцева Т. О.")]
    [InlineData("Кузьмина", "Анна", "Ильинична", "Уважаемая Анна Ильинична!", "Кузьмина А. И.")]
    [InlineData("Лукич", "Илья", "Фомич", "Уважаемый Илья Фомич!", "Лукич И. Ф.")]
    [InlineData("Смит", "Джон", "", "Уважаемые коллеги!", "Смит Д.")]
    [InlineData("", "", "", "Уважаемые коллеги!", "")]
    public void A_person_is_greeted_by_name_and_patronymic_and_named_by_surname_and_initials(string surname, string given, string patronymic, string greeting, string shortName)
    {
        var name = new PersonName(surname, given, patronymic);
        Assert.Equal(greeting, name.Greeting("ru"));
        Assert.Equal(shortName, name.Short);
    }

    [Theory]
    [InlineData("постановление Совета Министров Союзного государства", "постановления Совета Министров Союзного государства")]
    [InlineData("решение Высшего Государственного Совета", "решения Высшего Государственного Совета")]
    [InlineData("программа Союзного государства", "программы Союзного государства")]
    [InlineData("директива", "директивы")]
    [InlineData("поправка", "поправки")]
    [InlineData("концепция Союзного государства", "концепции Союзного государства")]
    [InlineData("договор", "договора")]
    public void An_acts_name_after_draft_takes_the_genitive(string act, string genitive) => Assert.Equal(genitive, MailFacts.Genitive(act));
}
