using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Resolutions;

namespace ResolutionWorkflow.App.Localization;

/// <summary>
/// The product's words per language, read from <c>workflows/templates/{language}/words.json</c>:
/// the one place a translator edits, beside the mail templates. Sections: <c>pages</c> (the pages'
/// English text → its translation), <c>names</c> (the engine's words by "category:id"),
/// <c>refusals</c> (each refusal by key, with the engine's {arguments}) and <c>plurals</c>
/// (counted nouns by CLDR plural category). Loading checks that every language names the same
/// things and words every refusal, so a gap is a <c>validate</c> error, not an English word on a
/// Russian page.
/// </summary>
public sealed partial class Wording
{
    public static readonly string[] Languages = ["ru", "en"];
    private static readonly string[] Sections = ["pages", "names", "refusals", "plurals"];

    private readonly FrozenDictionary<string, Words> _languages;

    private Wording(FrozenDictionary<string, Words> languages) => _languages = languages;

    private sealed record Words(
        IReadOnlyDictionary<string, string> Pages,
        IReadOnlyDictionary<string, string> Names,
        IReadOnlyDictionary<string, string> Refusals,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Plurals);

    private Words In(string language) => _languages.GetValueOrDefault(language) ?? _languages["ru"];

    /// <summary>A page's English text in <paramref name="language"/>; the English itself when no translation is listed.</summary>
    public string Page(string language, string english) => In(language).Pages.GetValueOrDefault(english, english);

    /// <summary>The name of one of the engine's words ("status", "active"), or null when none is listed.</summary>
    public string? Name(string language, string category, string id) => In(language).Names.GetValueOrDefault($"{category}:{id}");

    /// <summary>A refusal in <paramref name="language"/>; <paramref name="args"/> already in that language. English falls back to the engine's own sentence.</summary>
    public string Refusal(string language, string key, IReadOnlyDictionary<string, string> args) =>
        In(language).Refusals.TryGetValue(key, out var template) || RefusalWording.English.TryGetValue(key, out template)
            ? Capitalise(RefusalWording.Format(template, args))
            : key;

    /// <summary>"3 рабочих дня", "1 working day": <paramref name="count"/> with its noun in the right plural form.</summary>
    public string Count(string language, string noun, long count)
    {
        var forms = In(language).Plurals.GetValueOrDefault(noun) ?? throw new ArgumentException($"no plural forms for '{noun}'", nameof(noun));
        var form = forms.GetValueOrDefault(PluralCategory(language, count)) ?? forms.Values.Last();
        return form.Replace("{0}", count.ToString("N0", CultureInfo.GetCultureInfo(language)), StringComparison.Ordinal);
    }

    /// <summary>The CLDR cardinal plural category of an integer: Russian one/few/many, English one/other.</summary>
    public static string PluralCategory(string language, long count)
    {
        var n = Math.Abs(count);
        if (language != "ru") { return n == 1 ? "one" : "other"; }
        var (last, lastTwo) = (n % 10, n % 100);
        return last == 1 && lastTwo != 11 ? "one"
            : last is >= 2 and <= 4 && lastTwo is < 12 or > 14 ? "few"
            : "many";
    }

    private static readonly Dictionary<string, string[]> PluralCategories = new() { ["ru"] = ["one", "few", "many"], ["en"] = ["one", "other"] };

