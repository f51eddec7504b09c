using System.ComponentModel.DataAnnotations;

namespace ResolutionWorkflow.App.Deadlines;

/// <summary>The <c>Deadlines</c> configuration section.</summary>
public sealed class DeadlineOptions
{
    public const string Section = "Deadlines";

    /// <summary>Off only for tests that move the clock by hand; deadlines are then applied by nobody.</summary>
    public bool Sweep { get; set; } = true;

    /// <summary>How often due rows are swept (whole seconds, 1 to 59).</summary>
    [Range(1, 59, ErrorMessage = "must be a whole number of seconds from 1 to 59")]
    public int PollSeconds { get; set; } = 15;

    /// <summary>A claimed row whose job has not finished after this long may be claimed again.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A Hangfire job taken by a node that died (a reminder, a mail) runs on another node after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00", ErrorMessage = "must be from 00:00:05 to 1.00:00:00")]
    public TimeSpan OrphanedJobAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// On PostgreSQL, a cluster lock (the sweep's, Hangfire's own) left by a node that died is taken over
    /// after this long. A live node holds one for seconds, and this must stay longer than the longest
    /// sweep (one batch), or a second node would sweep beside it. SQL Server frees such a lock with the
    /// dead node's session; the embedded default is one process.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00", ErrorMessage = "must be from 00:00:05 to 00:10:00")]
    public TimeSpan StaleLockAfter { get; set; } = TimeSpan.FromMinutes(1);

    [Range(1, 100_000, ErrorMessage = "must be from 1 to 100000")]
    public int BatchSize { get; set; } = 500;

    /// <summary>Names this process in claims; default: host name and process id.</summary>
    public string Node { get; set; } = $"{Environment.MachineName}/{Environment.ProcessId}";
}
