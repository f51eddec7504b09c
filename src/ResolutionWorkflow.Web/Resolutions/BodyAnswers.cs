using System.Text.Json.Nodes;
using ResolutionWorkflow.App.Localization;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.Web.Resolutions;

/// <summary>
/// What a body answered at a review stage: the answer in its own words (a legal examination's as a conclusion),
/// when, by whom, under which outgoing letter, whether late or deemed by silence, and the rows of the disagreement table it raised.
/// </summary>
public sealed record BodyAnswer(string StageId, string Stage, string Body, string Answer, DateTimeOffset At, string Official, string? Letter, bool Late, bool Deemed, IReadOnlyList<int> Rows);

public static class BodyAnswers
{
    /// <summary>Every opinion in the journal, in order; a legal examination's answers are named as conclusions.</summary>
    public static IReadOnlyList<BodyAnswer> Read(IEnumerable<JournalRow> journal, WorkflowDefinition? definition, string language, Names names, Func<string, string, string> person)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(person);
        var entries = journal.OrderBy(j => j.Sequence).ToList();
        // The rows an opinion raised are journaled by the same command.
        var rows = entries.Where(j => j.EventType == "remark-raised")
            .GroupBy(j => j.CommandId).ToDictionary(g => g.Key, g => (IReadOnlyList<int>)[.. g.Select(j => (int)JsonNode.Parse(j.Data)!["remarkNo"]!)]);
        var answers = new List<BodyAnswer>();
        foreach (var j in entries.Where(j => j.EventType == "opinion-recorded"))
        {
            var data = JsonNode.Parse(j.Data)!.AsObject();
            var stageId = (string)data["stageId"]!;
            var kind = (string)data["kind"]!;
            var legal = definition?.Stages.FirstOrDefault(s => s.Id == stageId) is ReviewStage { LegalExamination: true };
            var deemed = kind == "deemedAgreed";
            answers.Add(new BodyAnswer(stageId, definition is null ? names.Stage(language, stageId) : names.Stage(language, definition.Id, definition.Version, stageId),
                names.Organisation(language, (string)data["organisation"]!),
                names.Word(language, legal ? "conclusion" : "opinion", kind),
                j.At,
                deemed ? "" : person((string)data["userId"]!, (string)data["organisation"]!),
                (string?)data["letterNumber"],
                data["late"]?.GetValue<bool>() == true,
                deemed,
                rows.GetValueOrDefault(j.CommandId) ?? []));
        }
        return answers;
    }
}
