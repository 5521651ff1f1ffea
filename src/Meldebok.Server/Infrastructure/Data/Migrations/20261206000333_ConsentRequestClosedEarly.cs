using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meldebok.Server.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class ConsentRequestClosedEarly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "closed_at",
                table: "consent_requests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "closed_by_staff_id",
                table: "consent_requests",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "closed_reason",
                table: "consent_requests",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_consent_requests_closed_by_staff_id",
                table: "consent_requests",
                column: "closed_by_staff_id");

            migrationBuilder.AddCheckConstraint(
                name: "ck_consent_requests_closed",
                table: "consent_requests",
                sql: "(closed_at IS NULL AND closed_by_staff_id IS NULL AND closed_reason IS NULL) OR (closed_at IS NOT NULL AND closed_by_staff_id IS NOT NULL AND closed_reason IS NOT NULL)");

            migrationBuilder.AddForeignKey(
                name: "fk_consent_requests_staff_closed_by_staff_id",
                table: "consent_requests",
                column: "closed_by_staff_id",
                principalTable: "staff",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_consent_requests_staff_closed_by_staff_id",
                table: "consent_requests");

            migrationBuilder.DropIndex(
                name: "ix_consent_requests_closed_by_staff_id",
                table: "consent_requests");

            migrationBuilder.DropCheckConstraint(
                name: "ck_consent_requests_closed",
                table: "consent_requests");

            migrationBuilder.DropColumn(
                name: "closed_at",
                table: "consent_requests");

            migrationBuilder.DropColumn(
                name: "closed_by_staff_id",
                table: "consent_requests");

            migrationBuilder.DropColumn(
                name: "closed_reason",
                table: "consent_requests");
        }
    }
}
