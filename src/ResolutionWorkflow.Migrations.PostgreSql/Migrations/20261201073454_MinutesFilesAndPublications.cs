using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResolutionWorkflow.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class MinutesFilesAndPublications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_publications",
                table: "publications");

            migrationBuilder.AddColumn<int>(
                name: "Seq",
                table: "publications",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // An act may be published in several venues of one country: publications are keyed by their
            // place in the act's record. Rows so far are one per country, numbered here by country.
            migrationBuilder.Sql("""
                UPDATE publications p SET "Seq" = (SELECT COUNT(*) FROM publications q WHERE q."ResolutionId" = p."ResolutionId" AND q."Country" <= p."Country");
                """);

            migrationBuilder.AddPrimaryKey(
                name: "PK_publications",
                table: "publications",
                columns: new[] { "ResolutionId", "Seq" });

            migrationBuilder.CreateTable(
                name: "meeting_minutes_files",
                columns: table => new
                {
                    ResolutionId = table.Column<Guid>(type: "uuid", nullable: false),
                    StageEntry = table.Column<int>(type: "integer", nullable: false),
                    Protocol = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    MediaType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_meeting_minutes_files", x => new { x.ResolutionId, x.StageEntry });
                });

            migrationBuilder.CreateIndex(
                name: "IX_meeting_minutes_files_Sha256",
                table: "meeting_minutes_files",
                column: "Sha256");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "meeting_minutes_files");

            migrationBuilder.DropPrimaryKey(
                name: "PK_publications",
                table: "publications");

            // Back to one publication per country: the first recorded in each is kept.
            migrationBuilder.Sql("""
                DELETE FROM publications p WHERE EXISTS (SELECT 1 FROM publications q WHERE q."ResolutionId" = p."ResolutionId" AND q."Country" = p."Country" AND q."Seq" < p."Seq");
                """);

            migrationBuilder.DropColumn(
                name: "Seq",
                table: "publications");

            migrationBuilder.AddPrimaryKey(
                name: "PK_publications",
                table: "publications",
                columns: new[] { "ResolutionId", "Country" });
        }
    }
}
