namespace ResolutionWorkflow.App.Persistence;

// Tables. The resolution row carries the instance's snapshot (the engine state without text
// bodies) and a concurrency token; the other tables are written in the same transaction from
// the same events and serve the inbox, the dashboard and the resolution page.

/// <summary>A deployed definition version; instances stay on the version they started with.</summary>
public sealed class DefinitionVersionRow
{
    public required string DefinitionId { get; set; }
    public int Version { get; set; }
    public required string ContentHash { get; set; }
    public required string SourceFile { get; set; }
    public DateTimeOffset DeployedAt { get; set; }
}

public sealed class ResolutionRow
{
    public Guid Id { get; set; }
    public required string DefinitionId { get; set; }
    public int DefinitionVersion { get; set; }
    public required string Title { get; set; }
    public required string DrafterOrganisation { get; set; }
    public required string Status { get; set; }
    public required string StageId { get; set; }
    public int StageEntry { get; set; }
    public DateTimeOffset StageEnteredAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastActivityAt { get; set; }
    public int CurrentTextVersion { get; set; }
    public required string CurrentTextHash { get; set; }
    public string? RegistrationNumber { get; set; }
    public int? RegistrationYear { get; set; }

    /// <summary>The act's date: the day of its last signature in the definition's zone.</summary>
    public DateOnly? ActDate { get; set; }

    /// <summary>The bodies chosen for the draft from its definition's pool, comma-separated; proposed by the drafter, or confirmed by the coordinator.</summary>
    public string? Reviewers { get; set; }
    public bool ReviewersConfirmed { get; set; }

    /// <summary><see cref="Reviewers"/> as a list (not a column).</summary>
    public IReadOnlyList<string> ReviewerOrganisations => string.IsNullOrEmpty(Reviewers) ? [] : Reviewers.Split(',');

    /// <summary>The Council's current consideration of the draft: "meeting" or "writtenPoll", its day (and place), and once taken its decision and protocol.</summary>
    public string? AdoptionForm { get; set; }
    public DateOnly? AdoptionScheduledFor { get; set; }
    public string? AdoptionPlace { get; set; }
    public string? AdoptionOutcome { get; set; }
    public DateOnly? AdoptionDecidedOn { get; set; }
    public string? AdoptionProtocol { get; set; }

    /// <summary>Number of journal entries and the hash of the last: the chain continues from here.</summary>
    public long JournalLength { get; set; }
    public required string JournalHead { get; set; }

    /// <summary>Optimistic concurrency token: every accepted command increments it.</summary>
    public int Version { get; set; }
}

/// <summary>
/// The engine state of a resolution as JSON (text bodies left out: they live in text_versions), as
/// of some journal entry; the entries after it are replayed on a cold read. A table of its own:
/// the state of a large review is up to about a hundred kilobytes, and a database rewrites a whole row, large
/// columns included, when any column of it changes — the resolution row changes on every command.
/// </summary>
public sealed class ResolutionSnapshotRow
{
    public Guid ResolutionId { get; set; }
    public required string State { get; set; }
}

public sealed class TaskRow
{
    public Guid ResolutionId { get; set; }
    public int TaskNo { get; set; }
    public required string StageId { get; set; }
    public int StageEntry { get; set; }
    public required string Kind { get; set; }
    public required string ParticipantKey { get; set; }
    public string? Organisation { get; set; }
    public string? Role { get; set; }
    public string? Country { get; set; }
    public string? UserId { get; set; }
    public required string Status { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public string? Calendar { get; set; }
    public bool DueIsProvisional { get; set; }
    public bool Escalated { get; set; }

    /// <summary>When the task stopped being open: the party's response time for the dashboard.</summary>
    public DateTimeOffset? ClosedAt { get; set; }
}

/// <summary>
/// One stay of a resolution in a stage, for time-in-stage and weekly flow. Weeks are counted from
/// Monday 3 January 2000 (UTC), so "items entering per week" is a GROUP BY on an indexed integer.
/// </summary>
public sealed class StageVisitRow
{
    public Guid ResolutionId { get; set; }
    public required string StageId { get; set; }

