using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ResolutionWorkflow.Engine.Json;
using ResolutionWorkflow.Engine.Registry;

namespace ResolutionWorkflow.Engine.Definitions;

/// <summary>
/// Reads a definition file: JSON syntax, then the JSON Schema, then the semantic rules below.
/// A bad definition is refused with every error found, each with file, JSON path and line.
/// </summary>
public sealed class DefinitionLoader(SchemaChecker schema, OrganisationRegistry registry, IReadOnlySet<string> calendars)
{
    public WorkflowDefinition LoadFile(string file) => Load(file, File.ReadAllBytes(file));

    public WorkflowDefinition Load(string file, ReadOnlyMemory<byte> utf8)
    {
        using var read = schema.Read(file, utf8);
        if (read.Document is null) { throw new DefinitionException(read.Errors); }

        var source = read.Document.RootElement.Deserialize<DefinitionSource>(SourceJson.Options)!;
        var errors = new Validation(file, read.Lines, registry, calendars).Check(source);
        if (errors.Count > 0) { throw new DefinitionException(errors); }

        var contentHash = CanonicalJson.Sha256Hex(CanonicalJson.Serialize(JsonNode.Parse(read.Document.RootElement.GetRawText())));
        return Build(source, file, contentHash);
    }

    private static WorkflowDefinition Build(DefinitionSource source, string file, string contentHash)
    {
        var stages = source.Stages.Select(BuildStage).ToImmutableArray();
        return new WorkflowDefinition(source.Id, source.Version, source.Title, source.Start, stages, contentHash, file, source.TimeZone, [.. source.AttachmentKinds ?? []]) { Act = source.Act };
    }

    private static Stage BuildStage(StageSource s)
    {
        var outcomes = (s.Outcomes ?? new Dictionary<string, string>()).ToImmutableDictionary();
        var deadline = s.Deadline is { } d
            ? new DeadlineRule(d.Days, ParseUnit(d.Unit), d.Calendar!,
                (d.Reminders ?? []).Select(r => new Reminder(r.Before, r.Unit is null ? ParseUnit(d.Unit) : ParseUnit(r.Unit))).ToImmutableArray(),
                d.EscalateTo)
            : null;
        ActorRule Actor() => new(s.Actor!.Role, s.Actor.Organisation);
        return s.Kind switch
        {
            "drafting" => new DraftingStage(s.Id, s.Title, Actor(), deadline, outcomes),
            "revision" => new RevisionStage(s.Id, s.Title, Actor(), deadline, outcomes),
            "decision" => new DecisionStage(s.Id, s.Title, Actor(), deadline, outcomes),
            "adoption" => new AdoptionStage(s.Id, s.Title, Actor(), deadline, outcomes),
            "conciliation" => new ConciliationStage(s.Id, s.Title, Actor(), deadline, outcomes),
            "review" => new ReviewStage(
                s.Id, s.Title,
                s.Participants!.Select(p => new Participant(p.Organisation, p.Role, p.Country, p.Silence?.ToRule())).ToImmutableArray(),
                ParseCompletion(s.Completion!.Value),
                s.Silence!.ToRule(),
                Enum.Parse<ReReviewRule>(s.ReReview!, ignoreCase: true),
                deadline, outcomes,
                (s.Silence.ByCountry ?? new Dictionary<string, SilenceSource>()).ToImmutableDictionary(c => c.Key, c => c.Value.ToRule()),
                s.Examination == "legal",
                (s.Pool ?? []).Select(p => new Participant(p.Organisation, null, null, p.Silence?.ToRule())).ToImmutableArray()),
            "signing" => new SigningStage(
                s.Id, s.Title, Enum.Parse<SigningOrder>(s.Order!, ignoreCase: true),
                s.Signatories!.Select(x => new Signatory(x.Role, x.Country)).ToImmutableArray(), deadline, outcomes, s.Signature == "cms"),
            "publication" => new PublicationStage(s.Id, s.Title, Actor(), s.NumberPattern!, [.. s.Countries!], deadline, outcomes),
            "end" => new EndStage(s.Id, s.Title, Enum.Parse<EndResult>(s.Result!, ignoreCase: true)),
            _ => throw new InvalidOperationException($"stage kind '{s.Kind}' passed the schema but is unknown"),
        };
    }

    private static DayUnit ParseUnit(string unit) => unit == "calendar" ? DayUnit.Calendar : DayUnit.Working;

