using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.Engine.Journal;
using ResolutionWorkflow.Engine.Json;
using ResolutionWorkflow.Engine.Resolutions;

namespace ResolutionWorkflow.App.Persistence;

/// <summary>
/// Works out every row an accepted command changes — the resolution row (under its concurrency
/// token), its snapshot, tasks, texts, the disagreement table, signatures, publications, journal,
/// outbox and deadline rows — as plain objects, before the write and outside it, so that the one
/// writer of a group commit only runs statements (<see cref="RowWriter"/>).
/// </summary>
internal static class ProjectionWriter
{
    /// <summary>
    /// The whole state is written with a resolution's first command and then each time its journal
    /// passes a multiple of this many entries; in between, a command leaves the stored one as it is.
    /// The state of a large review is up to ~110 KB: writing it on every opinion cost more than the
    /// rest of the command, and every 32 entries it was still a fifth of the bytes each commit had to
    /// make durable. A cold read (after a restart, or on another node) replays the entries after the
    /// snapshot, at most 127 of a few hundred bytes each (see <see cref="ReadStateAsync"/>).
    /// </summary>
    public const int SnapshotEvery = 128;

    /// <param name="stored">The resolution row as it was read (null for a new resolution): its version is checked by the write.</param>
    public static RowChanges Plan(
        ResolutionState? before, ResolutionState after, StoredHead? stored,
        IReadOnlyList<(ResolutionEvent Event, JournalEntry Entry)> changes, DateTimeOffset now, bool outbox = true)
    {
        var rows = new RowChanges();
        var last = changes[^1].Entry;
        var row = ToRow(after, last.Sequence, last.Hash, (stored?.Version ?? 0) + 1);
        var snapshot = stored is null || (changes[0].Entry.Sequence - 1) / SnapshotEvery != last.Sequence / SnapshotEvery;
        ResolutionSnapshotRow Snapshot() => new() { ResolutionId = after.Id, State = StateJson.Serialize(after) };
        if (before is null || stored is null)
        {
            rows.Added.Add(row);
            rows.Added.Add(Snapshot());
        }
        else
        {
            // UPDATE … WHERE version = the version this decision was made on.
            rows.Updated.Add(new RowUpdate(ToRow(before, stored.JournalLength, stored.JournalHead, stored.Version), row, CheckVersion: true));
            if (snapshot) { rows.Updated.Add(new RowUpdate(null, Snapshot())); }
        }

        // Tasks and remarks keep their places (new ones are appended, changed ones replaced where they are): compare in step.
        var (oldTasks, t) = (before?.Tasks ?? [], 0);
        foreach (var task in after.Tasks)
        {
            var old = t < oldTasks.Count ? oldTasks[t++] : null;
            if (old is null) { rows.Added.Add(ToRow(after.Id, task)); }
            else if (!ReferenceEquals(old, task) && old != task) { rows.Updated.Add(new RowUpdate(ToRow(after.Id, old), ToRow(after.Id, task))); }
        }

        foreach (var v in after.Versions.Skip(before?.Versions.Count ?? 0))
        {
            rows.Added.Add(new TextVersionRow { ResolutionId = after.Id, Number = v.Number, Text = v.Text, Hash = v.Hash, IssuedBy = v.IssuedBy, IssuedAt = v.IssuedAt, Note = v.Note });
            for (var i = 0; i < v.Documents.Count; i++)
            {
                var a = v.Documents[i];
                rows.Added.Add(new VersionAttachmentRow { ResolutionId = after.Id, VersionNumber = v.Number, Position = i, Kind = a.Kind, Name = a.Name, MediaType = a.MediaType, Size = a.Size, Sha256 = a.Sha256 });
            }
        }

        if (after.Meeting is { MinutesFile: { } minutes } meeting && meeting != before?.Meeting)
        {
            rows.Added.Add(new MeetingMinutesFileRow
            {
                ResolutionId = after.Id, StageEntry = meeting.StageEntry, Protocol = meeting.Protocol,
                Name = minutes.Name, MediaType = minutes.MediaType, Size = minutes.Size, Sha256 = minutes.Sha256,
            });
        }

        var (oldRemarks, r) = (before?.Remarks ?? [], 0);
        foreach (var remark in after.Remarks)
        {
            var old = r < oldRemarks.Count ? oldRemarks[r++] : null;
            if (old is null) { rows.Added.Add(ToRow(after.Id, remark)); }
            else if (!ReferenceEquals(old, remark) && old != remark) { rows.Updated.Add(new RowUpdate(ToRow(after.Id, old), ToRow(after.Id, remark))); }
        }

        // What a search finds it by: written with the resolution, rewritten when its text, remarks or registration change.
        if (before is null || stored is null) { rows.Added.Add(SearchDocumentRow.Of(after)); }
        else if (before.CurrentText.Number != after.CurrentText.Number || before.Remarks.Count != after.Remarks.Count || before.Registration != after.Registration)
        {
            rows.Updated.Add(new RowUpdate(null, SearchDocumentRow.Of(after)));
        }

        for (var i = before?.Publications.Count ?? 0; i < after.Publications.Count; i++)
        {
            var p = after.Publications[i];
            rows.Added.Add(new PublicationRow { ResolutionId = after.Id, Seq = i + 1, Country = p.Country, Portal = p.Portal, Reference = p.Reference, PublishedOn = p.PublishedOn, UserId = p.UserId });
        }

        // The stay this command opened, if any: a command may pass through several stages.
        StageVisitRow? visit = null;
        foreach (var (e, journal) in changes)
        {
            rows.Added.Add(new JournalRow
            {
                ResolutionId = journal.ResolutionId, Sequence = journal.Sequence, CommandId = journal.CommandId,
                ActorUserId = journal.ActorUserId, ActorOrganisation = journal.ActorOrganisation, At = journal.At,
                EventType = journal.EventType, Data = journal.Data, PreviousHash = journal.PreviousHash, Hash = journal.Hash,
            });
            if (outbox)
            {
                rows.Added.Add(new OutboxRow
                {
                    ResolutionId = journal.ResolutionId, JournalSequence = journal.Sequence, MessageType = journal.EventType,
                    Payload = OutboxPayload(journal, after), CreatedAt = now,
                });
            }

            switch (e)
            {
                case StageEntered entered:
                    LeaveStage(rows, visit, after.Id, journal.At, stored: before is not null);
                    visit = new StageVisitRow
                    {
                        ResolutionId = after.Id, Entry = entered.Entry, DefinitionId = after.DefinitionId, StageId = entered.StageId,
                        EnteredAt = journal.At, EnteredWeek = StageVisitRow.WeekOf(journal.At),
                    };
                    rows.Added.Add(visit);
                    break;
                case ResolutionClosed or ResolutionWithdrawn:
                    LeaveStage(rows, visit, after.Id, journal.At, stored: before is not null);
                    break;
                case TaskOpened { Task.DueAt: { } due } opened:
                    AddDeadlines(rows, after.Id, opened.Task.No, opened.Task.Calendar!, due, opened.Task.RemindAt);
                    break;
                case DeadlineExtended extended:
                    var task = after.Tasks.First(t => t.No == extended.TaskNo);
                    AddDeadlines(rows, after.Id, task.No, task.Calendar!, extended.DueAt, extended.RemindAt);
                    break;
                case SignatureRecorded s:
                    rows.Added.Add(new SignatureRow
                    {
                        ResolutionId = after.Id, JournalSequence = journal.Sequence, SignatoryKey = s.SignatoryKey, UserId = s.UserId,
                        Organisation = s.Organisation, TextHash = s.TextHash, TextVersion = s.TextVersion, SignedAt = s.At,
                        CertificateSubject = s.Evidence?.Subject, SignatureAlgorithm = s.Evidence?.Algorithm,
                    });
                    break;
                case SignaturesVoided:
                    // Rare; runs inside the command's transaction, before this command's new rows exist.
                    rows.Statements.Add((db, ct) => db.Signatures.Where(x => x.ResolutionId == after.Id && x.VoidedAt == null)
                        .ExecuteUpdateAsync(x => x.SetProperty(r => r.VoidedAt, now), ct));
                    break;
            }
        }
        return rows;
    }

