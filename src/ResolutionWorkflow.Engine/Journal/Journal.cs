using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResolutionWorkflow.Engine.Json;
using ResolutionWorkflow.Engine.Resolutions;

namespace ResolutionWorkflow.Engine.Journal;

/// <summary>
/// One journal entry: an event with who and when, chained to the previous entry by hash.
/// <see cref="Hash"/> is SHA-256 over the canonical JSON of every other field, so changing,
/// removing or reordering entries breaks the chain.
/// </summary>
public sealed record JournalEntry(
    Guid ResolutionId,
    long Sequence,
    Guid CommandId,
    string ActorUserId,
    string ActorOrganisation,
    DateTimeOffset At,
    string EventType,
    string Data,
    string PreviousHash,
    string Hash);

/// <summary>The outcome of <see cref="JournalChain.Verify"/>: valid, or the first entry that is not.</summary>
public sealed record JournalVerification(bool IsValid, long? FirstBadSequence, int? FirstBadIndex, string? Problem)
{
    public static readonly JournalVerification Valid = new(true, null, null, null);
}

public static class JournalChain
{
    /// <summary>The previous hash of the first entry of every resolution.</summary>
    public static readonly string Genesis = new('0', 64);

    private static readonly JsonSerializerOptions EventJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Builds the entries for one accepted command, continuing the chain after <paramref name="last"/>.</summary>
    public static IReadOnlyList<JournalEntry> Append(JournalEntry? last, Guid resolutionId, Guid commandId, Actor actor, IEnumerable<ResolutionEvent> events) =>
        Append(last?.Sequence ?? 0, last?.Hash ?? Genesis, resolutionId, commandId, actor, events);

    /// <summary>Continues the chain after entry <paramref name="lastSequence"/> whose hash is <paramref name="lastHash"/> (0 and <see cref="Genesis"/> for a new journal).</summary>
    public static IReadOnlyList<JournalEntry> Append(long lastSequence, string lastHash, Guid resolutionId, Guid commandId, Actor actor, IEnumerable<ResolutionEvent> events)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var entries = new List<JournalEntry>();
        var sequence = lastSequence;
        var previous = lastHash;
        foreach (var e in events)
        {
            if (!Instants.IsCanonical(e.At))
            {
                throw new ArgumentException($"event {e.GetType().Name} is at {e.At:O}, finer than whole microseconds: it would not read back as hashed from every database", nameof(events));
            }
            using var document = JsonSerializer.SerializeToDocument(e, EventJson);
            var type = document.RootElement.GetProperty("type").GetString()!;
            using var data = JsonScratch.Rent();
            CanonicalJson.Write(data.Writer, document.RootElement, ["type", "at"]);
            var entry = new JournalEntry(resolutionId, ++sequence, commandId, actor.UserId, actor.Organisation, e.At.ToUniversalTime(),
                type, data.ToString(), previous, "");
            entry = entry with { Hash = HashOf(entry, data.Written) };
            entries.Add(entry);
            previous = entry.Hash;
        }
        return entries;
    }

    /// <summary>Reads an event back from its entry.</summary>
    public static ResolutionEvent ToEvent(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var node = JsonNode.Parse(entry.Data)!.AsObject();
        var withType = new JsonObject { ["type"] = entry.EventType };
        foreach (var (key, value) in node) { withType[key] = value?.DeepClone(); }
        var e = withType.Deserialize<ResolutionEvent>(EventJson)!;
        return e with { At = entry.At };
    }

    /// <summary>SHA-256 over the canonical JSON of every field but the hash (the data canonicalised first, so key order does not matter).</summary>
    public static string HashOf(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return HashOf(entry, System.Text.Encoding.UTF8.GetBytes(CanonicalJson.Serialize(JsonNode.Parse(entry.Data))));
    }

    /// <summary>The same hash, for data already in canonical form (UTF-8), written straight to a buffer in the canonical key order.</summary>
    private static string HashOf(JournalEntry entry, ReadOnlySpan<byte> canonicalData)
    {
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        Span<char> at = stackalloc char[32];
        entry.At.ToUniversalTime().TryFormat(at, out var atLength, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        writer.WriteStartObject();
        writer.WriteString("actorOrganisation", entry.ActorOrganisation);
        writer.WriteString("actorUserId", entry.ActorUserId);
        writer.WriteString("at", at[..atLength]);
        writer.WriteString("commandId", entry.CommandId); // as ToString("D")
        writer.WritePropertyName("data");
        writer.WriteRawValue(canonicalData, skipInputValidation: true);
        writer.WriteString("eventType", entry.EventType);
        writer.WriteString("previousHash", entry.PreviousHash);
        writer.WriteString("resolutionId", entry.ResolutionId);
        writer.WriteNumber("sequence", entry.Sequence);
        writer.WriteEndObject();
        Span<byte> digest = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(scratch.Written, digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>
    /// Whether an entry's content still has its hash. Data is stored in canonical form, so its bytes
    /// are hashed as they are (verifying a large journal is then mostly reading it); only on a
    /// mismatch is the data canonicalised first, as <see cref="HashOf(JournalEntry)"/> does. Data
    /// that is not JSON at all was changed.
    /// </summary>
    private static bool Matches(JournalEntry e)
    {
        if (HashOf(e, System.Text.Encoding.UTF8.GetBytes(e.Data)) == e.Hash) { return true; }
        try
        {
            return HashOf(e) == e.Hash;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Checks one resolution's journal, in stored order. Reports the first entry that was
    /// changed (its hash no longer matches), removed (a gap in the sequence) or reordered.
    /// </summary>
    /// <param name="headHash">The hash of the last entry as recorded elsewhere (the resolution row); without it a
    /// removal at the very end cannot be seen.</param>
    public static JournalVerification Verify(IReadOnlyList<JournalEntry> entries, string? headHash = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var previous = Genesis;
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var expected = i + 1L;
            if (e.Sequence != expected)
            {
                // The first bad entry is the one missing or out of place: the entry expected here.
                return Bad(i, e with { Sequence = expected }, e.Sequence > expected
                    ? $"entry {expected} is missing: found entry {e.Sequence} in its place"
                    : $"entry {e.Sequence} is out of order: expected entry {expected}");
            }
            if (i > 0 && e.ResolutionId != entries[0].ResolutionId) { return Bad(i, e, "entry belongs to another resolution"); }
            if (!Matches(e)) { return Bad(i, e, $"entry {e.Sequence} was changed: its content does not match its hash"); }
            if (e.PreviousHash != previous) { return Bad(i, e, $"entry {e.Sequence} does not follow entry {e.Sequence - 1}: the chain is broken"); }
            previous = e.Hash;
        }
        if (headHash is not null && headHash != previous)
        {
            return new JournalVerification(false, entries.Count + 1L, entries.Count, $"entries after entry {entries.Count} were removed: the chain ends before the recorded head");
        }
        return JournalVerification.Valid;

        static JournalVerification Bad(int index, JournalEntry e, string problem) => new(false, e.Sequence, index, problem);
    }
}