    private static CompletionRule ParseCompletion(JsonElement completion) =>
        completion.ValueKind == JsonValueKind.Object
            ? new CompletionRule(CompletionKind.AtLeast, completion.GetProperty("atLeast").GetInt32())
            : CompletionRule.All;

    private static StageKind ParseKind(string kind) => Enum.Parse<StageKind>(kind, ignoreCase: true);

    /// <summary>The semantic rules the schema cannot express.</summary>
    private sealed class Validation(string file, JsonLineMap lines, OrganisationRegistry registry, IReadOnlySet<string> calendars)
    {
        private readonly List<DefinitionError> _errors = [];

        private void Error(JsonPath path, string message) => _errors.Add(DefinitionError.At(file, path, lines, message));

        public List<DefinitionError> Check(DefinitionSource d)
        {
            var stagesPath = JsonPath.Root.Property("stages");
            var index = new Dictionary<string, int>();
            for (var i = 0; i < d.Stages.Count; i++)
            {
                if (!index.TryAdd(d.Stages[i].Id, i))
                {
                    Error(stagesPath.Index(i).Property("id"), $"duplicate stage id '{d.Stages[i].Id}' (first at {stagesPath.Index(index[d.Stages[i].Id])})");
                }
            }
            if (d.TimeZone is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            {
                Error(JsonPath.Root.Property("timeZone"), $"unknown time zone '{zone}'; name an IANA zone such as Europe/Moscow");
            }
            var kinds = d.AttachmentKinds ?? [];
            for (var i = 0; i < kinds.Count; i++)
            {
                if (kinds.Take(i).Contains(kinds[i], StringComparer.Ordinal)) { Error(JsonPath.Root.Property("attachmentKinds").Index(i), $"the kind '{kinds[i]}' is listed twice"); }
            }
            if (!index.ContainsKey(d.Start))
            {
                Error(JsonPath.Root.Property("start"), $"start stage '{d.Start}' is not a stage of this definition");
            }

            for (var i = 0; i < d.Stages.Count; i++)
            {
                CheckStage(d.Stages[i], stagesPath.Index(i), index);
            }
            CheckGraph(d, stagesPath, index);
            return _errors;
        }

        private void CheckStage(StageSource s, JsonPath path, Dictionary<string, int> index)
        {
            var kind = ParseKind(s.Kind);
            var outcomes = s.Outcomes ?? new Dictionary<string, string>();
            var allowed = StageVocabulary.Allowed(kind);
            foreach (var (outcome, target) in outcomes)
            {
                var outcomePath = path.Property("outcomes").Property(outcome);
                if (allowed is not null && !allowed.Contains(outcome))
                {
                    Error(outcomePath, allowed.Count == 0
                        ? $"a {s.Kind} stage has no outcomes"
                        : $"a {s.Kind} stage has no outcome '{outcome}'; its outcomes are {string.Join(", ", allowed)}");
                }
                if (!index.ContainsKey(target))
                {
                    Error(outcomePath, $"outcome '{outcome}' leads to unknown stage '{target}'");
                }
            }
            foreach (var required in StageVocabulary.Required(kind).Where(r => !outcomes.ContainsKey(r)))
            {
                Error(path.Property("outcomes"), $"outcome '{required}' of {s.Kind} stage '{s.Id}' is not mapped to a stage");
            }

            if (s.Actor is { } actor)
            {
                CheckRole(actor.Role, path.Property("actor").Property("role"));
                if (actor.Organisation is { } org) { CheckOrganisation(org, path.Property("actor").Property("organisation")); }
            }

            var participants = s.Participants ?? [];
            var seenParticipants = new Dictionary<string, int>();
            for (var p = 0; p < participants.Count; p++)
            {
                var participant = participants[p];
                var pPath = path.Property("participants").Index(p);
                if (participant.Organisation is { } org) { CheckOrganisation(org, pPath.Property("organisation")); }
                if (participant.Role is { } role) { CheckRole(role, pPath.Property("role")); }
                if (participant.Country is { } country) { CheckCountry(country, pPath.Property("country")); }
                var key = new Participant(participant.Organisation, participant.Role, participant.Country).Key;
                if (!seenParticipants.TryAdd(key, p))
                {
                    Error(pPath, $"duplicate participant '{key}' (first at {path.Property("participants").Index(seenParticipants[key])})");
                }
            }
            CheckPool(s, path, seenParticipants);
            CheckSilence(s, kind, path);
            if (s.Completion is { ValueKind: JsonValueKind.Object } completion
                && completion.GetProperty("atLeast").GetInt32() is var atLeast && atLeast > participants.Count)
            {
                Error(path.Property("completion").Property("atLeast"),
                    $"completion needs {atLeast} opinions but the stage has only {participants.Count} participant(s)");
            }

            var signatories = s.Signatories ?? [];
            var seenSignatories = new Dictionary<string, int>();
            for (var k = 0; k < signatories.Count; k++)
            {
                var sPath = path.Property("signatories").Index(k);
                CheckRole(signatories[k].Role, sPath.Property("role"));
                if (signatories[k].Country is { } signatoryCountry) { CheckCountry(signatoryCountry, sPath.Property("country")); }
                var key = new Signatory(signatories[k].Role, signatories[k].Country).Key;
                if (!seenSignatories.TryAdd(key, k))
                {
                    Error(sPath, $"duplicate signatory '{key}' (first at {path.Property("signatories").Index(seenSignatories[key])})");
                }
            }

            var countries = s.Countries ?? [];
            for (var c = 0; c < countries.Count; c++) { CheckCountry(countries[c], path.Property("countries").Index(c)); }

            if (s.NumberPattern is { } pattern)
            {
                try { _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1)); }
                catch (ArgumentException e) { Error(path.Property("numberPattern"), $"not a valid regular expression: {e.Message}"); }
            }

