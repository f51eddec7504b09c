using ResolutionWorkflow.Engine.Texts;

namespace ResolutionWorkflow.Web.Resolutions;

public enum ClauseChange { Same, Changed, Added, Removed }

public sealed record ClauseDiff(string Number, ClauseChange Change, string? Before, string? After);

/// <summary>The difference between two versions, clause by clause (what reviewers argue about).</summary>
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
            (true, true) => new ClauseDiff(n, ClauseChange.Changed, x, y),
            (false, true) => new ClauseDiff(n, ClauseChange.Added, null, y),
            _ => new ClauseDiff(n, ClauseChange.Removed, x, null),
        })];
    }
}
