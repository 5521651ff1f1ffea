using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Meldebok.Server.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class AbsenceOutboxIdempotency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<TimeOnly>(
                name: "late_notice_deadline",
                table: "sfo_units",
                type: "time without time zone",
                nullable: false,
                defaultValue: new TimeOnly(10, 0, 0));

            migrationBuilder.CreateTable(
                name: "idempotency_records",
                columns: table => new
                {
                    caller = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    method = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    path = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    response_status = table.Column<int>(type: "integer", nullable: true),
                    response_content_type = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    response_location = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    response_body = table.Column<byte[]>(type: "bytea", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_records", x => new { x.caller, x.key });
                });

            migrationBuilder.CreateTable(
                name: "leave_applications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    pupil_id = table.Column<Guid>(type: "uuid", nullable: false),
                    school_id = table.Column<Guid>(type: "uuid", nullable: false),
                    applied_by_guardian_id = table.Column<Guid>(type: "uuid", nullable: false),
                    first_date = table.Column<DateOnly>(type: "date", nullable: false),
                    last_date = table.Column<DateOnly>(type: "date", nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    decided_by_staff_id = table.Column<Guid>(type: "uuid", nullable: true),
                    decision_comment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_leave_applications", x => x.id);
                    table.CheckConstraint("ck_leave_applications_dates", "last_date >= first_date");
                    table.ForeignKey(
                        name: "fk_leave_applications_guardians_applied_by_guardian_id",
                        column: x => x.applied_by_guardian_id,
                        principalTable: "guardians",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_leave_applications_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_leave_applications_pupils_pupil_id",
                        column: x => x.pupil_id,
                        principalTable: "pupils",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_leave_applications_schools_school_id",
                        column: x => x.school_id,
                        principalTable: "schools",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_leave_applications_staff_decided_by_staff_id",
                        column: x => x.decided_by_staff_id,
                        principalTable: "staff",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "outbox_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    sequence = table.Column<long>(type: "bigint", nullable: true),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: true),
                    type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    audiences = table.Column<string[]>(type: "text[]", nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "absence_notices",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    pupil_id = table.Column<Guid>(type: "uuid", nullable: false),
                    school_id = table.Column<Guid>(type: "uuid", nullable: false),
                    reported_by_guardian_id = table.Column<Guid>(type: "uuid", nullable: true),
                    logged_by_staff_id = table.Column<Guid>(type: "uuid", nullable: true),
                    channel = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    to_school = table.Column<bool>(type: "boolean", nullable: false),
                    to_sfo = table.Column<bool>(type: "boolean", nullable: false),
                    first_date = table.Column<DateOnly>(type: "date", nullable: false),
                    last_date = table.Column<DateOnly>(type: "date", nullable: false),
                    from_time = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    to_time = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    reason = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    is_late = table.Column<bool>(type: "boolean", nullable: false),
                    leave_application_id = table.Column<Guid>(type: "uuid", nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    withdrawn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_absence_notices", x => x.id);
                    table.CheckConstraint("ck_absence_notices_dates", "last_date >= first_date");
                    table.CheckConstraint("ck_absence_notices_recipient", "to_school OR to_sfo");
                    table.ForeignKey(
                        name: "fk_absence_notices_guardians_reported_by_guardian_id",
                        column: x => x.reported_by_guardian_id,
                        principalTable: "guardians",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_absence_notices_leave_applications_leave_application_id",
                        column: x => x.leave_application_id,
                        principalTable: "leave_applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_absence_notices_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_absence_notices_pupils_pupil_id",
                        column: x => x.pupil_id,
                        principalTable: "pupils",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_absence_notices_schools_school_id",
                        column: x => x.school_id,
                        principalTable: "schools",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_absence_notices_staff_logged_by_staff_id",
                        column: x => x.logged_by_staff_id,
                        principalTable: "staff",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "absence_acknowledgements",
                columns: table => new
                {
                    notice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    staff_id = table.Column<Guid>(type: "uuid", nullable: false),
                    recipient = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    acknowledged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_absence_acknowledgements", x => new { x.notice_id, x.staff_id, x.recipient });
                    table.ForeignKey(
                        name: "fk_absence_acknowledgements_absence_notices_notice_id",
                        column: x => x.notice_id,
                        principalTable: "absence_notices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_absence_acknowledgements_staff_staff_id",
                        column: x => x.staff_id,
                        principalTable: "staff",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_absence_acknowledgements_staff_id",
                table: "absence_acknowledgements",
                column: "staff_id");

            migrationBuilder.CreateIndex(
                name: "ix_absence_notices_leave_application_id",
                table: "absence_notices",
                column: "leave_application_id",
                unique: true,
                filter: "leave_application_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_absence_notices_logged_by_staff_id",
                table: "absence_notices",
                column: "logged_by_staff_id");

            migrationBuilder.CreateIndex(
                name: "ix_absence_notices_municipality_id",
                table: "absence_notices",
                column: "municipality_id");

            migrationBuilder.CreateIndex(
                name: "ix_absence_notices_pupil_id_first_date",
                table: "absence_notices",
                columns: new[] { "pupil_id", "first_date" });

            migrationBuilder.CreateIndex(
                name: "ix_absence_notices_reported_by_guardian_id",
                table: "absence_notices",
                column: "reported_by_guardian_id");

            migrationBuilder.CreateIndex(
                name: "ix_absence_notices_school_id_last_date",
                table: "absence_notices",
                columns: new[] { "school_id", "last_date" });

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_records_expires_at",
                table: "idempotency_records",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_leave_applications_applied_by_guardian_id",
                table: "leave_applications",
                column: "applied_by_guardian_id");

            migrationBuilder.CreateIndex(
                name: "ix_leave_applications_decided_by_staff_id",
                table: "leave_applications",
                column: "decided_by_staff_id");

            migrationBuilder.CreateIndex(
                name: "ix_leave_applications_municipality_id",
                table: "leave_applications",
                column: "municipality_id");

            migrationBuilder.CreateIndex(
                name: "ix_leave_applications_pupil_id",
                table: "leave_applications",
                column: "pupil_id");

            migrationBuilder.CreateIndex(
                name: "ix_leave_applications_school_id_status",
                table: "leave_applications",
                columns: new[] { "school_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_events_audiences",
                table: "outbox_events",
                column: "audiences")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_events_created_at",
                table: "outbox_events",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_events_sequence",
                table: "outbox_events",
                column: "sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_events_unpublished",
                table: "outbox_events",
                column: "id",
                filter: "sequence IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "absence_acknowledgements");

            migrationBuilder.DropTable(
                name: "idempotency_records");

            migrationBuilder.DropTable(
                name: "outbox_events");

            migrationBuilder.DropTable(
                name: "absence_notices");

            migrationBuilder.DropTable(
                name: "leave_applications");

            migrationBuilder.DropColumn(
                name: "late_notice_deadline",
                table: "sfo_units");
        }
    }
}
