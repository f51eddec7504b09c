using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResolutionWorkflow.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class SearchDocuments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "search_documents",
                columns: table => new
                {
                    ResolutionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    Registration = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_search_documents", x => x.ResolutionId);
                });

            // The reader's words against Russian word forms: PostgreSQL's russian configuration, kept by a
            // trigger. A text with more distinct words than one tsvector holds (1 MB) is found by its
            // title, registration and as much of its body as fits, rather than refusing the command.
            migrationBuilder.Sql("""
                ALTER TABLE "search_documents" ADD COLUMN "SearchVector" tsvector NOT NULL DEFAULT ''::tsvector;
                CREATE FUNCTION search_documents_vector() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    BEGIN
                        NEW."SearchVector" := setweight(to_tsvector('russian', NEW."Title"), 'A')
                            || setweight(to_tsvector('russian', NEW."Registration"), 'A')
                            || setweight(to_tsvector('russian', NEW."Body"), 'B');
                    EXCEPTION WHEN program_limit_exceeded THEN
                        BEGIN
                            NEW."SearchVector" := setweight(to_tsvector('russian', NEW."Title"), 'A')
                                || setweight(to_tsvector('russian', NEW."Registration"), 'A')
                                || setweight(to_tsvector('russian', left(NEW."Body", 100000)), 'B');
                        EXCEPTION WHEN program_limit_exceeded THEN
                            NEW."SearchVector" := setweight(to_tsvector('russian', NEW."Title"), 'A')
                                || setweight(to_tsvector('russian', NEW."Registration"), 'A');
                        END;
                    END;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER search_documents_vector BEFORE INSERT OR UPDATE ON "search_documents"
                    FOR EACH ROW EXECUTE FUNCTION search_documents_vector();
                CREATE INDEX "IX_search_documents_SearchVector" ON "search_documents" USING GIN ("SearchVector");
                INSERT INTO "search_documents" ("ResolutionId", "Title", "Registration", "Body")
                SELECT r."Id", r."Title", COALESCE(r."RegistrationNumber" || '/' || r."RegistrationYear", ''),
                       v."Text" || COALESCE((SELECT E'\n' || string_agg(m."Text", E'\n' ORDER BY m."RemarkNo") FROM "remarks" m WHERE m."ResolutionId" = r."Id"), '')
                FROM "resolutions" r JOIN "text_versions" v ON v."ResolutionId" = r."Id" AND v."Number" = r."CurrentTextVersion";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "search_documents");

            migrationBuilder.Sql("DROP FUNCTION search_documents_vector()");
        }
    }
}
