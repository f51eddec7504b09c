using System.Collections.Immutable;
using System.Globalization;
using ResolutionWorkflow.Engine.Texts;

namespace ResolutionWorkflow.Engine.Resolutions.Rules;

/// <summary>A decision on a row as it is recorded: the choice, the clause as it is to read (when the text changes), the reasoning.</summary>
internal sealed record DecidedRow(Remark Row, WordingChoice Choice, string? Wording, string Note);

/// <summary>
/// Conciliation decisions that change the text: each names the clause's new wording (the objection's
/// proposal or a wording of the meeting's own), and the draft goes on only once a text version carries
/// every one. A version carrying a decided wording is tied to the decision in the journal.
/// </summary>
internal static class DecidedWordings
{

    /// <summary>Checks each decision against its row and the current text and gives the clause each is to read as; nothing is emitted.</summary>
    public static List<DecidedRow> Read(DecisionRun run, ImmutableArray<ConciliationInput> inputs)
    {
        var state = run.State;
        var decided = new List<DecidedRow>();
        foreach (var d in inputs.IsDefault ? [] : inputs)
        {
            var row = state.Remarks.FirstOrDefault(r => r.No == d.RemarkNo) ?? throw Refuse(RejectionCode.UnknownRemark, "unknownRemark", ("remark", d.RemarkNo));
            if (row.Status == RemarkStatus.Settled) { throw Refuse(RejectionCode.InvalidInput, "remarkSettled", ("remark", d.RemarkNo)); }
            if (decided.Any(x => x.Row == row)) { throw Refuse(RejectionCode.InvalidInput, "remarkDecidedTwice", ("remark", d.RemarkNo)); }
            if (d.Choice is not { } choice || !Enum.IsDefined(choice)) { throw Refuse(RejectionCode.InvalidInput, "conciliationChoice", ("remark", d.RemarkNo)); }
            if (d.Note is { Length: > Decider.MaxNoteLength }) { throw Refuse(RejectionCode.InvalidInput, "fieldTooLong", ("field", "decision"), ("max", Decider.MaxNoteLength)); }
            var wording = choice switch
            {
                WordingChoice.AcceptProposedWording => row.ProposedWording ?? throw Refuse(RejectionCode.InvalidInput, "noProposedWording", ("remark", row.No)),
                WordingChoice.NewWording => d.Wording,
                _ => null,
            };
            if (choice == WordingChoice.NewWording) { DecisionRun.RequireText(wording, "wording", Decider.MaxWordingLength); }
            var clause = wording is null ? null : ClauseOf(state, row, wording);
            var other = decided.Concat(state.AwaitedWordings.Select(r => new DecidedRow(r, r.Choice!.Value, r.Wording, "")))
                .FirstOrDefault(x => x.Row.Clause == row.Clause && x.Wording is not null && clause is not null && x.Wording != clause);
            if (other is not null) { throw Refuse(RejectionCode.InvalidInput, "clauseWordedTwice", ("clause", row.Clause), ("remark", row.No), ("other", other.Row.No)); }
            decided.Add(new DecidedRow(row, choice, clause, d.Note?.Trim() ?? ""));
        }
        return decided;
    }

    /// <summary>The clause as the wording makes it read; refused unless it is that one clause and the current text has the clause.</summary>
    private static string ClauseOf(ResolutionState state, Remark row, string wording)
    {
        // A wording that opens with another clause's number is another clause, not this one's new text.
        if (ResolutionText.Clauses(ResolutionText.Normalise(wording)) is [{ Number: var own }, ..] && own != ResolutionText.Preamble && own != row.Clause)
        {
            throw Refuse(RejectionCode.InvalidInput, "wordingNotOneClause", ("remark", row.No), ("clause", row.Clause));
        }
        var clause = ResolutionText.ClauseText(row.Clause, wording);
        if (ResolutionText.Clauses(clause) is not [{ } only] || only.Number != row.Clause)
        {
            throw Refuse(RejectionCode.InvalidInput, "wordingNotOneClause", ("remark", row.No), ("clause", row.Clause));
        }
        if (ResolutionText.ReplaceClause(state.CurrentText.Text, row.Clause, clause) is null)
        {
            throw Refuse(RejectionCode.UnknownClause, "decidedClauseGone", ("remark", row.No), ("clause", row.Clause), ("version", state.CurrentText.Number));
        }
        return clause;
    }

    /// <summary>The decisions as events: each row's choice, wording and reasoning.</summary>
    public static void Emit(DecisionRun run, IEnumerable<DecidedRow> decided)
    {
        foreach (var d in decided) { run.Emit(new RemarkDecided(d.Row.No, d.Note, d.Choice, d.Wording)); }
    }

    /// <summary>The current text with every awaited wording in its clause; refused when the text would grow past the longest a text may be.</summary>
    public static string Applied(ResolutionState state)
    {
        var text = state.AwaitedWordings.Aggregate(state.CurrentText.Text, (text, row) => ResolutionText.ReplaceClause(text, row.Clause, row.Wording!)
            ?? throw Refuse(RejectionCode.UnknownClause, "decidedClauseGone", ("remark", row.No), ("clause", row.Clause), ("version", state.CurrentText.Number)));
        return text.Length <= Decider.MaxTextLength ? text : throw Refuse(RejectionCode.InvalidInput, "fieldTooLong", ("field", "text"), ("max", Decider.MaxTextLength));
    }

    public static bool Carries(string text, Remark row) =>
        ResolutionText.Clauses(text).Any(c => c.Number == row.Clause && string.Equals(c.Text, row.Wording, StringComparison.Ordinal));

    /// <summary>Ties each awaited wording the current text carries to its version, in the journal.</summary>
    public static void TieCarried(DecisionRun run)
    {
        var current = run.State.CurrentText;
        foreach (var row in run.State.AwaitedWordings.Where(r => Carries(current.Text, r)).ToList())
        {
            run.Emit(new WordingCarried(row.No, row.Clause, current.Number));
        }
    }

    /// <summary>Refuses <paramref name="text"/> (the drafter's next version, or the text a draft would go on with) while it lacks a decided wording, naming the clauses.</summary>
    public static void RequireCarried(DecisionRun run, string text)
    {
        var missing = run.State.AwaitedWordings.Where(r => !Carries(text, r)).ToList();
        if (missing.Count > 0)
        {
            throw Refuse(RejectionCode.DecidedWordingMissing, "decidedWordingMissing",
                ("clauses", missing.Select(r => r.Clause).Distinct()), ("remarks", missing.Select(r => r.No.ToString(CultureInfo.InvariantCulture))));
        }
    }

    private static RejectedException Refuse(RejectionCode code, string reason, params (string Name, object? Value)[] args) => DecisionRun.Refuse(code, reason, args);
}
