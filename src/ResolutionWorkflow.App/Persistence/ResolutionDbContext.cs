using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ResolutionWorkflow.App.Persistence;

/// <summary>A person who signs in: an officer, drafter, coordinator, signatory, registrar or administrator of one organisation.</summary>
public sealed class AppUser : IdentityUser
{
    public string Organisation { get; set; } = "";

    /// <summary>How the person is shown in the journal and on the approval sheet: "Иванов И. П." once the names below are set.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>Фамилия, имя, отчество: a mail greets the person by name and patronymic ("Уважаемый Иван Петрович!").</summary>
    public string Surname { get; set; } = "";

    public string GivenName { get; set; } = "";

    public string Patronymic { get; set; } = "";

    /// <summary>The position as the approval sheet gives it ("Начальник правового управления").</summary>
    public string Position { get; set; } = "";

    /// <summary>"ru" or "en": the pages and the mail this person reads.</summary>
    public string Language { get; set; } = "ru";

    /// <summary>The subject of the signer's qualified certificate (e.g. "CN=…, O=…, C=RU"): a CMS signature is taken only from that certificate.</summary>
    public string? CertificateSubject { get; set; }
}

/// <summary>
/// One model for SQLite, PostgreSQL and SQL Server; each provider has its own migrations assembly.
/// Accounts (ASP.NET Core Identity) and data-protection keys live here too, so several nodes share them.
/// </summary>
public sealed class ResolutionDbContext(DbContextOptions<ResolutionDbContext> options)
    : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<DefinitionVersionRow> DefinitionVersions => Set<DefinitionVersionRow>();
    public DbSet<ResolutionRow> Resolutions => Set<ResolutionRow>();
    public DbSet<ResolutionSnapshotRow> Snapshots => Set<ResolutionSnapshotRow>();
    public DbSet<TaskRow> Tasks => Set<TaskRow>();
    public DbSet<StageVisitRow> StageVisits => Set<StageVisitRow>();
    public DbSet<TextVersionRow> TextVersions => Set<TextVersionRow>();
    public DbSet<VersionAttachmentRow> VersionAttachments => Set<VersionAttachmentRow>();
    public DbSet<AttachmentContentRow> AttachmentContents => Set<AttachmentContentRow>();
    public DbSet<MeetingMinutesFileRow> MeetingMinutesFiles => Set<MeetingMinutesFileRow>();
    public DbSet<AttachmentChunkRow> AttachmentChunks => Set<AttachmentChunkRow>();
    public DbSet<RemarkRow> Remarks => Set<RemarkRow>();
    public DbSet<SignatureRow> Signatures => Set<SignatureRow>();
    public DbSet<PublicationRow> Publications => Set<PublicationRow>();
    public DbSet<JournalRow> Journal => Set<JournalRow>();
    public DbSet<OutboxRow> Outbox => Set<OutboxRow>();
    public DbSet<ProcessedCommandRow> ProcessedCommands => Set<ProcessedCommandRow>();
    public DbSet<DeadlineRow> Deadlines => Set<DeadlineRow>();
    public DbSet<IncidentRow> Incidents => Set<IncidentRow>();
    public DbSet<PartyRefusalRow> PartyRefusals => Set<PartyRefusalRow>();
    public DbSet<SentMailRow> SentMail => Set<SentMailRow>();
    public DbSet<JournalCheckRow> JournalChecks => Set<JournalCheckRow>();
    public DbSet<SearchDocumentRow> SearchDocuments => Set<SearchDocumentRow>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var modelBuilder = builder;
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<AppUser>(e =>
        {
            e.Property(x => x.Organisation).HasMaxLength(100);
            e.Property(x => x.DisplayName).HasMaxLength(200);
            e.Property(x => x.Surname).HasMaxLength(100);
            e.Property(x => x.GivenName).HasMaxLength(100);
            e.Property(x => x.Patronymic).HasMaxLength(100);
            e.Property(x => x.Position).HasMaxLength(300);
            e.Property(x => x.Language).HasMaxLength(5);
            e.Property(x => x.CertificateSubject).HasMaxLength(1000);
        });
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        const int Id = 100, Short = 200, Hash = 64, Long = 2000;

        modelBuilder.Entity<DefinitionVersionRow>(e =>
        {
            e.ToTable("definition_versions");
            e.HasKey(x => new { x.DefinitionId, x.Version });
            e.Property(x => x.DefinitionId).HasMaxLength(Id);
            e.Property(x => x.ContentHash).HasMaxLength(Hash);
            e.Property(x => x.SourceFile).HasMaxLength(Long);
        });

        modelBuilder.Entity<ResolutionRow>(e =>
        {
            e.ToTable("resolutions");
            e.HasKey(x => x.Id);
            e.Property(x => x.DefinitionId).HasMaxLength(Id);
            e.Property(x => x.Title).HasMaxLength(1000);
            e.Property(x => x.DrafterOrganisation).HasMaxLength(Id);
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.StageId).HasMaxLength(Id);
            e.Property(x => x.CurrentTextHash).HasMaxLength(Hash);
            e.Property(x => x.RegistrationNumber).HasMaxLength(50);
            e.Property(x => x.Reviewers).HasMaxLength(Long);
            e.Property(x => x.AdoptionForm).HasMaxLength(20);
            e.Property(x => x.AdoptionPlace).HasMaxLength(500);
            e.Property(x => x.AdoptionOutcome).HasMaxLength(Id);
            e.Property(x => x.AdoptionProtocol).HasMaxLength(100);
            e.Property(x => x.JournalHead).HasMaxLength(Hash);
            e.Property(x => x.Version).IsConcurrencyToken();
            // The coordinator's views: by stage, by last activity.
            e.HasIndex(x => new { x.Status, x.DefinitionId, x.StageId });
            e.HasIndex(x => new { x.Status, x.LastActivityAt });
            e.HasIndex(x => new { x.RegistrationYear, x.RegistrationNumber }).IsUnique();
        });

        modelBuilder.Entity<ResolutionSnapshotRow>(e =>
        {
            e.ToTable("resolution_snapshots");
            e.HasKey(x => x.ResolutionId);
        });

        modelBuilder.Entity<TaskRow>(e =>
        {
            e.ToTable("tasks");
            e.HasKey(x => new { x.ResolutionId, x.TaskNo });
            e.Property(x => x.StageId).HasMaxLength(Id);
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.ParticipantKey).HasMaxLength(Id);
            e.Property(x => x.Organisation).HasMaxLength(Id);
            e.Property(x => x.Role).HasMaxLength(Id);
            e.Property(x => x.Country).HasMaxLength(10);
            e.Property(x => x.UserId).HasMaxLength(Short);
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.Calendar).HasMaxLength(10);
            // "My organisation's open tasks by due date", open tasks per organisation, and the coordinator's overdue list.
            e.HasIndex(x => new { x.Status, x.Organisation, x.DueAt });
            e.HasIndex(x => new { x.Role, x.Status, x.DueAt });
            e.HasIndex(x => new { x.Status, x.DueAt });
            e.HasIndex(x => new { x.Organisation, x.ClosedAt });
        });

        modelBuilder.Entity<StageVisitRow>(e =>
        {
            e.ToTable("stage_visits");
            e.HasKey(x => new { x.ResolutionId, x.StageId, x.Entry });
            e.Property(x => x.DefinitionId).HasMaxLength(Id);
            e.Property(x => x.StageId).HasMaxLength(Id);
            // Weekly flow in and out, and the latest completed stays of a stage.
            e.HasIndex(x => new { x.EnteredWeek, x.StageId });
            e.HasIndex(x => new { x.LeftWeek, x.StageId });
            e.HasIndex(x => new { x.StageId, x.LeftAt });
        });

        modelBuilder.Entity<TextVersionRow>(e =>
        {
            e.ToTable("text_versions");
            e.HasKey(x => new { x.ResolutionId, x.Number });
            e.Property(x => x.Hash).HasMaxLength(Hash);
            e.Property(x => x.IssuedBy).HasMaxLength(Short);
            e.Property(x => x.Note).HasMaxLength(10_000);
        });

        modelBuilder.Entity<VersionAttachmentRow>(e =>
        {
            e.ToTable("version_attachments");
            e.HasKey(x => new { x.ResolutionId, x.VersionNumber, x.Position });
            e.Property(x => x.Kind).HasMaxLength(Id);
            e.Property(x => x.Name).HasMaxLength(255);
            e.Property(x => x.MediaType).HasMaxLength(Id);
            e.Property(x => x.Sha256).HasMaxLength(Hash);
            e.HasIndex(x => x.Sha256);
        });

        modelBuilder.Entity<MeetingMinutesFileRow>(e =>
        {
            e.ToTable("meeting_minutes_files");
            e.HasKey(x => new { x.ResolutionId, x.StageEntry });
            e.Property(x => x.Protocol).HasMaxLength(Short);
            e.Property(x => x.Name).HasMaxLength(255);
            e.Property(x => x.MediaType).HasMaxLength(Id);
            e.Property(x => x.Sha256).HasMaxLength(Hash);
            e.HasIndex(x => x.Sha256);
        });

        modelBuilder.Entity<AttachmentContentRow>(e =>
        {
            e.ToTable("attachment_contents");
            e.HasKey(x => x.Sha256);
            e.Property(x => x.Sha256).HasMaxLength(Hash);
            e.Property(x => x.MediaType).HasMaxLength(Id);
        });

        modelBuilder.Entity<AttachmentChunkRow>(e =>
        {
            e.ToTable("attachment_chunks");
            e.HasKey(x => new { x.Sha256, x.Seq });
            e.Property(x => x.Sha256).HasMaxLength(Hash);
        });

        modelBuilder.Entity<RemarkRow>(e =>
        {
            e.ToTable("remarks");
            e.HasKey(x => new { x.ResolutionId, x.RemarkNo });
            e.Property(x => x.StageId).HasMaxLength(Id);
            e.Property(x => x.Organisation).HasMaxLength(Id);
            e.Property(x => x.AuthorUserId).HasMaxLength(Short);
            e.Property(x => x.Clause).HasMaxLength(50);
            e.Property(x => x.Answer).HasMaxLength(20);
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.ConciliationChoice).HasMaxLength(30);
        });

        modelBuilder.Entity<SignatureRow>(e =>
        {
            e.ToTable("signatures");
            e.HasKey(x => new { x.ResolutionId, x.JournalSequence });
            e.Property(x => x.SignatoryKey).HasMaxLength(Id);
            e.Property(x => x.UserId).HasMaxLength(Short);
            e.Property(x => x.Organisation).HasMaxLength(Id);
            e.Property(x => x.TextHash).HasMaxLength(Hash);
            e.Property(x => x.CertificateSubject).HasMaxLength(1000);
            e.Property(x => x.SignatureAlgorithm).HasMaxLength(Short);
        });

        modelBuilder.Entity<PublicationRow>(e =>
        {
            e.ToTable("publications");
            // An act may be published in several venues of one country: each publication by its place in the record.
            e.HasKey(x => new { x.ResolutionId, x.Seq });
            e.Property(x => x.Country).HasMaxLength(10);
            e.Property(x => x.Portal).HasMaxLength(500);
            e.Property(x => x.Reference).HasMaxLength(500);
            e.Property(x => x.UserId).HasMaxLength(Short);
        });

        modelBuilder.Entity<JournalRow>(e =>
        {
            e.ToTable("journal");
            e.HasKey(x => new { x.ResolutionId, x.Sequence });
            e.Property(x => x.ActorUserId).HasMaxLength(Short);
            e.Property(x => x.ActorOrganisation).HasMaxLength(Id);
            e.Property(x => x.EventType).HasMaxLength(50);
            e.Property(x => x.PreviousHash).HasMaxLength(Hash);
            e.Property(x => x.Hash).HasMaxLength(Hash);
            e.HasIndex(x => x.At);
        });

        modelBuilder.Entity<OutboxRow>(e =>
        {
            e.ToTable("outbox");
            e.HasKey(x => x.Id);
            e.Property(x => x.MessageType).HasMaxLength(50);
            e.Property(x => x.ClaimedBy).HasMaxLength(Short);
            e.Property(x => x.TraceContext).HasMaxLength(64);
            e.HasIndex(x => new { x.SentAt, x.Id });
        });

        modelBuilder.Entity<ProcessedCommandRow>(e =>
        {
            e.ToTable("processed_commands");
            e.HasKey(x => x.CommandId);
            e.Property(x => x.CommandType).HasMaxLength(50);
            e.Property(x => x.ActorUserId).HasMaxLength(Short);
            e.Property(x => x.RequestHash).HasMaxLength(64);
            e.HasIndex(x => x.ResolutionId);
            // Retention deletes the oldest first.
            e.HasIndex(x => x.ProcessedAt);
        });

        modelBuilder.Entity<DeadlineRow>(e =>
        {
            e.ToTable("deadlines");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.Calendar).HasMaxLength(10);
            e.Property(x => x.State).HasMaxLength(20);
            e.Property(x => x.ClaimedBy).HasMaxLength(Short);
            e.HasIndex(x => new { x.State, x.FireAt });
            e.HasIndex(x => new { x.ResolutionId, x.TaskNo });
        });

        modelBuilder.Entity<SearchDocumentRow>(e =>
        {
            e.ToTable("search_documents");
            e.HasKey(x => x.ResolutionId);
            e.Property(x => x.Registration).HasMaxLength(Short);
        });

        modelBuilder.Entity<PartyRefusalRow>(e =>
        {
            e.ToTable("party_refusals");
            e.HasKey(x => x.Id);
            e.Property(x => x.Organisation).HasMaxLength(Id);
            e.Property(x => x.CommandType).HasMaxLength(50);
            e.Property(x => x.Code).HasMaxLength(50);
            e.Property(x => x.Reason).HasMaxLength(Messaging.PartyRefusals.MaxReason);
            e.Property(x => x.ReasonKey).HasMaxLength(50);
            e.Property(x => x.ReasonArgs).HasMaxLength(Messaging.PartyRefusals.MaxReasonArgs);
            e.HasIndex(x => new { x.Organisation, x.At });
        });

        modelBuilder.Entity<IncidentRow>(e =>
        {
            e.ToTable("incidents");
            e.HasKey(x => x.Id);
            e.Property(x => x.MessageType).HasMaxLength(Short);
            e.Property(x => x.State).HasMaxLength(20);
            e.Property(x => x.RetriedBy).HasMaxLength(Short);
            e.HasIndex(x => new { x.State, x.FailedAt });
            e.HasIndex(x => x.CommandId);
        });

        modelBuilder.Entity<SentMailRow>(e =>
        {
            e.ToTable("sent_mail");
            e.HasKey(x => new { x.Key, x.Recipient });
            e.Property(x => x.Key).HasMaxLength(Short);
            e.Property(x => x.Recipient).HasMaxLength(Short);
            e.Property(x => x.MessageId).HasMaxLength(Short);
            e.Property(x => x.Template).HasMaxLength(50);
            e.HasIndex(x => x.SentAt);
        });

        modelBuilder.Entity<JournalCheckRow>(e =>
        {
            e.ToTable("journal_checks");
            e.HasKey(x => x.ResolutionId);
            e.Property(x => x.CheckedHead).HasMaxLength(Hash);
            e.Property(x => x.Problem).HasMaxLength(Long);
        });

        if (Database.IsSqlite())
        {
            // SQLite cannot compare or order DateTimeOffset values; store them as sortable UTC ticks.
            var converter = new ValueConverter<DateTimeOffset, long>(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
            foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(t => t.GetProperties())
                .Where(p => p.ClrType == typeof(DateTimeOffset) || p.ClrType == typeof(DateTimeOffset?)))
            {
                property.SetValueConverter(converter);
            }
        }
    }
}
