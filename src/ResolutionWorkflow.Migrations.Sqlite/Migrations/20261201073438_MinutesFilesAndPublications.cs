using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResolutionWorkflow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MinutesFilesAndPublications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // An act may be published in several venues of one country: publications are keyed by their
            // place in the act's record. Rows so far are one per country, numbered here by country.
            migrationBuilder.Sql("""
                CREATE TABLE "ef_temp_publications" (
                    "ResolutionId" TEXT NOT NULL, "Seq" INTEGER NOT NULL, "Country" TEXT NOT NULL, "Portal" TEXT NOT NULL,
                    "Reference" TEXT NOT NULL, "PublishedOn" TEXT NOT NULL, "UserId" TEXT NOT NULL,
                    CONSTRAINT "PK_publications" PRIMARY KEY ("ResolutionId", "Seq"));
                INSERT INTO "ef_temp_publications" ("ResolutionId", "Seq", "Country", "Portal", "Reference", "PublishedOn", "UserId")
                SELECT p."ResolutionId", (SELECT COUNT(*) FROM "publications" q WHERE q."ResolutionId" = p."ResolutionId" AND q."Country" <= p."Country"),
                       p."Country", p."Portal", p."Reference", p."PublishedOn", p."UserId"
                FROM "publications" p;
                DROP TABLE "publications";
                ALTER TABLE "ef_temp_publications" RENAME TO "publications";
                """);

            migrationBuilder.CreateTable(
                name: "meeting_minutes_files",
                columns: table => new
                {
                    ResolutionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StageEntry = table.Column<int>(type: "INTEGER", nullable: false),
                    Protocol = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    MediaType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
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

            // Back to one publication per country: the first recorded in each is kept.
            migrationBuilder.Sql("""
                CREATE TABLE "ef_temp_publications" (
                    "ResolutionId" TEXT NOT NULL, "Country" TEXT NOT NULL, "Portal" TEXT NOT NULL,
                    "Reference" TEXT NOT NULL, "PublishedOn" TEXT NOT NULL, "UserId" TEXT NOT NULL,
                    CONSTRAINT "PK_publications" PRIMARY KEY ("ResolutionId", "Country"));
                INSERT INTO "ef_temp_publications" ("ResolutionId", "Country", "Portal", "Reference", "PublishedOn", "UserId")
                SELECT p."ResolutionId", p."Country", p."Portal", p."Reference", p."PublishedOn", p."UserId"
                FROM "publications" p
                WHERE NOT EXISTS (SELECT 1 FROM "publications" q WHERE q."ResolutionId" = p."ResolutionId" AND q."Country" = p."Country" AND q."Seq" < p."Seq");
                DROP TABLE "publications";
                ALTER TABLE "ef_temp_publications" RENAME TO "publications";
                """);
        }
    }
}
