using Microsoft.Extensions.Configuration;

namespace ResolutionWorkflow.App.Hosting;

/// <summary>What one process of the cluster runs: pages and the API, the background work, or both.</summary>
public enum NodeRole
{
    /// <summary>Everything in one process: the embedded default.</summary>
    All,

    /// <summary>Pages and the API; every action is sent over the bus to a worker.</summary>
    Web,

    /// <summary>Command and event consumers, the outbox relay, the deadline sweeper, the Hangfire server, digests and retention.</summary>
    Worker,
}

public static class NodeRoles
{
    /// <summary>The configuration key; <c>--role worker</c> on the command line sets it too.</summary>
    public const string Key = "Role";

    public static NodeRole Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[Key];
        if (string.IsNullOrWhiteSpace(value)) { return NodeRole.All; }
        return value.Trim().ToLowerInvariant() switch
        {
            "all" => NodeRole.All,
            "web" => NodeRole.Web,
            "worker" => NodeRole.Worker,
            _ => throw new SettingsException($"{Key}: '{value}' is not a role; use web, worker or all"),
        };
    }

    public static bool RunsWeb(this NodeRole role) => role != NodeRole.Worker;

    public static bool RunsWorker(this NodeRole role) => role != NodeRole.Web;

    /// <summary>The parts this role runs, as the health endpoints report them.</summary>
    public static IReadOnlyList<string> Parts(this NodeRole role) =>
    [
        .. role.RunsWeb() ? new[] { "pages", "api" } : [],
        .. role.RunsWorker() ? new[] { "command-consumers", "notification-consumer", "outbox-relay", "deadline-sweeper", "hangfire-server", "digests", "retention", "journal-check" } : [],
    ];

    public static string Name(this NodeRole role) => role.ToString().ToLowerInvariant();
}

/// <summary>This process's role, as a service (pages and health endpoints ask for it).</summary>
public sealed record ThisNode(NodeRole Role);
