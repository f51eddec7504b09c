using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Fluid;
using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.App.Notifications;

public sealed record RenderedMail(string Subject, string Text, string Html);

/// <summary>
/// Liquid templates in <c>workflows/templates/{ru,en}/{name}.{subject,text,html}.liquid</c>.
/// Loading renders each against sample facts in strict mode and scans it for variables the
/// application does not provide, so a typo is caught by <c>validate</c>, not by a signatory.
/// </summary>
public sealed partial class MailTemplates
{
    public static readonly string[] Names = ["task-assigned", "reminder", "escalation", "signature-requested", "signed", "published", "digest"];
    public static readonly string[] Languages = ["ru", "en"];
    private static readonly string[] Parts = ["subject", "text", "html"];
    private static readonly FluidParser Parser = new();

    // Markup escaped, Cyrillic kept as it is: a Russian mail's HTML part stays readable at the source.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private readonly Dictionary<(string Name, string Language, string Part), IFluidTemplate> _templates;

    private MailTemplates(Dictionary<(string, string, string), IFluidTemplate> templates) => _templates = templates;

    public static (MailTemplates? Templates, IReadOnlyList<DefinitionError> Errors) Load(string folder)
    {
        var errors = new List<DefinitionError>();
        var templates = new Dictionary<(string, string, string), IFluidTemplate>();
        foreach (var language in Languages)
        {
            foreach (var name in Names)
            {
                foreach (var part in Parts)
                {
                    var file = Path.Combine(folder, language, $"{name}.{part}.liquid");
                    if (!File.Exists(file))
                    {
                        errors.Add(new DefinitionError(file, "$", null, $"template missing: every mail needs a {part} part in {language}"));
                        continue;
                    }
                    var source = File.ReadAllText(file);
                    if (!Parser.TryParse(source, out var template, out var parseError))
                    {
                        errors.Add(new DefinitionError(file, "$", null, $"not valid Liquid: {parseError}"));
                        continue;
                    }
                    foreach (var unknown in UnknownVariables(source, MailFacts.Sample.ToModel()))
                    {
                        errors.Add(new DefinitionError(file, "$", LineOf(source, unknown.Index), $"unknown variable '{unknown.Path}'; known: {string.Join(", ", MailFacts.Sample.ToModel().Paths())}"));
                    }
                    templates[(name, language, part)] = template;
                }
            }
        }
        var loaded = new MailTemplates(templates);
        if (errors.Count == 0)
        {
            foreach (var (key, _) in templates)
            {
                try { loaded.RenderPart(key.Item1, key.Item2, key.Item3, MailFacts.Sample, strict: true); }
                catch (FluidException e) { errors.Add(new DefinitionError(Path.Combine(folder, key.Item2, $"{key.Item1}.{key.Item3}.liquid"), "$", null, $"does not render: {e.Message}")); }
            }
        }
        return (errors.Count == 0 ? loaded : null, errors);
    }

    public RenderedMail Render(string name, string language, MailFacts facts) =>
        new(RenderPart(name, language, "subject", facts).Trim().ReplaceLineEndings(" "), RenderPart(name, language, "text", facts), RenderPart(name, language, "html", facts));

    private string RenderPart(string name, string language, string part, MailFacts facts, bool strict = false)
    {
        var options = new TemplateOptions { StrictVariables = strict, CultureInfo = System.Globalization.CultureInfo.GetCultureInfo(language) };
        var context = new TemplateContext(options);
        foreach (var (key, value) in facts.ToModel()) { context.SetValue(key, value); }
        var template = _templates[(name, language, part)];
        return part == "html" ? template.Render(context, Html) : template.Render(context, NullEncoder.Default);
    }

    /// <summary>Dotted paths used in output and conditions that the model does not have (loop variables excepted).</summary>
    private static IEnumerable<(string Path, int Index)> UnknownVariables(string source, MailModel model)
    {
        var loopVariables = ForLoop().Matches(source).Select(m => m.Groups["var"].Value).ToHashSet();
        foreach (Match m in Expression().Matches(source))
        {
            var path = m.Groups["path"].Value;
            if (loopVariables.Contains(path.Split('.')[0]) || path is "true" or "false" or "nil" or "empty" or "blank" or "forloop") { continue; }
            if (!model.Has(path)) { yield return (path, m.Groups["path"].Index); }
        }
    }

    private static int LineOf(string source, int index) => source.AsSpan(0, index).Count('\n') + 1;

    [GeneratedRegex(@"\{%-?\s*for\s+(?<var>[a-z_][a-z0-9_]*)\s+in\s")]
    private static partial Regex ForLoop();

    [GeneratedRegex(@"(?:\{\{-?|\{%-?\s*(?:if|elsif|unless|case|for\s+[a-z_][a-z0-9_]*\s+in))\s*(?<path>[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*)")]
    private static partial Regex Expression();
}

/// <summary>Nested dictionaries, the shape Liquid reads.</summary>
public sealed class MailModel : Dictionary<string, object?>
{
    public bool Has(string path)
    {
        object? node = this;
        foreach (var segment in path.Split('.'))
        {
            if (node is not IDictionary<string, object?> d || !d.TryGetValue(segment, out node)) { return false; }
        }
        return true;
    }

    public IEnumerable<string> Paths(string prefix = "")
    {
        foreach (var (key, value) in this.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (value is MailModel child) { foreach (var p in child.Paths(prefix + key + ".")) { yield return p; } }
            else { yield return prefix + key; }
        }
    }
}

