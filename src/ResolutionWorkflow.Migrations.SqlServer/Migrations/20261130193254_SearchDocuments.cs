using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResolutionWorkflow.Migrations.SqlServer.Migrations
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
                    ResolutionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Title = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Registration = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_search_documents", x => x.ResolutionId);
                });

            migrationBuilder.Sql("""
                INSERT INTO [search_documents] ([ResolutionId], [Title], [Registration], [Body])
                SELECT r.[Id], r.[Title], COALESCE(r.[RegistrationNumber] + N'/' + CAST(r.[RegistrationYear] AS nvarchar(10)), N''),
                       v.[Text] + COALESCE((SELECT NCHAR(10) + STRING_AGG(CAST(m.[Text] AS nvarchar(max)), NCHAR(10)) WITHIN GROUP (ORDER BY m.[RemarkNo])
                                            FROM [remarks] m WHERE m.[ResolutionId] = r.[Id]), N'')
                FROM [resolutions] r JOIN [text_versions] v ON v.[ResolutionId] = r.[Id] AND v.[Number] = r.[CurrentTextVersion]
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "search_documents");
        }
    }
}
