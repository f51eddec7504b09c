using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResolutionWorkflow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PartyRefusalReasonKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ReasonArgs",
                table: "party_refusals",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReasonKey",
                table: "party_refusals",
                type: "TEXT",
                maxLength: 50,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ReasonArgs",
                table: "party_refusals");

            migrationBuilder.DropColumn(
                name: "ReasonKey",
                table: "party_refusals");
        }
    }
}
