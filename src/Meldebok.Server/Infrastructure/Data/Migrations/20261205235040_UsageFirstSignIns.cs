using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meldebok.Server.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class UsageFirstSignIns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "usage_first_sign_ins",
                columns: table => new
                {
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    actor_key = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    first_day = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_usage_first_sign_ins", x => new { x.municipality_id, x.role, x.actor_key });
                });

            // The sign-ins aggregated so far keep counting: each key's first day from the existing actor rows (while the
            // index that served this query still exists).
            migrationBuilder.Sql("""
                INSERT INTO usage_first_sign_ins (municipality_id, role, actor_key, first_day)
                SELECT municipality_id, role, actor_key, min(day)
                FROM usage_daily_actors
                WHERE action = 'signin'
                GROUP BY municipality_id, role, actor_key
                """);

            migrationBuilder.DropIndex(
                name: "ix_usage_daily_actors_municipality_id_action_role_actor_key",
                table: "usage_daily_actors");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "usage_first_sign_ins");

            migrationBuilder.CreateIndex(
                name: "ix_usage_daily_actors_municipality_id_action_role_actor_key",
                table: "usage_daily_actors",
                columns: new[] { "municipality_id", "action", "role", "actor_key" });
        }
    }
}