    /// <summary>
    /// Closes the open stay: the one this command opened, or else the stored one — by one UPDATE
    /// rather than a read and a tracked change, so the command's transaction only writes.
    /// </summary>
    private static void LeaveStage(RowChanges rows, StageVisitRow? opened, Guid resolutionId, DateTimeOffset at, bool stored)
    {
        var week = StageVisitRow.WeekOf(at);
        if (opened is { LeftAt: null })
        {
            opened.LeftAt = at;
            opened.LeftWeek = week;
        }
        else if (opened is null && stored)
        {
            rows.Statements.Add((db, ct) => db.StageVisits.Where(v => v.ResolutionId == resolutionId && v.LeftAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.LeftAt, at).SetProperty(v => v.LeftWeek, week), ct));
        }
    }

    private static void AddDeadlines(RowChanges rows, Guid resolutionId, int taskNo, string calendar, DateTimeOffset due, IEnumerable<DateTimeOffset> reminders)
    {
        foreach (var at in reminders)
        {
            rows.Added.Add(new DeadlineRow { ResolutionId = resolutionId, TaskNo = taskNo, Kind = DeadlineKinds.Reminder, FireAt = at, TaskDueAt = due, Calendar = calendar, State = DeadlineStates.Pending });
        }
        rows.Added.Add(new DeadlineRow { ResolutionId = resolutionId, TaskNo = taskNo, Kind = DeadlineKinds.Due, FireAt = due, TaskDueAt = due, Calendar = calendar, State = DeadlineStates.Pending });
    }

    /// <summary>The journal entry plus what a subscriber needs to act without asking back (title, text version); its data as written to the journal.</summary>
    private static string OutboxPayload(JournalEntry journal, ResolutionState after)
    {
        using var scratch = JsonScratch.Rent();
        var json = scratch.Writer;
        json.WriteStartObject();
        json.WriteString("resolutionId", journal.ResolutionId);
        json.WriteNumber("sequence", journal.Sequence);
        json.WriteString("type", journal.EventType);
        json.WriteString("at", journal.At);
        json.WriteString("actorUserId", journal.ActorUserId);
        json.WriteString("actorOrganisation", journal.ActorOrganisation);
        json.WriteString("previousHash", journal.PreviousHash);
        json.WriteString("hash", journal.Hash);
        json.WriteString("title", after.Title);
        json.WriteNumber("textVersion", after.CurrentText.Number);
        json.WriteString("textHash", after.CurrentText.Hash);
        json.WritePropertyName("data");
        json.WriteRawValue(journal.Data, skipInputValidation: true);
        json.WriteEndObject();
        return scratch.ToString();
    }

    /// <summary>
    /// The state as of the row's journal head: the last snapshot, its texts, and the journal entries
    /// written after it, replayed. Should the row move on while this reads, the write's version
    /// check refuses the command and it runs again.
    /// </summary>
    public static async Task<ResolutionState> ReadStateAsync(ResolutionDbContext db, Guid id, long journalLength, CancellationToken ct)
    {
        var snapshot = await db.Snapshots.AsNoTracking().Where(r => r.ResolutionId == id).Select(r => r.State).SingleAsync(ct).ConfigureAwait(false);
        var texts = await db.TextVersions.AsNoTracking().Where(t => t.ResolutionId == id).ToDictionaryAsync(t => t.Number, t => t.Text, ct).ConfigureAwait(false);
        var state = StateJson.Deserialize(snapshot, texts);
        if (state.EventCount >= journalLength) { return state; }
        var later = await db.Journal.AsNoTracking()
            .Where(j => j.ResolutionId == id && j.Sequence > state.EventCount && j.Sequence <= journalLength)
            .OrderBy(j => j.Sequence).ToListAsync(ct).ConfigureAwait(false);
        return Evolve.ApplyAll(state, later.Select(j => JournalChain.ToEvent(j.ToEntry())))!;
    }

    public static ResolutionRow ToRow(ResolutionState s, long journalLength, string journalHead, int version) => new()
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
        ActDate = s.ActDate,
        Reviewers = s.Reviewers is { } chosen ? string.Join(',', chosen.Organisations) : null,
        ReviewersConfirmed = s.Reviewers?.Confirmed ?? false,
        AdoptionForm = s.Adoption is { } a ? Name(a.Form) : null,
        AdoptionScheduledFor = s.Adoption?.ScheduledFor,
        AdoptionPlace = s.Adoption?.Place,
        AdoptionOutcome = s.Adoption?.Outcome,
        AdoptionDecidedOn = s.Adoption?.DecidedOn,
        AdoptionProtocol = s.Adoption?.Protocol,
        JournalLength = journalLength,
        JournalHead = journalHead,
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
        Late = r.Late,
        Dissent = r.Dissent,
        ProposedWording = r.ProposedWording,
        ConciliationChoice = r.Choice is { } c ? Name(c) : null,
        ConciliationWording = r.Wording,
        WordingVersion = r.WordingVersion,
    };

    /// <summary>Enum values as stored: camelCase, as in the journal.</summary>
    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}

/// <summary>What a command read of its resolution row: the version its write checks, and where the journal goes on.</summary>
public sealed record StoredHead(int Version, long JournalLength, string JournalHead);

/// <summary>The rows one or more commands write: statements first (rare bulk updates), then inserts, then updates.</summary>
internal sealed class RowChanges
{
    public List<Func<ResolutionDbContext, CancellationToken, Task>> Statements { get; } = [];
    public List<object> Added { get; } = [];
    public List<RowUpdate> Updated { get; } = [];
}

/// <summary>
/// A row to update: only the columns that differ from <see cref="Before"/> are set (all of them when
/// it is null). With <see cref="CheckVersion"/> the statement also requires the version read before.
/// </summary>
internal sealed record RowUpdate(object? Before, object After, bool CheckVersion = false);
