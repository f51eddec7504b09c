using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Support;

/// <summary>Reads the shipped registry so tests compare with the real mailboxes.</summary>
public static class ResolutionDriverRegistry
{
    private static readonly Lazy<WorkflowDirectory> Shipped = new(() => AppHarness.Loaded(Repository.Workflows));

    public static string Mailbox(string organisation) => Shipped.Value.Registry!.Organisations[organisation].Mailbox;
}
