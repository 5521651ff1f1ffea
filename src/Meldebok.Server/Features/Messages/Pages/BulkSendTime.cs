using System.Globalization;
using Meldebok.Server.Infrastructure.Data;

namespace Meldebok.Server.Features.Messages.Pages;

/// <summary>The compose page's "send later" field: a <c>datetime-local</c> value in the municipality's time (Europe/Oslo).</summary>
internal static class BulkSendTime
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById(MunicipalClock.DefaultTimeZone);

    /// <summary>The instant the field names; null when it is empty or not a date and time.</summary>
    public static DateTimeOffset? FromLocal(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)
            || !DateTime.TryParseExact(value, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        // A time in the spring-forward gap does not exist on the clock: take the hour after it.
        if (Zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The field's value for an instant: its date and time to the minute in the municipality's time.</summary>
    public static string ToLocal(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Zone).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
}
