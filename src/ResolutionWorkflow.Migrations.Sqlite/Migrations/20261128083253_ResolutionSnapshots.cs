using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResolutionWorkflow.Migrations.Sqlite.Migrations
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
                    ResolutionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resolution_snapshots", x => x.ResolutionId);
                });

            // The snapshots move to their own table before the column goes.
            migrationBuilder.Sql("INSERT INTO \"resolution_snapshots\" (\"ResolutionId\", \"State\") SELECT \"Id\", \"State\" FROM \"resolutions\"");

            // SQLite drops a column in place (3.35 and later); EF's table rebuild would run outside the migration's transaction.
            migrationBuilder.Sql("ALTER TABLE \"resolutions\" DROP COLUMN \"State\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "State",
                table: "resolutions",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.Sql("UPDATE \"resolutions\" SET \"State\" = (SELECT s.\"State\" FROM \"resolution_snapshots\" s WHERE s.\"ResolutionId\" = \"resolutions\".\"Id\")");

            migrationBuilder.DropTable(
                name: "resolution_snapshots");
        }
    }
}
