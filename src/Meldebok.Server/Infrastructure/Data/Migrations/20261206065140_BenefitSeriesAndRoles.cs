using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meldebok.Server.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class BenefitSeriesAndRoles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "metric_series",
                table: "benefit_revisions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "owner_staff_id",
                table: "benefit_revisions",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "portfolio_board_members",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sourced_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    given_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    family_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    feide_id = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_portfolio_board_members", x => x.id);
                    table.ForeignKey(
                        name: "fk_portfolio_board_members_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_benefit_revisions_owner_staff_id",
                table: "benefit_revisions",
                column: "owner_staff_id");

            migrationBuilder.CreateIndex(
                name: "ix_portfolio_board_members_municipality_id_email",
                table: "portfolio_board_members",
                columns: new[] { "municipality_id", "email" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_portfolio_board_members_municipality_id_sourced_id",
                table: "portfolio_board_members",
                columns: new[] { "municipality_id", "sourced_id" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_benefit_revisions_staff_owner_staff_id",
                table: "benefit_revisions",
                column: "owner_staff_id",
                principalTable: "staff",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_benefit_revisions_staff_owner_staff_id",
                table: "benefit_revisions");

            migrationBuilder.DropTable(
                name: "portfolio_board_members");

            migrationBuilder.DropIndex(
                name: "ix_benefit_revisions_owner_staff_id",
                table: "benefit_revisions");

            migrationBuilder.DropColumn(
                name: "metric_series",
                table: "benefit_revisions");

            migrationBuilder.DropColumn(
                name: "owner_staff_id",
                table: "benefit_revisions");
        }
    }
}