    public static (Wording? Wording, IReadOnlyList<DefinitionError> Errors) Load(string folder)
    {
        var errors = new List<DefinitionError>();
        var languages = new Dictionary<string, Words>();
        foreach (var language in Languages)
        {
            var file = Path.Combine(folder, language, "words.json");
            if (!File.Exists(file))
            {
                errors.Add(new DefinitionError(file, "$", null, $"word list missing: the {language} pages and mails need it"));
                continue;
            }
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                var words = Read(document.RootElement, file, errors);
                if (words is not null) { languages[language] = words; }
            }
            catch (JsonException e)
            {
                errors.Add(new DefinitionError(file, e.Path ?? "$", (int?)e.LineNumber + 1, $"not valid JSON: {e.Message}"));
            }
        }
        if (languages.Count == Languages.Length) { CheckComplete(folder, languages, errors); }
        return (errors.Count == 0 ? new Wording(languages.ToFrozenDictionary()) : null, errors);
    }

    private static Words? Read(JsonElement root, string file, List<DefinitionError> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new DefinitionError(file, "$", null, "must be an object with the sections pages, names, refusals, plurals"));
            return null;
        }
        foreach (var property in root.EnumerateObject().Where(p => p.Name != "$comment" && !Sections.Contains(p.Name)))
        {
            errors.Add(new DefinitionError(file, $"$.{property.Name}", null, $"unknown section; known: {string.Join(", ", Sections)}"));
        }
        Dictionary<string, string> Strings(string section, JsonElement? at = null)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            var element = at ?? (root.TryGetProperty(section, out var s) ? s : default);
            if (element.ValueKind == JsonValueKind.Undefined) { return result; }
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new DefinitionError(file, $"$.{section}", null, "must be an object of strings"));
                return result;
            }
            foreach (var p in element.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 0 } text) { result[p.Name] = text; }
                else { errors.Add(new DefinitionError(file, $"$.{section}['{p.Name}']", null, "must be a non-empty string")); }
            }
            return result;
        }
        var plurals = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (root.TryGetProperty("plurals", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            foreach (var noun in p.EnumerateObject()) { plurals[noun.Name] = Strings($"plurals.{noun.Name}", noun.Value); }
        }
        return new Words(Strings("pages"), Strings("names"), Strings("refusals"), plurals);
    }

    /// <summary>Every language names the same things, words every refusal with only the engine's arguments, and has every plural form it needs.</summary>
    private static void CheckComplete(string folder, Dictionary<string, Words> languages, List<DefinitionError> errors)
    {
        var allNames = languages.Values.SelectMany(w => w.Names.Keys).ToHashSet(StringComparer.Ordinal);
        var allNouns = languages.Values.SelectMany(w => w.Plurals.Keys).ToHashSet(StringComparer.Ordinal);
        foreach (var (language, words) in languages)
        {
            var file = Path.Combine(folder, language, "words.json");
            foreach (var missing in allNames.Where(n => !words.Names.ContainsKey(n)).Order(StringComparer.Ordinal))
            {
                errors.Add(new DefinitionError(file, "$.names", null, $"'{missing}' has a name in another language but not in {language}"));
            }
            foreach (var key in RefusalWording.English.Keys.Where(k => language != "en" && !words.Refusals.ContainsKey(k)).Order(StringComparer.Ordinal))
            {
                errors.Add(new DefinitionError(file, "$.refusals", null, $"the refusal '{key}' has no {language} wording"));
            }
            foreach (var (key, template) in words.Refusals)
            {
                if (!RefusalWording.English.TryGetValue(key, out var english))
                {
                    errors.Add(new DefinitionError(file, $"$.refusals['{key}']", null, "no such refusal in the engine"));
                    continue;
                }
                var known = Placeholder().Matches(english).Select(m => m.Value)
                    .Concat(RefusalWording.ExtraArguments.GetValueOrDefault(key, []).Select(a => $"{{{a}}}")).ToHashSet(StringComparer.Ordinal);
                foreach (var unknown in Placeholder().Matches(template).Select(m => m.Value).Where(v => !known.Contains(v)).Distinct())
                {
                    errors.Add(new DefinitionError(file, $"$.refusals['{key}']", null, $"{unknown} is not an argument of this refusal; known: {string.Join(", ", known)}"));
                }
            }
            foreach (var noun in allNouns)
            {
                var forms = words.Plurals.GetValueOrDefault(noun);
                foreach (var category in PluralCategories[language].Where(c => forms is null || !forms.ContainsKey(c)))
                {
                    errors.Add(new DefinitionError(file, $"$.plurals['{noun}']", null, $"the {category} form is missing ({language} needs {string.Join(", ", PluralCategories[language])})"));
                }
            }
        }
    }

    private static string Capitalise(string text) =>
        text.Length > 0 && char.IsLower(text[0]) ? string.Concat(char.ToUpperInvariant(text[0]).ToString(), text.AsSpan(1)) : text;

    [GeneratedRegex(@"\{\w+\}")]
    private static partial Regex Placeholder();
}
