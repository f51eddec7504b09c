using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.Engine.Journal;
using ResolutionWorkflow.Engine.Resolutions;

namespace ResolutionWorkflow.App.Persistence;

/// <summary>
/// Stages every row an accepted command changes, on one context, for one SaveChanges: the
/// resolution row (under its concurrency token), tasks, texts, the disagreement table,
/// signatures, publications, journal, outbox and deadline rows.
/// </summary>
internal static class ProjectionWriter
{
    /// <summary>
    /// The whole state is written with a resolution's first command and then each time its journal
    /// passes a multiple of this many entries; in between, a command updates the row's columns only.
    /// The state of a large review is tens of kilobytes: writing it on every opinion cost more than
    /// the rest of the command. A cold read replays the entries after the snapshot (see <see cref="ReadStateAsync"/>).
    /// </summary>
    public const int SnapshotEvery = 32;

    public static async Task StageAsync(
        ResolutionDbContext db, ResolutionState? before, ResolutionState after, int? previousVersion,
        IReadOnlyList<(ResolutionEvent Event, JournalEntry Entry)> changes, DateTimeOffset now, CancellationToken ct, bool outbox = true)
    {
        var last = changes[^1].Entry;
        var snapshot = previousVersion is null || (changes[0].Entry.Sequence - 1) / SnapshotEvery != last.Sequence / SnapshotEvery;
        var row = ToRow(after, last, (previousVersion ?? 0) + 1, snapshot);
        if (previousVersion is null)
        {
            db.Resolutions.Add(row);
        }
        else
        {
            var entry = db.Resolutions.Attach(row);
            entry.State = EntityState.Modified;
            entry.Property(r => r.State).IsModified = snapshot;
            // UPDATE … WHERE version = the version this decision was made on.
            entry.Property(r => r.Version).OriginalValue = previousVersion.Value;
        }

        var oldTasks = before?.Tasks.ToDictionary(t => t.No) ?? [];
        foreach (var task in after.Tasks)
        {
            if (!oldTasks.TryGetValue(task.No, out var old)) { db.Tasks.Add(ToRow(after.Id, task)); }
            else if (old != task) { db.Tasks.Update(ToRow(after.Id, task)); }
        }

        var oldVersions = before?.Versions.Count ?? 0;
        foreach (var v in after.Versions.Skip(oldVersions))
        {
            db.TextVersions.Add(new TextVersionRow { ResolutionId = after.Id, Number = v.Number, Text = v.Text, Hash = v.Hash, IssuedBy = v.IssuedBy, IssuedAt = v.IssuedAt, Note = v.Note });
        }

        var oldRemarks = before?.Remarks.ToDictionary(r => r.No) ?? [];
        foreach (var remark in after.Remarks)
        {
            if (!oldRemarks.TryGetValue(remark.No, out var old)) { db.Remarks.Add(ToRow(after.Id, remark)); }
            else if (old != remark) { db.Remarks.Update(ToRow(after.Id, remark)); }
        }

        foreach (var p in after.Publications.Skip(before?.Publications.Count ?? 0))
        {
            db.Publications.Add(new PublicationRow { ResolutionId = after.Id, Country = p.Country, Portal = p.Portal, Reference = p.Reference, PublishedOn = p.PublishedOn, UserId = p.UserId });
        }

        // The stay this command opened, if any: a command may pass through several stages.
        StageVisitRow? visit = null;
        foreach (var (e, journal) in changes)
        {
            db.Journal.Add(new JournalRow
            {
                ResolutionId = journal.ResolutionId, Sequence = journal.Sequence, CommandId = journal.CommandId,
                ActorUserId = journal.ActorUserId, ActorOrganisation = journal.ActorOrganisation, At = journal.At,
                EventType = journal.EventType, Data = journal.Data, PreviousHash = journal.PreviousHash, Hash = journal.Hash,
            });
            if (outbox)
            {
                db.Outbox.Add(new OutboxRow
                {
                    ResolutionId = journal.ResolutionId, JournalSequence = journal.Sequence, MessageType = journal.EventType,
                    Payload = OutboxPayload(journal, after), CreatedAt = now,
                });
            }

            switch (e)
            {
                case StageEntered entered:
                    await LeaveStageAsync(db, visit, after.Id, journal.At, stored: before is not null, ct).ConfigureAwait(false);
                    visit = new StageVisitRow
                    {
                        ResolutionId = after.Id, Entry = entered.Entry, DefinitionId = after.DefinitionId, StageId = entered.StageId,
                        EnteredAt = journal.At, EnteredWeek = StageVisitRow.WeekOf(journal.At),
                    };
                    db.StageVisits.Add(visit);
                    break;
                case ResolutionClosed or ResolutionWithdrawn:
                    await LeaveStageAsync(db, visit, after.Id, journal.At, stored: before is not null, ct).ConfigureAwait(false);
                    break;
                case TaskOpened { Task.DueAt: { } due } opened:
                    AddDeadlines(db, after.Id, opened.Task.No, opened.Task.Calendar!, due, opened.Task.RemindAt);
                    break;
                case DeadlineExtended extended:
                    var task = after.Tasks.First(t => t.No == extended.TaskNo);
                    AddDeadlines(db, after.Id, task.No, task.Calendar!, extended.DueAt, extended.RemindAt);
                    break;
                case SignatureRecorded s:
                    db.Signatures.Add(new SignatureRow
                    {
                        ResolutionId = after.Id, JournalSequence = journal.Sequence, SignatoryKey = s.SignatoryKey, UserId = s.UserId,
                        Organisation = s.Organisation, TextHash = s.TextHash, TextVersion = s.TextVersion, SignedAt = s.At,
                    });
                    break;
                case SignaturesVoided:
                    // Rare; runs inside the command's transaction, before this command's new rows exist.
                    await db.Signatures.Where(x => x.ResolutionId == after.Id && x.VoidedAt == null)
                        .ExecuteUpdateAsync(x => x.SetProperty(r => r.VoidedAt, now), ct).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>
    /// Closes the open stay: the one this command opened, or else the stored one — by one UPDATE
    /// rather than a read and a tracked change, so the command's transaction only writes.
    /// </summary>
    private static async Task LeaveStageAsync(ResolutionDbContext db, StageVisitRow? opened, Guid resolutionId, DateTimeOffset at, bool stored, CancellationToken ct)
    {
        var week = StageVisitRow.WeekOf(at);
        if (opened is { LeftAt: null })
        {
            opened.LeftAt = at;
            opened.LeftWeek = week;
        }
        else if (opened is null && stored)
        {
            await db.StageVisits.Where(v => v.ResolutionId == resolutionId && v.LeftAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.LeftAt, at).SetProperty(v => v.LeftWeek, week), ct).ConfigureAwait(false);
        }
    }

    private static void AddDeadlines(ResolutionDbContext db, Guid resolutionId, int taskNo, string calendar, DateTimeOffset due, IEnumerable<DateTimeOffset> reminders)
    {
        foreach (var at in reminders)
        {
            db.Deadlines.Add(new DeadlineRow { ResolutionId = resolutionId, TaskNo = taskNo, Kind = DeadlineKinds.Reminder, FireAt = at, TaskDueAt = due, Calendar = calendar, State = DeadlineStates.Pending });
        }
        db.Deadlines.Add(new DeadlineRow { ResolutionId = resolutionId, TaskNo = taskNo, Kind = DeadlineKinds.Due, FireAt = due, TaskDueAt = due, Calendar = calendar, State = DeadlineStates.Pending });
    }

    /// <summary>The journal entry plus what a subscriber needs to act without asking back (title, text version).</summary>
    private static string OutboxPayload(JournalEntry journal, ResolutionState after) => new JsonObject
    {
        ["resolutionId"] = journal.ResolutionId,
        ["sequence"] = journal.Sequence,
        ["type"] = journal.EventType,
        ["at"] = journal.At,
        ["actorUserId"] = journal.ActorUserId,
        ["actorOrganisation"] = journal.ActorOrganisation,
        ["previousHash"] = journal.PreviousHash,
        ["hash"] = journal.Hash,
        ["title"] = after.Title,
        ["textVersion"] = after.CurrentText.Number,
        ["textHash"] = after.CurrentText.Hash,
        ["data"] = JsonNode.Parse(journal.Data),
    }.ToJsonString();

    /// <summary>
    /// The state as of the row's journal head: the last snapshot, its texts, and the journal entries
    /// written after it, replayed. Should the row move on while this reads, the write's version
    /// check refuses the command and it runs again.
    /// </summary>
    public static async Task<ResolutionState> ReadStateAsync(ResolutionDbContext db, Guid id, long journalLength, CancellationToken ct)
    {
        var snapshot = await db.Resolutions.AsNoTracking().Where(r => r.Id == id).Select(r => r.State).SingleAsync(ct).ConfigureAwait(false);
        var texts = await db.TextVersions.AsNoTracking().Where(t => t.ResolutionId == id).ToDictionaryAsync(t => t.Number, t => t.Text, ct).ConfigureAwait(false);
        var state = StateJson.Deserialize(snapshot, texts);
        if (state.EventCount >= journalLength) { return state; }
        var later = await db.Journal.AsNoTracking()
            .Where(j => j.ResolutionId == id && j.Sequence > state.EventCount && j.Sequence <= journalLength)
            .OrderBy(j => j.Sequence).ToListAsync(ct).ConfigureAwait(false);
        return Evolve.ApplyAll(state, later.Select(j => JournalChain.ToEvent(new JournalEntry(
            j.ResolutionId, j.Sequence, j.CommandId, j.ActorUserId, j.ActorOrganisation, j.At, j.EventType, j.Data, j.PreviousHash, j.Hash))))!;
    }

    /// <param name="snapshot">Whether to write the whole state (a command between snapshots leaves the stored one as it is).</param>
    public static ResolutionRow ToRow(ResolutionState s, JournalEntry last, int version, bool snapshot = true) => new()
    {
        Id = s.Id,
        DefinitionId = s.DefinitionId,
        DefinitionVersion = s.DefinitionVersion,
        Title = s.Title,
        DrafterOrganisation = s.DrafterOrganisation,
        Status = Name(s.Status),
        StageId = s.StageId,
        StageEntry = s.StageEntry,
        StageEnteredAt = s.StageEnteredAt,
        CreatedAt = s.CreatedAt,
        LastActivityAt = s.LastActivityAt,
        CurrentTextVersion = s.CurrentText.Number,
        CurrentTextHash = s.CurrentText.Hash,
        RegistrationNumber = s.Registration?.Number,
        RegistrationYear = s.Registration?.Year,
        JournalLength = last.Sequence,
        JournalHead = last.Hash,
        State = snapshot ? StateJson.Serialize(s) : "",
        Version = version,
    };

    private static TaskRow ToRow(Guid resolutionId, WorkTask t) => new()
    {
        ResolutionId = resolutionId,
        TaskNo = t.No,
        StageId = t.StageId,
        StageEntry = t.StageEntry,
        Kind = Name(t.Kind),
        ParticipantKey = t.ParticipantKey,
        Organisation = t.Assignee.Organisation,
        Role = t.Assignee.Role,
        Country = t.Assignee.Country,
        UserId = t.Assignee.UserId,
        Status = Name(t.Status),
        OpenedAt = t.OpenedAt,
        DueAt = t.DueAt,
        Calendar = t.Calendar,
        DueIsProvisional = t.DueIsProvisional,
        Escalated = t.Escalated,
        ClosedAt = t.ClosedAt,
    };

    private static RemarkRow ToRow(Guid resolutionId, Remark r) => new()
    {
        ResolutionId = resolutionId,
        RemarkNo = r.No,
        StageId = r.StageId,
        Organisation = r.Organisation,
        AuthorUserId = r.AuthorUserId,
        TextVersion = r.TextVersion,
        Clause = r.Clause,
        Text = r.Text,
        Objection = r.Objection,
        Answer = r.Answer is { } a ? Name(a) : null,
        AnswerReason = r.AnswerReason,
        Conciliation = r.Conciliation,
        Status = Name(r.Status),
    };

    /// <summary>Enum values as stored: camelCase, as in the journal.</summary>
    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
