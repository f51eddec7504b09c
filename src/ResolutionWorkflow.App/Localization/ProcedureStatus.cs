using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.App.Localization;

/// <summary>
/// Where a resolution stands, in the one vocabulary every page, list, search, the dashboard and the API use:
/// derived from its status and the kind of stage it is at, so that the same draft reads the same everywhere.
/// The names are in the word lists under "procedure:".
/// </summary>
public static class ProcedureStatus
{
    public const string Draft = "draft", Review = "review", Revision = "revision", Conciliation = "conciliation", LegalExamination = "legalExamination",
        Adoption = "adoption", Signing = "signing", Registration = "registration", Adopted = "adopted", Withdrawn = "withdrawn", Rejected = "rejected";

    /// <summary>
    /// The code for a resolution of <paramref name="status"/> (as stored: "active", "adopted"…) at <paramref name="stage"/>.
    /// The heads of government's decision on open disagreements is part of the conciliation; an end stage is the status itself.
    /// </summary>
    public static string Of(string status, Stage? stage) => status switch
    {
        "adopted" => Adopted,
        "withdrawn" => Withdrawn,
        "rejected" => Rejected,
        _ => stage switch
        {
            ReviewStage { LegalExamination: true } => LegalExamination,
            { Kind: StageKind.Review } => Review,
            { Kind: StageKind.Revision } => Revision,
            { Kind: StageKind.Conciliation or StageKind.Decision } => Conciliation,
            { Kind: StageKind.Adoption } => Adoption,
            { Kind: StageKind.Signing } => Signing,
            { Kind: StageKind.Publication } => Registration,
            _ => Draft,
        },
    };
}
