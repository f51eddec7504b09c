using ResolutionWorkflow.Engine.Journal;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Engine.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Engine.Tests.Journal;

public sealed class JournalChainTests
{
    private static List<JournalEntry> AJournal()
    {
        var r = new ResolutionDriver();
        r.Accept(r.Start("council-of-ministers-resolution"));
        r.Accept(r.Submit());
        r.Accept(r.Agree("by-minfin"));
        r.Accept(r.Disagree("ru-minjust", ("2", "Замечание.")));
        Assert.True(r.Journal.Count >= 20);
        return r.Journal;
    }

    [Fact]
    public void Entries_are_written_and_hashed_exactly_as_journals_already_stored_were()
    {
        // Values computed by the first version of the chain: stored journals verify only while
        // the data's canonical form and the hashed fields stay byte for byte the same.
        var at = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(3));
        var actor = new Actor("officer.by-minfin", "by-minfin", ["officer"]);
        ResolutionEvent[] events =
        [
            new OpinionRecorded("review", "by-minfin", "by-minfin", "officer.by-minfin", OpinionKind.AgreeWithRemarks, 2, "Замечания — в таблице") { At = at },
            new TaskClosed(5, WorkTaskStatus.Done) { At = at },
        ];

        var entries = JournalChain.Append(41, new string('a', 64), Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
            Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7"), actor, events);

        Assert.Equal(
            """{"comment":"Замечания — в таблице","kind":"agreeWithRemarks","organisation":"by-minfin","participantKey":"by-minfin","stageId":"review","textVersion":2,"userId":"officer.by-minfin"}""",
            entries[0].Data);
        Assert.Equal("98a73d00f4bd94bbd150c7f5cfa09ece9f46d85e149715ad30c8404599247025", entries[0].Hash);
        Assert.Equal("""{"status":"done","taskNo":5}""", entries[1].Data);
        Assert.Equal("a21a107626afcaefa9c40a977798f956d3c1bdd6b16d071096024fc124e88874", entries[1].Hash);
        Assert.Equal(entries[0].Hash, entries[1].PreviousHash);
        Assert.All(entries, e => Assert.Equal(e.Hash, JournalChain.HashOf(e)));
    }

    [Fact]
    public void An_untouched_journal_verifies()
    {
        var journal = AJournal();
        Assert.True(JournalChain.Verify(journal, journal[^1].Hash).IsValid);
        Assert.Equal(JournalChain.Genesis, journal[0].PreviousHash);
        Assert.All(journal.Skip(1).Zip(journal), p => Assert.Equal(p.Second.Hash, p.First.PreviousHash));
    }

