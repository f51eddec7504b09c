using System.Collections.Concurrent;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Contracts;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Engine.Texts;

namespace ResolutionWorkflow.App.Messaging;

/// <summary>
/// Records refused party messages against the party that sent them. What the sender wrote is cut to
/// a bounded length and stripped of what cannot be stored, and each party gets at most
/// <see cref="MessagingOptions.PartyRefusalsPerMinute"/> rows a minute on this node — past that
/// the refusals are only counted, into the next row, so a flood costs a party nothing but its own log.
/// </summary>
public sealed partial class PartyRefusals(IDbContextFactory<ResolutionDbContext> contexts, MessagingOptions options, TimeProvider time, ILogger<PartyRefusals> logger)
{
    public const int MaxReason = 500, MaxReasonArgs = 2000;

    private sealed class Window
    {
        public DateTimeOffset Start;
        public int Recorded;
        public int Suppressed;
    }

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    public async Task RecordAsync(string organisation, IResolutionCommand message, string code, Rejection rejection, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(rejection);
        var now = time.GetUtcNow();
        int suppressed;
        var window = _windows.GetOrAdd(organisation, _ => new Window { Start = now });
        lock (window)
        {
            if (now - window.Start >= TimeSpan.FromMinutes(1)) { (window.Start, window.Recorded) = (now, 0); }
            if (window.Recorded >= options.PartyRefusalsPerMinute)
            {
                window.Suppressed++;
                return;
            }
            window.Recorded++;
            (suppressed, window.Suppressed) = (window.Suppressed, 0);
        }
        LogRefused(logger, organisation, message.CommandId, code);
        // What the sender wrote may be in the arguments: kept only whole, storable and bounded, else the page shows the English sentence.
        var json = System.Text.Json.JsonSerializer.Serialize(rejection.Args);
        var args = json.Length <= MaxReasonArgs && StorableText.Problem(json) is null ? json : null;
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            db.PartyRefusals.Add(new PartyRefusalRow
            {
                Organisation = organisation,
                At = now,
                CommandId = message.CommandId,
                CommandType = message.GetType().Name,
                ResolutionId = message.ResolutionId,
                Code = code,
                Reason = Storable(rejection.Message, MaxReason),
                ReasonKey = args is null ? null : rejection.Key,
                ReasonArgs = args,
                Suppressed = suppressed,
            });
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>The latest refusals, newest first, for the coordinators' incidents page.</summary>
    public async Task<IReadOnlyList<PartyRefusalRow>> LatestAsync(int count, CancellationToken ct)
    {
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            return await db.PartyRefusals.AsNoTracking().OrderByDescending(r => r.Id).Take(count).ToListAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>At most <paramref name="max"/> characters, every one storable on every database (an unpaired surrogate or a control character becomes U+FFFD).</summary>
    public static string Storable(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cut = text.Length > max;
        var kept = new StringBuilder(Math.Min(text.Length, max));
        foreach (var rune in text.EnumerateRunes())
        {
            var s = rune.ToString();
            if (cut && kept.Length + s.Length > max - 1) { break; }
            kept.Append(StorableText.Problem(s) is null ? s : "\uFFFD");
        }
        return cut ? kept.Append('…').ToString() : kept.ToString();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "party {Organisation}: command {CommandId} refused ({Code})")]
    private static partial void LogRefused(ILogger logger, string organisation, Guid commandId, string code);
}
