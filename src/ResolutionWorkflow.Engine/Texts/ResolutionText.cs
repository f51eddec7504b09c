using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ResolutionWorkflow.Engine.Json;

namespace ResolutionWorkflow.Engine.Texts;

/// <summary>A numbered clause of a resolution text ("3", "3.1"), or the preamble before clause 1.</summary>
public sealed record Clause(string Number, string Text);

/// <summary>
/// Resolution texts and their hashes. A signature binds to the hash, so the normalisation is
/// part of the contract and must never change silently:
/// <list type="number">
/// <item>a leading byte-order mark is dropped;</item>
/// <item>the text is put in Unicode normalisation form C;</item>
/// <item>CR LF and lone CR become LF;</item>
/// <item>spaces and tabs at the end of every line are removed;</item>
/// <item>blank lines at the start and the end are removed; there is no final line break.</item>
/// </list>
/// The hash is SHA-256 over the UTF-8 bytes of the normalised text, in lower-case hex.
/// </summary>
public static partial class ResolutionText
{
    public const string Preamble = "preamble";

    public static string Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.TrimStart('\uFEFF').Normalize(NormalizationForm.FormC)
            .Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var lines = s.Split('\n').Select(l => l.TrimEnd(' ', '\t')).ToList();
        while (lines.Count > 0 && lines[0].Length == 0) { lines.RemoveAt(0); }
        while (lines.Count > 0 && lines[^1].Length == 0) { lines.RemoveAt(lines.Count - 1); }
        return string.Join('\n', lines);
    }

    public static string Hash(string text) => CanonicalJson.Sha256Hex(Normalise(text));

    /// <summary>
    /// Splits a normalised text into clauses: a line that starts with "N." or "N.M." and a space
    /// opens a clause; the lines after it belong to it. Text before the first clause is the preamble.
    /// </summary>
    public static ImmutableArray<Clause> Clauses(string normalisedText)
    {
        var clauses = ImmutableArray.CreateBuilder<Clause>();
        var number = Preamble;
        var body = new StringBuilder();
        void Flush()
        {
            if (number != Preamble || body.Length > 0) { clauses.Add(new Clause(number, body.ToString().TrimEnd('\n'))); }
            body.Clear();
        }
        foreach (var line in normalisedText.Split('\n'))
        {
            var match = ClauseStart().Match(line);
            if (match.Success)
            {
                Flush();
                number = match.Groups["number"].Value;
            }
            body.Append(line).Append('\n');
        }
        Flush();
        return clauses.ToImmutable();
    }

    /// <summary>Clause numbers whose text differs between two versions (added and removed ones included).</summary>
    public static ImmutableHashSet<string> ChangedClauses(string before, string after)
    {
        var a = Clauses(before).ToDictionary(c => c.Number, c => c.Text);
        var b = Clauses(after).ToDictionary(c => c.Number, c => c.Text);
        return a.Keys.Union(b.Keys)
            .Where(k => !a.TryGetValue(k, out var x) || !b.TryGetValue(k, out var y) || !string.Equals(x, y, StringComparison.Ordinal))
            .ToImmutableHashSet();
    }

    /// <summary>
    /// A clause as it reads in the text: the wording (normalised) under its number ("3. " before it,
    /// unless the wording already starts with it; nothing before the preamble).
    /// </summary>
    public static string ClauseText(string number, string wording)
    {
        var text = Normalise(wording);
        if (number == Preamble) { return text; }
        var start = ClauseStart().Match(text);
        return start.Success && start.Groups["number"].Value == number ? text : $"{number}. {text}";
    }

    /// <summary>
    /// The normalised text with clause <paramref name="number"/> replaced by <paramref name="clauseText"/>
    /// (as <see cref="ClauseText"/> gives it); the blank lines that follow the clause stay. Null when the text has no such clause.
    /// </summary>
    public static string? ReplaceClause(string normalisedText, string number, string clauseText)
    {
        var lines = normalisedText.Split('\n');
        // Where each clause starts: the preamble at line 0, each numbered clause at its first line.
        var starts = new List<(string Number, int Line)>();
        if (lines.Length > 0 && !ClauseStart().IsMatch(lines[0])) { starts.Add((Preamble, 0)); }
        for (var i = 0; i < lines.Length; i++)
        {
            if (ClauseStart().Match(lines[i]) is { Success: true } m) { starts.Add((m.Groups["number"].Value, i)); }
        }
        var index = starts.FindIndex(s => s.Number == number);
        if (index < 0) { return null; }
        var from = starts[index].Line;
        var to = index + 1 < starts.Count ? starts[index + 1].Line : lines.Length;
        while (to > from + 1 && lines[to - 1].Length == 0) { to--; }
        return string.Join('\n', lines[..from].Concat(clauseText.Split('\n')).Concat(lines[to..]));
    }

    /// <summary>The normalised text with each clause given its wording (as <see cref="ClauseText"/> gives it); a clause the text lacks is left out.</summary>
    public static string WithWordings(string normalisedText, IEnumerable<(string Clause, string Wording)> wordings) =>
        wordings.Aggregate(normalisedText, (text, w) => ReplaceClause(text, w.Clause, w.Wording) ?? text);

    [GeneratedRegex(@"^(?<number>\d+(?:\.\d+)*)\.\s")]
    private static partial Regex ClauseStart();
}
