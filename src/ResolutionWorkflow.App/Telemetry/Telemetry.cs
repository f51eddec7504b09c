using System.Diagnostics;
using System.Diagnostics.Metrics;
using ResolutionWorkflow.App.Commands;

namespace ResolutionWorkflow.App.Telemetry;

/// <summary>
/// The application's own spans and metrics. Without a listener (telemetry off, the default) a span
/// is never created and a measurement costs a check; the web host subscribes when told to.
/// </summary>
public static class Telemetry
{
    public const string Name = "ResolutionWorkflow";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Commands = Meter.CreateCounter<long>("rw.commands", "{command}", "Commands handled, by command, outcome and rejection code");

    private static readonly Histogram<int> GroupSizes = Meter.CreateHistogram<int>("rw.commit.group_size", "{command}", "Commands written by one commit");

    public static void CommandHandled(string command, CommandOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Commands.Add(1, new KeyValuePair<string, object?>("command", command), new KeyValuePair<string, object?>("outcome", outcome.Accepted ? "accepted" : "rejected"),
            new KeyValuePair<string, object?>("code", outcome.Rejection?.Code.ToString() ?? ""));
    }

    public static void GroupCommitted(int commands) => GroupSizes.Record(commands);

    /// <summary>The W3C trace context of the current span, to be stored with work done later (an outbox row, a job).</summary>
    public static string? CurrentContext() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>A span continuing the trace stored with <paramref name="context"/>; a new trace if there is none.</summary>
    public static Activity? StartContinuing(string name, ActivityKind kind, string? context) =>
        ActivityContext.TryParse(context, null, out var parent) ? Source.StartActivity(name, kind, parent) : Source.StartActivity(name, kind);
}
