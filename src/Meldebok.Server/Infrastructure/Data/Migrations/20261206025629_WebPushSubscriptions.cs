using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meldebok.Server.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class WebPushSubscriptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "push_subscriptions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    guardian_id = table.Column<Guid>(type: "uuid", nullable: true),
                    staff_id = table.Column<Guid>(type: "uuid", nullable: true),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    endpoint = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    p256dh = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    auth = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_push_subscriptions", x => x.id);
                    table.CheckConstraint("ck_push_subscriptions_one_person", "num_nonnulls(guardian_id, staff_id) = 1");
                    table.ForeignKey(
                        name: "fk_push_subscriptions_guardians_guardian_id",
                        column: x => x.guardian_id,
                        principalTable: "guardians",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_push_subscriptions_staff_staff_id",
                        column: x => x.staff_id,
                        principalTable: "staff",
                        principalColumn: "id");
                });

            migrationBuilder.CreateIndex(
                name: "ix_push_subscriptions_guardian_id",
                table: "push_subscriptions",
                column: "guardian_id");

            migrationBuilder.CreateIndex(
                name: "ix_push_subscriptions_person_id_endpoint",
                table: "push_subscriptions",
                columns: new[] { "person_id", "endpoint" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_push_subscriptions_staff_id",
                table: "push_subscriptions",
                column: "staff_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "push_subscriptions");
        }
    }
}
