using System.Globalization;
using System.Text.Json.Nodes;
using ResolutionWorkflow.App.Localization;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.Web.Resolutions;

/// <summary>One journal entry as an official reads it: when, at which stage, what happened with its particulars, and who acted (none for what followed from another's act).</summary>
public sealed record JournalLine(long Sequence, DateTimeOffset At, string Stage, string What, string? Who);

/// <summary>
/// The journal told as a record: every entry, in order, each naming the stage it belongs to (its own, or the
/// stage the resolution was at) and the person and body that acted. Stage entries, tasks opened and closed, and the
/// other consequences of an act are the procedure's, not a person's: they name no one.
/// </summary>
public static class JournalReading
{
    private static readonly HashSet<string> Consequences = new(StringComparer.Ordinal)
    {
        "stage-entered", "stage-completed", "task-opened", "task-closed", "act-dated", "silence-policy-applied", "task-escalated",
        "wording-carried", "drafter-not-asked", "resolution-closed", "remark-settled", "signatures-voided",
    };

    /// <param name="person">The person who acted, with their body ("Иванов И. И. (Минфин Беларуси)"), from a user id and organisation.</param>
    public static IReadOnlyList<JournalLine> Read(IEnumerable<JournalRow> journal, WorkflowDefinition? definition, string language, Names names, Func<string, string, string> person)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(person);
        var lines = new List<JournalLine>();
        var current = "";
        foreach (var j in journal.OrderBy(j => j.Sequence))
        {
            var data = JsonNode.Parse(j.Data)?.AsObject() ?? new JsonObject();
            var own = (string?)data["stageId"] ?? (string?)data["task"]?["stageId"];
            if (j.EventType == "stage-entered" && own is not null) { current = own; }
            var stage = own ?? current;
            var who = Consequences.Contains(j.EventType) || j.ActorUserId == Engine.Resolutions.Actor.System.UserId ? null : person(j.ActorUserId, j.ActorOrganisation);
            var title = stage.Length == 0 ? "" : definition is null ? names.Stage(language, stage) : names.Stage(language, definition.Id, definition.Version, stage);
            // A legal examination's answers are conclusions.
            var legal = definition?.Stages.FirstOrDefault(s => s.Id == stage) is ReviewStage { LegalExamination: true };
            lines.Add(new JournalLine(j.Sequence, j.At, title, names.Word(language, "event", j.EventType) + Particulars(j.EventType, data, language, names, legal), who));
        }
        return lines;
    }

    /// <summary>What the entry's words alone do not say: which task, which answer, which row, which version, which number.</summary>
    private static string Particulars(string type, JsonObject data, string language, Names names, bool legal)
    {
        string? Text(string name) => data[name]?.GetValueKind() is System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Number ? data[name]!.ToString() : null;
        var ru = language != "en";
        return type switch
        {
            "task-opened" when data["task"] is JsonObject task =>
                $": {names.Word(language, "kind", (string?)task["kind"])} — {names.Participant(language, (string?)task["participantKey"])}",
            "opinion-recorded" => $": {names.Word(language, legal ? "conclusion" : "opinion", Text("kind"))}"
                + (Text("letterNumber") is { } letter ? (ru ? $", письмо № {letter}" : $", letter No. {letter}") : "")
                + (data["late"]?.GetValue<bool>() == true ? (ru ? " (поступило с опозданием)" : " (received late)") : ""),
            "remark-raised" => ru ? $": № {Text("remarkNo")}, пункт {Text("clause")}" : $": No. {Text("remarkNo")}, clause {Text("clause")}",
            "remark-answered" => $": № {Text("remarkNo")}, {names.Word(language, "answer", Text("answer"))}",
            "remark-settled" or "remark-decided" => $": № {Text("remarkNo")}",
            "wording-carried" => ru ? $": пункт {Text("clause")} (строка № {Text("remarkNo")}), редакция {Text("textVersion")}" : $": clause {Text("clause")} (row {Text("remarkNo")}), version {Text("textVersion")}",
            "text-version-issued" => ru ? $": редакция {Text("number")}" : $": version {Text("number")}",
            "stage-completed" or "decision-recorded" or "adoption-recorded" => $": {names.Word(language, "outcome", Text("outcome"))}",
            "signature-recorded" => ru ? $": редакция {Text("textVersion")}" : $": version {Text("textVersion")}",
            "registered" => $": № {Text("number")}",
            // What the deadline did: the body counted as agreeing, the delay reported, or more time given.
            "silence-policy-applied" => Text("policy") switch
            {
                "deemedAgreed" => ru ? ": считается согласованным" : ": deemed agreed",
                "escalate" => ru ? ": доложено о нарушении срока" : ": escalated",
                "extend" => ru ? ": срок продлён" : ": deadline extended",
                _ => "",
            } + $" ({names.Participant(language, Text("participantKey"))})",
            "task-escalated" => $": {names.Participant(language, Text("toRole"))}",
            "act-dated" when Text("date") is { } day && DateOnly.TryParse(day, CultureInfo.InvariantCulture, out var date) => $": {App.Notifications.Notifier.DateText(date, language)}",
            _ => "",
        };
    }
}
