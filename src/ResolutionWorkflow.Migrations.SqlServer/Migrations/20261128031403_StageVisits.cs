using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResolutionWorkflow.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class StageVisits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "stage_visits",
                columns: table => new
                {
                    ResolutionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    StageId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Entry = table.Column<int>(type: "int", nullable: false),
                    DefinitionId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    EnteredAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    EnteredWeek = table.Column<int>(type: "int", nullable: false),
                    LeftAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    LeftWeek = table.Column<int>(type: "int", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stage_visits", x => new { x.ResolutionId, x.StageId, x.Entry });
                });

            migrationBuilder.CreateIndex(
                name: "IX_stage_visits_EnteredWeek_StageId",
                table: "stage_visits",
                columns: new[] { "EnteredWeek", "StageId" });

            migrationBuilder.CreateIndex(
                name: "IX_stage_visits_LeftWeek_StageId",
                table: "stage_visits",
                columns: new[] { "LeftWeek", "StageId" });

            migrationBuilder.CreateIndex(
                name: "IX_stage_visits_StageId_LeftAt",
                table: "stage_visits",
                columns: new[] { "StageId", "LeftAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "stage_visits");
        }
    }
}
