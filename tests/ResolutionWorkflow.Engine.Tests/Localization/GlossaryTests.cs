using System.Text.Json.Nodes;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Engine.Tests.Localization;

/// <summary>
/// The glossary is a test: no word it says to avoid is in the product's Russian words or its Russian
/// mail templates (the browser and mail tests read rendered pages and mails against it too).
/// </summary>
public sealed class GlossaryTests
{
    [Fact]
    public void The_glossary_copy_gives_the_terms_to_avoid_and_names_those_left_to_their_context()
    {
        var avoided = Glossary.Avoided.Select(t => t.Text).ToList();
        Assert.Contains("Адресат: …", avoided);
        Assert.Contains("подписант", avoided);
        Assert.Contains("Минфин РБ", avoided);
        Assert.Contains("в подписи {count} подписантов", avoided);
        // "принято" is avoided for the drafter's answer but is the status of an adopted act; "Премьер-министр" is avoided for Russia only.
        Assert.DoesNotContain("принято", avoided);
        Assert.Contains(Glossary.Contextual, c => c.StartsWith("Премьер-министр", StringComparison.Ordinal));
        Assert.Matches(Glossary.Avoided.Single(t => t.Text == "в подписи {count} подписантов").Pattern, "В подписи 2 подписантов");
        Assert.Matches(Glossary.Avoided.Single(t => t.Text == "подписант").Pattern, "сертификат подписантов");
        Assert.DoesNotMatch(Glossary.Avoided.Single(t => t.Text == "портал").Pattern, "Национальный правовой Интернет-портал");
    }

    [Fact]
    public void No_russian_word_of_the_product_is_one_the_glossary_avoids()
    {
        var words = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Workflows, "templates", "ru", "words.json")))!;
        var problems = Strings(words, "$").SelectMany(s => Glossary.Problems(s.Text, $"words.json {s.Path}")).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void No_russian_mail_template_uses_a_word_the_glossary_avoids()
    {
        var problems = Directory.GetFiles(Path.Combine(Repository.Workflows, "templates", "ru"), "*.liquid")
            .SelectMany(f => Glossary.Problems(File.ReadAllText(f), Path.GetFileName(f))).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static IEnumerable<(string Path, string Text)> Strings(JsonNode node, string path) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Value is null ? [] : Strings(p.Value, $"{path}.{p.Key}")),
        JsonArray a => a.SelectMany((v, i) => v is null ? [] : Strings(v, $"{path}[{i}]")),
        JsonValue v when v.TryGetValue<string>(out var s) => [(path, s)],
        _ => [],
    };
}
