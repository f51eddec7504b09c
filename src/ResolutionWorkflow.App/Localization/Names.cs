using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Registry;

namespace ResolutionWorkflow.App.Localization;

/// <summary>
/// What a person reads in place of an internal id: organisations, roles and countries by the
/// registry's names, stages and definitions by the definitions' titles, and the engine's own words
/// (statuses, task kinds, answers, outcomes, journal events) from the word lists, in Russian and English.
/// An id nothing names is shown as it is, so a gap is visible rather than blank.
/// </summary>
public sealed class Names(OrganisationRegistry registry, WorkflowCatalog catalog, Wording wording)
{
    /// <summary>"3 замечания", "1 journal entry": a count with its noun in the form the one plural rule gives.</summary>
    public string Count(string language, string noun, long count) => wording.Count(language, noun, count);

    /// <summary>One of the engine's words ("status", "active") in the reader's language; the id itself when the word lists lack it.</summary>
    public string Word(string language, string category, string? id) => id is null ? "" : wording.Name(language, category, id) ?? id;

    /// <summary>
    /// A conciliation decision as a reader reads it: the choice, the clause as it is to read, the reasoning.
    /// A decision recorded only in words (before choices were recorded) reads as written.
    /// </summary>
    public string Decision(string language, string? choice, string? wording, string? note)
    {
        if (choice is null) { return note ?? ""; }
        var said = Word(language, "wording", choice);
        var text = said.Length == 0 ? said : char.ToUpperInvariant(said[0]) + said[1..];
        if (wording is not null) { text += language == "ru" ? $": «{wording}»" : $": “{wording}”"; }
        return string.IsNullOrWhiteSpace(note) ? text : $"{text}. {note}";
    }

    /// <summary>Where a resolution stands (<see cref="ProcedureStatus"/>): its code and its name in the reader's language.</summary>
    public (string Code, string Name) Status(string language, string status, string definitionId, int version, string stageId)
    {
        var code = ProcedureStatus.Of(status, catalog.Find(definitionId, version)?.Stages.FirstOrDefault(s => s.Id == stageId));
        return (code, Word(language, "procedure", code));
    }

    public string Country(string language, string? id) =>
        id is not null && registry.Countries.TryGetValue(id, out var c) ? c.Name.In(language) : id ?? "";

    /// <summary>A publication venue by the registry's name; a venue recorded as free text (before the registry named venues) as it was written.</summary>
    public string Venue(string language, string? portal) =>
        portal is not null && registry.Venues.FirstOrDefault(v => v.Id == portal) is { } venue ? venue.Name.In(language) : portal ?? "";

    /// <summary>
    /// A refusal in the reader's language: its arguments that are ids (stages, statuses, outcomes,
    /// organisations, countries, participants, fields) named first, the rest (numbers, clauses, what was typed) as they are.
    /// </summary>
    public string Refusal(string language, string? key, IReadOnlyDictionary<string, string>? args, string english)
    {
        if (key is null || args is null) { return english; }
        var named = args.ToDictionary(a => a.Key, a => a.Key switch
        {
            "stage" => Stage(language, a.Value),
            "status" => wording.Name(language, "status", a.Value) ?? wording.Page(language, a.Value),
            "kind" => Word(language, "stageKind", a.Value),
            "outcome" => Word(language, "outcome", a.Value),
            "outcomes" => List(a.Value, o => Word(language, "outcome", o)),
            "organisation" or "channel" => Organisation(language, a.Value),
            "country" => Country(language, a.Value),
            "countries" => List(a.Value, c => Country(language, c)),
            "participants" => List(a.Value, p => Participant(language, p)),
            "field" => Word(language, "field", a.Value),
            "fields" => List(a.Value, f => Word(language, "field", FieldOf(f))),
            "definition" => Definition(language, a.Value),
            "attachmentKind" => Word(language, "attachmentKind", a.Value),
            "attachmentKinds" => List(a.Value, k => Word(language, "attachmentKind", k)),
            "venue" => Venue(language, a.Value),
            "venues" => List(a.Value, v => Venue(language, v)),
            _ => a.Value,
        }, StringComparer.Ordinal);
        return wording.Refusal(language, key, named);
    }

