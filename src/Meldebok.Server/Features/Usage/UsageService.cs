using System.Data.Common;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Meldebok.Server.Features.Usage;

/// <summary>
/// The metrics and the adoption overview, computed from the daily figures (never from the raw events, so they show
/// what the aggregation has produced). Municipality administrators see their municipality and any of its schools;
/// principals their own school (another school is 404); other staff 403.
/// </summary>
internal sealed class UsageService(MeldebokDbContext db, AccessScope access, MunicipalClock clock, UsagePseudonyms pseudonyms, UsageAggregator aggregator)
{
    /// <summary>The longest range a request may cover.</summary>
    public const int MaxSpanDays = 366;

    private static readonly DateOnly EarliestDay = new(2000, 1, 1);

    /// <summary>The catalogue, for those who may read the statistics (403 for other staff).</summary>
    public async Task<IReadOnlyList<UsageMetricDefinition>> CatalogueAsync(CancellationToken ct)
    {
        await ReachAsync(ct);
        return UsageMetrics.All;
    }

    /// <summary>The metric's series; null when the school is outside the caller's reach.</summary>
    public async Task<UsageMetricResponse?> MetricAsync(UsageMetricDefinition metric, UsageMetricQuery query, CancellationToken ct)
    {
        if (await TargetAsync(query.SchoolId, ct) is not { } target)
        {
            return null;
        }

        var interval = query.ParsedInterval;
        var (from, to) = await RangeAsync(target.MunicipalityId, query.From, query.To, to => interval switch
        {
            UsageInterval.Day => to.AddDays(-27),
            UsageInterval.Week => to.AddDays(-83),
            _ => to.AddMonths(-11),
        }, ct);
        var (first, last, series) = await SeriesAsync(metric, target.MunicipalityId, target.SchoolId, interval, from, to, ct);
        return new UsageMetricResponse(metric.Id, metric.Name, metric.Unit, Unit(interval), first, last, target.MunicipalityId, target.SchoolId,
            metric.HasData ? "ok" : "no-data-yet", metric.HasData ? null : UsageMetrics.NoDataNote(metric), series);
    }

    /// <summary>
    /// A metric's series for a municipality or one of its schools, without access checks: for callers that already decided
    /// who may see the figures (the metrics API above) or act for the municipality (the benefits' automatic measurements).
    /// <paramref name="from"/> and <paramref name="to"/> are widened to whole periods; a metric without data gives no series.
    /// </summary>
    public async Task<(DateOnly From, DateOnly To, IReadOnlyList<UsageSeries> Series)> SeriesAsync(
        UsageMetricDefinition metric, Guid municipalityId, Guid? schoolId, UsageInterval interval, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var target = new Target(municipalityId, schoolId);
        var periods = Periods(from, to, interval);
        var first = periods[0];
        var last = Next(periods[^1], interval).AddDays(-1);

        IReadOnlyList<UsageSeries> series = [];
        if (metric.HasData)
        {
            series = metric.Id switch
            {
                UsageMetrics.ActiveGuardians => [await ActiveGuardiansAsync(target, interval, periods, first, last, ct)],
                UsageMetrics.ActivationRate => [await ActivationAsync(target, interval, periods, last, ct)],
                UsageMetrics.DigitalShare => [DigitalShare(periods, await CountsAsync(target, interval, first, last, [UsageActions.AbsenceReported, UsageActions.AbsenceLoggedLegacy], ct))],
                UsageMetrics.LegacyContacts => Split(periods, await CountsAsync(target, interval, first, last, [UsageActions.AbsenceLoggedLegacy], ct), r => r.Channel, metric.Series),
                UsageMetrics.SfoPickupPlanShare => [Share(periods, await CountsAsync(target, interval, first, last, [UsageActions.SfoCheckOut], ct), r => r.Channel == UsageChannels.PickupPlan)],
                UsageMetrics.SignIns => Split(periods, await CountsAsync(target, interval, first, last, [UsageActions.SignIn], ct), r => r.Role, metric.Series),
                _ => throw new InvalidOperationException($"The metric {metric.Id} has data but no computation."),
            };
        }

        return (first, last, series);
    }

