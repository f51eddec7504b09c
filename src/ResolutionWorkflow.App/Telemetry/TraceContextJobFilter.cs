using System.Diagnostics;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.Server;

namespace ResolutionWorkflow.App.Telemetry;

/// <summary>
/// Carries the trace into Hangfire: the span that enqueues a job stores its context with the job,
/// and the job runs in a span continuing it (a mail sent by a job stays in the officer's trace).
/// </summary>
public sealed class TraceContextJobFilter : JobFilterAttribute, IClientFilter, IServerFilter
{
    private const string Parameter = "traceparent";
    private const string Span = "rw.span";

    public void OnCreating(CreatingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Telemetry.CurrentContext() is { } trace) { context.SetJobParameter(Parameter, trace); }
    }

    public void OnCreated(CreatedContext context) { }

    public void OnPerforming(PerformingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var activity = Telemetry.StartContinuing($"job {context.BackgroundJob.Job.Type.Name}.{context.BackgroundJob.Job.Method.Name}", ActivityKind.Consumer, context.GetJobParameter<string>(Parameter));
        activity?.SetTag("rw.job_id", context.BackgroundJob.Id);
        if (activity is not null) { context.Items[Span] = activity; }
    }

    public void OnPerformed(PerformedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(Span, out var item) && item is Activity activity)
        {
            if (context.Exception is { } e) { activity.SetStatus(ActivityStatusCode.Error, e.Message); }
            activity.Dispose();
        }
    }
}
