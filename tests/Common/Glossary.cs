using System.Text.RegularExpressions;

namespace ResolutionWorkflow.Tests.Common;

/// <summary>
/// The words officials avoid, read from the project's copy of the glossary (docs/glossary.md, its
/// "avoid" column) so the list a test enforces is the list people edit. A term the glossary avoids
/// only in a context it names in parentheses ("Премьер-министр (for Russia)"), or that another row
/// uses ("принято" is the adopted status), cannot be judged by its words alone: it is left to the
/// tests of those contexts and listed in <see cref="Contextual"/>.
/// </summary>
public static partial class Glossary
{
    public static string File => Path.Combine(Repository.Root, "docs", "glossary.md");

    /// <summary>An avoided term, the concept its row names, and the patterns that find it in a text: in any of its forms, and as written.</summary>
    public sealed record Term(string Text, string Concept, Regex Pattern, Regex Exact);

    private static readonly Lazy<(IReadOnlyList<Term> Avoided, IReadOnlyList<string> Contextual)> Read = new(ReadGlossary);

    public static IReadOnlyList<Term> Avoided => Read.Value.Avoided;

    public static IReadOnlyList<string> Contextual => Read.Value.Contextual;

    /// <summary>
    /// Each avoided term found in the text, with the words around it. The product's own words are checked
    /// in every form of a term; a page, which shows what people typed too (an act's text speaks of the
    /// states as "стороны"), in the forms the glossary names.
    /// </summary>
    public static IEnumerable<string> Problems(string text, string where, bool everyForm = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var term in Avoided)
        {
            foreach (Match m in (everyForm ? term.Pattern : term.Exact).Matches(text))
            {
                var start = Math.Max(0, m.Index - 30);
                var around = text.Substring(start, Math.Min(m.Length + 60, text.Length - start)).ReplaceLineEndings(" ");
                yield return $"{where}: «{m.Value}» (the glossary avoids it for «{term.Concept}») in …{around}…";
            }
        }
    }

    private static (IReadOnlyList<Term>, IReadOnlyList<string>) ReadGlossary()
    {
        var rows = System.IO.File.ReadAllLines(File)
            .Where(l => l.StartsWith('|') && !l.StartsWith("|---", StringComparison.Ordinal))
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .Where(c => c.Length >= 4 && c[0] != "concept")
            .ToList();
        var used = string.Join("\n", rows.Select(r => r[1]));
        var avoided = new List<Term>();
        var contextual = new List<string>();
        foreach (var row in rows)
        {
            foreach (var segment in Separator().Split(row[2]).Where(t => !string.IsNullOrWhiteSpace(t)))
            {
                // "согласовать / не согласовать (as a status)": the qualification holds for each alternative.
                var qualified = Qualified().IsMatch(segment);
                foreach (var raw in Alternatives().Split(Qualified().Replace(segment, "")))
                {
                    // "Отклонено: + English text": the words before the explanation.
                    var term = raw.Split(" + ")[0].Trim().Trim('«', '»', '"').Trim();
                    if (term.Length == 0) { continue; }
                    if (qualified || UsedElsewhere(term, used)) { contextual.Add($"{term} ({row[0]})"); }
                    else { avoided.Add(new Term(term, row[0], Pattern(term, everyForm: true), Pattern(term, everyForm: false))); }
                }
            }
        }
        return (avoided, contextual);
    }

    private static bool UsedElsewhere(string term, string used) =>
        Regex.IsMatch(used, $@"(?<![\p{{L}}]){Regex.Escape(term)}(?![\p{{L}}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>
    /// The term as whole words, any case (a single word in its other forms too): "…" stands for a few words,
    /// "{count}" and digits for any number.
    /// A word inside a hyphenated name ("Интернет-портал" of an official venue's title) is part of that name, not the term.
    /// </summary>
    private static Regex Pattern(string term, bool everyForm)
    {
        var body = Digits().Replace(Regex.Escape(term), @"\d+")
            .Replace("…", @"[^.\n]{0,80}?", StringComparison.Ordinal)
            .Replace(@"\{count}", @"\S+", StringComparison.Ordinal)
            .Replace(@"\ ", @"\s+", StringComparison.Ordinal);
        var start = char.IsLetter(term[0]) ? @"(?<![\p{L}-])" : "";
        // A word of five letters or more in any of its forms ("подписант", "подписанта", "подписантов").
        var forms = everyForm && term.Length >= 5 && term.All(char.IsLetter) ? @"\p{L}{0,3}" : "";
        var end = char.IsLetter(term[^1]) ? forms + @"(?![\p{L}-])" : "";
        return new Regex(start + body + end, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    /// <summary>Terms of a cell: separated by ";" or "," outside quotation marks.</summary>
    [GeneratedRegex(@"\s*(?:;|,(?![^«]*»))\s*")]
    private static partial Regex Separator();

    [GeneratedRegex(@"\s/\s")]
    private static partial Regex Alternatives();

    /// <summary>An English note on when the term is avoided: "(for Russia)", "… for every stage".</summary>
    [GeneratedRegex(@"\((?:as|for|in|no|the)\b[^)]*\)|""\s+for\b.*$")]
    private static partial Regex Qualified();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
