using System.Collections.Immutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Json;

namespace ResolutionWorkflow.Engine.Registry;

public sealed record Country(string Id, LocalizedText Name, string Calendar, string TimeZone, string Language);

/// <summary>A role; <see cref="Office"/> (or, per country, <see cref="Offices"/>) is the organisation whose mailbox gets the role's mail.</summary>
public sealed record Role(string Id, LocalizedText Title, string? Office, IReadOnlyDictionary<string, string>? Offices);

/// <summary>Where acts are officially published in a country, and the form of the reference a publication there gets.</summary>
public sealed record PublicationVenue(string Id, string Country, LocalizedText Name, string ReferencePattern, LocalizedText ReferenceFormat)
{
    public bool Admits(string reference) => Regex.IsMatch(reference, ReferencePattern, RegexOptions.None, TimeSpan.FromSeconds(1));
}

public sealed record Organisation(string Id, string Country, LocalizedText Name, LocalizedText? ShortName, string Mailbox, string? Note, string? Language);

/// <summary>The ministries, agencies, countries and roles that definitions may name.</summary>
public sealed partial class OrganisationRegistry
{
    public OrganisationRegistry(IEnumerable<Country> countries, IEnumerable<Role> roles, IEnumerable<Organisation> organisations, IEnumerable<PublicationVenue>? venues = null)
    {
        Countries = countries.ToImmutableDictionary(c => c.Id);
        Roles = roles.ToImmutableDictionary(r => r.Id);
        Organisations = organisations.ToImmutableDictionary(o => o.Id);
        Venues = [.. venues ?? []];
    }

    /// <summary>The official publication venues, in the registry's order; a country with none records publication anywhere it is told.</summary>
    public ImmutableArray<PublicationVenue> Venues { get; }

    public IEnumerable<PublicationVenue> VenuesOf(string country) => Venues.Where(v => v.Country == country);

    public ImmutableDictionary<string, Country> Countries { get; }

    public ImmutableDictionary<string, Role> Roles { get; }

    public ImmutableDictionary<string, Organisation> Organisations { get; }

    public Country CountryOf(string organisationId) => Countries[Organisations[organisationId].Country];

    /// <summary>The language mail to an organisation is written in: its own setting, else its country's.</summary>
    public string LanguageOf(string organisationId) => Organisations[organisationId].Language ?? CountryOf(organisationId).Language;

    public const string FileName = "registry.json";

    private sealed record Source(int SchemaVersion, List<Country> Countries, List<Role> Roles, List<Organisation> Organisations, List<PublicationVenue>? PublicationVenues);

    /// <summary>Loads <c>registry/registry.json</c>, refusing it with every error found.</summary>
    public static OrganisationRegistry Load(string file, SchemaChecker schema)
    {
        using var read = schema.Read(file, File.ReadAllBytes(file));
        if (read.Document is null) { throw new DefinitionException(read.Errors); }
        var lines = read.Lines;
        var errors = new List<DefinitionError>();
        var source = read.Document.RootElement.Deserialize<Source>(SourceJson.Options)!;
        void Duplicates<T>(string list, IReadOnlyList<T> items, Func<T, string> id)
        {
            var seen = new Dictionary<string, int>();
            for (var i = 0; i < items.Count; i++)
            {
                if (!seen.TryAdd(id(items[i]), i))
                {
                    errors.Add(DefinitionError.At(file, JsonPath.Root.Property(list).Index(i).Property("id"), lines,
                        $"duplicate id '{id(items[i])}' (first at {JsonPath.Root.Property(list).Index(seen[id(items[i])])})"));
                }
            }
        }
        Duplicates("countries", source.Countries, c => c.Id);
        Duplicates("roles", source.Roles, r => r.Id);
        Duplicates("organisations", source.Organisations, o => o.Id);
        var venues = source.PublicationVenues ?? [];
        Duplicates("publicationVenues", venues, v => v.Id);

        var countryIds = source.Countries.Select(c => c.Id).ToHashSet();
        var organisationIds = source.Organisations.Select(o => o.Id).ToHashSet();
        for (var i = 0; i < source.Roles.Count; i++)
        {
            var role = source.Roles[i];
            var path = JsonPath.Root.Property("roles").Index(i);
            if (role.Office is { } office && !organisationIds.Contains(office))
            {
                errors.Add(DefinitionError.At(file, path.Property("office"), lines, $"unknown organisation '{office}'"));
            }
            foreach (var (country, org) in role.Offices ?? new Dictionary<string, string>())
            {
                if (!countryIds.Contains(country)) { errors.Add(DefinitionError.At(file, path.Property("offices").Property(country), lines, $"unknown country '{country}'")); }
                if (!organisationIds.Contains(org)) { errors.Add(DefinitionError.At(file, path.Property("offices").Property(country), lines, $"unknown organisation '{org}'")); }
            }
        }
        for (var i = 0; i < source.Organisations.Count; i++)
        {
            var org = source.Organisations[i];
            var path = JsonPath.Root.Property("organisations").Index(i);
            if (!countryIds.Contains(org.Country))
            {
                errors.Add(DefinitionError.At(file, path.Property("country"), lines, $"unknown country '{org.Country}'; known: {string.Join(", ", countryIds)}"));
            }
            foreach (var (field, name) in new[] { ("name", org.Name), ("shortName", org.ShortName) })
            {
                if (name?.Ru is { } ru && UnofficialAbbreviation().Match(ru) is { Success: true } abbreviation)
                {
                    errors.Add(DefinitionError.At(file, path.Property(field).Property("ru"), lines,
                        $"'{abbreviation.Value}' in '{ru}' is not how officials write a name: write 'Беларуси' (Минфин Беларуси), 'России' or 'Союзного государства'"));
                }
            }
        }
        for (var i = 0; i < source.Countries.Count; i++)
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(source.Countries[i].TimeZone, out _))
            {
                errors.Add(DefinitionError.At(file, JsonPath.Root.Property("countries").Index(i).Property("timeZone"), lines,
                    $"unknown time zone '{source.Countries[i].TimeZone}'"));
            }
        }
        for (var i = 0; i < venues.Count; i++)
        {
            var path = JsonPath.Root.Property("publicationVenues").Index(i);
            if (!countryIds.Contains(venues[i].Country))
            {
                errors.Add(DefinitionError.At(file, path.Property("country"), lines, $"unknown country '{venues[i].Country}'; known: {string.Join(", ", countryIds)}"));
            }
            try { _ = new Regex(venues[i].ReferencePattern, RegexOptions.None, TimeSpan.FromSeconds(1)); }
            catch (ArgumentException e) { errors.Add(DefinitionError.At(file, path.Property("referencePattern"), lines, $"not a valid regular expression: {e.Message}")); }
        }
        if (errors.Count > 0) { throw new DefinitionException(errors); }
        return new OrganisationRegistry(source.Countries, source.Roles, source.Organisations, venues);
    }

    /// <summary>Abbreviations of the states that official text does not use in a body's name (the glossary: "Минфин Беларуси", not "Минфин РБ").</summary>
    [GeneratedRegex(@"(?<!\p{L})(?:РБ|СГ|РФ)(?!\p{L})")]
    private static partial Regex UnofficialAbbreviation();
}