/// <summary>What a mail may say. Every field is always present in the model (empty when not relevant), so templates can test it.</summary>
public sealed record MailFacts(
    string RecipientName,
    string ResolutionTitle,
    string Link,
    string Stage,
    string TaskKind = "",
    string Due = "",
    string TimeLeft = "",
    bool DueProvisional = false,
    int TextVersion = 0,
    string TextHash = "",
    string Signatory = "",
    string RegistrationNumber = "",
    string Publications = "",
    string Detail = "",
    string JournalHead = "",
    string Citation = "",
    string Remarks = "",
    string Greeting = "",
    string Act = "",
    string ActOf = "",
    bool LegalExamination = false)
{
    /// <summary>
    /// The facts every mail about a resolution starts from, for one recipient: the greeting, the act
    /// as the definition names it (nominative and genitive, "постановление / проекта постановления
    /// Совета Министров Союзного государства"), the stage and whether it is a legal examination.
    /// </summary>
    public static MailFacts For(Persistence.ResolutionRow resolution, WorkflowCatalog catalog, Localization.Names names, string link, string stageId, Recipient to)
    {
        ArgumentNullException.ThrowIfNull(resolution);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(to);
        var stage = catalog.Find(resolution.DefinitionId, resolution.DefinitionVersion)?.Stages.FirstOrDefault(s => s.Id == stageId);
        var act = names.Act(to.Language, resolution.DefinitionId, resolution.DefinitionVersion);
        act = act.Length == 0 ? act : char.ToLowerInvariant(act[0]) + act[1..];
        return new MailFacts(to.Name, resolution.Title, link, stage?.Title?.In(to.Language) ?? stageId,
            TextVersion: resolution.CurrentTextVersion, TextHash: resolution.CurrentTextHash, JournalHead: HeadOf(resolution),
            Greeting: to.Greeting, Act: act, ActOf: to.Language == "en" ? act : Genitive(act),
            LegalExamination: stage is ReviewStage { LegalExamination: true });
    }

    /// <summary>
    /// An act's name after "проект": its first word in the genitive ("постановление" → "постановления", "программа" →
    /// "программы", "концепция" → "концепции", "указ" → "указа"); the rest (the body's name) already is. A name that
    /// starts with an adjective is not declined by this rule.
    /// </summary>
    public static string Genitive(string act)
    {
        ArgumentNullException.ThrowIfNull(act);
        var space = act.IndexOf(' ', StringComparison.Ordinal);
        var first = space < 0 ? act : act[..space];
        var rest = space < 0 ? "" : act[space..];
        var genitive = first switch
        {
            _ when first.EndsWith("ие", StringComparison.Ordinal) => first[..^2] + "ия",
            _ when first.EndsWith("ия", StringComparison.Ordinal) => first[..^2] + "ии",
            // After г, к, х, ж, ш, ч, щ Russian writes и, not ы ("поправка" → "поправки").
            [.., 'г' or 'к' or 'х' or 'ж' or 'ш' or 'ч' or 'щ', 'а'] => first[..^1] + "и",
            [.., 'а'] => first[..^1] + "ы",
            // A masculine noun ending in a consonant ("указ" → "указа", "договор" → "договора").
            [.., var c] when "бвгджзклмнпрстфхцчшщ".Contains(c, StringComparison.Ordinal) => first + "а",
            _ => first,
        };
        return genitive + rest;
    }

    /// <summary>The resolution's journal head as a mail header value (<c>resolution length hash</c>): an anchor outside the database in every mailbox the mail reaches.</summary>
    public static string HeadOf(Persistence.ResolutionRow resolution)
    {
        ArgumentNullException.ThrowIfNull(resolution);
        return $"{resolution.Id:D} {resolution.JournalLength.ToString(System.Globalization.CultureInfo.InvariantCulture)} {resolution.JournalHead}";
    }

    public static readonly MailFacts Sample = new(
        "Министерство финансов Республики Беларусь", "О программе «Развитие пограничной безопасности Союзного государства» на 2023–2027 годы",
        "http://localhost:5000/resolutions/00000000-0000-0000-0000-000000000001", "Межведомственное согласование",
        "review", "16 марта 2026 г., 18:00 (по минскому времени)", "осталось 3 рабочих дня", true, 2, new string('a', 64),
        "Премьер-министр Республики Беларусь", "17", "Республика Беларусь: Национальный правовой Интернет-портал Республики Беларусь (www.pravo.by), https://pravo.by/document/?guid=52345, 3 марта 2026 г.", "деталь",
        Citation: "Постановление Совета Министров Союзного государства от 2 марта 2026 г. № 17",
        Remarks: "№ 1, пункт 2 (Минфин России): срок исполнения не согласован с бюджетным циклом. Предлагаемая редакция: «2. Срок — 1 июля 2027 г.»",
        Greeting: "Уважаемая Анна Сергеевна!", Act: "постановление Совета Министров Союзного государства", ActOf: "постановления Совета Министров Союзного государства");

    public MailModel ToModel() => new()
    {
        ["recipient"] = new MailModel { ["name"] = RecipientName, ["greeting"] = Greeting },
        ["resolution"] = new MailModel
        {
            ["title"] = ResolutionTitle, ["link"] = Link, ["stage"] = Stage,
            ["text_version"] = TextVersion, ["text_hash"] = TextHash, ["remarks"] = Remarks,
            ["act"] = Act, ["act_of"] = ActOf,
        },
        ["task"] = new MailModel { ["kind"] = TaskKind, ["due"] = Due, ["time_left"] = TimeLeft, ["provisional"] = DueProvisional, ["legal"] = LegalExamination },
        ["signature"] = new MailModel { ["signatory"] = Signatory },
        ["registration"] = new MailModel { ["number"] = RegistrationNumber, ["citation"] = Citation, ["publications"] = Publications },
        ["detail"] = Detail,
    };
}
