using Meldebok.Server.Features.Notifications;

namespace Meldebok.Server.Tests.Notifications;

/// <summary>The quiet-hours rule on its own: over midnight, within a day, and across the change to summer time.</summary>
public sealed class QuietHoursTests
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    private static DateTimeOffset Local(int year, int month, int day, int hour, int minute) =>
        new(new DateTime(year, month, day, hour, minute, 0), Oslo.GetUtcOffset(new DateTime(year, month, day, hour, minute, 0)));

    [Theory]
    [InlineData(21, 0, 7, 0, "2026-09-07T20:59", null)]
    [InlineData(21, 0, 7, 0, "2026-09-07T21:00", "2026-09-08T07:00")]
    [InlineData(21, 0, 7, 0, "2026-09-07T23:59", "2026-09-08T07:00")]
    [InlineData(21, 0, 7, 0, "2026-09-08T03:10", "2026-09-08T07:00")]
    [InlineData(21, 0, 7, 0, "2026-09-08T07:00", null)]
    [InlineData(12, 0, 13, 30, "2026-09-08T12:45", "2026-09-08T13:30")]
    [InlineData(12, 0, 13, 30, "2026-09-08T23:00", null)]
    [InlineData(0, 0, 2, 30, "2026-03-29T01:00", "2026-03-29T03:30")]
    public void The_quiet_hours_end_at_the_next_local_end_time(int fromHour, int fromMinute, int toHour, int toMinute, string now, string? until)
    {
        var setting = new NotificationSetting { QuietFrom = new TimeOnly(fromHour, fromMinute), QuietTo = new TimeOnly(toHour, toMinute) };
        var at = DateTime.Parse(now, System.Globalization.CultureInfo.InvariantCulture);

        var end = setting.QuietUntil(Local(at.Year, at.Month, at.Day, at.Hour, at.Minute), Oslo);

        if (until is null)
        {
            Assert.Null(end);
            return;
        }

        var expected = DateTime.Parse(until, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Local(expected.Year, expected.Month, expected.Day, expected.Hour, expected.Minute), end);
    }

    [Fact]
    public void Quiet_hours_that_are_off_hold_nothing()
    {
        var setting = new NotificationSetting { QuietHoursEnabled = false };

        Assert.Null(setting.QuietUntil(Local(2026, 9, 7, 23, 0), Oslo));
    }
}