    /// <summary>Per school: guardians in the roster, how many have signed in, how many were active, and the digital share of absence notices.</summary>
    public async Task<UsageAdoptionResponse> AdoptionAsync(UsageRangeQuery query, CancellationToken ct)
    {
        var reach = await ReachAsync(ct);
        var (from, to) = await RangeAsync(reach.MunicipalityId, query.From, query.To, to => to.AddDays(-27), ct);
        var schools = await db.Schools.AsNoTracking()
            .Where(s => s.MunicipalityId == reach.MunicipalityId && s.IsActive && (reach.WholeMunicipality || reach.PrincipalSchools.Contains(s.Id)))
            .Select(s => new { s.Id, s.Name })
            .ToListAsync(ct);
        var schoolIds = schools.Select(s => s.Id).ToList();
        var pairs = await ReachingGuardians(reach.MunicipalityId)
            .SelectMany(g => db.GuardianLinks
                .Where(l => l.GuardianId == g.Id && l.IsActive && !l.Blocked && (l.ParentalResponsibility || l.RightToInformation))
                .Join(db.Pupils.Where(p => p.IsActive && schoolIds.Contains(p.SchoolId)), l => l.PupilId, p => p.Id, (l, p) => new { GuardianId = g.Id, p.SchoolId }))
            .Distinct()
            .ToListAsync(ct);
        var keysBySchool = pairs.GroupBy(p => p.SchoolId).ToDictionary(g => g.Key, g => g.Select(p => Hex(pseudonyms.KeyOf(p.GuardianId))).ToHashSet());
        var allKeys = pairs.Select(p => p.GuardianId).Distinct().Select(pseudonyms.KeyOf).ToArray();
        var firstSignIns = await FirstGuardianSignInsAsync(reach.MunicipalityId, allKeys, to, ct);

        var active = await QueryAsync("""
            SELECT DISTINCT school_id, actor_key FROM usage_actor_months
            WHERE municipality_id = @m AND role = 'guardian' AND month BETWEEN date_trunc('month', @from::timestamp)::date AND @to
              AND days & usage_days_mask(month, @from, @to) <> 0
            """, r => (SchoolId: r.IsDBNull(0) ? (Guid?)null : r.GetGuid(0), Key: Hex((byte[])r[1])), ct,
            Uuid("m", reach.MunicipalityId), Date("from", from), Date("to", to));
        var notices = await QueryAsync("""
            SELECT school_id, action, sum(events)::bigint FROM usage_daily
            WHERE municipality_id = @m AND day BETWEEN @from AND @to AND action = ANY(@actions) AND school_id IS NOT NULL
            GROUP BY school_id, action
            """, r => (SchoolId: r.GetGuid(0), Action: r.GetString(1), Events: r.GetInt64(2)), ct,
            Uuid("m", reach.MunicipalityId), Date("from", from), Date("to", to),
            new NpgsqlParameter("actions", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = new[] { UsageActions.AbsenceReported, UsageActions.AbsenceLoggedLegacy } });

        var rows = schools.Select(school =>
        {
            var keys = keysBySchool.GetValueOrDefault(school.Id) ?? [];
            var activated = keys.Count(firstSignIns.ContainsKey);
            var activeKeys = active.Where(a => a.SchoolId == school.Id || (a.SchoolId is null && keys.Contains(a.Key))).Select(a => a.Key).Distinct().Count();
            var digital = notices.Where(n => n.SchoolId == school.Id && n.Action == UsageActions.AbsenceReported).Sum(n => n.Events);
            var legacy = notices.Where(n => n.SchoolId == school.Id && n.Action == UsageActions.AbsenceLoggedLegacy).Sum(n => n.Events);
            return new SchoolAdoption(school.Id, school.Name, keys.Count, activated, Ratio(activated, keys.Count), activeKeys, digital, legacy, Ratio(digital, digital + legacy));
        })
        .OrderBy(s => s.ActivationRate ?? double.MaxValue).ThenBy(s => s.DigitalShare ?? double.MaxValue).ThenBy(s => s.SchoolName, StringComparer.Ordinal)
        .ToList();
        return new UsageAdoptionResponse(from, to, rows);
    }

    /// <summary>
    /// The schools the caller may choose figures for, by name: every active school of an administrator's municipality (who may
    /// also choose the whole municipality), a principal's own schools.
    /// </summary>
    public async Task<(bool WholeMunicipality, IReadOnlyList<(Guid Id, string Name)> Schools)> SchoolChoicesAsync(CancellationToken ct)
    {
        var reach = await ReachAsync(ct);
        var schools = await db.Schools.AsNoTracking()
            .Where(s => s.MunicipalityId == reach.MunicipalityId && s.IsActive && (reach.WholeMunicipality || reach.PrincipalSchools.Contains(s.Id)))
            .OrderBy(s => s.Name)
            .Select(s => new { s.Id, s.Name })
            .ToListAsync(ct);
        return (reach.WholeMunicipality, [.. schools.Select(s => (s.Id, s.Name))]);
    }

