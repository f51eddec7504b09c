using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResolutionWorkflow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class UnionStateProcedure : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "AdoptionDecidedOn",
                table: "resolutions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AdoptionForm",
                table: "resolutions",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AdoptionOutcome",
                table: "resolutions",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AdoptionPlace",
                table: "resolutions",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AdoptionProtocol",
                table: "resolutions",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "AdoptionScheduledFor",
                table: "resolutions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Reviewers",
                table: "resolutions",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ReviewersConfirmed",
                table: "resolutions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Dissent",
                table: "remarks",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AdoptionDecidedOn",
                table: "resolutions");

            migrationBuilder.DropColumn(
                name: "AdoptionForm",
                table: "resolutions");

            migrationBuilder.DropColumn(
                name: "AdoptionOutcome",
                table: "resolutions");

            migrationBuilder.DropColumn(
                name: "AdoptionPlace",
                table: "resolutions");

            migrationBuilder.DropColumn(
                name: "AdoptionProtocol",
                table: "resolutions");

            migrationBuilder.DropColumn(
                name: "AdoptionScheduledFor",
                table: "resolutions");

            migrationBuilder.DropColumn(
                name: "Reviewers",
                table: "resolutions");

            migrationBuilder.DropColumn(
                name: "ReviewersConfirmed",
                table: "resolutions");

            migrationBuilder.DropColumn(
                name: "Dissent",
                table: "remarks");
        }
    }
}
