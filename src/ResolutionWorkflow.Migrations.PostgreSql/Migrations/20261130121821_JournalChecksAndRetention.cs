using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResolutionWorkflow.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class JournalChecksAndRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "journal_checks",
                columns: table => new
                {
                    ResolutionId = table.Column<Guid>(type: "uuid", nullable: false),
                    CheckedLength = table.Column<long>(type: "bigint", nullable: false),
                    CheckedHead = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CheckedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    BrokenAt = table.Column<long>(type: "bigint", nullable: true),
                    Problem = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_journal_checks", x => x.ResolutionId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_sent_mail_SentAt",
                table: "sent_mail",
                column: "SentAt");

            migrationBuilder.CreateIndex(
                name: "IX_processed_commands_ProcessedAt",
                table: "processed_commands",
                column: "ProcessedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "journal_checks");

            migrationBuilder.DropIndex(
                name: "IX_sent_mail_SentAt",
                table: "sent_mail");

            migrationBuilder.DropIndex(
                name: "IX_processed_commands_ProcessedAt",
                table: "processed_commands");
        }
    }
}
