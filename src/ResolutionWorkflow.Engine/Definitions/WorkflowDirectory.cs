using ResolutionWorkflow.Engine.Calendars;
using ResolutionWorkflow.Engine.Json;
using ResolutionWorkflow.Engine.Registry;

namespace ResolutionWorkflow.Engine.Definitions;

/// <summary>
/// The <c>workflows/</c> folder: schemas, the registry, the production calendars and the
/// definitions. Loading it reports every error of every file, so an administrator fixes them
/// in one pass.
/// </summary>
public sealed record WorkflowDirectory(string Root, OrganisationRegistry? Registry, CalendarSet Calendars, WorkflowCatalog Catalog, IReadOnlyList<DefinitionError> Errors)
{
    public bool IsValid => Errors.Count == 0;

    public static string SchemaFile(string root, string name) => Path.Combine(root, "schema", name);

    public static WorkflowDirectory Load(string root)
    {
        var errors = new List<DefinitionError>();
        if (!Directory.Exists(root))
        {
            return new WorkflowDirectory(root, null, new CalendarSet([]), new WorkflowCatalog([]), [new DefinitionError(root, "$", null, "folder not found")]);
        }

        OrganisationRegistry? registry = null;
        var registryFile = Path.Combine(root, "registry", OrganisationRegistry.FileName);
        try
        {
            registry = OrganisationRegistry.Load(registryFile, SchemaChecker.FromFile(SchemaFile(root, "registry.schema.json")));
        }
        catch (DefinitionException e) { errors.AddRange(e.Errors); }
        catch (IOException e) { errors.Add(new DefinitionError(registryFile, "$", null, e.Message)); }

        var (calendars, calendarErrors) = CalendarLoader.LoadFolder(Path.Combine(root, "calendars"), SchemaChecker.FromFile(SchemaFile(root, "calendar.schema.json")));
        errors.AddRange(calendarErrors);
        foreach (var country in registry?.Countries.Values ?? [])
        {
            if (!calendars.Contains(country.Calendar))
            {
                errors.Add(new DefinitionError(registryFile, "$.countries", null, $"country '{country.Id}' uses calendar '{country.Calendar}', but calendars/{country.Calendar}/ has no valid year"));
            }
        }

        var definitions = new List<WorkflowDefinition>();
        var definitionFiles = Directory.Exists(Path.Combine(root, "definitions"))
            ? Directory.GetFiles(Path.Combine(root, "definitions"), "*.json").Order(StringComparer.Ordinal).ToList()
            : [];
        if (definitionFiles.Count == 0)
        {
            errors.Add(new DefinitionError(Path.Combine(root, "definitions"), "$", null, "no workflow definitions found"));
        }
        if (registry is not null && definitionFiles.Count > 0)
        {
            var loader = new DefinitionLoader(SchemaChecker.FromFile(SchemaFile(root, "workflow.schema.json")), registry, calendars.Ids.ToHashSet());
            foreach (var file in definitionFiles)
            {
                try { definitions.Add(loader.LoadFile(file)); }
                catch (DefinitionException e) { errors.AddRange(e.Errors); }
            }
            foreach (var duplicate in definitions.GroupBy(d => (d.Id, d.Version)).Where(g => g.Count() > 1))
            {
                foreach (var d in duplicate.Skip(1))
                {
                    errors.Add(new DefinitionError(d.SourceFile, "$.version", null,
                        $"definition '{d.Id}' version {d.Version} is also defined in {duplicate.First().SourceFile}; give a changed definition a new version"));
                }
            }
        }
        return new WorkflowDirectory(root, registry, calendars, new WorkflowCatalog(definitions), errors);
    }
}