    /// <summary>1 for the first stay in the stage, 2 for the second (after a revision), …</summary>
    public int Entry { get; set; }

    public required string DefinitionId { get; set; }
    public DateTimeOffset EnteredAt { get; set; }
    public int EnteredWeek { get; set; }
    public DateTimeOffset? LeftAt { get; set; }
    public int? LeftWeek { get; set; }

    private static readonly DateTimeOffset WeekZero = new(2000, 1, 3, 0, 0, 0, TimeSpan.Zero);

    public static int WeekOf(DateTimeOffset at) => (int)Math.Floor((at - WeekZero).TotalDays / 7);

    public static DateTimeOffset StartOfWeek(int week) => WeekZero.AddDays(week * 7);
}

public sealed class TextVersionRow
{
    public Guid ResolutionId { get; set; }
    public int Number { get; set; }
    public required string Text { get; set; }
    public required string Hash { get; set; }
    public required string IssuedBy { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public string? Note { get; set; }
}

/// <summary>A document in a version's manifest, in the order attached (<see cref="Position"/> from 0).</summary>
public sealed class VersionAttachmentRow
{
    public Guid ResolutionId { get; set; }
    public int VersionNumber { get; set; }
    public int Position { get; set; }
    public required string Kind { get; set; }
    public required string Name { get; set; }
    public required string MediaType { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
}

/// <summary>The signed minutes of a conciliation meeting (one meeting per stay in the conciliation stage), as a stored document.</summary>
public sealed class MeetingMinutesFileRow
{
    public Guid ResolutionId { get; set; }
    public int StageEntry { get; set; }
    public required string Protocol { get; set; }
    public required string Name { get; set; }
    public required string MediaType { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
}

/// <summary>Stored bytes of an attached document, by their SHA-256 (the same file attached twice is kept once).</summary>
public sealed class AttachmentContentRow
{
    public required string Sha256 { get; set; }
    public required string MediaType { get; set; }
    public long Size { get; set; }
    public int Chunks { get; set; }
    public DateTimeOffset StoredAt { get; set; }
}

/// <summary>
/// One piece of a document's bytes. Pieces of a bounded size let every provider store and serve a
/// large file with bounded memory, through the same model, on every node.
/// </summary>
public sealed class AttachmentChunkRow
{
    public required string Sha256 { get; set; }
    public int Seq { get; set; }
    public required byte[] Bytes { get; set; }
}

/// <summary>A row of the disagreement table.</summary>
public sealed class RemarkRow
{
    public Guid ResolutionId { get; set; }
    public int RemarkNo { get; set; }
    public required string StageId { get; set; }
    public required string Organisation { get; set; }
    public required string AuthorUserId { get; set; }
    public int TextVersion { get; set; }
    public required string Clause { get; set; }
    public required string Text { get; set; }
    public bool Objection { get; set; }
    public string? Answer { get; set; }
    public string? AnswerReason { get; set; }
    public string? Conciliation { get; set; }
    public required string Status { get; set; }

    /// <summary>The opinion that raised it came after the deadline.</summary>
    public bool Late { get; set; }

    /// <summary>Why the body that raised it did not confirm the conciliation meeting's decision on it.</summary>
    public string? Dissent { get; set; }

    /// <summary>The wording the body proposes for the clause, if it proposed one.</summary>
    public string? ProposedWording { get; set; }

    /// <summary>A conciliation decision's choice (keepDrafterWording, acceptProposedWording, newWording); null for a decision recorded only in words.</summary>
    public string? ConciliationChoice { get; set; }

    /// <summary>The clause as the decision makes it read, when it changes the text.</summary>
    public string? ConciliationWording { get; set; }

