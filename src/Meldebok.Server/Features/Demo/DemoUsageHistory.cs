using Meldebok.Server.Features.Benefits;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Meldebok.Server.Features.Demo;

/// <summary>What a generated usage history holds.</summary>
/// <param name="From">First day of the history.</param>
/// <param name="To">Last day (yesterday).</param>
/// <param name="Events">Usage events written.</param>
/// <param name="DailyRows">Daily figures the aggregation wrote from them.</param>
/// <param name="Measurements">Automatic benefit measurements taken over the history.</param>
internal sealed record DemoUsageResult(DateOnly From, DateOnly To, long Events, int DailyRows, int Measurements);

/// <summary>
/// A plausible year of usage for a demo municipality, so that the usage statistics and the benefits dashboard tell a story on
/// first start: guardians take Meldebok into use along an S-curve (each guardian has a day of adoption, about 10 % at the
/// start and 90 % at the end), adopted guardians sign in on about one school day in four and report their children's
/// absence digitally; the absence of children whose guardians have not adopted it reaches the office by the legacy channels
/// (phone, paper book, e-mail, SMS, notes); staff sign in through Feide on most school days. School days are Monday to
/// Friday outside July.
/// <para>
/// The events are written by one INSERT … SELECT per kind from generate_series in PostgreSQL (a Trondheim-sized year is
/// over a million rows), with the same pseudonymous actor keys the live product records (so activation and active
/// guardians count real roster people), then aggregated, and the metric-bound benefits are measured week by week.
/// Deterministic for a seed.
/// </para>
/// </summary>
internal sealed class DemoUsageHistory(MeldebokDbContext db, UsagePseudonyms pseudonyms, UsageAggregator aggregator, BenefitMeasurementRun measurements)
{
    /// <summary>Writes the events of <paramref name="from"/>–<paramref name="to"/> only (no aggregation): for the benchmark, which times that itself.</summary>
    public async Task<long> WriteEventsAsync(Guid municipalityId, DateOnly from, DateOnly to, int seed, CancellationToken ct)
    {
        var timeZone = await db.Municipalities.Where(m => m.Id == municipalityId).Select(m => m.TimeZone).SingleAsync(ct);
        var pupils = await (
                from p in db.Pupils
                where p.MunicipalityId == municipalityId && p.IsActive
                select new
                {
                    p.Id,
                    p.SchoolId,
                    // The guardian who reports: the first with parental responsibility.
                    GuardianId = db.GuardianLinks
                        .Where(l => l.PupilId == p.Id && l.IsActive && !l.Blocked && l.ParentalResponsibility)
                        .OrderBy(l => l.GuardianId).Select(l => (Guid?)l.GuardianId).FirstOrDefault(),
                })
            .Where(p => p.GuardianId != null)
            .OrderBy(p => p.Id)
            .ToListAsync(ct);
        var guardians = await db.GuardianLinks.Where(l => l.MunicipalityId == municipalityId && l.IsActive && !l.Blocked
                && (l.ParentalResponsibility || l.RightToInformation) && db.Pupils.Any(p => p.Id == l.PupilId && p.IsActive))
            .Select(l => l.GuardianId).Distinct().OrderBy(id => id).ToListAsync(ct);
        var assignments = await db.StaffAssignments.Where(a => a.MunicipalityId == municipalityId && a.IsActive)
            .Select(a => new { a.StaffId, a.SchoolId, a.Role })
            .ToListAsync(ct);
        var staff = assignments.GroupBy(a => a.StaffId)
            .Select(g => (Key: pseudonyms.KeyOf(g.Key), SchoolId: g.OrderBy(a => a.SchoolId).First().SchoolId, Role: UsageRecorder.RoleOf([.. g.Select(a => a.Role)])))
            .OrderBy(s => s.SchoolId).ToList();
        // Legacy absence is logged by the school's office (or, without one, by anyone on its staff).
        var loggers = assignments.OrderBy(a => a.Role == StaffRole.Office ? 0 : 1).ThenBy(a => a.StaffId)
            .DistinctBy(a => a.SchoolId)
            .Select(a => (a.SchoolId, Key: pseudonyms.KeyOf(a.StaffId), Role: a.Role == StaffRole.Office ? UsageRoles.Office : UsageRecorder.RoleOf([a.Role])))
            .ToList();

        var parameters = new List<NpgsqlParameter>
        {
            new("m", NpgsqlDbType.Uuid) { Value = municipalityId },
            new("from", NpgsqlDbType.Date) { Value = from },
            new("to", NpgsqlDbType.Date) { Value = to },
            new("tz", NpgsqlDbType.Text) { Value = timeZone },
            new("guardian_keys", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = guardians.Select(pseudonyms.KeyOf).ToArray() },
            new("pupil_keys", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = pupils.Select(p => pseudonyms.KeyOf(p.GuardianId!.Value)).ToArray() },
            new("pupil_schools", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = pupils.Select(p => p.SchoolId).ToArray() },
            new("staff_keys", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = staff.Select(s => s.Key).ToArray() },
            new("staff_schools", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = staff.Select(s => s.SchoolId).ToArray() },
            new("staff_roles", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = staff.Select(s => s.Role).ToArray() },
            new("logger_schools", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = loggers.Select(l => l.SchoolId).ToArray() },
            new("logger_keys", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = loggers.Select(l => l.Key).ToArray() },
            new("logger_roles", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = loggers.Select(l => l.Role).ToArray() },
            new("legacy", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = UsageChannels.Legacy.ToArray() },
        };

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        // setseed makes random() repeat within this session: the same seed gives the same history.
        await using (var setSeed = new NpgsqlCommand("SELECT setseed(@seed)", connection))
        {
            setSeed.Parameters.Add(new NpgsqlParameter("seed", NpgsqlDbType.Double) { Value = (seed % 1000) / 1000.0 });
            await setSeed.ExecuteNonQueryAsync(ct);
        }

        long written = 0;
        foreach (var sql in Statements)
        {
            await using var command = new NpgsqlCommand(SchoolDays + sql, connection);
            foreach (var parameter in parameters)
            {
                command.Parameters.Add(parameter.Clone());
            }

            command.CommandTimeout = 0;
            written += await command.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return written;
    }

    /// <summary>
    /// Writes the history from a year before <paramref name="today"/> through yesterday, aggregates it and measures the
    /// metric-bound benefits for every week of it.
    /// </summary>
    public async Task<DemoUsageResult> GenerateAsync(Guid municipalityId, DateOnly today, int seed, CancellationToken ct)
    {
        var (from, to) = (today.AddYears(-1), today.AddDays(-1));
        var events = await WriteEventsAsync(municipalityId, from, to, seed, ct);
        var aggregated = await aggregator.AggregateAsync(municipalityId, from, to, ct);
        var measured = 0;
        // Every whole week (Monday–Sunday) inside the history, by its Sunday.
        var firstMonday = from.AddDays(((int)DayOfWeek.Monday - (int)from.DayOfWeek + 7) % 7);
        for (var sunday = firstMonday.AddDays(6); sunday <= to; sunday = sunday.AddDays(7))
        {
            measured += (await measurements.MeasureAsync(municipalityId, sunday, ct)).Created;
        }

        return new DemoUsageResult(from, to, events, aggregated.DailyRows, measured);
    }

    /// <summary>The school days of the range with t (0 → 1 through the range) and the share of guardians who have adopted Meldebok.</summary>
    private const string SchoolDays = """
        WITH days AS MATERIALIZED (
            SELECT d::date AS day, 0.1 + 0.8 / (1 + exp(-9 * (((d::date - @from)::float8 / greatest(@to - @from, 1)) - 0.45))) AS adopted
            FROM generate_series(@from::timestamp, @to::timestamp, interval '1 day') AS d
            WHERE extract(isodow FROM d) < 6 AND extract(month FROM d) <> 7)

        """;

    private static readonly string[] Statements =
    [
        // Guardians: each adopts on the day the S-curve passes their threshold, then signs in on about one school day in four.
        """
        , guardians AS MATERIALIZED (SELECT key, random() AS threshold FROM unnest(@guardian_keys) AS key)
        INSERT INTO usage_events (municipality_id, school_id, action, channel, role, day, occurred_at, actor_key)
        SELECT @m, NULL, 'signin', 'idporten', 'guardian', d.day,
               (d.day + time '06:30' + random() * interval '15 hours') AT TIME ZONE @tz, g.key
        FROM days d CROSS JOIN guardians g
        WHERE g.threshold < d.adopted AND random() < 0.25
        """,
        // Absence: a child is absent on about 4 % of school days; reported in Meldebok when the reporting guardian has adopted
        // it, otherwise logged by the office from a legacy channel (phone most often).
        """
        , pupils AS MATERIALIZED (
            SELECT p.key, p.school_id, random() AS threshold FROM unnest(@pupil_keys, @pupil_schools) AS p(key, school_id)),
          loggers AS (SELECT * FROM unnest(@logger_schools, @logger_keys, @logger_roles) AS l(school_id, key, role)),
          absent AS MATERIALIZED (
            SELECT d.day, p.key, p.school_id, p.threshold < d.adopted AS digital, random() AS pick
            FROM days d CROSS JOIN pupils p
            WHERE random() < 0.04)
        INSERT INTO usage_events (municipality_id, school_id, action, channel, role, day, occurred_at, actor_key)
        SELECT @m, a.school_id,
               CASE WHEN a.digital THEN 'absence.reported' ELSE 'absence.logged-legacy' END,
               CASE WHEN a.digital THEN 'digital'
                    WHEN a.pick < 0.40 THEN @legacy[1] WHEN a.pick < 0.60 THEN @legacy[2] WHEN a.pick < 0.72 THEN @legacy[3]
                    WHEN a.pick < 0.87 THEN @legacy[4] WHEN a.pick < 0.93 THEN @legacy[5] ELSE @legacy[6] END,
               CASE WHEN a.digital THEN 'guardian' ELSE l.role END,
               a.day, (a.day + time '06:50' + (a.pick * interval '90 minutes')) AT TIME ZONE @tz,
               CASE WHEN a.digital THEN a.key ELSE l.key END
        FROM absent a JOIN loggers l ON l.school_id = a.school_id
        """,
        // Staff sign in through Feide on about two school days in three.
        """
        , staff AS (SELECT * FROM unnest(@staff_keys, @staff_schools, @staff_roles) AS s(key, school_id, role))
        INSERT INTO usage_events (municipality_id, school_id, action, channel, role, day, occurred_at, actor_key)
        SELECT @m, s.school_id, 'signin', 'feide', s.role, d.day,
               (d.day + time '07:30' + random() * interval '9 hours') AT TIME ZONE @tz, s.key
        FROM days d CROSS JOIN staff s
        WHERE random() < 0.65
        """,
    ];
}
