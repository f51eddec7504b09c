using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ResolutionWorkflow.App.Localization;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Cli.Tests.Localization;

/// <summary>The word lists a translator edits: complete, checked on load, and used with correct plural forms.</summary>
public sealed partial class WordingTests
{
    private static Wording Shipped()
    {
        var (wording, errors) = Wording.Load(Path.Combine(Repository.Workflows, "templates"));
        Assert.Empty(errors);
        return wording!;
    }

    [Theory]
    [InlineData(1, "1 рабочий день")]
    [InlineData(2, "2 рабочих дня")]
    [InlineData(4, "4 рабочих дня")]
    [InlineData(5, "5 рабочих дней")]
    [InlineData(11, "11 рабочих дней")]
    [InlineData(12, "12 рабочих дней")]
    [InlineData(14, "14 рабочих дней")]
    [InlineData(21, "21 рабочий день")]
    [InlineData(22, "22 рабочих дня")]
    [InlineData(25, "25 рабочих дней")]
    [InlineData(111, "111 рабочих дней")]
    [InlineData(0, "0 рабочих дней")]
    public void Russian_counts_take_the_plural_form_of_their_number(int count, string expected) =>
        Assert.Equal(expected, Shipped().Count("ru", "workingDays", count));

    [Theory]
    [InlineData(1, "1 working day")]
    [InlineData(2, "2 working days")]
    [InlineData(21, "21 working days")]
    public void English_counts_are_one_or_other(int count, string expected) =>
        Assert.Equal(expected, Shipped().Count("en", "workingDays", count));

    [Fact]
    public void Every_refusal_the_engine_can_give_has_a_russian_wording_with_its_own_arguments()
    {
        var wording = Shipped();
        foreach (var (key, english) in RefusalWording.English)
        {
            var args = Placeholder().Matches(english).Select(m => m.Groups[1].Value)
                .Concat(RefusalWording.ExtraArguments.GetValueOrDefault(key, []))
                .Distinct().ToDictionary(a => a, a => $"<{a}>");
            var russian = wording.Refusal("ru", key, args);
            Assert.DoesNotMatch(Placeholder(), russian);
            Assert.Matches(@"^[А-ЯЁ]", russian);
            Assert.DoesNotMatch(@"\b(the|is|not|of|a|an)\b", russian);
        }
    }

    [Fact]
    public void A_russian_refusal_names_stages_and_organisations_and_keeps_what_was_typed()
    {
        var args = new Dictionary<string, string> { ["clause"] = "7", ["version"] = "1", ["hash"] = "abcdefabcdef" };
        Assert.Equal("Пункта 7 нет в редакции 1 текста.", Shipped().Refusal("ru", "unknownClause", args));
        Assert.Equal("Clause '7' does not exist in text version 1 (SHA-256 abcdefabcdef…)", Shipped().Refusal("en", "unknownClause", args));
    }

    [Fact]
    public void A_refusal_names_its_ids_in_russian_stages_bodies_countries_outcomes_and_fields()
    {
        var workflows = ResolutionWorkflow.Engine.Tests.Support.ResolutionDriver.Workflows;
        var names = new Names(workflows.Registry!, workflows.Catalog, Shipped());
        Assert.Equal("Для этапа «Подготовка проекта» решение «согласовано» не предусмотрено; допустимые решения: направлен на согласование.",
            names.Refusal("ru", "unknownOutcome", new Dictionary<string, string> { ["stage"] = "drafting", ["outcome"] = "agreed", ["outcomes"] = "submitted" }, "english"));
        Assert.Equal("Опубликование отмечается для: Республика Беларусь, Российская Федерация; «kz» к ним не относится.",
            names.Refusal("ru", "publicationCountry", new Dictionary<string, string> { ["countries"] = "by, ru", ["country"] = "kz" }, "english"));
        Assert.Equal("Это не ваша задача: её выполняет Минфин Беларуси, Глава правительства (Республика Беларусь).",
            names.Refusal("ru", "notYourTask", new Dictionary<string, string> { ["participants"] = "by-minfin, signatory@by" }, "english"));
        Assert.Equal("Проверьте заполнение полей: замечание, хеш-сумма прочитанного текста.",
            names.Refusal("ru", "invalidInput", new Dictionary<string, string> { ["problems"] = "…", ["fields"] = "$.remarks[0].text, $.seenTextHash" }, "english"));
        // An answer recorded before refusals had keys is shown as it was recorded.
        Assert.Equal("english", names.Refusal("ru", null, null, "english"));
    }

