using System.Net;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using static Meldebok.Server.Features.Usage.UsageActions;
using static Meldebok.Server.Features.Usage.UsageChannels;
using static Meldebok.Server.Features.Usage.UsageRoles;

namespace Meldebok.Server.Tests.Usage;

/// <summary>
/// The aggregation's own settings (its own class: it slows its database's aggregation down with a trigger).
/// </summary>
public sealed class UsageAggregationSettingsTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_aggregation_longer_than_the_connections_command_timeout_completes_under_its_own_timeout()
    {
        var world = await app.ArrangeWorldAsync();
        await app.AddEventsAsync(world.Admin.MunicipalityId, ("2026-09-01", world.SchoolId, AbsenceReported, Digital, Guardian, world.GuardianA));
        // Every aggregation now takes at least 7 s; the host's other commands keep a timeout of 5 s.
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""
            CREATE FUNCTION slow_aggregation() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(7); RETURN NULL; END $$;
            CREATE TRIGGER slow_aggregation AFTER INSERT ON usage_actor_months FOR EACH STATEMENT EXECUTE FUNCTION slow_aggregation();
            """, Ct));
        using var host = app.WithWebHostBuilder(builder => builder.UseSetting(
            $"ConnectionStrings:{DatabaseOptions.ConnectionStringName}", new NpgsqlConnectionStringBuilder(app.ConnectionString) { CommandTimeout = 5 }.ConnectionString));
        using var admin = host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = world.Admin.Client.DefaultRequestHeaders.Authorization;

        var response = await admin.PostAsync($"{UsageArrange.Aggregate}?from=2026-09-01&to=2026-09-01", null, Ct);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal(1, (await response.ReadAsync<UsageAggregationResult>()).Events);
    }

    [Fact]
    public async Task The_aggregation_runs_without_nested_loops_or_jit_and_with_its_own_work_mem()
    {
        var world = await app.ArrangeWorldAsync();
        await app.AddEventsAsync(world.Admin.MunicipalityId, ("2026-09-02", world.SchoolId, AbsenceReported, Digital, Guardian, world.GuardianA));
        // What the aggregation's transaction has set, seen from inside it when it writes the actor months.
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""
            CREATE TABLE aggregation_settings_seen (nestloop text, jit text, work_mem text);
            CREATE FUNCTION record_aggregation_settings() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO aggregation_settings_seen VALUES (current_setting('enable_nestloop'), current_setting('jit'), current_setting('work_mem'));
              RETURN NULL;
            END $$;
            CREATE TRIGGER record_aggregation_settings AFTER INSERT ON usage_actor_months FOR EACH STATEMENT EXECUTE FUNCTION record_aggregation_settings();
            """, Ct));

        await (await world.Admin.Client.PostAsync($"{UsageArrange.Aggregate}?from=2026-09-02&to=2026-09-02", null, Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);

        var seen = await app.WithDbAsync(db => db.Database.SqlQueryRaw<string>(
            "SELECT nestloop || ' ' || jit || ' ' || work_mem AS \"Value\" FROM aggregation_settings_seen").ToListAsync(Ct));
        Assert.Equal(["off off 256MB"], seen.Distinct());
    }

    [Theory]
    [InlineData("Usage:AggregationCommandTimeoutSeconds", "0", "AggregationCommandTimeoutSeconds")]
    [InlineData("Usage:AggregationWorkMemMegabytes", "1", "AggregationWorkMemMegabytes")]
    public void An_aggregation_setting_out_of_range_stops_the_host_naming_it(string key, string value, string named)
    {
        using var host = app.WithWebHostBuilder(builder => builder.UseSetting(key, value));

        var failure = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains(named, failure.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>The migration that moved first sign-ins out of the actor rows keeps the sign-ins aggregated before it.</summary>
public sealed class UsageFirstSignInMigrationTests(PostgresServer postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrating_fills_each_keys_first_sign_in_from_the_actor_rows_aggregated_before()
    {
        await using var db = await UsageMigrationDatabase.MigratedToJustBeforeAsync(postgres, "_UsageFirstSignIns", Ct);

        var (municipality, other) = (Guid.NewGuid(), Guid.NewGuid());
        byte[] a = [1, 2, 3], b = [4, 5, 6];
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO usage_daily_actors (municipality_id, school_id, day, action, role, actor_key) VALUES
              ({municipality}, NULL, DATE '2026-03-02', {SignIn}, {Guardian}, {a}),
              ({municipality}, NULL, DATE '2026-02-27', {SignIn}, {Guardian}, {a}),
              ({municipality}, {Guid.NewGuid()}, DATE '2026-02-20', {AbsenceReported}, {Guardian}, {b}),
              ({municipality}, {Guid.NewGuid()}, DATE '2026-03-05', {SignIn}, {Teacher}, {b}),
              ({other}, NULL, DATE '2026-01-10', {SignIn}, {Guardian}, {a})
            """, Ct);

        await db.Database.MigrateAsync(Ct);

        var firstSignIns = await db.UsageFirstSignIns.AsNoTracking().ToListAsync(Ct);
        Assert.Equal(
            [
                (municipality, Guardian, "010203", new DateOnly(2026, 2, 27)),
                (municipality, Teacher, "040506", new DateOnly(2026, 3, 5)),
                (other, Guardian, "010203", new DateOnly(2026, 1, 10)),
            ],
            firstSignIns.Select(f => (f.MunicipalityId, f.Role, Convert.ToHexString(f.ActorKey), f.FirstDay))
                .OrderBy(f => f.MunicipalityId == municipality ? 0 : 1).ThenBy(f => f.Role, StringComparer.Ordinal));
    }
}

/// <summary>The migration that turned the actor rows into months keeps every key's active days.</summary>
public sealed class UsageActorMonthsMigrationTests(PostgresServer postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrating_keeps_each_keys_active_days_as_bits_of_its_month_school_and_role()
    {
        await using var db = await UsageMigrationDatabase.MigratedToJustBeforeAsync(postgres, "_UsageActorMonths", Ct);
        var (municipality, other, school) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        byte[] a = [1, 2, 3], b = [4, 5, 6];
        await db.Database.ExecuteSqlAsync($"""
            SELECT usage_daily_actors_partition(m, month) FROM (VALUES
              ({municipality}, DATE '2026-12-01'), ({municipality}, DATE '2027-01-01'), ({other}, DATE '2026-12-01')) AS p (m, month);
            INSERT INTO usage_daily_actors (municipality_id, school_id, day, action, role, actor_key) VALUES
              ({municipality}, {school}, DATE '2026-12-01', {AbsenceReported}, {Guardian}, {a}),
              ({municipality}, {school}, DATE '2026-12-31', {AbsenceReported}, {Guardian}, {a}),
              ({municipality}, {school}, DATE '2026-12-31', {LeaveApplied}, {Guardian}, {a}),
              ({municipality}, NULL, DATE '2026-12-31', {SignIn}, {Guardian}, {a}),
              ({municipality}, {school}, DATE '2026-12-31', {AbsenceLoggedLegacy}, {Teacher}, {a}),
              ({municipality}, {school}, DATE '2027-01-01', {AbsenceReported}, {Guardian}, {b}),
              ({other}, NULL, DATE '2026-12-15', {SignIn}, {Guardian}, {a})
            """, Ct);

        await db.Database.MigrateAsync(Ct);

        var rows = await db.UsageActorMonths.AsNoTracking().ToListAsync(Ct);
        Assert.Equal(
            [
                $"{municipality} 2026-12  {Guardian} 31 010203",
                $"{municipality} 2026-12 {school} {Guardian} 1,31 010203",
                $"{municipality} 2026-12 {school} {Teacher} 31 010203",
                $"{municipality} 2027-01 {school} {Guardian} 1 040506",
                $"{other} 2026-12  {Guardian} 15 010203",
            ],
            rows.Select(r => $"{r.MunicipalityId} {r.Month:yyyy-MM} {r.SchoolId} {r.Role} {UsageArrange.DaysOf(r.Days)} {Convert.ToHexString(r.ActorKey)}")
                .OrderBy(r => r.StartsWith(municipality.ToString(), StringComparison.Ordinal) ? 0 : 1).ThenBy(r => r, StringComparer.Ordinal));
        await db.Database.OpenConnectionAsync(Ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var old = new NpgsqlCommand("SELECT to_regclass('usage_daily_actors') IS NULL AND to_regprocedure('usage_daily_actors_partition(uuid, date)') IS NULL", connection);
        Assert.Equal(true, await old.ExecuteScalarAsync(Ct));
    }
}

/// <summary>A database of its own, migrated up to just before one migration, to see what that migration does to existing rows.</summary>
internal static class UsageMigrationDatabase
{
    public static async Task<MeldebokDbContext> MigratedToJustBeforeAsync(PostgresServer postgres, string migrationSuffix, CancellationToken ct)
    {
        var name = "usage_migration_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(postgres.ConnectionStringFor("postgres")))
        {
            await admin.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync(ct);
        }

        var options = new DbContextOptionsBuilder<MeldebokDbContext>()
            .UseNpgsql(postgres.ConnectionStringFor(name), o => o.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .Options;
        var db = new MeldebokDbContext(options);
        var migrations = db.Database.GetMigrations().ToList();
        var before = migrations[migrations.FindIndex(m => m.EndsWith(migrationSuffix, StringComparison.Ordinal)) - 1];
        await db.GetService<IMigrator>().MigrateAsync(before, ct);
        return db;
    }
}
