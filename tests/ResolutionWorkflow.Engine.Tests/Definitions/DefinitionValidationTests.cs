using System.Text;
using System.Text.Json.Nodes;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Json;
using ResolutionWorkflow.Engine.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Engine.Tests.Definitions;

public sealed class DefinitionValidationTests
{
    private const string File = "council-of-ministers-resolution.v1.json";

    /// <summary>The version with a legal examination and silence per country and body.</summary>
    private const string Latest = ResolutionDriver.LatestCouncilDefinition;

    private static readonly DefinitionLoader Loader = new(
        SchemaChecker.FromFile(WorkflowDirectory.SchemaFile(Repository.Workflows, "workflow.schema.json")),
        ResolutionDriver.Workflows.Registry!,
        ResolutionDriver.Workflows.Calendars.Ids.ToHashSet());

    private static JsonObject Shipped(string file = File) =>
        JsonNode.Parse(System.IO.File.ReadAllText(Path.Combine(Repository.Workflows, "definitions", file)))!.AsObject();

    private static JsonObject Stage(JsonObject d, string id) =>
        d["stages"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == id)!.AsObject();

    private static IReadOnlyList<DefinitionError> Errors(Action<JsonObject> change, string file = File)
    {
        var d = Shipped(file);
        change(d);
        var text = d.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        var e = Assert.Throws<DefinitionException>(() => Loader.Load(file, Encoding.UTF8.GetBytes(text)));
        Assert.All(e.Errors, x => Assert.Equal(file, x.File));
        return e.Errors;
    }

