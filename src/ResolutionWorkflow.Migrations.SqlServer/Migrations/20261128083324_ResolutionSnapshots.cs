using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResolutionWorkflow.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ResolutionSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "resolution_snapshots",
                columns: table => new
                {
                    ResolutionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    State = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resolution_snapshots", x => x.ResolutionId);
                });

            // The snapshots move to their own table before the column goes.
            migrationBuilder.Sql("INSERT INTO [resolution_snapshots] ([ResolutionId], [State]) SELECT [Id], [State] FROM [resolutions]");

            migrationBuilder.DropColumn(
                name: "State",
                table: "resolutions");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "State",
                table: "resolutions",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "");

            migrationBuilder.Sql("UPDATE [resolutions] SET [State] = (SELECT s.[State] FROM [resolution_snapshots] s WHERE s.[ResolutionId] = [resolutions].[Id])");

            migrationBuilder.DropTable(
                name: "resolution_snapshots");
        }
    }
}
