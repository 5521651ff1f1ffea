using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Infrastructure.Data;

/// <summary>
/// The local date and time where a municipality is: school days, deadlines and "today" are local, and
/// 00:30 in Oslo is still yesterday in UTC.
/// </summary>
internal sealed class MunicipalClock(MeldebokDbContext db, TimeProvider time)
{
    public const string DefaultTimeZone = "Europe/Oslo";

    /// <summary>The municipality's local time now.</summary>
    public async Task<DateTime> LocalNowAsync(Guid municipalityId, CancellationToken ct)
    {
        var timeZone = await db.Municipalities.Where(m => m.Id == municipalityId).Select(m => m.TimeZone).SingleOrDefaultAsync(ct) ?? DefaultTimeZone;
        return LocalNow(timeZone);
    }

    /// <summary>The municipality's local date today.</summary>
    public async Task<DateOnly> TodayAsync(Guid municipalityId, CancellationToken ct) => DateOnly.FromDateTime(await LocalNowAsync(municipalityId, ct));

    /// <summary>Local time now in the given IANA time zone.</summary>
    public DateTime LocalNow(string timeZone) =>
        TimeZoneInfo.ConvertTime(time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(timeZone)).DateTime;
}
