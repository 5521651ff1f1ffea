using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meldebok.Server.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class Attachments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "attachments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    uploaded_by_account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    content_type = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    blob_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    scan_status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    claimed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    thread_message_id = table.Column<Guid>(type: "uuid", nullable: true),
                    bulk_message_id = table.Column<Guid>(type: "uuid", nullable: true),
                    consent_request_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attachments", x => x.id);
                    table.CheckConstraint("ck_attachments_one_owner", "(claimed_at IS NULL AND thread_message_id IS NULL AND bulk_message_id IS NULL AND consent_request_id IS NULL) OR (claimed_at IS NOT NULL AND num_nonnulls(thread_message_id, bulk_message_id, consent_request_id) = 1)");
                    table.ForeignKey(
                        name: "fk_attachments_bulk_messages_bulk_message_id",
                        column: x => x.bulk_message_id,
                        principalTable: "bulk_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_attachments_consent_requests_consent_request_id",
                        column: x => x.consent_request_id,
                        principalTable: "consent_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_attachments_thread_messages_thread_message_id",
                        column: x => x.thread_message_id,
                        principalTable: "thread_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_attachments_blob_key",
                table: "attachments",
                column: "blob_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_attachments_bulk_message_id",
                table: "attachments",
                column: "bulk_message_id",
                filter: "bulk_message_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_attachments_consent_request_id",
                table: "attachments",
                column: "consent_request_id",
                filter: "consent_request_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_attachments_thread_message_id",
                table: "attachments",
                column: "thread_message_id",
                filter: "thread_message_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_attachments_uploaded_at",
                table: "attachments",
                column: "uploaded_at",
                filter: "claimed_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "attachments");
        }
    }
}
