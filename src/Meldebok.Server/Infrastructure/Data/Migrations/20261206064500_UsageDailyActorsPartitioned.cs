using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meldebok.Server.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class UsageDailyActorsPartitioned : Migration
    {
        /// <summary>
        /// The partitioned table, its index and its two functions, empty (also what <see cref="UsageActorMonths"/> restores
        /// when it is rolled back).
        /// </summary>
        internal const string PartitionedTable = """
                CREATE TABLE usage_daily_actors (
                  municipality_id uuid NOT NULL,
                  school_id uuid,
                  day date NOT NULL,
                  action character varying(48) NOT NULL,
                  role character varying(32) NOT NULL,
                  actor_key bytea NOT NULL
                ) PARTITION BY LIST (municipality_id);
                CREATE UNIQUE INDEX ix_usage_daily_actors_municipality_id_day_school_id_action_rol
                  ON usage_daily_actors (municipality_id, day, school_id, action, role, actor_key) NULLS NOT DISTINCT;

                -- The partition of a municipality's month, created (with the municipality's own partition) when missing; its name.
                CREATE FUNCTION usage_daily_actors_partition(municipality_id uuid, month_start date) RETURNS text
                LANGUAGE plpgsql AS $fn$
                DECLARE
                  first_day date := date_trunc('month', month_start)::date;
                  parent text := 'usage_daily_actors_' || replace(municipality_id::text, '-', '');
                  child text := parent || '_' || to_char(first_day, 'YYYYMM');
                BEGIN
                  IF to_regclass(quote_ident(parent)) IS NULL THEN
                    EXECUTE format('CREATE TABLE %I PARTITION OF usage_daily_actors FOR VALUES IN (%L) PARTITION BY RANGE (day)',
                      parent, municipality_id);
                  END IF;
                  IF to_regclass(quote_ident(child)) IS NULL THEN
                    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                      child, parent, to_char(first_day, 'YYYY-MM-DD'), to_char(first_day + interval '1 month', 'YYYY-MM-DD'));
                  END IF;
                  RETURN child;
                END $fn$;

                -- Replaces a municipality's month with a table loaded and indexed beside it: the old partition is dropped and the
                -- loaded table takes its name and place. The loaded table must hold only rows of that month and municipality.
                CREATE FUNCTION usage_daily_actors_replace_month(municipality_id uuid, month_start date, loaded text) RETURNS void
                LANGUAGE plpgsql AS $fn$
                DECLARE
                  first_day date := date_trunc('month', month_start)::date;
                  child text := usage_daily_actors_partition(municipality_id, first_day);
                  parent text := 'usage_daily_actors_' || replace(municipality_id::text, '-', '');
                BEGIN
                  EXECUTE format('DROP TABLE %I', child);
                  EXECUTE format('ALTER TABLE %I RENAME TO %I', loaded, child);
                  EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                    parent, child, to_char(first_day, 'YYYY-MM-DD'), to_char(first_day + interval '1 month', 'YYYY-MM-DD'));
                END $fn$;
                """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // usage_daily_actors becomes a partitioned table: one partition per municipality, each divided into calendar
            // months. The aggregation then loads a whole month of a long range into a fresh table, indexes it in one sort and
            // swaps it in for the month's old partition (UsageAggregator) instead of deleting and inserting row by row
            // under the index. The model does not change: EF Core reads and writes the parent table.
            migrationBuilder.Sql("""
                ALTER TABLE usage_daily_actors RENAME TO usage_daily_actors_unpartitioned;
                ALTER INDEX ix_usage_daily_actors_municipality_id_day_school_id_action_rol RENAME TO ix_usage_daily_actors_unpartitioned;
                """);
            migrationBuilder.Sql(PartitionedTable);
            migrationBuilder.Sql("""
                DO $do$
                DECLARE m record;
                BEGIN
                  FOR m IN SELECT DISTINCT municipality_id, date_trunc('month', day)::date AS month_start FROM usage_daily_actors_unpartitioned LOOP
                    PERFORM usage_daily_actors_partition(m.municipality_id, m.month_start);
                  END LOOP;
                END $do$;
                INSERT INTO usage_daily_actors (municipality_id, school_id, day, action, role, actor_key)
                SELECT municipality_id, school_id, day, action, role, actor_key FROM usage_daily_actors_unpartitioned
                ORDER BY municipality_id, day, school_id, action, role, actor_key;
                DROP TABLE usage_daily_actors_unpartitioned;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE usage_daily_actors RENAME TO usage_daily_actors_partitioned;
                ALTER INDEX ix_usage_daily_actors_municipality_id_day_school_id_action_rol RENAME TO ix_usage_daily_actors_partitioned;
                CREATE TABLE usage_daily_actors (
                  municipality_id uuid NOT NULL,
                  school_id uuid,
                  day date NOT NULL,
                  action character varying(48) NOT NULL,
                  role character varying(32) NOT NULL,
                  actor_key bytea NOT NULL
                );
                INSERT INTO usage_daily_actors (municipality_id, school_id, day, action, role, actor_key)
                SELECT municipality_id, school_id, day, action, role, actor_key FROM usage_daily_actors_partitioned
                ORDER BY municipality_id, day, school_id, action, role, actor_key;
                CREATE UNIQUE INDEX ix_usage_daily_actors_municipality_id_day_school_id_action_rol
                  ON usage_daily_actors (municipality_id, day, school_id, action, role, actor_key) NULLS NOT DISTINCT;
                DROP TABLE usage_daily_actors_partitioned;
                DROP FUNCTION usage_daily_actors_replace_month(uuid, date, text);
                DROP FUNCTION usage_daily_actors_partition(uuid, date);
                """);
        }
    }
}
