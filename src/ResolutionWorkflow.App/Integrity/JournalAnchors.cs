using System.Globalization;
using System.Text;

namespace ResolutionWorkflow.App.Integrity;

/// <summary>A journal head as anchored: the resolution, the number of entries and the hash of the last.</summary>
public sealed record AnchoredHead(Guid ResolutionId, long Length, string Head);

/// <summary>
/// Writes every committed journal head to an append-only text file outside the database, so that
/// whoever can rewrite the journal rows and the head stored beside them still cannot make the
/// rewritten chain match what was anchored. One file per day and process
/// (<c>heads-YYYY-MM-DD-node.log</c>); a line is <c>resolution length head time</c>.
/// </summary>
public sealed class JournalAnchorWriter(string folder, TimeProvider time) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly string _node = string.Concat($"{Environment.MachineName}-{Environment.ProcessId}".Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_'));
    private FileStream? _file;
    private DateOnly _day;

    public string Folder => folder;

    /// <summary>Appends the heads just committed. A failure is the caller's to log: the commit stands either way.</summary>
    public void Append(IEnumerable<AnchoredHead> heads)
    {
        ArgumentNullException.ThrowIfNull(heads);
        var now = time.GetUtcNow();
        var text = new StringBuilder();
        foreach (var h in heads)
        {
            text.Append(CultureInfo.InvariantCulture, $"{h.ResolutionId:D} {h.Length} {h.Head} {now:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'}\n");
        }
        if (text.Length == 0) { return; }
        var bytes = Encoding.ASCII.GetBytes(text.ToString());
        lock (_lock)
        {
            var day = DateOnly.FromDateTime(now.UtcDateTime);
            if (_file is null || day != _day)
            {
                _file?.Dispose();
                Directory.CreateDirectory(folder);
                _file = new FileStream(Path.Combine(folder, $"heads-{day:yyyy-MM-dd}-{_node}.log"), FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                _day = day;
            }
            // One write per commit: a line never interleaves with another writer's.
            _file.Write(bytes);
            _file.Flush();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _file?.Dispose();
            _file = null;
        }
    }
}

/// <summary>The last anchored head of every resolution, read from an anchor folder.</summary>
public static class JournalAnchors
{
    /// <summary>Reads every <c>heads-*.log</c> in <paramref name="folder"/>; for each resolution the longest head wins. Malformed lines are counted, not trusted.</summary>
    public static (IReadOnlyDictionary<Guid, AnchoredHead> Heads, int BadLines) Read(string folder)
    {
        if (!Directory.Exists(folder)) { throw new DirectoryNotFoundException($"the anchor folder '{folder}' does not exist"); }
        var heads = new Dictionary<Guid, AnchoredHead>();
        var bad = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "heads-*.log"))
        {
            using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete), Encoding.ASCII);
            while (reader.ReadLine() is { } line)
            {
                var parts = line.Split(' ');
                if (parts.Length < 3 || !Guid.TryParse(parts[0], out var id) || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                    || parts[2].Length != 64)
                {
                    // A line cut short by a crash mid-write is the only expected case.
                    if (line.Length > 0) { bad++; }
                    continue;
                }
                if (!heads.TryGetValue(id, out var known) || known.Length < length) { heads[id] = new AnchoredHead(id, length, parts[2]); }
            }
        }
        return (heads, bad);
    }
}
