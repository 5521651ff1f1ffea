using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meldebok.Server.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class NotificationLanguage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "language",
                table: "notification_settings",
                type: "character varying(2)",
                maxLength: 2,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "language",
                table: "notification_settings");
        }
    }
}
