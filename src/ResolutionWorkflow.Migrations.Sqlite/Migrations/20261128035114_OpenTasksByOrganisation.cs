using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResolutionWorkflow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OpenTasksByOrganisation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_tasks_Organisation_Status_DueAt",
                table: "tasks");

            migrationBuilder.CreateIndex(
                name: "IX_tasks_Status_Organisation_DueAt",
                table: "tasks",
                columns: new[] { "Status", "Organisation", "DueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_tasks_Status_Organisation_DueAt",
                table: "tasks");

            migrationBuilder.CreateIndex(
                name: "IX_tasks_Organisation_Status_DueAt",
                table: "tasks",
                columns: new[] { "Organisation", "Status", "DueAt" });
        }
    }
}