    /// <summary>Aggregates the administrator's municipality for a range of days (default yesterday), replacing those days' figures.</summary>
    public async Task<UsageAggregationResult> AggregateAsync(Guid municipalityId, UsageRangeQuery query, CancellationToken ct)
    {
        var (from, to) = await RangeAsync(municipalityId, query.From, query.To, to => to, ct);
        return await aggregator.AggregateAsync(municipalityId, from, to, ct);
    }

    private sealed record Reach(Guid MunicipalityId, bool WholeMunicipality, IReadOnlyList<Guid> PrincipalSchools);

    private sealed record Target(Guid MunicipalityId, Guid? SchoolId);

    /// <summary>
    /// The staff member's active principal assignments: a principal reads usage statistics and benefit plans (the services'
    /// rule and the menu's).
    /// </summary>
    internal static IQueryable<StaffAssignment> PrincipalAssignments(MeldebokDbContext db, Guid? staffId) =>
        db.StaffAssignments.Where(a => a.StaffId == staffId && a.IsActive && a.Role == StaffRole.Principal);

    private async Task<Reach> ReachAsync(CancellationToken ct)
    {
        // The administrator and portfolio-board roles and their municipality come from the roster through the claims (as for the
        // admin API); both see the whole municipality.
        if (access.User is { } user && (user.IsInRole(Roles.MunicipalityAdmin) || user.IsInRole(Roles.PortfolioBoard)))
        {
            return new Reach(user.MunicipalityId(), true, []);
        }

        if ((await access.RolesAsync(ct)).StaffId is { } staffId)
        {
            var schools = await PrincipalAssignments(db, staffId).AsNoTracking()
                .OrderBy(a => a.SchoolId)
                .Select(a => new { a.MunicipalityId, a.SchoolId })
                .ToListAsync(ct);
            if (schools.Count > 0)
            {
                return new Reach(schools[0].MunicipalityId, false, schools.Select(s => s.SchoolId).ToList());
            }
        }

        throw new RoleDeniedException("Bruksstatistikken er for rektorer, porteføljestyret og kommunens administratorer.");
    }

    /// <summary>The municipality and school the figures are for; null when the school is outside the caller's reach.</summary>
    private async Task<Target?> TargetAsync(Guid? schoolId, CancellationToken ct)
    {
        var reach = await ReachAsync(ct);
        if (reach.WholeMunicipality)
        {
            return schoolId is null || await db.Schools.AnyAsync(s => s.Id == schoolId && s.MunicipalityId == reach.MunicipalityId, ct)
                ? new Target(reach.MunicipalityId, schoolId)
                : null;
        }

        if (schoolId is null)
        {
            return reach.PrincipalSchools.Count == 1
                ? new Target(reach.MunicipalityId, reach.PrincipalSchools[0])
                : throw new FieldValidationException("schoolId", "Velg en av skolene du er rektor ved.");
        }

        return reach.PrincipalSchools.Contains(schoolId.Value) ? new Target(reach.MunicipalityId, schoolId) : null;
    }

    /// <summary>The requested range with its defaults (up to yesterday, the last day the night's aggregation covered), each broken rule named.</summary>
    private async Task<(DateOnly From, DateOnly To)> RangeAsync(
        Guid municipalityId, DateOnly? from, DateOnly? to, Func<DateOnly, DateOnly> defaultFrom, CancellationToken ct)
    {
        var today = await clock.TodayAsync(municipalityId, ct);
        var last = to ?? today.AddDays(-1);
        var first = from ?? defaultFrom(last);
        var errors = new FieldErrors();
        if (first < EarliestDay) errors.Add("from", "Fra-datoen kan ikke være før 1. januar 2000.");
        if (last > today) errors.Add("to", "Til-datoen kan ikke være etter i dag.");
        if (first > last) errors.Add("from", "Fra-datoen kan ikke være etter til-datoen.");
        else if (last.DayNumber - first.DayNumber + 1 > MaxSpanDays) errors.Add("to", $"Perioden kan være høyst {MaxSpanDays} dager.");
        errors.ThrowIfAny();
        return (first, last);
    }

    public static DateOnly PeriodStart(DateOnly day, UsageInterval interval) => interval switch
    {
        UsageInterval.Day => day,
        UsageInterval.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        _ => new DateOnly(day.Year, day.Month, 1),
    };