    [Fact]
    public void Verify_reports_a_changed_entry()
    {
        var journal = AJournal();
        var i = journal.FindIndex(e => e.EventType == "opinion-recorded");
        journal[i] = journal[i] with { Data = journal[i].Data.Replace("agree", "disagree", StringComparison.Ordinal) };

        var result = JournalChain.Verify(journal);

        Assert.False(result.IsValid);
        Assert.Equal(i, result.FirstBadIndex);
        Assert.Contains("changed", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_reports_a_changed_actor_or_time()
    {
        var journal = AJournal();
        journal[3] = journal[3] with { ActorUserId = "someone-else" };
        Assert.Equal(3, JournalChain.Verify(journal).FirstBadIndex);

        journal = AJournal();
        journal[5] = journal[5] with { At = journal[5].At.AddSeconds(-1) };
        Assert.Equal(5, JournalChain.Verify(journal).FirstBadIndex);
    }

    [Fact]
    public void Verify_reports_a_removed_entry()
    {
        var journal = AJournal();
        journal.RemoveAt(7);

        var result = JournalChain.Verify(journal);

        Assert.False(result.IsValid);
        Assert.Equal(7, result.FirstBadIndex);
        Assert.Contains("missing", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_reports_a_removed_and_renumbered_entry_as_a_broken_chain()
    {
        var journal = AJournal();
        journal.RemoveAt(7);
        // A forger renumbers the rest and recomputes their own hashes, but cannot fix the links.
        for (var i = 7; i < journal.Count; i++)
        {
            journal[i] = journal[i] with { Sequence = i + 1 };
            journal[i] = journal[i] with { Hash = JournalChain.HashOf(journal[i]) };
        }

        var result = JournalChain.Verify(journal);

        Assert.Equal(7, result.FirstBadIndex);
        Assert.Contains("chain is broken", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_reports_swapped_entries()
    {
        var journal = AJournal();
        (journal[10], journal[11]) = (journal[11], journal[10]);

        var result = JournalChain.Verify(journal);

        Assert.False(result.IsValid);
        Assert.Equal(10, result.FirstBadIndex);
    }

    [Fact]
    public void Verify_reports_entries_cut_from_the_end_against_the_recorded_head()
    {
        var journal = AJournal();
        var head = journal[^1].Hash;
        journal.RemoveRange(journal.Count - 2, 2);

        Assert.True(JournalChain.Verify(journal).IsValid);
        var result = JournalChain.Verify(journal, head);
        Assert.False(result.IsValid);
        Assert.Contains("removed", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hash_covers_a_canonical_form_independent_of_key_order()
    {
        var journal = AJournal();
        var entry = journal[4];
        var reordered = entry with { Data = "{" + string.Join(",", System.Text.Json.Nodes.JsonNode.Parse(entry.Data)!.AsObject().Reverse().Select(p => $"\"{p.Key}\":{p.Value!.ToJsonString()}")) + "}" };
        Assert.NotEqual(entry.Data, reordered.Data);
        Assert.Equal(entry.Hash, JournalChain.HashOf(reordered));
    }

    /// <summary>The documented form, built the slow way: stored journals keep verifying whatever the code does to be fast.</summary>
    [Fact]
    public void The_hash_is_sha256_of_the_documented_canonical_json()
    {
        foreach (var entry in AJournal())
        {
            var documented = ResolutionWorkflow.Engine.Json.CanonicalJson.Serialize(new System.Text.Json.Nodes.JsonObject
            {
                ["resolutionId"] = entry.ResolutionId.ToString("D"),
                ["sequence"] = entry.Sequence,
                ["commandId"] = entry.CommandId.ToString("D"),
                ["actorUserId"] = entry.ActorUserId,
                ["actorOrganisation"] = entry.ActorOrganisation,
                ["at"] = entry.At.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
                ["eventType"] = entry.EventType,
                ["data"] = System.Text.Json.Nodes.JsonNode.Parse(entry.Data),
                ["previousHash"] = entry.PreviousHash,
            });
            Assert.Equal(ResolutionWorkflow.Engine.Json.CanonicalJson.Sha256Hex(documented), entry.Hash);
            // Stored data is itself canonical.
            Assert.Equal(ResolutionWorkflow.Engine.Json.CanonicalJson.Serialize(System.Text.Json.Nodes.JsonNode.Parse(entry.Data)), entry.Data);
            Assert.Equal(entry.Hash, JournalChain.HashOf(entry));
        }
    }

    [Fact]
    public void Instants_are_cut_to_whole_microseconds_in_utc_the_precision_every_database_keeps()
    {
        var at = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(3)).AddTicks(1_234_567);
        var canonical = Instants.Canonical(at);
        Assert.Equal(TimeSpan.Zero, canonical.Offset);
        Assert.Equal(at.UtcTicks - 7, canonical.UtcTicks);
        Assert.True(Instants.IsCanonical(canonical));
        Assert.False(Instants.IsCanonical(at));
        Assert.Equal(canonical, Instants.Canonical(canonical));
    }

    [Fact]
    public void An_event_finer_than_a_microsecond_is_not_journalled_as_no_database_would_read_it_back_as_hashed()
    {
        var actor = new Actor("drafter", "ru-mineconomy", ["drafter"]);
        var at = new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero).AddTicks(3);
        var error = Assert.Throws<ArgumentException>(() => JournalChain.Append(null, Guid.NewGuid(), Guid.NewGuid(), actor, [new TaskClosed(5, WorkTaskStatus.Done) { At = at }]));
        Assert.Contains("finer than whole microseconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_decider_stamps_events_with_the_canonical_instant_whatever_clock_it_is_given()
    {
        var r = new ResolutionDriver(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero).AddTicks(9_999));
        r.Accept(r.Start("council-of-ministers-resolution"));
        Assert.All(r.Journal, e => Assert.Equal(0, e.At.UtcTicks % 10));
    }

    [Fact]
    public void Data_that_is_no_longer_json_is_reported_as_a_changed_entry_not_an_exception()
    {
        var journal = AJournal();
        journal[2] = journal[2] with { Data = "{not json" };
        var result = JournalChain.Verify(journal, journal[^1].Hash);
        Assert.False(result.IsValid);
        Assert.Equal(3, result.FirstBadSequence);
        Assert.Contains("entry 3 was changed", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_stored_with_its_keys_in_another_order_still_verifies()
    {
        var journal = AJournal();
        var i = journal.FindIndex(e => e.EventType == "opinion-recorded");
        var reordered = System.Text.Json.Nodes.JsonNode.Parse(journal[i].Data)!.AsObject().Reverse().ToList();
        var json = new System.Text.Json.Nodes.JsonObject(reordered.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))).ToJsonString();
        Assert.NotEqual(journal[i].Data, json);
        journal[i] = journal[i] with { Data = json };
        Assert.True(JournalChain.Verify(journal, journal[^1].Hash).IsValid);
    }
}