    private static DefinitionError Single(IReadOnlyList<DefinitionError> errors, string path)
    {
        var matching = errors.Where(e => e.Path == path).ToList();
        Assert.True(matching.Count == 1, $"expected one error at {path}, got:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
        return matching[0];
    }

    [Fact]
    public void The_shipped_definitions_load()
    {
        Assert.True(ResolutionDriver.Workflows.IsValid, string.Join(Environment.NewLine, ResolutionDriver.Workflows.Errors));
        Assert.Equal(["council-of-ministers-resolution@1", "council-of-ministers-resolution@2", "council-of-ministers-resolution@3", "council-of-ministers-resolution@4", "union-state-programme@1", "union-state-programme@2", "union-state-programme@3", "union-state-programme@4"],
            ResolutionDriver.Workflows.Catalog.All.Select(d => $"{d.Id}@{d.Version}").Order());
        Assert.All(ResolutionDriver.Workflows.Catalog.All, d => Assert.Equal(64, d.ContentHash.Length));
    }

    [Fact]
    public void A_legal_examination_that_would_presume_a_conclusion_is_refused_at_each_place_it_says_so()
    {
        var errors = Errors(d =>
        {
            var legal = Stage(d, "legal-examination");
            legal["silence"] = new JsonObject { ["policy"] = "deemedAgreed", ["byCountry"] = new JsonObject { ["by"] = new JsonObject { ["policy"] = "deemedAgreed" } } };
            legal["participants"]![0]!["silence"] = new JsonObject { ["policy"] = "deemedAgreed" };
            legal["reReview"] = "objectors";
            legal["completion"] = new JsonObject { ["atLeast"] = 1 };
        }, Latest);
        const string legal = "$.stages[5]";
        Assert.Contains("never presumed", Single(errors, $"{legal}.silence.policy").Message, StringComparison.Ordinal);
        Assert.Contains("never presumed", Single(errors, $"{legal}.silence.byCountry.by.policy").Message, StringComparison.Ordinal);
        Assert.Contains("never presumed", Single(errors, $"{legal}.participants[0].silence.policy").Message, StringComparison.Ordinal);
        Assert.Contains("final text", Single(errors, $"{legal}.reReview").Message, StringComparison.Ordinal);
        Assert.Contains("every legal body", Single(errors, $"{legal}.completion").Message, StringComparison.Ordinal);
        Assert.Equal(5, errors.Count);
    }

    [Fact]
    public void An_adoption_stage_must_lead_on_when_adopted_and_knows_no_other_outcome_than_returned()
    {
        var errors = Errors(d =>
        {
            var adoption = Stage(d, "adoption");
            adoption["outcomes"] = new JsonObject { ["returned"] = "revision", ["withdrawn"] = "withdrawn" };
        }, Latest);
        const string adoption = "$.stages[6]";
        Assert.Contains("outcome 'adopted'", Single(errors, $"{adoption}.outcomes").Message, StringComparison.Ordinal);
        Assert.Contains("its outcomes are adopted, returned", Single(errors, $"{adoption}.outcomes.withdrawn").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pool_holds_registry_bodies_other_than_the_mandatory_in_one_review_stage_that_is_not_a_legal_examination()
    {
        var errors = Errors(d =>
        {
            var review = Stage(d, "interministerial-review");
            var pool = (JsonArray)review["pool"]!;
            pool.Add(new JsonObject { ["organisation"] = "ru-minfin" });
            pool.Add(new JsonObject { ["organisation"] = "ru-fsb" });
            pool.Add(new JsonObject { ["organisation"] = "ru-nowhere" });
            Stage(d, "legal-examination")["pool"] = new JsonArray(new JsonObject { ["organisation"] = "ru-fsb" });
        }, Latest);
        Assert.Contains("mandatory participant", Single(errors, "$.stages[1].pool[12].organisation").Message, StringComparison.Ordinal);
        Assert.Contains("in the pool twice", Single(errors, "$.stages[1].pool[13].organisation").Message, StringComparison.Ordinal);
        Assert.Contains("unknown organisation 'ru-nowhere'", Single(errors, "$.stages[1].pool[14].organisation").Message, StringComparison.Ordinal);
        var legal = errors.Where(e => e.Path == "$.stages[5].pool").Select(e => e.Message).ToList();
        Assert.Contains(legal, m => m.Contains("legal examination", StringComparison.Ordinal));
        Assert.Contains(legal, m => m.Contains("only one review stage", StringComparison.Ordinal));
    }

    [Fact]
    public void A_signatory_for_no_one_country_needs_a_named_calendar()
    {
        var errors = Errors(d =>
        {
            var signing = Stage(d, "signing");
            signing["signatories"] = new JsonArray(new JsonObject { ["role"] = "chairman" });
            signing["deadline"]!["calendar"] = "party";
        }, Latest);
        Assert.Contains("signatory 'chairman' signs for no one country", Single(errors, "$.stages[7].deadline.calendar").Message, StringComparison.Ordinal);
        Assert.Single(errors);
    }

    [Fact]
    public void An_unknown_time_zone_for_the_acts_date_is_refused()
    {
        var errors = Errors(d => d["timeZone"] = "Europe/Atlantis", Latest);
        Assert.Contains("unknown time zone 'Europe/Atlantis'", Single(errors, "$.timeZone").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_silence_rule_for_an_unknown_country_is_refused()
    {
        var errors = Errors(d => Stage(d, "interministerial-review")["silence"]!["byCountry"]!["kz"] = new JsonObject { ["policy"] = "escalate" }, Latest);
        Assert.Contains("unknown country 'kz'", Single(errors, "$.stages[1].silence.byCountry.kz").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_outcome_target_is_refused_with_its_path_and_line()
    {
        var errors = Errors(d => Stage(d, "drafting")["outcomes"]!["submitted"] = "interministerial-reveiw");
        var error = Single(errors, "$.stages[0].outcomes.submitted");
        Assert.Contains("unknown stage 'interministerial-reveiw'", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Line);
        Assert.Contains($"{File}:{error.Line}: $.stages[0].outcomes.submitted", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_line_points_at_the_offending_property()
    {
        var d = Shipped();
        Stage(d, "drafting")["outcomes"]!["submitted"] = "nowhere";
        var text = d.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        var e = Assert.Throws<DefinitionException>(() => Loader.Load(File, Encoding.UTF8.GetBytes(text)));
        var error = e.Errors.First(x => x.Path == "$.stages[0].outcomes.submitted");
        var line = text.Split('\n')[error.Line!.Value - 1];
        Assert.Contains("\"submitted\": \"nowhere\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_start_stage_is_refused()
    {
        var error = Single(Errors(d => d["start"] = "draft"), "$.start");
        Assert.Contains("'draft'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_stage_is_refused()
    {
        var errors = Errors(d => d["stages"]!.AsArray().Insert(2, JsonNode.Parse("""
            { "id": "orphan", "title": { "ru": "Сирота", "en": "Orphan" }, "kind": "decision", "actor": { "role": "coordinator" }, "outcomes": { "done": "adopted" } }
            """)));
        Assert.Contains("cannot be reached from the start stage", Single(errors, "$.stages[2]").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stage_from_which_no_end_can_be_reached_is_refused()
    {
        // A decision that can only loop back to revision and revision only back to it.
        var errors = Errors(d =>
        {
            Stage(d, "conciliation")["outcomes"] = new JsonObject { ["returned"] = "revision" };
            Stage(d, "revision")["outcomes"] = new JsonObject { ["resubmitted"] = "conciliation" };
            Stage(d, "interministerial-review")["outcomes"] = new JsonObject { ["agreed"] = "conciliation", ["revisionRequired"] = "revision" };
        });
        Assert.Contains(errors, e => e.Path == "$.stages[3]" && e.Message.Contains("no end stage can be reached from stage 'conciliation'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "$.stages[2]" && e.Message.Contains("no end stage", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unmapped_outcome_of_a_stage_kind_is_refused()
    {
        var errors = Errors(d => Stage(d, "signing")["outcomes"]!.AsObject().Remove("declined"));
        Assert.Contains("outcome 'declined' of signing stage 'signing' is not mapped", Single(errors, "$.stages[4].outcomes").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_outcome_the_stage_kind_does_not_have_is_refused()
    {
        var errors = Errors(d => Stage(d, "drafting")["outcomes"]!["approved"] = "signing");
        Assert.Contains("has no outcome 'approved'", Single(errors, "$.stages[0].outcomes.approved").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stage_without_a_title_in_both_languages_is_refused_so_no_id_reaches_a_reader()
    {
        var errors = Errors(d =>
        {
            Stage(d, "revision").Remove("title");
            Stage(d, "signing")["title"]!.AsObject().Remove("en");
        });
        Assert.Contains("title", Single(errors, "$.stages[2]").Message, StringComparison.Ordinal);
        Assert.Contains("en", Single(errors, "$.stages[4].title").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_organisations_roles_and_countries_are_refused()
    {
        var errors = Errors(d =>
        {
            Stage(d, "interministerial-review")["participants"]![1]!["organisation"] = "by-minfinn";
            Stage(d, "drafting")["actor"]!["role"] = "author";
            Stage(d, "signing")["signatories"]![0]!["country"] = "kz";
        });
        Assert.Contains("unknown organisation 'by-minfinn'", Single(errors, "$.stages[1].participants[1].organisation").Message, StringComparison.Ordinal);
        Assert.Contains("unknown role 'author'", Single(errors, "$.stages[0].actor.role").Message, StringComparison.Ordinal);
        Assert.Contains("unknown country 'kz'", Single(errors, "$.stages[4].signatories[0].country").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_calendar_is_refused()
    {
        var errors = Errors(d => Stage(d, "conciliation")["deadline"]!["calendar"] = "kz");
        Assert.Contains("unknown calendar 'kz'", Single(errors, "$.stages[3].deadline.calendar").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deadline_without_a_calendar_is_refused()
    {
        var errors = Errors(d => Stage(d, "revision")["deadline"]!.AsObject().Remove("calendar"));
        Assert.Contains("has no calendar", Single(errors, "$.stages[2].deadline").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_party_calendar_for_a_role_of_no_country_is_refused()
    {
        var errors = Errors(d => Stage(d, "conciliation")["deadline"]!["calendar"] = "party");
        Assert.Contains("cannot be resolved", Single(errors, "$.stages[3].deadline.calendar").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_stage_ids_and_participants_are_refused()
    {
        var errors = Errors(d =>
        {
            Stage(d, "withdrawn")["id"] = "adopted";
            Stage(d, "interministerial-review")["participants"]!.AsArray().Add(new JsonObject { ["organisation"] = "by-minfin" });
        });
        Assert.Contains("duplicate stage id 'adopted'", Single(errors, "$.stages[7].id").Message, StringComparison.Ordinal);
        Assert.Contains("duplicate participant 'by-minfin'", Single(errors, "$.stages[1].participants[8]").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reminder_before_the_stage_starts_and_an_impossible_quorum_are_refused()
    {
        var errors = Errors(d =>
        {
            Stage(d, "interministerial-review")["deadline"]!["reminders"]![0]!["before"] = 10;
            Stage(d, "interministerial-review")["completion"] = new JsonObject { ["atLeast"] = 9 };
        });
        Assert.Contains("before the stage starts", Single(errors, "$.stages[1].deadline.reminders[0].before").Message, StringComparison.Ordinal);
        Assert.Contains("only 8 participant(s)", Single(errors, "$.stages[1].completion.atLeast").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_semantic_error_is_reported_at_once()
    {
        var errors = Errors(d =>
        {
            d["start"] = "nowhere";
            Stage(d, "drafting")["actor"]!["role"] = "author";
            Stage(d, "signing")["outcomes"]!.AsObject().Remove("signed");
            Stage(d, "registration")["numberPattern"] = "([";
        });
        Assert.Contains(errors, e => e.Path == "$.start");
        Assert.Contains(errors, e => e.Path == "$.stages[0].actor.role");
        Assert.Contains(errors, e => e.Path == "$.stages[4].outcomes");
        Assert.Contains(errors, e => e.Path == "$.stages[5].numberPattern");
    }

    [Fact]
    public void Schema_violations_are_refused_with_their_paths()
    {
        var errors = Errors(d =>
        {
            Stage(d, "adopted")["kind"] = "ending";
            Stage(d, "interministerial-review")["silence"] = new JsonObject { ["policy"] = "extend" };
            d["schemaVersion"] = 2;
            Stage(d, "drafting")["colour"] = "red";
        });
        Assert.Contains(errors, e => e.Path == "$.stages[6].kind" && e.Message.Contains("\"ending\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "$.stages[1].silence" && e.Message.Contains("days", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "$.schemaVersion");
        Assert.Contains(errors, e => e.Path.StartsWith("$.stages[0]", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.NotNull(e.Line));
    }

    [Fact]
    public void Malformed_json_is_refused_with_its_line()
    {
        var e = Assert.Throws<DefinitionException>(() => Loader.Load(File, Encoding.UTF8.GetBytes("{\n  \"schemaVersion\": 1,\n  \"id\": \n}")));
        var error = Assert.Single(e.Errors);
        Assert.Equal(4, error.Line);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }
}
