using System.ComponentModel.DataAnnotations;

namespace ResolutionWorkflow.App.Messaging;

public enum Transport { InMemory, RabbitMq }

/// <summary>The <c>Messaging</c> configuration section.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    public Transport Transport { get; set; } = Transport.InMemory;

    public RabbitMqOptions RabbitMq { get; set; } = new();

    /// <summary>The queue the application's own callers (web, API) send commands to.</summary>
    public string CommandQueue { get; set; } = "resolution-commands";

    /// <summary>The queue on which journal events become notification jobs.</summary>
    public string NotificationQueue { get; set; } = "resolution-notifications";

    /// <summary>
    /// Organisations with a channel of their own: each sends on <c>{org}.commands</c> and receives
    /// on <c>{org}.events</c>; the application takes the organisation from the channel.
    /// </summary>
    public IList<string> PartyChannels { get; } = [];

    /// <summary>How many refused messages of one party are recorded a minute on one node; the rest are counted.</summary>
    [Range(1, 10_000, ErrorMessage = "must be from 1 to 10000")]
    public int PartyRefusalsPerMinute { get; set; } = 30;

    /// <summary>Commands of one resolution are handled one at a time, across this many partitions.</summary>
    [Range(1, 1024, ErrorMessage = "must be from 1 to 1024")]
    public int Partitions { get; set; } = 16;

    /// <summary>A command that fails this many times goes to the error queue and becomes an incident.</summary>
    [Range(1, 100, ErrorMessage = "must be from 1 to 100")]
    public int Attempts { get; set; } = 5;

    /// <summary>How often the relay looks for rows without being told (rows written by other nodes).</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// After a commit wakes the relay it waits this long, so the commits of that moment go out as one
    /// batch with one update. Small batches keep the relay's bursts of publishing short, and with them
    /// the commands' latency (measured in docs/benchmarks.md).
    /// </summary>
    public TimeSpan OutboxBatchGap { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long a relay's claim on outbox rows stands; a node that dies holding a claim has its rows taken over after it.</summary>
    public TimeSpan OutboxClaimLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Names this process in outbox claims; default: host name and process id.</summary>
    public string Node { get; set; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    public static string CommandsQueueOf(string organisation) => $"{organisation}.commands";

    public static string EventsExchangeOf(string organisation) => $"{organisation}.events";
}

public sealed class RabbitMqOptions
{
    public string Host { get; set; } = "localhost";
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";
    public bool UseTls { get; set; }
}
