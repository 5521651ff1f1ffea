using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meldebok.Server.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class Messages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "bulk_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sender_staff_id = table.Column<Guid>(type: "uuid", nullable: true),
                    sender_administrator_id = table.Column<Guid>(type: "uuid", nullable: true),
                    school_id = table.Column<Guid>(type: "uuid", nullable: true),
                    target_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    target_ids = table.Column<Guid[]>(type: "uuid[]", nullable: false),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    body = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    urgent = table.Column<bool>(type: "boolean", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recipient_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bulk_messages", x => x.id);
                    table.CheckConstraint("ck_bulk_messages_one_sender", "num_nonnulls(sender_staff_id, sender_administrator_id) = 1");
                    table.ForeignKey(
                        name: "fk_bulk_messages_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_bulk_messages_municipality_administrators_sender_administra",
                        column: x => x.sender_administrator_id,
                        principalTable: "municipality_administrators",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_bulk_messages_schools_school_id",
                        column: x => x.school_id,
                        principalTable: "schools",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_bulk_messages_staff_sender_staff_id",
                        column: x => x.sender_staff_id,
                        principalTable: "staff",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "bulk_message_recipients",
                columns: table => new
                {
                    bulk_message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    guardian_id = table.Column<Guid>(type: "uuid", nullable: false),
                    pupil_id = table.Column<Guid>(type: "uuid", nullable: false),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    read_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reminded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bulk_message_recipients", x => new { x.bulk_message_id, x.guardian_id });
                    table.ForeignKey(
                        name: "fk_bulk_message_recipients_bulk_messages_bulk_message_id",
                        column: x => x.bulk_message_id,
                        principalTable: "bulk_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_bulk_message_recipients_guardians_guardian_id",
                        column: x => x.guardian_id,
                        principalTable: "guardians",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_bulk_message_recipients_pupils_pupil_id",
                        column: x => x.pupil_id,
                        principalTable: "pupils",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "message_threads",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    school_id = table.Column<Guid>(type: "uuid", nullable: false),
                    pupil_id = table.Column<Guid>(type: "uuid", nullable: false),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    addressee = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    bulk_message_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_message_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_message_threads", x => x.id);
                    table.ForeignKey(
                        name: "fk_message_threads_bulk_messages_bulk_message_id",
                        column: x => x.bulk_message_id,
                        principalTable: "bulk_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_message_threads_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_message_threads_pupils_pupil_id",
                        column: x => x.pupil_id,
                        principalTable: "pupils",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_message_threads_schools_school_id",
                        column: x => x.school_id,
                        principalTable: "schools",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "thread_participants",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    thread_id = table.Column<Guid>(type: "uuid", nullable: false),
                    guardian_id = table.Column<Guid>(type: "uuid", nullable: true),
                    staff_id = table.Column<Guid>(type: "uuid", nullable: true),
                    administrator_id = table.Column<Guid>(type: "uuid", nullable: true),
                    last_read_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_thread_participants", x => x.id);
                    table.CheckConstraint("ck_thread_participants_one_person", "num_nonnulls(guardian_id, staff_id, administrator_id) = 1");
                    table.ForeignKey(
                        name: "fk_thread_participants_guardians_guardian_id",
                        column: x => x.guardian_id,
                        principalTable: "guardians",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_thread_participants_message_threads_thread_id",
                        column: x => x.thread_id,
                        principalTable: "message_threads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_thread_participants_municipality_administrators_administrat",
                        column: x => x.administrator_id,
                        principalTable: "municipality_administrators",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_thread_participants_staff_staff_id",
                        column: x => x.staff_id,
                        principalTable: "staff",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "thread_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    thread_id = table.Column<Guid>(type: "uuid", nullable: false),
                    author_participant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    body = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    urgent = table.Column<bool>(type: "boolean", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_thread_messages", x => x.id);
                    table.ForeignKey(
                        name: "fk_thread_messages_message_threads_thread_id",
                        column: x => x.thread_id,
                        principalTable: "message_threads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_thread_messages_thread_participants_author_participant_id",
                        column: x => x.author_participant_id,
                        principalTable: "thread_participants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_bulk_message_recipients_guardian_id_delivered_at",
                table: "bulk_message_recipients",
                columns: new[] { "guardian_id", "delivered_at" });

            migrationBuilder.CreateIndex(
                name: "ix_bulk_message_recipients_pupil_id",
                table: "bulk_message_recipients",
                column: "pupil_id");

            migrationBuilder.CreateIndex(
                name: "ix_bulk_messages_municipality_id",
                table: "bulk_messages",
                column: "municipality_id");

            migrationBuilder.CreateIndex(
                name: "ix_bulk_messages_school_id",
                table: "bulk_messages",
                column: "school_id");

            migrationBuilder.CreateIndex(
                name: "ix_bulk_messages_sender_administrator_id_sent_at",
                table: "bulk_messages",
                columns: new[] { "sender_administrator_id", "sent_at" });

            migrationBuilder.CreateIndex(
                name: "ix_bulk_messages_sender_staff_id_sent_at",
                table: "bulk_messages",
                columns: new[] { "sender_staff_id", "sent_at" });

            migrationBuilder.CreateIndex(
                name: "ix_message_threads_bulk_message_id",
                table: "message_threads",
                column: "bulk_message_id");

            migrationBuilder.CreateIndex(
                name: "ix_message_threads_municipality_id",
                table: "message_threads",
                column: "municipality_id");

            migrationBuilder.CreateIndex(
                name: "ix_message_threads_pupil_id_last_message_at",
                table: "message_threads",
                columns: new[] { "pupil_id", "last_message_at" });

            migrationBuilder.CreateIndex(
                name: "ix_message_threads_school_id",
                table: "message_threads",
                column: "school_id");

            migrationBuilder.CreateIndex(
                name: "ix_thread_messages_author_participant_id",
                table: "thread_messages",
                column: "author_participant_id");

            migrationBuilder.CreateIndex(
                name: "ix_thread_messages_thread_id_sent_at",
                table: "thread_messages",
                columns: new[] { "thread_id", "sent_at" });

            migrationBuilder.CreateIndex(
                name: "ix_thread_participants_administrator_id",
                table: "thread_participants",
                column: "administrator_id");

            migrationBuilder.CreateIndex(
                name: "ix_thread_participants_guardian_id",
                table: "thread_participants",
                column: "guardian_id");

            migrationBuilder.CreateIndex(
                name: "ix_thread_participants_staff_id",
                table: "thread_participants",
                column: "staff_id");

            migrationBuilder.CreateIndex(
                name: "ix_thread_participants_thread_id_administrator_id",
                table: "thread_participants",
                columns: new[] { "thread_id", "administrator_id" },
                unique: true,
                filter: "administrator_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_thread_participants_thread_id_guardian_id",
                table: "thread_participants",
                columns: new[] { "thread_id", "guardian_id" },
                unique: true,
                filter: "guardian_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_thread_participants_thread_id_staff_id",
                table: "thread_participants",
                columns: new[] { "thread_id", "staff_id" },
                unique: true,
                filter: "staff_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bulk_message_recipients");

            migrationBuilder.DropTable(
                name: "thread_messages");

            migrationBuilder.DropTable(
                name: "thread_participants");

            migrationBuilder.DropTable(
                name: "message_threads");

            migrationBuilder.DropTable(
                name: "bulk_messages");
        }
    }
}