    [Fact]
    public void Validate_names_a_refusal_without_russian_wording_a_name_missing_in_one_language_and_a_missing_plural_form()
    {
        var folder = Repository.CopyOfWorkflows();
        try
        {
            var ru = Path.Combine(folder, "templates", "ru", "words.json");
            var json = JsonNode.Parse(File.ReadAllText(ru))!.AsObject();
            json["refusals"]!.AsObject().Remove("unknownClause");
            json["refusals"]!["fieldEmpty"] = "Не заполнено поле «{name}».";
            json["names"]!.AsObject().Remove("status:active");
            json["plurals"]!["workingDays"]!.AsObject().Remove("few");
            File.WriteAllText(ru, json.ToJsonString());

            var (wording, errors) = Wording.Load(Path.Combine(folder, "templates"));

            Assert.Null(wording);
            var messages = errors.Select(e => e.ToString()).ToList();
            Assert.Contains(messages, m => m.Contains("words.json", StringComparison.Ordinal) && m.Contains("'unknownClause' has no ru wording", StringComparison.Ordinal));
            Assert.Contains(messages, m => m.Contains("$.refusals['fieldEmpty']", StringComparison.Ordinal) && m.Contains("{name}", StringComparison.Ordinal));
            Assert.Contains(messages, m => m.Contains("'status:active' has a name in another language but not in ru", StringComparison.Ordinal));
            Assert.Contains(messages, m => m.Contains("$.plurals['workingDays']", StringComparison.Ordinal) && m.Contains("the few form is missing", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Every_page_text_has_a_russian_translation()
    {
        // The pages write their words in English through T("…"); each must be in the Russian list, or a Russian page shows English.
        var wording = Shipped();
        var web = Path.Combine(Repository.Root, "src", "ResolutionWorkflow.Web");
        var missing = Directory.GetFiles(web, "*.cs*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => PageText().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Text: Regex.Unescape(m.Groups[1].Value))))
            .Where(x => wording.Page("ru", x.Text) == x.Text)
            .Select(x => $"{x.File}: {x.Text}")
            .Distinct()
            .ToList();
        Assert.Empty(missing);
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\.T\(""((?:[^""\\]|\\.)+)""\)")]
    private static partial Regex PageText();

    [Fact]
    public void An_act_is_cited_as_the_act_it_is_a_programme_approved_by_a_council_resolution_under_every_version()
    {
        var workflows = ResolutionWorkflow.Engine.Tests.Support.ResolutionDriver.Workflows;
        var names = new Names(workflows.Registry!, workflows.Catalog, Shipped());
        var day = new DateOnly(2026, 3, 2);
        Assert.Equal("Постановление Совета Министров Союзного государства от 2 марта 2026 г. № 17", names.Citation("ru", "union-state-programme", 4, day, "17", 2026));
        Assert.Equal("Resolution of the Union State Council of Ministers of 2 March 2026 No. 17", names.Citation("en", "union-state-programme", 4, day, "17", 2026));
        Assert.Equal("Постановление Совета Министров Союзного государства от 2 марта 2026 г. № 17", names.Citation("ru", "council-of-ministers-resolution", 4, day, "17", 2026));
        // A version deployed before definitions named the act (it never changes) is cited by the act its definition's latest version names:
        // the programme was approved by a resolution then too, and "Программа … № 17" is what the glossary says officials never write.
        Assert.Equal("Постановление Совета Министров Союзного государства от 2 марта 2026 г. № 17", names.Citation("ru", "union-state-programme", 3, day, "17", 2026));
    }
}

