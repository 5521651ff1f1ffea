namespace Meldebok.Server.Infrastructure.Data;

/// <summary>
/// The local date and time where a municipality is: school days, deadlines and "today" are local, and
/// 00:30 in Oslo is still yesterday in UTC.
/// </summary>
internal sealed class MunicipalClock(MeldebokDbContext db, MunicipalityProfiles profiles, TimeProvider time)
{
    public const string DefaultTimeZone = "Europe/Oslo";

    /// <summary>The municipality's local time now.</summary>
    public async Task<DateTime> LocalNowAsync(Guid municipalityId, CancellationToken ct) =>
        LocalNow((await profiles.GetAsync(db, municipalityId, ct)).TimeZone);

    /// <summary>The municipality's local date today.</summary>
    public async Task<DateOnly> TodayAsync(Guid municipalityId, CancellationToken ct) => DateOnly.FromDateTime(await LocalNowAsync(municipalityId, ct));

    /// <summary>Local time now in the given IANA time zone.</summary>
    public DateTime LocalNow(string timeZone) => LocalNow(TimeZoneInfo.FindSystemTimeZoneById(timeZone));

    /// <summary>Local time now in the given time zone.</summary>
    public DateTime LocalNow(TimeZoneInfo timeZone) => TimeZoneInfo.ConvertTime(time.GetUtcNow(), timeZone).DateTime;

    /// <summary>The municipality's time zone and settings (cached, see <see cref="MunicipalityProfiles"/>).</summary>
    public Task<MunicipalityProfile> ProfileAsync(Guid municipalityId, CancellationToken ct) => profiles.GetAsync(db, municipalityId, ct);
}
