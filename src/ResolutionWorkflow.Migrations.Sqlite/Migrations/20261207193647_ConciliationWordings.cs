using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResolutionWorkflow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ConciliationWordings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ConciliationChoice",
                table: "remarks",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ConciliationWording",
                table: "remarks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "WordingVersion",
                table: "remarks",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ConciliationChoice",
                table: "remarks");

            migrationBuilder.DropColumn(
                name: "ConciliationWording",
                table: "remarks");

            migrationBuilder.DropColumn(
                name: "WordingVersion",
                table: "remarks");
        }
    }
}
