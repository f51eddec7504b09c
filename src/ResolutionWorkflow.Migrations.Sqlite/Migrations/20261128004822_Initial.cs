using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResolutionWorkflow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "deadlines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ResolutionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TaskNo = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    FireAt = table.Column<long>(type: "INTEGER", nullable: false),
                    TaskDueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Calendar = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ClaimedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ClaimedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deadlines", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "definition_versions",
                columns: table => new
                {
                    DefinitionId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SourceFile = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    DeployedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_definition_versions", x => new { x.DefinitionId, x.Version });
                });

            migrationBuilder.CreateTable(
                name: "journal",
                columns: table => new
                {
                    ResolutionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    CommandId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActorUserId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ActorOrganisation = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    EventType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Data = table.Column<string>(type: "TEXT", nullable: false),
                    PreviousHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_journal", x => new { x.ResolutionId, x.Sequence });
                });

            migrationBuilder.CreateTable(
                name: "outbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ResolutionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JournalSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    MessageType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "processed_commands",
                columns: table => new
                {
                    CommandId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ResolutionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CommandType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ActorUserId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProcessedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Result = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_processed_commands", x => x.CommandId);
                });

            migrationBuilder.CreateTable(
                name: "publications",
                columns: table => new
                {
                    ResolutionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Portal = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    PublishedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_publications", x => new { x.ResolutionId, x.Country });
                });

            migrationBuilder.CreateTable(
                name: "remarks",
                columns: table => new
                {
                    ResolutionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RemarkNo = table.Column<int>(type: "INTEGER", nullable: false),
                    StageId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Organisation = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AuthorUserId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TextVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Clause = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    Objection = table.Column<bool>(type: "INTEGER", nullable: false),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    AnswerReason = table.Column<string>(type: "TEXT", nullable: true),
                    Conciliation = table.Column<string>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_remarks", x => new { x.ResolutionId, x.RemarkNo });
                });

            migrationBuilder.CreateTable(
                name: "resolutions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DefinitionId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DefinitionVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    DrafterOrganisation = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StageId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StageEntry = table.Column<int>(type: "INTEGER", nullable: false),
                    StageEnteredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastActivityAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CurrentTextVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    CurrentTextHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RegistrationNumber = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    RegistrationYear = table.Column<int>(type: "INTEGER", nullable: true),
                    JournalLength = table.Column<long>(type: "INTEGER", nullable: false),
                    JournalHead = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resolutions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "signatures",
                columns: table => new
                {
                    ResolutionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JournalSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    SignatoryKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Organisation = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TextHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TextVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    SignedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    VoidedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_signatures", x => new { x.ResolutionId, x.JournalSequence });
                });

            migrationBuilder.CreateTable(
                name: "tasks",
                columns: table => new
                {
                    ResolutionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TaskNo = table.Column<int>(type: "INTEGER", nullable: false),
                    StageId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StageEntry = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ParticipantKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Organisation = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Role = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Country = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Calendar = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    DueIsProvisional = table.Column<bool>(type: "INTEGER", nullable: false),
                    Escalated = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tasks", x => new { x.ResolutionId, x.TaskNo });
                });

            migrationBuilder.CreateTable(
                name: "text_versions",
                columns: table => new
                {
                    ResolutionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IssuedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_text_versions", x => new { x.ResolutionId, x.Number });
                });

            migrationBuilder.CreateIndex(
                name: "IX_deadlines_ResolutionId_TaskNo",
                table: "deadlines",
                columns: new[] { "ResolutionId", "TaskNo" });

            migrationBuilder.CreateIndex(
                name: "IX_deadlines_State_FireAt",
                table: "deadlines",
                columns: new[] { "State", "FireAt" });

            migrationBuilder.CreateIndex(
                name: "IX_journal_At",
                table: "journal",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_SentAt_Id",
                table: "outbox",
                columns: new[] { "SentAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_processed_commands_ResolutionId",
                table: "processed_commands",
                column: "ResolutionId");

            migrationBuilder.CreateIndex(
                name: "IX_resolutions_RegistrationYear_RegistrationNumber",
                table: "resolutions",
                columns: new[] { "RegistrationYear", "RegistrationNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_resolutions_Status_DefinitionId_StageId",
                table: "resolutions",
                columns: new[] { "Status", "DefinitionId", "StageId" });

            migrationBuilder.CreateIndex(
                name: "IX_resolutions_Status_LastActivityAt",
                table: "resolutions",
                columns: new[] { "Status", "LastActivityAt" });

            migrationBuilder.CreateIndex(
                name: "IX_tasks_Organisation_Status_DueAt",
                table: "tasks",
                columns: new[] { "Organisation", "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_tasks_Role_Status_DueAt",
                table: "tasks",
                columns: new[] { "Role", "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_tasks_Status_DueAt",
                table: "tasks",
                columns: new[] { "Status", "DueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "deadlines");

            migrationBuilder.DropTable(
                name: "definition_versions");

            migrationBuilder.DropTable(
                name: "journal");

            migrationBuilder.DropTable(
                name: "outbox");

            migrationBuilder.DropTable(
                name: "processed_commands");

            migrationBuilder.DropTable(
                name: "publications");

            migrationBuilder.DropTable(
                name: "remarks");

            migrationBuilder.DropTable(
                name: "resolutions");

            migrationBuilder.DropTable(
                name: "signatures");

            migrationBuilder.DropTable(
                name: "tasks");

            migrationBuilder.DropTable(
                name: "text_versions");
        }
    }
}
