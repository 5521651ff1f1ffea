using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meldebok.Server.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class UsageActorMonths : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The actor rows become one row per key, month, school and role with the month's days as bits, instead of one row
            // per key, day, school, action and role (about one per usage event): the distinct counts read the bits.
            migrationBuilder.CreateTable(
                name: "usage_actor_months",
                columns: table => new
                {
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    school_id = table.Column<Guid>(type: "uuid", nullable: true),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    actor_key = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    days = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                });

            migrationBuilder.CreateIndex(
                name: "ix_usage_actor_months_municipality_id_month_school_id_role_act",
                table: "usage_actor_months",
                columns: new[] { "municipality_id", "month", "school_id", "role", "actor_key" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.Sql("""
                -- The bits of the days from range_first to range_last that fall in the month starting on month_start (bit d - 1 for day d);
                -- 0 when the range misses the month. A plain SQL function: the planner inlines it.
                CREATE FUNCTION usage_days_mask(month_start date, range_first date, range_last date) RETURNS integer
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
                  SELECT CASE WHEN greatest(range_first, month_start) > least(range_last, (month_start + interval '1 month' - interval '1 day')::date) THEN 0
                    ELSE ((1::bigint << extract(day FROM least(range_last, (month_start + interval '1 month' - interval '1 day')::date))::integer)
                          - (1::bigint << (extract(day FROM greatest(range_first, month_start))::integer - 1)))::integer
                  END
                $fn$;

                INSERT INTO usage_actor_months (municipality_id, month, school_id, role, actor_key, days)
                SELECT municipality_id, date_trunc('month', day)::date, school_id, role, actor_key, bit_or(1 << (extract(day FROM day)::integer - 1))
                FROM usage_daily_actors
                GROUP BY 1, 2, 3, 4, 5
                ORDER BY 1, 2, 3, 4, 5;

                DROP TABLE usage_daily_actors;
                DROP FUNCTION usage_daily_actors_replace_month(uuid, date, text);
                DROP FUNCTION usage_daily_actors_partition(uuid, date);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(UsageDailyActorsPartitioned.PartitionedTable);
            // The months' actions are gone: each active day comes back as one row with the action 'unknown'. What the
            // metrics read from these rows (distinct keys over days) is unchanged; aggregating the range again restores
            // the actions from the events.
            migrationBuilder.Sql("""
                SELECT usage_daily_actors_partition(municipality_id, month) FROM usage_actor_months GROUP BY municipality_id, month;
                INSERT INTO usage_daily_actors (municipality_id, school_id, day, action, role, actor_key)
                SELECT a.municipality_id, a.school_id, a.month + d - 1, 'unknown', a.role, a.actor_key
                FROM usage_actor_months AS a CROSS JOIN generate_series(1, 31) AS d
                WHERE a.days & (1 << (d - 1)) <> 0
                ORDER BY 1, 3, 2, 5, 6;
                DROP FUNCTION usage_days_mask(date, date, date);
                """);
            migrationBuilder.DropTable(
                name: "usage_actor_months");
        }
    }
}