    public static DateOnly Next(DateOnly periodStart, UsageInterval interval) => interval switch
    {
        UsageInterval.Day => periodStart.AddDays(1),
        UsageInterval.Week => periodStart.AddDays(7),
        _ => periodStart.AddMonths(1),
    };

    private static List<DateOnly> Periods(DateOnly from, DateOnly to, UsageInterval interval)
    {
        var periods = new List<DateOnly>();
        for (var start = PeriodStart(from, interval); start <= to; start = Next(start, interval))
        {
            periods.Add(start);
        }

        return periods;
    }

    private static string Unit(UsageInterval interval) => interval switch
    {
        UsageInterval.Day => "day",
        UsageInterval.Week => "week",
        _ => "month",
    };

    private async Task<UsageSeries> ActiveGuardiansAsync(Target target, UsageInterval interval, List<DateOnly> periods, DateOnly first, DateOnly last, CancellationToken ct)
    {
        // A school's guardians sign in to the municipality (no school); their sign-ins count at the school of their children.
        var keys = target.SchoolId is { } schoolId ? await GuardianKeysAsync(target.MunicipalityId, schoolId, ct) : [];
        var counts = (await QueryAsync("""
            SELECT p.starts, count(DISTINCT a.actor_key)::bigint
            FROM (SELECT starts::date, (starts + ('1 ' || @unit)::interval - interval '1 day')::date AS ends
                  FROM generate_series(@from::timestamp, @to::timestamp, ('1 ' || @unit)::interval) AS starts) AS p
            JOIN usage_actor_months AS a ON a.municipality_id = @m AND a.role = 'guardian'
              AND a.month BETWEEN date_trunc('month', p.starts::timestamp)::date AND p.ends
              AND a.days & usage_days_mask(a.month, p.starts, p.ends) <> 0
              AND (@s IS NULL OR a.school_id = @s OR (a.school_id IS NULL AND a.actor_key = ANY(@keys)))
            GROUP BY 1
            """, r => (Period: DateOnly.FromDateTime(r.GetDateTime(0)), Count: r.GetInt64(1)), ct,
            new NpgsqlParameter("unit", NpgsqlDbType.Text) { Value = Unit(interval) }, Uuid("m", target.MunicipalityId), Date("from", first), Date("to", last),
            new NpgsqlParameter("s", NpgsqlDbType.Uuid) { Value = (object?)target.SchoolId ?? DBNull.Value }, Keys(keys)))
            .ToDictionary(c => c.Period, c => c.Count);
        return new UsageSeries(UsageMetrics.Total, periods.Select(p => Count(p, counts.GetValueOrDefault(p))).ToList());
    }

    private async Task<UsageSeries> ActivationAsync(Target target, UsageInterval interval, List<DateOnly> periods, DateOnly last, CancellationToken ct)
    {
        var keys = await GuardianKeysAsync(target.MunicipalityId, target.SchoolId, ct);
        var firstSignIns = await FirstGuardianSignInsAsync(target.MunicipalityId, keys, last, ct);
        return new UsageSeries(UsageMetrics.Total, periods.Select(p =>
        {
            var end = Next(p, interval).AddDays(-1);
            var activated = firstSignIns.Values.Count(day => day <= end);
            return new UsagePoint(p, Ratio(activated, keys.Length), activated, keys.Length);
        }).ToList());
    }

    private static UsageSeries DigitalShare(List<DateOnly> periods, List<CountRow> rows) =>
        new(UsageMetrics.Total, periods.Select(p =>
        {
            var digital = rows.Where(r => r.Period == p && r.Action == UsageActions.AbsenceReported && r.Channel == UsageChannels.Digital).Sum(r => r.Events);
            var all = digital + rows.Where(r => r.Period == p && r.Action == UsageActions.AbsenceLoggedLegacy).Sum(r => r.Events);
            return new UsagePoint(p, Ratio(digital, all), digital, all);
        }).ToList());

    /// <summary>Per period, the events that <paramref name="counted"/> picks out of all the events of the rows.</summary>
    private static UsageSeries Share(List<DateOnly> periods, List<CountRow> rows, Func<CountRow, bool> counted) =>
        new(UsageMetrics.Total, periods.Select(p =>
        {
            var all = rows.Where(r => r.Period == p).ToList();
            var part = all.Where(counted).Sum(r => r.Events);
            return new UsagePoint(p, Ratio(part, all.Sum(r => r.Events)), part, all.Sum(r => r.Events));
        }).ToList());

