using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResolutionWorkflow.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ClusterClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ClaimedUntil",
                table: "sent_mail",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClaimedBy",
                table: "outbox",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ClaimedUntil",
                table: "outbox",
                type: "datetimeoffset",
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
