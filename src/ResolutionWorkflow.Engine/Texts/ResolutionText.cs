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

    [GeneratedRegex(@"^(?<number>\d+(?:\.\d+)*)\.\s")]
    private static partial Regex ClauseStart();
}
