using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResolutionWorkflow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ClusterClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ClaimedUntil",
                table: "sent_mail",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClaimedBy",
                table: "outbox",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ClaimedUntil",
                table: "outbox",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClaimedUntil",
                table: "sent_mail");

            migrationBuilder.DropColumn(
                name: "ClaimedBy",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "ClaimedUntil",
                table: "outbox");
        }
    }
}