    /// <summary>The text version that first carried <see cref="ConciliationWording"/>.</summary>
    public int? WordingVersion { get; set; }
}

/// <summary>A signature, kept after it is voided so the page can show what happened.</summary>
public sealed class SignatureRow
{
    public Guid ResolutionId { get; set; }
    public long JournalSequence { get; set; }
    public required string SignatoryKey { get; set; }
    public required string UserId { get; set; }
    public required string Organisation { get; set; }
    public required string TextHash { get; set; }
    public int TextVersion { get; set; }
    public DateTimeOffset SignedAt { get; set; }
    public DateTimeOffset? VoidedAt { get; set; }

    /// <summary>For a CMS signature: the certificate's subject and the algorithms (null for an account's confirmation).</summary>
    public string? CertificateSubject { get; set; }
    public string? SignatureAlgorithm { get; set; }
}

public sealed class PublicationRow
{
    public Guid ResolutionId { get; set; }

    /// <summary>The publication's place in the act's record of publications: 1, 2, …</summary>
    public int Seq { get; set; }
    public required string Country { get; set; }
    public required string Portal { get; set; }
    public required string Reference { get; set; }
    public DateOnly PublishedOn { get; set; }
    public required string UserId { get; set; }
}

public sealed class JournalRow
{
    public Guid ResolutionId { get; set; }
    public long Sequence { get; set; }
    public Guid CommandId { get; set; }
    public required string ActorUserId { get; set; }
    public required string ActorOrganisation { get; set; }
    public DateTimeOffset At { get; set; }
    public required string EventType { get; set; }
    public required string Data { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }

    public Engine.Journal.JournalEntry ToEntry() => new(ResolutionId, Sequence, CommandId, ActorUserId, ActorOrganisation, At, EventType, Data, PreviousHash, Hash);
}

/// <summary>An event waiting to be published; written with the transition, sent by the relay.</summary>
public sealed class OutboxRow
{
    public long Id { get; set; }
    public Guid ResolutionId { get; set; }
    public long JournalSequence { get; set; }
    public required string MessageType { get; set; }
    public required string Payload { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }

    /// <summary>The relay that has taken the row to publish it, until when; after that another relay may take it over.</summary>
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedUntil { get; set; }

    /// <summary>The W3C trace context of the command that wrote the row, so its publication continues that trace.</summary>
    public string? TraceContext { get; set; }
}

/// <summary>A command already applied, with the result it produced, so a repeat gets the same answer.</summary>
public sealed class ProcessedCommandRow
{
    public Guid CommandId { get; set; }
    public Guid ResolutionId { get; set; }
    public required string CommandType { get; set; }
    public required string ActorUserId { get; set; }
    public DateTimeOffset ProcessedAt { get; set; }
    public required string Result { get; set; }