    /// <summary>A count in total and per value of <paramref name="by"/> (every known value, so each line has every period).</summary>
    private static List<UsageSeries> Split(List<DateOnly> periods, List<CountRow> rows, Func<CountRow, string> by, IReadOnlyList<string> keys)
    {
        var series = new List<UsageSeries> { new(UsageMetrics.Total, periods.Select(p => Count(p, rows.Where(r => r.Period == p).Sum(r => r.Events))).ToList()) };
        series.AddRange(keys.Concat(rows.Select(by).Where(k => !keys.Contains(k)).Distinct().Order(StringComparer.Ordinal))
            .Select(key => new UsageSeries(key, periods.Select(p => Count(p, rows.Where(r => r.Period == p && by(r) == key).Sum(r => r.Events))).ToList())));
        return series;
    }

    private sealed record CountRow(DateOnly Period, string Action, string Channel, string Role, long Events);

    private Task<List<CountRow>> CountsAsync(Target target, UsageInterval interval, DateOnly first, DateOnly last, string[] actions, CancellationToken ct) =>
        QueryAsync("""
            SELECT date_trunc(@unit, day::timestamp)::date, action, channel, role, sum(events)::bigint FROM usage_daily
            WHERE municipality_id = @m AND (@s IS NULL OR school_id = @s) AND day BETWEEN @from AND @to AND action = ANY(@actions)
            GROUP BY 1, 2, 3, 4
            """, r => new CountRow(DateOnly.FromDateTime(r.GetDateTime(0)), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4)), ct,
            new NpgsqlParameter("unit", NpgsqlDbType.Text) { Value = Unit(interval) }, Uuid("m", target.MunicipalityId), Date("from", first), Date("to", last),
            new NpgsqlParameter("s", NpgsqlDbType.Uuid) { Value = (object?)target.SchoolId ?? DBNull.Value },
            new NpgsqlParameter("actions", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = actions });

    /// <summary>Guardians who reach an active pupil (of the school, or of the municipality) today: those who can use Meldebok.</summary>
    private IQueryable<Guardian> ReachingGuardians(Guid municipalityId, Guid? schoolId = null) =>
        db.Guardians.AsNoTracking().Where(g => g.MunicipalityId == municipalityId && g.IsActive && db.GuardianLinks.Any(l =>
            l.GuardianId == g.Id && l.IsActive && !l.Blocked && (l.ParentalResponsibility || l.RightToInformation)
            && db.Pupils.Any(p => p.Id == l.PupilId && p.IsActive && (schoolId == null || p.SchoolId == schoolId))));

    private async Task<byte[][]> GuardianKeysAsync(Guid municipalityId, Guid? schoolId, CancellationToken ct) =>
        (await ReachingGuardians(municipalityId, schoolId).Select(g => g.Id).ToListAsync(ct)).Select(pseudonyms.KeyOf).ToArray();

    /// <summary>
    /// The first day each of the given guardians signed in, if by <paramref name="last"/>, by key (hex). The aggregation keeps
    /// each key's earliest sign-in day, which is the earliest up to any later day too.
    /// </summary>
    private async Task<Dictionary<string, DateOnly>> FirstGuardianSignInsAsync(Guid municipalityId, byte[][] keys, DateOnly last, CancellationToken ct) =>
        (await QueryAsync("""
            SELECT actor_key, first_day FROM usage_first_sign_ins
            WHERE municipality_id = @m AND role = 'guardian' AND first_day <= @to AND actor_key = ANY(@keys)
            """, r => (Key: Hex((byte[])r[0]), Day: DateOnly.FromDateTime(r.GetDateTime(1))), ct,
            Uuid("m", municipalityId), Date("to", last), Keys(keys)))
            .ToDictionary(x => x.Key, x => x.Day);

    private async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddRange(parameters);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var rows = new List<T>();
            while (await reader.ReadAsync(ct))
            {
                rows.Add(read(reader));
            }

            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static NpgsqlParameter Uuid(string name, Guid value) => new(name, NpgsqlDbType.Uuid) { Value = value };
    private static NpgsqlParameter Date(string name, DateOnly value) => new(name, NpgsqlDbType.Date) { Value = value };
    private static NpgsqlParameter Keys(byte[][] keys) => new("keys", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = keys };
    private static string Hex(byte[] key) => Convert.ToHexString(key);
    private static UsagePoint Count(DateOnly period, long count) => new(period, count, count, null);
    private static double? Ratio(long numerator, long denominator) => denominator == 0 ? null : (double)numerator / denominator;
}
