using System.ComponentModel.DataAnnotations;

namespace ResolutionWorkflow.App.Notifications;

public enum MailDelivery { Pickup, Smtp }

public enum SmtpSecurity { None, StartTls, Tls }

/// <summary>The <c>Mail</c> configuration section. By default mail is written as .eml files to a pickup folder.</summary>
public sealed class MailOptions : IValidatableObject
{
    public const string Section = "Mail";

    public MailDelivery Delivery { get; set; } = MailDelivery.Pickup;

    /// <summary>Default: <c>{Database:DataFolder}/mail</c>.</summary>
    public string? PickupFolder { get; set; }

    public string From { get; set; } = "resolutions@resolution-workflow.local";

    public string FromName { get; set; } = "ResolutionWorkflow";

    /// <summary>
    /// The public address links in mail point to, e.g. https://resolutions.example/. When unset, a
    /// node that serves pages uses the address it listens on and says so at start-up.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>Where links point when nothing better is known (a worker alone, a command-line tool).</summary>
    public const string FallbackBaseUrl = "http://localhost:5000/";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>
    /// How long a worker's claim on a mail stands before another may send it (after a crash between
    /// claiming and sending). Longer than the mail server's slowest answer; shorter than the job's retries.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BaseUrl is not null && (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult($"must be the absolute http or https address the application serves on (links in mail point there), not '{BaseUrl}'", [nameof(BaseUrl)]);
        }
        if (ClaimLease <= TimeSpan.Zero) { yield return new ValidationResult($"must be longer than zero, not {ClaimLease}", [nameof(ClaimLease)]); }
    }
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 25;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string? Username { get; set; }
    public string? Password { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