    /// <summary>SHA-256 of what the command asks (<see cref="Commands.CommandFingerprint"/>): a repeat of the id asking something else is refused.</summary>
    public string? RequestHash { get; set; }
}

/// <summary>
/// A reminder or a due deadline, written with the transition that created the task. A row whose
/// <see cref="TaskDueAt"/> no longer matches the task (extended) or whose task is closed is skipped
/// by the sweeper, so transitions never have to delete rows.
/// </summary>
public sealed class DeadlineRow
{
    public long Id { get; set; }
    public Guid ResolutionId { get; set; }
    public int TaskNo { get; set; }
    public required string Kind { get; set; }
    public DateTimeOffset FireAt { get; set; }
    public DateTimeOffset TaskDueAt { get; set; }
    public required string Calendar { get; set; }
    public required string State { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedUntil { get; set; }
    public int Attempts { get; set; }
}

public static class DeadlineKinds
{
    public const string Reminder = "reminder";
    public const string Due = "due";
}

public static class DeadlineStates
{
    public const string Pending = "pending";
    public const string Claimed = "claimed";
    public const string Done = "done";
    public const string Skipped = "skipped";
}

/// <summary>A command that kept failing (it is also in the bus's error queue); a coordinator can retry it once the cause is fixed.</summary>
public sealed class IncidentRow
{
    public long Id { get; set; }
    public Guid CommandId { get; set; }
    public Guid ResolutionId { get; set; }
    public required string MessageType { get; set; }
    public required string Payload { get; set; }
    public required string Error { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset FailedAt { get; set; }
    public required string State { get; set; }
    public DateTimeOffset? RetriedAt { get; set; }
    public string? RetriedBy { get; set; }
}

/// <summary>
/// A message a party system sent on its channel that was refused, recorded against that party (not
/// in any resolution's journal): what an operator needs to see a misbehaving or misconfigured party.
/// </summary>
public sealed class PartyRefusalRow
{
    public long Id { get; set; }
    public required string Organisation { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid CommandId { get; set; }
    public required string CommandType { get; set; }
    public Guid ResolutionId { get; set; }
    public required string Code { get; set; }
    public required string Reason { get; set; }

    /// <summary>The refusal's key and arguments (JSON), so the page words it in the reader's language; null when the arguments were too long to keep.</summary>
    public string? ReasonKey { get; set; }

    public string? ReasonArgs { get; set; }

    /// <summary>Refusals of this party not recorded since its previous row, over the rate limit.</summary>
    public int Suppressed { get; set; }
}

public static class IncidentStates
{
    public const string Open = "open";
    public const string Retried = "retried";
    public const string Closed = "closed";
}

public static class IncidentKinds
{
    /// <summary>The message type of an incident that is not a failed command: a journal found broken by the recurring check.</summary>
    public const string JournalBroken = "journal-broken";
}

/// <summary>
/// A mail claimed by one worker and then handed to the mail server (or the pickup folder): the row
/// is committed before the mail is sent, so two workers never both send it, and a retried job does
/// not send it again.
/// </summary>
public sealed class SentMailRow
{
    public required string Key { get; set; }
    public required string Recipient { get; set; }
    public required string MessageId { get; set; }
    public required string Template { get; set; }

    /// <summary>When it was claimed, and then when it was sent.</summary>
    public DateTimeOffset SentAt { get; set; }

    /// <summary>Set while a worker holds the claim and has not reported the mail sent; after it, another worker may take the claim over.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }
}

/// <summary>
/// The last verification of a resolution's journal by the recurring check: the head it verified
/// up to, so the next run takes only chains that changed, and whether it was broken, so a break
/// opens one incident, not one per run.
/// </summary>
public sealed class JournalCheckRow
{
    public Guid ResolutionId { get; set; }
    public long CheckedLength { get; set; }
    public required string CheckedHead { get; set; }
    public DateTimeOffset CheckedAt { get; set; }

    /// <summary>The first entry that did not verify; null when the chain was intact.</summary>
    public long? BrokenAt { get; set; }
    public string? Problem { get; set; }
}

/// <summary>
/// What a search finds a resolution by: its title, its registration number, its current text and its
/// remarks. One row per resolution, replaced when any of them changes. On SQLite the table is an FTS5
/// index; on PostgreSQL it carries a <c>russian</c> tsvector kept by a trigger (see the migrations).
/// </summary>
public sealed class SearchDocumentRow
{
    public Guid ResolutionId { get; set; }
    public required string Title { get; set; }
    public required string Registration { get; set; }
    public required string Body { get; set; }

    public static SearchDocumentRow Of(Engine.Resolutions.ResolutionState s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new()
        {
            ResolutionId = s.Id,
            Title = s.Title,
            Registration = s.Registration is { } r ? $"{r.Number}/{r.Year}" : "",
            Body = BodyOf(s.CurrentText.Text, s.Remarks.Select(m => m.Text)),
        };
    }

    /// <summary>What the body holds: the current text, then each remark, a line apart.</summary>
    public static string BodyOf(string text, IEnumerable<string> remarks) => string.Join("\n", remarks.Prepend(text));
}
