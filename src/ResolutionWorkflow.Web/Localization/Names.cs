using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Registry;

namespace ResolutionWorkflow.Web.Localization;

/// <summary>
/// What a person reads in place of an internal id: organisations, roles and countries by the
/// registry's names, stages and definitions by the definitions' titles, and the engine's own words
/// (statuses, task kinds, answers, outcomes, journal events) from the list below, in Russian and English.
/// An id nothing names is shown as it is, so a gap is visible rather than blank.
/// </summary>
public sealed class Names(OrganisationRegistry registry, WorkflowCatalog catalog)
{
    private static readonly Dictionary<string, (string Ru, string En)> Words = new(StringComparer.Ordinal)
    {
        ["status:active"] = ("на согласовании", "in progress"),
        ["status:adopted"] = ("принято", "adopted"),
        ["status:withdrawn"] = ("отозвано", "withdrawn"),
        ["status:rejected"] = ("отклонено", "rejected"),
        ["kind:draft"] = ("подготовка проекта", "drafting"),
        ["kind:review"] = ("согласование", "review"),
        ["kind:revise"] = ("доработка", "revision"),
        ["kind:decide"] = ("решение", "decision"),
        ["kind:sign"] = ("подписание", "signing"),
        ["kind:register"] = ("регистрация и опубликование", "registration and publication"),
        ["remark:open"] = ("не рассмотрено", "open"),
        ["remark:answered"] = ("рассмотрено разработчиком", "answered"),
        ["remark:settled"] = ("урегулировано", "settled"),
        ["outcome:submitted"] = ("направлен на согласование", "submitted"),
        ["outcome:agreed"] = ("согласовано", "agreed"),
        ["outcome:revisionRequired"] = ("требуется доработка", "revision required"),
        ["outcome:resubmitted"] = ("направлен повторно", "resubmitted"),
        ["outcome:conciliation"] = ("на согласительное совещание", "to conciliation"),
        ["outcome:returned"] = ("возвращён на доработку", "returned for revision"),
        ["outcome:withdrawn"] = ("отозван", "withdrawn"),
        ["outcome:signed"] = ("подписано", "signed"),
        ["outcome:declined"] = ("отказ от подписания", "signing declined"),
        ["outcome:textChanged"] = ("изменён текст", "text changed"),
        ["outcome:published"] = ("опубликовано", "published"),
        ["event:resolution-started"] = ("проект создан", "draft created"),
        ["event:text-version-issued"] = ("новая редакция текста", "new text version"),
        ["event:stage-entered"] = ("начат этап", "stage entered"),
        ["event:stage-completed"] = ("завершён этап", "stage completed"),
        ["event:task-opened"] = ("поручена задача", "task assigned"),
        ["event:task-closed"] = ("задача закрыта", "task closed"),
        ["event:opinion-recorded"] = ("представлено заключение", "opinion given"),
        ["event:remark-raised"] = ("внесено замечание", "remark raised"),
        ["event:remark-answered"] = ("дан ответ на замечание", "remark answered"),
        ["event:remark-settled"] = ("замечание урегулировано", "remark settled"),
        ["event:decision-recorded"] = ("принято решение", "decision recorded"),
        ["event:signature-recorded"] = ("подписано", "signed"),
        ["event:signing-declined"] = ("отказ от подписания", "signing declined"),
        ["event:signatures-voided"] = ("подписи аннулированы", "signatures voided"),
        ["event:registered"] = ("зарегистрировано", "registered"),
        ["event:publication-recorded"] = ("отмечено опубликование", "publication recorded"),
        ["event:resolution-withdrawn"] = ("проект отозван", "draft withdrawn"),
        ["event:resolution-closed"] = ("работа завершена", "closed"),
        ["event:deadline-extended"] = ("срок продлён", "deadline extended"),
        ["event:task-reassigned"] = ("задача передана", "task reassigned"),
        ["event:silence-policy-applied"] = ("применено правило молчания", "silence rule applied"),
        ["event:task-escalated"] = ("задача передана выше", "task escalated"),
        ["event:command-refused"] = ("команда отклонена", "command refused"),
        ["event:task-nudged"] = ("направлено напоминание", "reminder sent"),
    };

    public static string Word(string language, string category, string? id) =>
        id is null ? "" : Words.TryGetValue($"{category}:{id}", out var w) ? (language == "en" ? w.En : w.Ru) : id;

    public string Organisation(string language, string? id) =>
        id is not null && registry.Organisations.TryGetValue(id, out var o) ? (o.ShortName ?? o.Name).In(language) : id ?? "";

    public string OrganisationFull(string language, string? id) =>
        id is not null && registry.Organisations.TryGetValue(id, out var o) ? o.Name.In(language) : id ?? "";

    /// <summary>A participant key: an organisation, or "role@country" (a signatory of a country).</summary>
    public string Participant(string language, string? key)
    {
        if (key is null) { return ""; }
        if (registry.Organisations.ContainsKey(key)) { return Organisation(language, key); }
        var parts = key.Split('@', 2);
        var role = registry.Roles.TryGetValue(parts[0], out var r) ? r.Title.In(language) : parts[0];
        return parts.Length == 2 && registry.Countries.TryGetValue(parts[1], out var c) ? $"{role} ({c.Name.In(language)})" : role;
    }

    public string Stage(string language, string definitionId, int version, string stageId) =>
        catalog.Find(definitionId, version)?.Stages.FirstOrDefault(s => s.Id == stageId)?.Title?.In(language) ?? Stage(language, stageId);

    /// <summary>A stage's title from the first definition that has a stage of that id (lists across definitions).</summary>
    public string Stage(string language, string stageId) =>
        catalog.All.SelectMany(d => d.Stages).FirstOrDefault(s => s.Id == stageId)?.Title?.In(language) ?? stageId;

    public string Definition(string language, string definitionId) => catalog.Latest(definitionId)?.Title.In(language) ?? definitionId;
}
