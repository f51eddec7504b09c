using System.ComponentModel.DataAnnotations;

namespace ResolutionWorkflow.App.Retention;

/// <summary>
/// The <c>Retention</c> configuration section: how long bookkeeping rows that only grow are kept.
/// Each period is far longer than any retry that may still need the row: MassTransit retries a
/// command for seconds, Hangfire retries a mail for under an hour, and a party system that was
/// down resends within days. The journal, texts and the other rows of record are never deleted.
/// </summary>
public sealed class RetentionOptions : IValidatableObject
{
    public const string Section = "Retention";

    /// <summary>Processed-command records: a repeat of a command inside this window gets the first answer.</summary>
    public TimeSpan ProcessedCommands { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Outbox rows already published.</summary>
    public TimeSpan SentOutbox { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Sent-mail markers: a retried job inside this window does not send the mail again.</summary>
    public TimeSpan SentMail { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Deadline rows done or skipped, counted from when they were due to fire.</summary>
    public TimeSpan FinishedDeadlines { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Stored bytes of a file no version carries, counted from when they were stored.</summary>
    public TimeSpan UnattachedFiles { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Rows deleted per statement, so no delete holds locks for long.</summary>
    public int BatchSize { get; set; } = 1000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { (nameof(ProcessedCommands), ProcessedCommands), (nameof(SentOutbox), SentOutbox), (nameof(SentMail), SentMail), (nameof(FinishedDeadlines), FinishedDeadlines), (nameof(UnattachedFiles), UnattachedFiles) })
        {
            if (value < TimeSpan.FromDays(1)) { yield return new ValidationResult($"must be at least one day (1.00:00:00), not {value}", [name]); }
        }
        if (BatchSize is < 1 or > 100_000) { yield return new ValidationResult($"must be from 1 to 100000, not {BatchSize}", [nameof(BatchSize)]); }
    }
}
