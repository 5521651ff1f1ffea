using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meldebok.Server.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class SfoDay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sfo_attendances",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sfo_unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    pupil_id = table.Column<Guid>(type: "uuid", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    staff_id = table.Column<Guid>(type: "uuid", nullable: false),
                    reason = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    method = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    authorized_person_id = table.Column<Guid>(type: "uuid", nullable: true),
                    picked_up_by_name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    unlisted_pickup_confirmed_by_staff_id = table.Column<Guid>(type: "uuid", nullable: true),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    undone_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    undone_by_staff_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sfo_attendances", x => x.id);
                    table.ForeignKey(
                        name: "fk_sfo_attendances_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sfo_attendances_pupils_pupil_id",
                        column: x => x.pupil_id,
                        principalTable: "pupils",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sfo_attendances_sfo_units_sfo_unit_id",
                        column: x => x.sfo_unit_id,
                        principalTable: "sfo_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sfo_attendances_staff_staff_id",
                        column: x => x.staff_id,
                        principalTable: "staff",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sfo_attendances_staff_undone_by_staff_id",
                        column: x => x.undone_by_staff_id,
                        principalTable: "staff",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sfo_attendances_staff_unlisted_pickup_confirmed_by_staff_id",
                        column: x => x.unlisted_pickup_confirmed_by_staff_id,
                        principalTable: "staff",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sfo_enrolments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sfo_unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    pupil_id = table.Column<Guid>(type: "uuid", nullable: false),
                    weekdays = table.Column<int>(type: "integer", nullable: false),
                    place_percentage = table.Column<int>(type: "integer", nullable: false),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    end_date = table.Column<DateOnly>(type: "date", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sfo_enrolments", x => x.id);
                    table.CheckConstraint("ck_sfo_enrolments_dates", "end_date IS NULL OR end_date >= start_date");
                    table.CheckConstraint("ck_sfo_enrolments_percentage", "place_percentage BETWEEN 1 AND 100");
                    table.CheckConstraint("ck_sfo_enrolments_weekdays", "weekdays BETWEEN 1 AND 31");
                    table.ForeignKey(
                        name: "fk_sfo_enrolments_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sfo_enrolments_pupils_pupil_id",
                        column: x => x.pupil_id,
                        principalTable: "pupils",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sfo_enrolments_sfo_units_sfo_unit_id",
                        column: x => x.sfo_unit_id,
                        principalTable: "sfo_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sfo_handovers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    group_id = table.Column<Guid>(type: "uuid", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    handed_over_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    staff_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sfo_handovers", x => x.id);
                    table.ForeignKey(
                        name: "fk_sfo_handovers_groups_group_id",
                        column: x => x.group_id,
                        principalTable: "groups",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sfo_handovers_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sfo_handovers_staff_staff_id",
                        column: x => x.staff_id,
                        principalTable: "staff",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sfo_missing_alerts",
                columns: table => new
                {
                    pupil_id = table.Column<Guid>(type: "uuid", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    sfo_unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    raised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sfo_missing_alerts", x => new { x.pupil_id, x.date });
                    table.ForeignKey(
                        name: "fk_sfo_missing_alerts_pupils_pupil_id",
                        column: x => x.pupil_id,
                        principalTable: "pupils",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sfo_missing_alerts_sfo_units_sfo_unit_id",
                        column: x => x.sfo_unit_id,
                        principalTable: "sfo_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sfo_handover_pupils",
                columns: table => new
                {
                    handover_id = table.Column<Guid>(type: "uuid", nullable: false),
                    pupil_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sfo_unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sfo_handover_pupils", x => new { x.handover_id, x.pupil_id });
                    table.ForeignKey(
                        name: "fk_sfo_handover_pupils_pupils_pupil_id",
                        column: x => x.pupil_id,
                        principalTable: "pupils",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sfo_handover_pupils_sfo_handovers_handover_id",
                        column: x => x.handover_id,
                        principalTable: "sfo_handovers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_sfo_handover_pupils_sfo_units_sfo_unit_id",
                        column: x => x.sfo_unit_id,
                        principalTable: "sfo_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_sfo_attendances_municipality_id",
                table: "sfo_attendances",
                column: "municipality_id");

            migrationBuilder.CreateIndex(
                name: "ix_sfo_attendances_pupil_id_date",
                table: "sfo_attendances",
                columns: new[] { "pupil_id", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_sfo_attendances_sfo_unit_id_date",
                table: "sfo_attendances",
                columns: new[] { "sfo_unit_id", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_sfo_attendances_staff_id",
                table: "sfo_attendances",
                column: "staff_id");

            migrationBuilder.CreateIndex(
                name: "ix_sfo_attendances_undone_by_staff_id",
                table: "sfo_attendances",
                column: "undone_by_staff_id");

            migrationBuilder.CreateIndex(
                name: "ix_sfo_attendances_unlisted_pickup_confirmed_by_staff_id",
                table: "sfo_attendances",
                column: "unlisted_pickup_confirmed_by_staff_id");

            migrationBuilder.CreateIndex(
                name: "ix_sfo_enrolments_municipality_id",
                table: "sfo_enrolments",
                column: "municipality_id");

            migrationBuilder.CreateIndex(
                name: "ix_sfo_enrolments_pupil_id",
                table: "sfo_enrolments",
                column: "pupil_id");

            migrationBuilder.CreateIndex(
                name: "ix_sfo_enrolments_sfo_unit_id_start_date",
                table: "sfo_enrolments",
                columns: new[] { "sfo_unit_id", "start_date" });

            migrationBuilder.CreateIndex(
                name: "ix_sfo_handover_pupils_date_pupil_id",
                table: "sfo_handover_pupils",
                columns: new[] { "date", "pupil_id" });

            migrationBuilder.CreateIndex(
                name: "ix_sfo_handover_pupils_pupil_id",
                table: "sfo_handover_pupils",
                column: "pupil_id");

            migrationBuilder.CreateIndex(
                name: "ix_sfo_handover_pupils_sfo_unit_id_date",
                table: "sfo_handover_pupils",
                columns: new[] { "sfo_unit_id", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_sfo_handovers_group_id_date",
                table: "sfo_handovers",
                columns: new[] { "group_id", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_sfo_handovers_municipality_id",
                table: "sfo_handovers",
                column: "municipality_id");

            migrationBuilder.CreateIndex(
                name: "ix_sfo_handovers_staff_id",
                table: "sfo_handovers",
                column: "staff_id");

            migrationBuilder.CreateIndex(
                name: "ix_sfo_missing_alerts_sfo_unit_id_date",
                table: "sfo_missing_alerts",
                columns: new[] { "sfo_unit_id", "date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sfo_attendances");

            migrationBuilder.DropTable(
                name: "sfo_enrolments");

            migrationBuilder.DropTable(
                name: "sfo_handover_pupils");

            migrationBuilder.DropTable(
                name: "sfo_missing_alerts");

            migrationBuilder.DropTable(
                name: "sfo_handovers");
        }
    }
}
