using DiffPlex;
using DiffPlex.Chunkers;
using ResolutionWorkflow.Engine.Texts;

namespace ResolutionWorkflow.Web.Resolutions;

public enum ClauseChange { Same, Changed, Added, Removed }

public enum WordChange { Same, Removed, Added }

/// <summary>A run of words kept, removed or added.</summary>
public sealed record WordRun(WordChange Change, string Text);

/// <summary>One clause in two versions; a changed clause also carries its words marked (removed and added runs).</summary>
public sealed record ClauseDiff(string Number, ClauseChange Change, string? Before, string? After)
{
    public IReadOnlyList<WordRun> Words { get; init; } = [];
}

/// <summary>The difference between two versions, clause by clause (what reviewers argue about), and word by word within a clause.</summary>
public static class TextDiff
{
    public static IReadOnlyList<ClauseDiff> Between(string before, string after)
    {
        var a = ResolutionText.Clauses(before).ToDictionary(c => c.Number, c => c.Text);
        var b = ResolutionText.Clauses(after).ToDictionary(c => c.Number, c => c.Text);
        var order = ResolutionText.Clauses(after).Select(c => c.Number).Concat(a.Keys).Distinct();
        return [.. order.Select(n => (a.TryGetValue(n, out var x), b.TryGetValue(n, out var y)) switch
        {
            (true, true) when x == y => new ClauseDiff(n, ClauseChange.Same, x, y),
            (true, true) => new ClauseDiff(n, ClauseChange.Changed, x, y) { Words = Words(x!, y!) },
            (false, true) => new ClauseDiff(n, ClauseChange.Added, null, y),
            _ => new ClauseDiff(n, ClauseChange.Removed, x, null),
        })];
    }

    /// <summary>The words of <paramref name="after"/> with what <paramref name="before"/> had instead marked removed, in reading order.</summary>
    public static IReadOnlyList<WordRun> Words(string before, string after)
    {
        var diff = Differ.Instance.CreateDiffs(before, after, ignoreWhiteSpace: false, ignoreCase: false, new DelimiterChunker([' ', '\t', '\n', ',', '.', ';', ':', '(', ')', '«', '»']));
        var runs = new List<WordRun>();
        void Add(WordChange change, IEnumerable<string> pieces)
        {
            var text = string.Concat(pieces);
            if (text.Length == 0) { return; }
            if (runs.Count > 0 && runs[^1].Change == change) { runs[^1] = runs[^1] with { Text = runs[^1].Text + text }; }
            else { runs.Add(new WordRun(change, text)); }
        }
        var kept = 0;
        foreach (var block in diff.DiffBlocks)
        {
            Add(WordChange.Same, diff.PiecesNew.Skip(kept).Take(block.InsertStartB - kept));
            Add(WordChange.Removed, diff.PiecesOld.Skip(block.DeleteStartA).Take(block.DeleteCountA));
            Add(WordChange.Added, diff.PiecesNew.Skip(block.InsertStartB).Take(block.InsertCountB));
            kept = block.InsertStartB + block.InsertCountB;
        }
        Add(WordChange.Same, diff.PiecesNew.Skip(kept));
        return runs;
    }
}
