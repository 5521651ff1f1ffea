using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meldebok.Server.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialRoster : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "municipalities",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    organisation_number = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    settings = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_municipalities", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "guardians",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    given_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    family_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    national_identity_number = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    mobile = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    preferred_language = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sourced_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_guardians", x => x.id);
                    table.ForeignKey(
                        name: "fk_guardians_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "municipality_administrators",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    given_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    family_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    feide_id = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sourced_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_municipality_administrators", x => x.id);
                    table.ForeignKey(
                        name: "fk_municipality_administrators_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "schools",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    organisation_number = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: true),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sourced_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_schools", x => x.id);
                    table.ForeignKey(
                        name: "fk_schools_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "staff",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    given_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    family_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    feide_id = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    mobile = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sourced_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_staff", x => x.id);
                    table.ForeignKey(
                        name: "fk_staff_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pupils",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    school_id = table.Column<Guid>(type: "uuid", nullable: false),
                    given_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    family_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    birth_date = table.Column<DateOnly>(type: "date", nullable: false),
                    national_identity_number = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: true),
                    protected_address = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sourced_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pupils", x => x.id);
                    table.ForeignKey(
                        name: "fk_pupils_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_pupils_schools_school_id",
                        column: x => x.school_id,
                        principalTable: "schools",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sfo_units",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    school_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sourced_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sfo_units", x => x.id);
                    table.ForeignKey(
                        name: "fk_sfo_units_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sfo_units_schools_school_id",
                        column: x => x.school_id,
                        principalTable: "schools",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "staff_assignments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    staff_id = table.Column<Guid>(type: "uuid", nullable: false),
                    school_id = table.Column<Guid>(type: "uuid", nullable: false),
                    role = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sourced_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_staff_assignments", x => x.id);
                    table.ForeignKey(
                        name: "fk_staff_assignments_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_staff_assignments_schools_school_id",
                        column: x => x.school_id,
                        principalTable: "schools",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_staff_assignments_staff_staff_id",
                        column: x => x.staff_id,
                        principalTable: "staff",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "guardian_links",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    guardian_id = table.Column<Guid>(type: "uuid", nullable: false),
                    pupil_id = table.Column<Guid>(type: "uuid", nullable: false),
                    parental_responsibility = table.Column<bool>(type: "boolean", nullable: false),
                    daily_care = table.Column<bool>(type: "boolean", nullable: false),
                    right_to_information = table.Column<bool>(type: "boolean", nullable: false),
                    blocked = table.Column<bool>(type: "boolean", nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sourced_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_guardian_links", x => x.id);
                    table.ForeignKey(
                        name: "fk_guardian_links_guardians_guardian_id",
                        column: x => x.guardian_id,
                        principalTable: "guardians",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_guardian_links_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_guardian_links_pupils_pupil_id",
                        column: x => x.pupil_id,
                        principalTable: "pupils",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "groups",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    school_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sfo_unit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    school_year = table.Column<int>(type: "integer", nullable: false),
                    grade = table.Column<int>(type: "integer", nullable: true),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sourced_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_groups", x => x.id);
                    table.ForeignKey(
                        name: "fk_groups_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_groups_schools_school_id",
                        column: x => x.school_id,
                        principalTable: "schools",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_groups_sfo_units_sfo_unit_id",
                        column: x => x.sfo_unit_id,
                        principalTable: "sfo_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "group_memberships",
                columns: table => new
                {
                    pupil_id = table.Column<Guid>(type: "uuid", nullable: false),
                    group_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_group_memberships", x => new { x.pupil_id, x.group_id });
                    table.ForeignKey(
                        name: "fk_group_memberships_groups_group_id",
                        column: x => x.group_id,
                        principalTable: "groups",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_group_memberships_pupils_pupil_id",
                        column: x => x.pupil_id,
                        principalTable: "pupils",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "staff_assignment_groups",
                columns: table => new
                {
                    staff_assignment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    group_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_staff_assignment_groups", x => new { x.staff_assignment_id, x.group_id });
                    table.ForeignKey(
                        name: "fk_staff_assignment_groups_groups_group_id",
                        column: x => x.group_id,
                        principalTable: "groups",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_staff_assignment_groups_staff_assignments_staff_assignment_",
                        column: x => x.staff_assignment_id,
                        principalTable: "staff_assignments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_group_memberships_group_id",
                table: "group_memberships",
                column: "group_id");

            migrationBuilder.CreateIndex(
                name: "ix_groups_municipality_id_sourced_id",
                table: "groups",
                columns: new[] { "municipality_id", "sourced_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_groups_school_id",
                table: "groups",
                column: "school_id");

            migrationBuilder.CreateIndex(
                name: "ix_groups_sfo_unit_id",
                table: "groups",
                column: "sfo_unit_id");

            migrationBuilder.CreateIndex(
                name: "ix_guardian_links_guardian_id_pupil_id",
                table: "guardian_links",
                columns: new[] { "guardian_id", "pupil_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_guardian_links_municipality_id_sourced_id",
                table: "guardian_links",
                columns: new[] { "municipality_id", "sourced_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_guardian_links_pupil_id",
                table: "guardian_links",
                column: "pupil_id");

            migrationBuilder.CreateIndex(
                name: "ix_guardians_municipality_id_national_identity_number",
                table: "guardians",
                columns: new[] { "municipality_id", "national_identity_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_guardians_municipality_id_sourced_id",
                table: "guardians",
                columns: new[] { "municipality_id", "sourced_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_municipalities_organisation_number",
                table: "municipalities",
                column: "organisation_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_municipality_administrators_municipality_id_email",
                table: "municipality_administrators",
                columns: new[] { "municipality_id", "email" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_municipality_administrators_municipality_id_sourced_id",
                table: "municipality_administrators",
                columns: new[] { "municipality_id", "sourced_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pupils_municipality_id_national_identity_number",
                table: "pupils",
                columns: new[] { "municipality_id", "national_identity_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pupils_municipality_id_sourced_id",
                table: "pupils",
                columns: new[] { "municipality_id", "sourced_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pupils_school_id",
                table: "pupils",
                column: "school_id");

            migrationBuilder.CreateIndex(
                name: "ix_schools_municipality_id_sourced_id",
                table: "schools",
                columns: new[] { "municipality_id", "sourced_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sfo_units_municipality_id_sourced_id",
                table: "sfo_units",
                columns: new[] { "municipality_id", "sourced_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sfo_units_school_id",
                table: "sfo_units",
                column: "school_id");

            migrationBuilder.CreateIndex(
                name: "ix_staff_feide_id",
                table: "staff",
                column: "feide_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_staff_municipality_id_sourced_id",
                table: "staff",
                columns: new[] { "municipality_id", "sourced_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_staff_assignment_groups_group_id",
                table: "staff_assignment_groups",
                column: "group_id");

            migrationBuilder.CreateIndex(
                name: "ix_staff_assignments_municipality_id_sourced_id",
                table: "staff_assignments",
                columns: new[] { "municipality_id", "sourced_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_staff_assignments_school_id",
                table: "staff_assignments",
                column: "school_id");

            migrationBuilder.CreateIndex(
                name: "ix_staff_assignments_staff_id_school_id_role",
                table: "staff_assignments",
                columns: new[] { "staff_id", "school_id", "role" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "group_memberships");

            migrationBuilder.DropTable(
                name: "guardian_links");

            migrationBuilder.DropTable(
                name: "municipality_administrators");

            migrationBuilder.DropTable(
                name: "staff_assignment_groups");

            migrationBuilder.DropTable(
                name: "guardians");

            migrationBuilder.DropTable(
                name: "pupils");

            migrationBuilder.DropTable(
                name: "groups");

            migrationBuilder.DropTable(
                name: "staff_assignments");

            migrationBuilder.DropTable(
                name: "sfo_units");

            migrationBuilder.DropTable(
                name: "staff");

            migrationBuilder.DropTable(
                name: "schools");

            migrationBuilder.DropTable(
                name: "municipalities");
        }
    }
}
