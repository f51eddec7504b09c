using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResolutionWorkflow.Migrations.SqlServer.Migrations
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
                type: "nvarchar(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ConciliationWording",
                table: "remarks",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "WordingVersion",
                table: "remarks",
                type: "int",
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
