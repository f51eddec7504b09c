using System.ComponentModel.DataAnnotations;

namespace ResolutionWorkflow.App.Telemetry;

public enum OtlpProtocol { Grpc, HttpProtobuf }

/// <summary>The <c>Telemetry</c> configuration section. Off by default: nothing is recorded or exported.</summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string Section = "Telemetry";

    /// <summary>Records traces and metrics even without an exporter (for an exporter added in code, e.g. in tests).</summary>
    public bool Enabled { get; set; }

    /// <summary>An OpenTelemetry collector; setting it switches recording and OTLP export on.</summary>
    public string? OtlpEndpoint { get; set; }

    public OtlpProtocol OtlpProtocol { get; set; } = OtlpProtocol.Grpc;

    /// <summary>How often a worker counts outbox lag, open and overdue tasks and incidents for the gauges.</summary>
    [Range(1, 3600, ErrorMessage = "must be a whole number of seconds from 1 to 3600")]
    public int SampleSeconds { get; set; } = 30;

    public string ServiceName { get; set; } = "resolution-workflow";

    public bool On => Enabled || !string.IsNullOrWhiteSpace(OtlpEndpoint);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(OtlpEndpoint) && !(Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            yield return new ValidationResult("must be the collector's absolute http or https address, e.g. http://otel-collector:4317", [nameof(OtlpEndpoint)]);
        }
    }
}
