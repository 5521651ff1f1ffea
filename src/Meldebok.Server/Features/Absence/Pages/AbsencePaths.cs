using System.Globalization;
using Meldebok.Server.Web;

namespace Meldebok.Server.Features.Absence.Pages;

/// <summary>The addresses of the absence pages.</summary>
internal static class AbsencePaths
{
    public const string Notices = "/fravaer";
    public const string Report = "/fravaer/meld";
    public const string Inbox = "/ansatt/fravaer";
    public const string LegacyLog = "/ansatt/fravaer/logg";
    public const string Leave = "/permisjon";
    public const string LeaveDecisions = "/ansatt/permisjon";
    public const string Overview = "/ansatt/fravaersoversikt";
    /// <summary>The overview's CSV download for the web UI (signed in with the cookie; the API takes bearer tokens only).</summary>
    public const string OverviewExport = "/ansatt/fravaersoversikt/eksport";
}

/// <summary>How the absence pages write periods and moments: in the municipality's format, whatever the language.</summary>
internal static class AbsenceFormat
{
    private static CultureInfo Culture => WebUiSetup.FormatCulture;

    public static string Period(DateOnly first, DateOnly last, TimeOnly? from, TimeOnly? to)
    {
        var start = first.ToString("ddd d. MMM", Culture);
        if (from is { } f && to is { } t)
        {
            return $"{start} {f.ToString("HH:mm", Culture)}–{t.ToString("HH:mm", Culture)}";
        }

        return first == last ? start : $"{start} – {last.ToString("ddd d. MMM", Culture)}";
    }

    public static string Moment(DateTimeOffset at, string timeZone = Infrastructure.Data.MunicipalClock.DefaultTimeZone) =>
        TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(timeZone)).ToString("d. MMM HH:mm", Culture);

    public static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
