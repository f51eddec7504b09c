using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResolutionWorkflow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SearchByDocumentKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The documents move to a plain table keyed by resolution, with an integer key the index
            // uses as its rowid: an FTS5 table found a row by its (unindexed) resolution id by reading
            // every row (86 ms a write at 100 000 resolutions). Triggers keep the index in step in the
            // writer's transaction. The key grows as resolutions start, so it also orders by recency.
            migrationBuilder.Sql("""ALTER TABLE "search_documents" RENAME TO "search_documents_old" """);
            migrationBuilder.Sql("""
                CREATE TABLE "search_documents" (
                    "DocId" INTEGER PRIMARY KEY,
                    "ResolutionId" TEXT NOT NULL UNIQUE,
                    "Title" TEXT NOT NULL,
                    "Registration" TEXT NOT NULL,
                    "Body" TEXT NOT NULL)
                """);
            migrationBuilder.Sql("""
                INSERT INTO "search_documents" ("ResolutionId", "Title", "Registration", "Body")
                SELECT "ResolutionId", "Title", "Registration", "Body" FROM "search_documents_old" ORDER BY rowid
                """);
            migrationBuilder.Sql("""DROP TABLE "search_documents_old" """);
            // remove_diacritics folds ё into е, as readers type it.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "search_index" USING fts5(
                    "Title", "Registration", "Body",
                    content = 'search_documents', content_rowid = 'DocId',
                    tokenize = 'unicode61 remove_diacritics 2')
                """);
            migrationBuilder.Sql("""INSERT INTO "search_index" ("search_index") VALUES ('rebuild')""");
            migrationBuilder.Sql("""
                CREATE TRIGGER "search_documents_inserted" AFTER INSERT ON "search_documents" BEGIN
                    INSERT INTO "search_index" (rowid, "Title", "Registration", "Body") VALUES (new."DocId", new."Title", new."Registration", new."Body");
                END
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "search_documents_deleted" AFTER DELETE ON "search_documents" BEGIN
                    INSERT INTO "search_index" ("search_index", rowid, "Title", "Registration", "Body") VALUES ('delete', old."DocId", old."Title", old."Registration", old."Body");
                END
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "search_documents_updated" AFTER UPDATE ON "search_documents" BEGIN
                    INSERT INTO "search_index" ("search_index", rowid, "Title", "Registration", "Body") VALUES ('delete', old."DocId", old."Title", old."Registration", old."Body");
                    INSERT INTO "search_index" (rowid, "Title", "Registration", "Body") VALUES (new."DocId", new."Title", new."Registration", new."Body");
                END
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The triggers name the index: they go first, or renaming their table fails.
            migrationBuilder.Sql("""DROP TRIGGER "search_documents_inserted" """);
            migrationBuilder.Sql("""DROP TRIGGER "search_documents_deleted" """);
            migrationBuilder.Sql("""DROP TRIGGER "search_documents_updated" """);
            migrationBuilder.Sql("""DROP TABLE "search_index" """);
            migrationBuilder.Sql("""ALTER TABLE "search_documents" RENAME TO "search_documents_new" """);
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "search_documents" USING fts5(
                    "ResolutionId" UNINDEXED, "Title", "Registration", "Body",
                    tokenize = 'unicode61 remove_diacritics 2')
                """);
            migrationBuilder.Sql("""
                INSERT INTO "search_documents" ("ResolutionId", "Title", "Registration", "Body")
                SELECT "ResolutionId", "Title", "Registration", "Body" FROM "search_documents_new" ORDER BY "DocId"
                """);
            migrationBuilder.Sql("""DROP TABLE "search_documents_new" """);
        }
    }
}
