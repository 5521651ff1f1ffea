using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Meldebok.Server.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class Consents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "consent_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    school_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_by_staff_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: true),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    event_date = table.Column<DateOnly>(type: "date", nullable: true),
                    valid_from = table.Column<DateOnly>(type: "date", nullable: true),
                    valid_until = table.Column<DateOnly>(type: "date", nullable: true),
                    rule = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    deadline = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    target_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    target_ids = table.Column<Guid[]>(type: "uuid[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    automatic_reminder_sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consent_requests", x => x.id);
                    table.CheckConstraint("ck_consent_requests_kind_dates", "(kind = 'OneTime' AND event_date IS NOT NULL) OR (kind = 'Standing' AND valid_from IS NOT NULL AND valid_until >= valid_from)");
                    table.ForeignKey(
                        name: "fk_consent_requests_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_consent_requests_schools_school_id",
                        column: x => x.school_id,
                        principalTable: "schools",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_consent_requests_staff_created_by_staff_id",
                        column: x => x.created_by_staff_id,
                        principalTable: "staff",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "consent_answers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    pupil_id = table.Column<Guid>(type: "uuid", nullable: false),
                    guardian_id = table.Column<Guid>(type: "uuid", nullable: false),
                    choice = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sign_in_method = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consent_answers", x => x.id);
                    table.ForeignKey(
                        name: "fk_consent_answers_consent_requests_request_id",
                        column: x => x.request_id,
                        principalTable: "consent_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_consent_answers_guardians_guardian_id",
                        column: x => x.guardian_id,
                        principalTable: "guardians",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_consent_answers_pupils_pupil_id",
                        column: x => x.pupil_id,
                        principalTable: "pupils",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "consent_reminders",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    automatic = table.Column<bool>(type: "boolean", nullable: false),
                    recipient_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consent_reminders", x => x.id);
                    table.ForeignKey(
                        name: "fk_consent_reminders_consent_requests_request_id",
                        column: x => x.request_id,
                        principalTable: "consent_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "consent_request_pupils",
                columns: table => new
                {
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    pupil_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consent_request_pupils", x => new { x.request_id, x.pupil_id });
                    table.ForeignKey(
                        name: "fk_consent_request_pupils_consent_requests_request_id",
                        column: x => x.request_id,
                        principalTable: "consent_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_consent_request_pupils_pupils_pupil_id",
                        column: x => x.pupil_id,
                        principalTable: "pupils",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_consent_answers_guardian_id",
                table: "consent_answers",
                column: "guardian_id");

            migrationBuilder.CreateIndex(
                name: "ix_consent_answers_pupil_id",
                table: "consent_answers",
                column: "pupil_id");

            migrationBuilder.CreateIndex(
                name: "ix_consent_answers_request_id_pupil_id_guardian_id_sequence",
                table: "consent_answers",
                columns: new[] { "request_id", "pupil_id", "guardian_id", "sequence" });

            migrationBuilder.CreateIndex(
                name: "ix_consent_answers_sequence",
                table: "consent_answers",
                column: "sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_consent_reminders_request_id_sent_at",
                table: "consent_reminders",
                columns: new[] { "request_id", "sent_at" });

            migrationBuilder.CreateIndex(
                name: "ix_consent_request_pupils_pupil_id",
                table: "consent_request_pupils",
                column: "pupil_id");

            migrationBuilder.CreateIndex(
                name: "ix_consent_requests_created_by_staff_id_created_at",
                table: "consent_requests",
                columns: new[] { "created_by_staff_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_consent_requests_deadline",
                table: "consent_requests",
                column: "deadline",
                filter: "automatic_reminder_sent_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_consent_requests_municipality_id",
                table: "consent_requests",
                column: "municipality_id");

            migrationBuilder.CreateIndex(
                name: "ix_consent_requests_school_id_created_at",
                table: "consent_requests",
                columns: new[] { "school_id", "created_at" });

            // Answers are evidence: the database itself refuses to change or delete them.
            migrationBuilder.Sql("""
                CREATE FUNCTION consent_answers_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'consent_answers is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
                END;
                $$;
                CREATE TRIGGER consent_answers_no_update_or_delete BEFORE UPDATE OR DELETE ON consent_answers
                    FOR EACH ROW EXECUTE FUNCTION consent_answers_reject_change();
                CREATE TRIGGER consent_answers_no_truncate BEFORE TRUNCATE ON consent_answers
                    FOR EACH STATEMENT EXECUTE FUNCTION consent_answers_reject_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER consent_answers_no_truncate ON consent_answers; DROP TRIGGER consent_answers_no_update_or_delete ON consent_answers;");
            migrationBuilder.DropTable(
                name: "consent_answers");

            migrationBuilder.DropTable(
                name: "consent_reminders");

            migrationBuilder.DropTable(
                name: "consent_request_pupils");

            migrationBuilder.DropTable(
                name: "consent_requests");
            migrationBuilder.Sql("DROP FUNCTION consent_answers_reject_change();");
        }
    }
}
