using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResolutionWorkflow.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class SearchByDocumentKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A word found in most documents is not ranked (ranking every match cost most of a search):
            // documents with it in their title or registration come first, then the rest, newest first.
            // So the title's words get a vector and index of their own, and each document a key that grows
            // as resolutions start. The trigger fills both vectors; stored rows get their title vector here.
            migrationBuilder.Sql("""
                ALTER TABLE "search_documents" ADD COLUMN "DocId" bigint GENERATED ALWAYS AS IDENTITY;
                CREATE UNIQUE INDEX "IX_search_documents_DocId" ON "search_documents" ("DocId");
                ALTER TABLE "search_documents" ADD COLUMN "TitleVector" tsvector NOT NULL DEFAULT ''::tsvector;
                CREATE OR REPLACE FUNCTION search_documents_vector() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW."TitleVector" := setweight(to_tsvector('russian', NEW."Title"), 'A')
                        || setweight(to_tsvector('russian', NEW."Registration"), 'A');
                    BEGIN
                        NEW."SearchVector" := NEW."TitleVector" || setweight(to_tsvector('russian', NEW."Body"), 'B');
                    EXCEPTION WHEN program_limit_exceeded THEN
                        BEGIN
                            NEW."SearchVector" := NEW."TitleVector" || setweight(to_tsvector('russian', left(NEW."Body", 100000)), 'B');
                        EXCEPTION WHEN program_limit_exceeded THEN
                            NEW."SearchVector" := NEW."TitleVector";
                        END;
                    END;
                    RETURN NEW;
                END $$;
                ALTER TABLE "search_documents" DISABLE TRIGGER search_documents_vector;
                UPDATE "search_documents" SET "TitleVector" = setweight(to_tsvector('russian', "Title"), 'A')
                    || setweight(to_tsvector('russian', "Registration"), 'A');
                ALTER TABLE "search_documents" ENABLE TRIGGER search_documents_vector;
                CREATE INDEX "IX_search_documents_TitleVector" ON "search_documents" USING GIN ("TitleVector");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX "IX_search_documents_TitleVector";
                ALTER TABLE "search_documents" DROP COLUMN "TitleVector";
                DROP INDEX "IX_search_documents_DocId";
                ALTER TABLE "search_documents" DROP COLUMN "DocId";
                CREATE OR REPLACE FUNCTION search_documents_vector() RETURNS trigger LANGUAGE plpgsql AS $$
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
                """);
        }
    }
}
