using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meldebok.Server.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class BulkSendingSafety : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "only_if_unread",
                table: "notification_deliveries",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "cancelled_at",
                table: "bulk_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "created_at",
                table: "bulk_messages",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "fan_out_claimed_at",
                table: "bulk_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "state",
                table: "bulk_messages",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Sent");

            migrationBuilder.AddColumn<int>(
                name: "stored_count",
                table: "bulk_messages",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Messages sent before the fan-out existed went out at once, with every copy stored.
            migrationBuilder.Sql("UPDATE bulk_messages SET created_at = sent_at, stored_count = recipient_count;");

            migrationBuilder.CreateIndex(
                name: "ix_bulk_messages_state_sent_at",
                table: "bulk_messages",
                columns: new[] { "state", "sent_at" },
                filter: "state IN ('Scheduled', 'Queued', 'Sending')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_bulk_messages_state_sent_at",
                table: "bulk_messages");

            migrationBuilder.DropColumn(
                name: "only_if_unread",
                table: "notification_deliveries");

            migrationBuilder.DropColumn(
                name: "cancelled_at",
                table: "bulk_messages");

            migrationBuilder.DropColumn(
                name: "created_at",
                table: "bulk_messages");

            migrationBuilder.DropColumn(
                name: "fan_out_claimed_at",
                table: "bulk_messages");

            migrationBuilder.DropColumn(
                name: "state",
                table: "bulk_messages");

            migrationBuilder.DropColumn(
                name: "stored_count",
                table: "bulk_messages");
        }
    }
}
