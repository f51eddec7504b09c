using System.ComponentModel.DataAnnotations;

namespace ResolutionWorkflow.App.Integrity;

/// <summary>The <c>Journal</c> configuration section.</summary>
public sealed class JournalOptions
{
    public const string Section = "Journal";

    /// <summary>
    /// Where each committed journal head is also written, one line per head, append only; it should be
    /// a place the database's administrators cannot rewrite (another volume, a write-once share).
    /// Default: <c>anchors</c> under the data folder.
    /// </summary>
    public string? AnchorFolder { get; set; }

    /// <summary>How often the recurring check verifies the chains that changed since its last run (minutes, 1 to 59).</summary>
    [Range(1, 59, ErrorMessage = "must be a whole number of minutes from 1 to 59")]
    public int CheckMinutes { get; set; } = 5;
}
