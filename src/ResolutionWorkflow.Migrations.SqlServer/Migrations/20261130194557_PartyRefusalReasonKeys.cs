using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResolutionWorkflow.Migrations.SqlServer.Migrations
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
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReasonKey",
                table: "party_refusals",
                type: "nvarchar(50)",
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