            if (s.Deadline is { } deadline) { CheckDeadline(s, kind, deadline, path.Property("deadline")); }
        }

        /// <summary>
        /// The pool a draft's reviewers are chosen from: organisations of the registry, none of them a
        /// mandatory participant, at most one review stage per definition, never a legal examination.
        /// </summary>
        private void CheckPool(StageSource s, JsonPath path, Dictionary<string, int> participants)
        {
            if (s.Pool is not { } pool) { return; }
            var poolPath = path.Property("pool");
            if (s.Examination == "legal") { Error(poolPath, "a legal examination is given by each country's legal body; its participants are not chosen per draft"); }
            if (_poolStage is { } first) { Error(poolPath, $"only one review stage may choose its reviewers per draft (stage '{first}' already does)"); }
            _poolStage ??= s.Id;
            var seen = new HashSet<string>();
            for (var p = 0; p < pool.Count; p++)
            {
                var pPath = poolPath.Index(p);
                if (pool[p].Organisation is not { } org) { Error(pPath, "a pool names organisations"); continue; }
                CheckOrganisation(org, pPath.Property("organisation"));
                if (participants.ContainsKey(org)) { Error(pPath.Property("organisation"), $"'{org}' is a mandatory participant of this stage; the pool holds the bodies chosen per draft"); }
                if (!seen.Add(org)) { Error(pPath.Property("organisation"), $"'{org}' is in the pool twice"); }
            }
        }

        private string? _poolStage;

        /// <summary>
        /// Per-country rules name countries of the registry; a legal examination asks every participant
        /// again on the final text, needs every conclusion, and never takes silence for one.
        /// </summary>
        private void CheckSilence(StageSource s, StageKind kind, JsonPath path)
        {
            if (kind != StageKind.Review || s.Silence is not { } silence) { return; }
            var silencePath = path.Property("silence");
            foreach (var country in (silence.ByCountry ?? new Dictionary<string, SilenceSource>()).Keys)
            {
                CheckCountry(country, silencePath.Property("byCountry").Property(country));
            }
            if (s.Examination != "legal") { return; }
            const string never = "a legal examination is a written conclusion and is never presumed: silence cannot be deemed agreement";
            if (silence.Policy == "deemedAgreed") { Error(silencePath.Property("policy"), never); }
            foreach (var (country, rule) in silence.ByCountry ?? new Dictionary<string, SilenceSource>())
            {
                if (rule.Policy == "deemedAgreed") { Error(silencePath.Property("byCountry").Property(country).Property("policy"), never); }
            }
            var participants = s.Participants ?? [];
            for (var p = 0; p < participants.Count; p++)
            {
                if (participants[p].Silence?.Policy == "deemedAgreed") { Error(path.Property("participants").Index(p).Property("silence").Property("policy"), never); }
            }
            if (s.ReReview != "all") { Error(path.Property("reReview"), "a legal examination gives its conclusion on the final text: every legal body is asked again (reReview 'all')"); }
            if (s.Completion is { ValueKind: JsonValueKind.Object }) { Error(path.Property("completion"), "a legal examination needs the conclusion of every legal body (completion 'all')"); }
        }

