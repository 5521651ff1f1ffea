using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meldebok.Server.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class Pickup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<TimeOnly>(
                name: "pickup_message_deadline",
                table: "sfo_units",
                type: "time without time zone",
                nullable: false,
                defaultValue: new TimeOnly(12, 0, 0));

            migrationBuilder.CreateTable(
                name: "authorized_pickup_persons",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    pupil_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    relation = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    phone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    valid_until = table.Column<DateOnly>(type: "date", nullable: true),
                    created_by_guardian_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    removed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_authorized_pickup_persons", x => x.id);
                    table.ForeignKey(
                        name: "fk_authorized_pickup_persons_guardians_created_by_guardian_id",
                        column: x => x.created_by_guardian_id,
                        principalTable: "guardians",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_authorized_pickup_persons_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_authorized_pickup_persons_pupils_pupil_id",
                        column: x => x.pupil_id,
                        principalTable: "pupils",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pickup_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    pupil_id = table.Column<Guid>(type: "uuid", nullable: false),
                    school_id = table.Column<Guid>(type: "uuid", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    method = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    time = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    authorized_person_id = table.Column<Guid>(type: "uuid", nullable: true),
                    pickup_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    is_late = table.Column<bool>(type: "boolean", nullable: false),
                    sent_by_guardian_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    superseded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    withdrawn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pickup_messages", x => x.id);
                    table.ForeignKey(
                        name: "fk_pickup_messages_authorized_pickup_persons_authorized_person",
                        column: x => x.authorized_person_id,
                        principalTable: "authorized_pickup_persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_pickup_messages_guardians_sent_by_guardian_id",
                        column: x => x.sent_by_guardian_id,
                        principalTable: "guardians",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_pickup_messages_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_pickup_messages_pupils_pupil_id",
                        column: x => x.pupil_id,
                        principalTable: "pupils",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_pickup_messages_schools_school_id",
                        column: x => x.school_id,
                        principalTable: "schools",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pickup_rules",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    pupil_id = table.Column<Guid>(type: "uuid", nullable: false),
                    weekday = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    method = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    time = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    authorized_person_id = table.Column<Guid>(type: "uuid", nullable: true),
                    note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    valid_from = table.Column<DateOnly>(type: "date", nullable: true),
                    valid_until = table.Column<DateOnly>(type: "date", nullable: true),
                    created_by_guardian_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    removed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pickup_rules", x => x.id);
                    table.CheckConstraint("ck_pickup_rules_validity", "valid_until IS NULL OR valid_from IS NULL OR valid_until >= valid_from");
                    table.ForeignKey(
                        name: "fk_pickup_rules_authorized_pickup_persons_authorized_person_id",
                        column: x => x.authorized_person_id,
                        principalTable: "authorized_pickup_persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_pickup_rules_guardians_created_by_guardian_id",
                        column: x => x.created_by_guardian_id,
                        principalTable: "guardians",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_pickup_rules_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_pickup_rules_pupils_pupil_id",
                        column: x => x.pupil_id,
                        principalTable: "pupils",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_authorized_pickup_persons_created_by_guardian_id",
                table: "authorized_pickup_persons",
                column: "created_by_guardian_id");

            migrationBuilder.CreateIndex(
                name: "ix_authorized_pickup_persons_municipality_id",
                table: "authorized_pickup_persons",
                column: "municipality_id");

            migrationBuilder.CreateIndex(
                name: "ix_authorized_pickup_persons_pupil_id",
                table: "authorized_pickup_persons",
                column: "pupil_id");

            migrationBuilder.CreateIndex(
                name: "ix_pickup_messages_authorized_person_id",
                table: "pickup_messages",
                column: "authorized_person_id");

            migrationBuilder.CreateIndex(
                name: "ix_pickup_messages_municipality_id",
                table: "pickup_messages",
                column: "municipality_id");

            migrationBuilder.CreateIndex(
                name: "ix_pickup_messages_school_id",
                table: "pickup_messages",
                column: "school_id");

            migrationBuilder.CreateIndex(
                name: "ix_pickup_messages_sent_by_guardian_id",
                table: "pickup_messages",
                column: "sent_by_guardian_id");

            migrationBuilder.CreateIndex(
                name: "ux_pickup_messages_current",
                table: "pickup_messages",
                columns: new[] { "pupil_id", "date" },
                unique: true,
                filter: "superseded_at IS NULL AND withdrawn_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_pickup_rules_authorized_person_id",
                table: "pickup_rules",
                column: "authorized_person_id");

            migrationBuilder.CreateIndex(
                name: "ix_pickup_rules_created_by_guardian_id",
                table: "pickup_rules",
                column: "created_by_guardian_id");

            migrationBuilder.CreateIndex(
                name: "ix_pickup_rules_municipality_id",
                table: "pickup_rules",
                column: "municipality_id");

            migrationBuilder.CreateIndex(
                name: "ix_pickup_rules_pupil_id_weekday",
                table: "pickup_rules",
                columns: new[] { "pupil_id", "weekday" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pickup_messages");

            migrationBuilder.DropTable(
                name: "pickup_rules");

            migrationBuilder.DropTable(
                name: "authorized_pickup_persons");

            migrationBuilder.DropColumn(
                name: "pickup_message_deadline",
                table: "sfo_units");
        }
    }
}