    /// <summary>The field a JSON path ends at ("$.remarks[0].text" is a remark's text, named as the remark).</summary>
    private static string FieldOf(string path)
    {
        var segments = path.Split('.', StringSplitOptions.RemoveEmptyEntries).Where(s => s != "$").Select(s => s.Split('[')[0]).ToList();
        return segments switch
        {
            [.., "remarks", "text"] => "remark",
            [.., "decisions", "decision"] => "decision",
            [.., var last] => last,
            _ => path,
        };
    }

    private static string List(string joined, Func<string, string> name) =>
        string.Join(Engine.Resolutions.RefusalWording.ListSeparator, joined.Split(Engine.Resolutions.RefusalWording.ListSeparator).Select(name));

    public string Organisation(string language, string? id) =>
        id is not null && registry.Organisations.TryGetValue(id, out var o) ? (o.ShortName ?? o.Name).In(language) : id ?? "";

    public string OrganisationFull(string language, string? id) =>
        id is not null && registry.Organisations.TryGetValue(id, out var o) ? o.Name.In(language) : id ?? "";

    /// <summary>A participant key: an organisation, or "role@country" (a signatory of a country).</summary>
    public string Participant(string language, string? key)
    {
        if (key is null) { return ""; }
        if (registry.Organisations.ContainsKey(key)) { return Organisation(language, key); }
        var parts = key.Split('@', 2);
        var role = registry.Roles.TryGetValue(parts[0], out var r) ? r.Title.In(language) : parts[0];
        return parts.Length == 2 && registry.Countries.TryGetValue(parts[1], out var c) ? $"{role} ({c.Name.In(language)})" : role;
    }

    public string Stage(string language, string definitionId, int version, string stageId) =>
        catalog.Find(definitionId, version)?.Stages.FirstOrDefault(s => s.Id == stageId)?.Title?.In(language) ?? Stage(language, stageId);

    /// <summary>A stage's title from the first definition that has a stage of that id (lists across definitions).</summary>
    public string Stage(string language, string stageId) =>
        catalog.All.SelectMany(d => d.Stages).FirstOrDefault(s => s.Id == stageId)?.Title?.In(language) ?? stageId;

    public string Definition(string language, string definitionId) => catalog.Latest(definitionId)?.Title.In(language) ?? definitionId;

    /// <summary>
    /// The act's type as the definition names it ("Постановление Совета Министров Союзного государства"); for a
    /// version from before definitions named it, as the latest version of the same definition does; else its title.
    /// </summary>
    public string Act(string language, string definitionId, int definitionVersion)
    {
        var definition = catalog.Find(definitionId, definitionVersion);
        return (definition?.Act ?? catalog.Latest(definitionId)?.Act ?? definition?.Title)?.In(language) ?? Definition(language, definitionId);
    }

    /// <summary>
    /// How an act is cited: "Постановление Совета Министров Союзного государства от 29 марта 2023 г. № 9"
    /// (its definition's act, else its title; its date; its number); an act registered before acts were dated, by its number and year.
    /// </summary>
    public string Citation(string language, string definitionId, int definitionVersion, DateOnly? actDate, string number, int? year)
    {
        var act = Act(language, definitionId, definitionVersion);
        return (actDate, language) switch
        {
            ({ } date, "en") => $"{act} of {Notifications.Notifier.DateText(date, language)} No. {number}",
            ({ } date, _) => $"{act} от {Notifications.Notifier.DateText(date, language)} № {number}",
            (null, "en") => $"{act} No. {number}/{year}",
            _ => $"{act} № {number}/{year}",
        };
    }
}
