using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResolutionWorkflow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SearchDocuments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // An FTS5 index is the table itself: the words of every row are indexed as it is written.
            // remove_diacritics folds ё into е, as readers type it.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "search_documents" USING fts5(
                    "ResolutionId" UNINDEXED, "Title", "Registration", "Body",
                    tokenize = 'unicode61 remove_diacritics 2')
                """);
            migrationBuilder.Sql("""
                INSERT INTO "search_documents" ("ResolutionId", "Title", "Registration", "Body")
                SELECT r."Id", r."Title", COALESCE(r."RegistrationNumber" || '/' || r."RegistrationYear", ''),
                       v."Text" || COALESCE((SELECT char(10) || group_concat(m."Text", char(10))
                                             FROM (SELECT "Text" FROM "remarks" WHERE "ResolutionId" = r."Id" ORDER BY "RemarkNo") m), '')
                FROM "resolutions" r JOIN "text_versions" v ON v."ResolutionId" = r."Id" AND v."Number" = r."CurrentTextVersion"
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE \"search_documents\"");
        }
    }
}
