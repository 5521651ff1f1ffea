using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meldebok.Server.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class ConsentClosedNotice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "closed_notice_id",
                table: "consent_requests",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_consent_requests_closed_notice_id",
                table: "consent_requests",
                column: "closed_notice_id",
                unique: true,
                filter: "closed_notice_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_consent_requests_closed_notice_id",
                table: "consent_requests");

            migrationBuilder.DropColumn(
                name: "closed_notice_id",
                table: "consent_requests");
        }
    }
}