        private void CheckDeadline(StageSource s, StageKind kind, DeadlineSource deadline, JsonPath path)
        {
            if (deadline.Calendar is null)
            {
                Error(path, $"deadline of stage '{s.Id}' has no calendar; name 'party' (the calendar of whoever owes the action) or one of: {string.Join(", ", calendars.Order())}");
            }
            else if (deadline.Calendar == DeadlineRule.PartyCalendar)
            {
                var unresolved = kind switch
                {
                    StageKind.Decision or StageKind.Publication or StageKind.Adoption or StageKind.Conciliation when s.Actor?.Organisation is null =>
                        $"role '{s.Actor?.Role}' belongs to no one country",
                    StageKind.Signing when (s.Signatories ?? []).FirstOrDefault(x => x.Country is null) is { } x =>
                        $"signatory '{x.Role}' signs for no one country",
                    StageKind.Review when (s.Participants ?? []).FirstOrDefault(p => p.Organisation is null && p.Country is null) is { } p =>
                        $"participant role '{p.Role}' has no country",
                    _ => null,
                };
                if (unresolved is not null)
                {
                    Error(path.Property("calendar"), $"calendar 'party' cannot be resolved for stage '{s.Id}': {unresolved}; name a calendar ({string.Join(", ", calendars.Order())})");
                }
            }
            else if (!calendars.Contains(deadline.Calendar))
            {
                Error(path.Property("calendar"), $"unknown calendar '{deadline.Calendar}'; known: party, {string.Join(", ", calendars.Order())}");
            }

            var reminders = deadline.Reminders ?? [];
            for (var r = 0; r < reminders.Count; r++)
            {
                var unit = reminders[r].Unit ?? deadline.Unit;
                if (unit == deadline.Unit && reminders[r].Before >= deadline.Days)
                {
                    Error(path.Property("reminders").Index(r).Property("before"),
                        $"a reminder {reminders[r].Before} {unit} day(s) before a deadline of {deadline.Days} {deadline.Unit} day(s) would come before the stage starts");
                }
            }
            if (deadline.EscalateTo is { } role) { CheckRole(role, path.Property("escalateTo")); }
        }

        private void CheckGraph(DefinitionSource d, JsonPath stagesPath, Dictionary<string, int> index)
        {
            var edges = d.Stages.Select(s => (s.Outcomes ?? new Dictionary<string, string>()).Values.Where(index.ContainsKey).Select(t => index[t]).ToList()).ToList();

            if (!d.Stages.Any(s => s.Kind == "end"))
            {
                Error(stagesPath, "the definition has no end stage");
                return;
            }

            var reachable = new HashSet<int>();
            if (index.TryGetValue(d.Start, out var start))
            {
                var queue = new Queue<int>([start]);
                reachable.Add(start);
                while (queue.TryDequeue(out var n))
                {
                    foreach (var m in edges[n].Where(reachable.Add)) { queue.Enqueue(m); }
                }
                for (var i = 0; i < d.Stages.Count; i++)
                {
                    if (!reachable.Contains(i) && index[d.Stages[i].Id] == i)
                    {
                        Error(stagesPath.Index(i), $"stage '{d.Stages[i].Id}' cannot be reached from the start stage '{d.Start}'");
                    }
                }
            }

            // Walk backwards from every end stage.
            var reachesEnd = new HashSet<int>(Enumerable.Range(0, d.Stages.Count).Where(i => d.Stages[i].Kind == "end"));
            bool changed;
            do
            {
                changed = false;
                for (var i = 0; i < d.Stages.Count; i++)
                {
                    if (!reachesEnd.Contains(i) && edges[i].Any(reachesEnd.Contains)) { changed |= reachesEnd.Add(i); }
                }
            }
            while (changed);
            for (var i = 0; i < d.Stages.Count; i++)
            {
                if (!reachesEnd.Contains(i) && (reachable.Count == 0 || reachable.Contains(i)))
                {
                    Error(stagesPath.Index(i), $"no end stage can be reached from stage '{d.Stages[i].Id}'");
                }
            }
        }

        private void CheckRole(string role, JsonPath path)
        {
            if (!registry.Roles.ContainsKey(role)) { Error(path, $"unknown role '{role}'; known: {string.Join(", ", registry.Roles.Keys.Order())}"); }
        }

        private void CheckOrganisation(string organisation, JsonPath path)
        {
            if (!registry.Organisations.ContainsKey(organisation)) { Error(path, $"unknown organisation '{organisation}'"); }
        }

        private void CheckCountry(string country, JsonPath path)
        {
            if (!registry.Countries.ContainsKey(country)) { Error(path, $"unknown country '{country}'; known: {string.Join(", ", registry.Countries.Keys.Order())}"); }
        }
    }
}
