using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ResolutionWorkflow.App;
using ResolutionWorkflow.App.Hosting;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.App.Telemetry;

namespace ResolutionWorkflow.Web.Telemetry;

/// <summary>
/// OpenTelemetry for the host, when configured (<c>Telemetry__OtlpEndpoint</c>): one trace follows
/// a request through the bus, the command's commit, the outbox relay, the Hangfire job and the mail
/// (the outbox row and the job carry the trace context across the gaps). Off by default.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>MassTransit's spans and metrics.</summary>
    private const string MassTransit = "MassTransit";

    public static void AddResolutionTelemetry(this WebApplicationBuilder builder, NodeRole role)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = Settings.Read<TelemetryOptions>(builder.Configuration, TelemetryOptions.Section);
        builder.Services.AddSingleton(options);
        if (!options.On) { return; }
        var provider = Database.ReadOptions(builder.Configuration).Provider;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceInstanceId: $"{Environment.MachineName}/{Environment.ProcessId}")
                .AddAttributes([new("rw.role", role.Name())]))
            .WithTracing(t =>
            {
                t.AddSource(App.Telemetry.Telemetry.Name, MassTransit)
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                    .AddHttpClientInstrumentation();
                // Statements: from the driver on PostgreSQL, from EF Core elsewhere.
                if (provider == DatabaseProvider.PostgreSql) { t.AddNpgsql(); } else { t.AddEntityFrameworkCoreInstrumentation(); }
                if (Otlp(options) is { } export) { t.AddOtlpExporter(export); }
            })
            .WithMetrics(m =>
            {
                m.AddMeter(App.Telemetry.Telemetry.Name, MassTransit).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation();
                if (Otlp(options) is { } export) { m.AddOtlpExporter(export); }
            });
        if (role.RunsWorker()) { builder.Services.AddHostedService<OperationalGauges>(); }
    }

    private static Action<OtlpExporterOptions>? Otlp(TelemetryOptions options) =>
        string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? null : o =>
        {
            o.Endpoint = new Uri(options.OtlpEndpoint);
            o.Protocol = options.OtlpProtocol == OtlpProtocol.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        };
}
