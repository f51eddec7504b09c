using System.Collections.Immutable;

namespace ResolutionWorkflow.Engine.Definitions;

/// <summary>Every deployed version of every definition. New resolutions take the latest version.</summary>
public sealed class WorkflowCatalog(IEnumerable<WorkflowDefinition> definitions)
{
    private readonly ImmutableDictionary<(string Id, int Version), WorkflowDefinition> _all =
        definitions.ToImmutableDictionary(d => (d.Id, d.Version));

    public IEnumerable<WorkflowDefinition> All => _all.Values.OrderBy(d => d.Id, StringComparer.Ordinal).ThenBy(d => d.Version);

    public WorkflowDefinition? Latest(string id) =>
        _all.Values.Where(d => d.Id == id).MaxBy(d => d.Version);

    public WorkflowDefinition? Find(string id, int version) => _all.GetValueOrDefault((id, version));
}
