using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meldebok.Server.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class ClassLists : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "purpose",
                table: "consent_requests",
                type: "character varying(24)",
                maxLength: 24,
                nullable: false,
                // Requests made before purposes existed are general ones.
                defaultValue: "General");

            migrationBuilder.CreateIndex(
                name: "ix_consent_requests_purpose_valid_until",
                table: "consent_requests",
                columns: new[] { "purpose", "valid_until" },
                filter: "purpose <> 'General'");

            migrationBuilder.AddCheckConstraint(
                name: "ck_consent_requests_purpose_standing",
                table: "consent_requests",
                sql: "purpose = 'General' OR kind = 'Standing'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_consent_requests_purpose_valid_until",
                table: "consent_requests");

            migrationBuilder.DropCheckConstraint(
                name: "ck_consent_requests_purpose_standing",
                table: "consent_requests");

            migrationBuilder.DropColumn(
                name: "purpose",
                table: "consent_requests");
        }
    }
}
