using System.Text.RegularExpressions;
using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.Engine.Resolutions.Rules;

/// <summary>
/// Registration and publication: the registrar gives the act its number, then records its publication
/// in each country; the stage ends when every country of the stage has one. An act may be published in
/// several venues (a country's portal, its gazette, the Standing Committee's site), each recorded once,
/// and later publications of an adopted act are recorded too.
/// </summary>
internal sealed class PublicationRules : StageKindRules
{
    public override StageKind Kind => StageKind.Publication;

    public override void Register(CommandTable commands)
    {
        commands.On<Register>(Register);
        commands.On<RecordPublication>(RecordPublication);
    }

    public override void Enter(DecisionRun run, Stage stage, int entry)
    {
        var publication = (PublicationStage)stage;
        run.OpenTask(TaskKind.Register, publication.Actor.Role, new Assignee(publication.Actor.Organisation, publication.Actor.Role, null, null), publication);
    }

    private static void Register(DecisionRun run, Register c)
    {
        run.RequireStage(StageKind.Publication, "register");
        run.RequireTask(TaskKind.Register);
        var stage = (PublicationStage)run.CurrentStage;
        if (run.State.Registration is { } existing) { throw Refuse(RejectionCode.AlreadyRecorded, "alreadyRegistered", ("number", existing.Number), ("year", existing.Year)); }
        var number = (c.Number ?? "").Trim();
        if (!Regex.IsMatch(number, stage.NumberPattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            throw Refuse(RejectionCode.InvalidRegistrationNumber, "registrationNumberPattern", ("number", number), ("pattern", stage.NumberPattern));
        }
        // Acts are numbered per calendar year of their date (the registration's, in the definition's zone, for an act signed before acts were dated).
        var year = run.State.ActDate?.Year ?? TimeZoneInfo.ConvertTime(run.Now, run.Definition.ActZone).Year;
        run.Emit(new Registered(number, year, run.Actor.UserId));
        CompleteWhenDone(run, stage);
    }

    private static void RecordPublication(DecisionRun run, RecordPublication c)
    {
        var state = run.State;
        var adopted = state.Status == ResolutionStatus.Adopted;
        PublicationStage stage;
        if (adopted && run.Definition.Stages.OfType<PublicationStage>().FirstOrDefault() is { } published)
        {
            // After the end there is no task: the publication stage's actor records it.
            stage = published;
            if (!run.Actor.Has(stage.Actor.Role)) { throw Refuse(RejectionCode.NotYourTask, "noOpenTask", ("kind", "register"), ("stage", stage.Id)); }
        }
        else
        {
            run.RequireStage(StageKind.Publication, "record publication");
            run.RequireTask(TaskKind.Register);
            stage = (PublicationStage)run.CurrentStage;
        }
        if (state.Registration is null) { throw Refuse(RejectionCode.RegistrationRequired, "registerFirst"); }
        // The stage's countries, and any other the registry names venues for (the Standing Committee's site).
        var countries = stage.Countries.Concat(run.Registry.Venues.Select(v => v.Country)).Distinct(StringComparer.Ordinal).ToList();
        if (!countries.Contains(c.Country)) { throw Refuse(RejectionCode.InvalidInput, "publicationCountry", ("countries", countries), ("country", c.Country)); }
        DecisionRun.RequireText(c.Portal, "portal", 500);
        DecisionRun.RequireText(c.Reference, "reference", 500);
        var (portal, reference) = (c.Portal.Trim(), c.Reference.Trim());
        // Where the registry names the country's official venues, the publication is in one of them, cited as it cites.
        var venues = run.Registry.VenuesOf(c.Country).ToList();
        if (venues.Count > 0)
        {
            var venue = venues.FirstOrDefault(v => v.Id == portal || v.Name.Ru == portal || v.Name.En == portal)
                ?? throw Refuse(RejectionCode.InvalidInput, "unknownVenue", ("venue", portal), ("country", c.Country), ("venues", venues.Select(v => v.Id)));
            if (!venue.Admits(reference)) { throw Refuse(RejectionCode.InvalidInput, "referenceFormat", ("venue", venue.Id), ("reference", reference), ("format", venue.ReferenceFormat.En)); }
            portal = venue.Id;
        }
        if (state.Publications.Any(p => p.Country == c.Country && p.Portal == portal)) { throw Refuse(RejectionCode.AlreadyRecorded, "publicationRecorded", ("country", c.Country), ("venue", portal)); }
        run.Emit(new PublicationRecorded(c.Country, portal, reference, c.PublishedOn, run.Actor.UserId));
        if (!adopted) { CompleteWhenDone(run, stage); }
    }

    private static void CompleteWhenDone(DecisionRun run, PublicationStage stage)
    {
        var state = run.State;
        if (state.Registration is not null && stage.Countries.All(country => state.Publications.Any(p => p.Country == country)))
        {
            run.Complete(StageVocabulary.Outcomes.Published);
        }
    }
}
