using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meldebok.Server.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class NotificationDigests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "digest_enabled",
                table: "notification_settings",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "digest_time",
                table: "notification_settings",
                type: "time without time zone",
                nullable: false,
                defaultValue: new TimeOnly(16, 0, 0));

            migrationBuilder.AddColumn<Guid>(
                name: "digest_id",
                table: "notification_deliveries",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "notification_digests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    guardian_id = table.Column<Guid>(type: "uuid", nullable: true),
                    staff_id = table.Column<Guid>(type: "uuid", nullable: true),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    local_date = table.Column<DateOnly>(type: "date", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_digests", x => x.id);
                    table.CheckConstraint("ck_notification_digests_one_person", "num_nonnulls(guardian_id, staff_id) = 1");
                });

            migrationBuilder.CreateIndex(
                name: "ix_notification_deliveries_digest_id",
                table: "notification_deliveries",
                column: "digest_id");

            migrationBuilder.CreateIndex(
                name: "ix_notification_deliveries_person_id_channel",
                table: "notification_deliveries",
                columns: new[] { "person_id", "channel" },
                filter: "status = 'Held'");

            migrationBuilder.CreateIndex(
                name: "ix_notification_digests_person_id_channel_local_date",
                table: "notification_digests",
                columns: new[] { "person_id", "channel", "local_date" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_notification_deliveries_notification_digests_digest_id",
                table: "notification_deliveries",
                column: "digest_id",
                principalTable: "notification_digests",
                principalColumn: "id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_notification_deliveries_notification_digests_digest_id",
                table: "notification_deliveries");

            migrationBuilder.DropTable(
                name: "notification_digests");

            migrationBuilder.DropIndex(
                name: "ix_notification_deliveries_digest_id",
                table: "notification_deliveries");

            migrationBuilder.DropIndex(
                name: "ix_notification_deliveries_person_id_channel",
                table: "notification_deliveries");

            migrationBuilder.DropColumn(
                name: "digest_enabled",
                table: "notification_settings");

            migrationBuilder.DropColumn(
                name: "digest_time",
                table: "notification_settings");

            migrationBuilder.DropColumn(
                name: "digest_id",
                table: "notification_deliveries");
        }
    }
}
