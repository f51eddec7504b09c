using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Registry;
using ResolutionWorkflow.Engine.Resolutions;

namespace ResolutionWorkflow.Web.Tests.Support;

/// <summary>
/// What a Russian reader must never meet: an id from the registry or the definitions, an internal code,
/// an English word outside what people typed, or a word the glossary says to avoid. Reads the page as shown (text, titles, labels,
/// options, the diagram's words).
/// </summary>
public static partial class RussianPage
{
    // Latin words a Russian page may show: the hash's name, the language switch, file formats and their extensions, the signature standard.
    private static readonly HashSet<string> AllowedLatin = new(StringComparer.Ordinal)
    {
        "SHA-256", "English", "CSV", "DOCX", "PDF", "ODT", "XLSX", "ZIP", "CMS", "PKCS", "docx", "pdf", "odt", "xlsx", "sig", "p7s",
    };

    // What is marked translate="no" (an account's login, a mail address) is given as it is, not written in a language.
    private const string ShownText =
        "() => { const given = [...document.querySelectorAll('[translate=no]')]; const display = given.map(e => e.style.display); given.forEach(e => e.style.display = 'none');" +
        " const text = [document.title, document.body.innerText, ...[...document.querySelectorAll('[title],[aria-label],[placeholder],option,svg text')].filter(e => !e.closest('[translate=no]'))" +
        ".map(e => [e.getAttribute('title'), e.getAttribute('aria-label'), e.getAttribute('placeholder'), e.textContent].filter(Boolean).join(' '))].join('\\n');" +
        " given.forEach((e, i) => e.style.display = display[i]); return text; }";

    /// <summary>The page's problems, each "word: where" (empty when the page is clean).</summary>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(IPage page, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(page);
        Assert.Equal("ru", await page.Locator("html").GetAttributeAsync("lang"));
        var shown = await page.EvaluateAsync<string>(ShownText);
        return [.. Problems(shown, InternalIds(services)), .. ResolutionWorkflow.Tests.Common.Glossary.Problems(shown, "page", everyForm: false)];
    }

    public static async Task AssertCleanAsync(IPage page, IServiceProvider services, string what)
    {
        var problems = await ProblemsAsync(page, services);
        Assert.True(problems.Count == 0, $"{what}: {string.Join("; ", problems.Take(20))}");
    }

    public static IEnumerable<string> Problems(string text, IReadOnlySet<string> forbidden)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(forbidden);
        // A GUID is a reference a reader may be given (the resolution a party's message named), not a word.
        text = Guid().Replace(text, " ");
        // So is a web address (where an act was published, a site's name): an address, not a word.
        text = WebAddress().Replace(text, " ");
        foreach (Match word in LatinWord().Matches(text))
        {
            var w = word.Value;
            if (forbidden.Contains(w)) { yield return $"internal id '{w}' in: …{Around(text, word.Index)}…"; }
            else if (!AllowedLatin.Contains(w) && !HexDigits().IsMatch(w)) { yield return $"English word '{w}' in: …{Around(text, word.Index)}…"; }
        }
    }

    private static string Around(string text, int at)
    {
        var start = Math.Max(0, at - 40);
        return text.Substring(start, Math.Min(80, text.Length - start)).ReplaceLineEndings(" ");
    }

    /// <summary>Every id the registry and the definitions declare, and the engine's codes.</summary>
    public static IReadOnlySet<string> InternalIds(IServiceProvider services)
    {
        var registry = services.GetRequiredService<OrganisationRegistry>();
        var catalog = services.GetRequiredService<WorkflowCatalog>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        ids.UnionWith(registry.Organisations.Keys);
        ids.UnionWith(registry.Roles.Keys);
        ids.UnionWith(registry.Venues.Select(v => v.Id));
        ids.UnionWith(catalog.All.Select(d => d.Id));
        ids.UnionWith(catalog.All.SelectMany(d => d.Stages).Select(s => s.Id));
        ids.UnionWith(catalog.All.SelectMany(d => d.Stages).SelectMany(s => s.Outcomes.Keys));
        ids.UnionWith(Enum.GetNames<RejectionCode>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]));
        ids.UnionWith(RefusalWording.English.Keys);
        return ids;
    }

    // Ids are words with hyphens, dots and @ (by-minfin, signatory@by): one token each.
    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9]*(?:[-.@][A-Za-z0-9]+)*")]
    private static partial Regex LatinWord();

    [GeneratedRegex(@"https?://\S+|\bwww(?:\.[a-z0-9-]+)+")]
    private static partial Regex WebAddress();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();

    // A hash's digits that happen to start with a letter.
    [GeneratedRegex("^[0-9a-f]+$")]
    private static partial Regex HexDigits();
}
