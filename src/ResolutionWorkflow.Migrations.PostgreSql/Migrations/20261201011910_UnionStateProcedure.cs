using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResolutionWorkflow.Migrations.PostgreSql.Migrations
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
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AdoptionForm",
                table: "resolutions",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AdoptionOutcome",
                table: "resolutions",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AdoptionPlace",
                table: "resolutions",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AdoptionProtocol",
                table: "resolutions",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "AdoptionScheduledFor",
                table: "resolutions",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Reviewers",
                table: "resolutions",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ReviewersConfirmed",
                table: "resolutions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Dissent",
                table: "remarks",
                type: "text",
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
