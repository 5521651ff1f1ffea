using System.Globalization;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Usage;

/// <summary>An event as the tests compare it: everything but the instant and the id, the key as hex.</summary>
internal sealed record SeenEvent(string Action, string Channel, string Role, Guid? SchoolId, DateOnly Day, string ActorKey);

internal static class UsageArrange
{
    public const string Metrics = "/api/v1/usage/metrics";
    public const string Aggregate = "/api/v1/admin/usage/aggregate";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The pseudonymous key the server gives <paramref name="personId"/>, as hex.</summary>
    public static string KeyOf(this MeldebokApp app, Guid personId) =>
        Convert.ToHexString(app.Services.GetRequiredService<UsagePseudonyms>().KeyOf(personId));

    /// <summary>The municipality's usage events, oldest first.</summary>
    public static async Task<List<SeenEvent>> UsageEventsAsync(this MeldebokApp app, Guid municipalityId) =>
        (await app.WithDbAsync(db => db.UsageEvents.AsNoTracking().Where(e => e.MunicipalityId == municipalityId).OrderBy(e => e.Id).ToListAsync(Ct)))
            .Select(e => new SeenEvent(e.Action, e.Channel, e.Role, e.SchoolId, e.Day, Convert.ToHexString(e.ActorKey)))
            .ToList();

    /// <summary>Adds constructed events straight into the event table, as the recorder would have written them.</summary>
    public static Task AddEventsAsync(this MeldebokApp app, Guid municipalityId, params (string Day, Guid? SchoolId, string Action, string Channel, string Role, Guid Person)[] events) =>
        app.WithDbAsync(async db =>
        {
            var pseudonyms = app.Services.GetRequiredService<UsagePseudonyms>();
            db.UsageEvents.AddRange(events.Select(e =>
            {
                var day = DateOnly.ParseExact(e.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                return new UsageEvent
                {
                    MunicipalityId = municipalityId, SchoolId = e.SchoolId, Action = e.Action, Channel = e.Channel, Role = e.Role, Day = day,
                    OccurredAt = new DateTimeOffset(day.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero), ActorKey = pseudonyms.KeyOf(e.Person),
                };
            }));
            return await db.SaveChangesAsync(Ct);
        });

    public static async Task<UsageAggregationResult> AggregateAsync(this HttpClient admin, string from, string to) =>
        await (await admin.PostAsync($"{Aggregate}?from={from}&to={to}", null, Ct)).ReadAsync<UsageAggregationResult>();

    public static async Task<UsageMetricResponse> MetricAsync(this HttpClient client, string metricId, string query) =>
        await (await client.GetAsync($"{Metrics}/{metricId}?{query}", Ct)).ReadAsync<UsageMetricResponse>();

    /// <summary>The values of one series, period by period.</summary>
    public static double?[] Values(this UsageMetricResponse metric, string series = "total") =>
        metric.Series.Single(s => s.Key == series).Points.Select(p => p.Value).ToArray();

    /// <summary>The daily figures of the municipality, in a stable order, for comparing runs.</summary>
    public static Task<List<string>> DailyFiguresAsync(this MeldebokApp app, Guid municipalityId) =>
        app.WithDbAsync(async db => (await db.UsageDaily.AsNoTracking().Where(d => d.MunicipalityId == municipalityId).ToListAsync(Ct))
            .Select(d => $"{d.Day:yyyy-MM-dd} {d.SchoolId} {d.Action} {d.Channel} {d.Role} {d.Events} {d.Actors}")
            .Order(StringComparer.Ordinal)
            .ToList());

    /// <summary>
    /// The actor rows of the municipality (each key's active days per month, school and role) as
    /// "month school role days key", the days listed, in a stable order, for comparing runs.
    /// </summary>
    public static Task<List<string>> ActorMonthsAsync(this MeldebokApp app, Guid municipalityId) =>
        app.WithDbAsync(async db => (await db.UsageActorMonths.AsNoTracking().Where(a => a.MunicipalityId == municipalityId).ToListAsync(Ct))
            .Select(a => $"{a.Month:yyyy-MM} {a.SchoolId} {a.Role} {DaysOf(a.Days)} {Convert.ToHexString(a.ActorKey)}")
            .Order(StringComparer.Ordinal)
            .ToList());

    /// <summary>The days whose bits are set (bit d - 1 for day d), comma-separated.</summary>
    public static string DaysOf(int bits) => string.Join(',', Enumerable.Range(1, 31).Where(day => (bits & (1 << (day - 1))) != 0));
}
