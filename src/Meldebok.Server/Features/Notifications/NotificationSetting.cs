using Meldebok.Server.Features.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Meldebok.Server.Features.Notifications;

/// <summary>
/// How one guardian or staff record wants to be notified. A person without a row has the defaults: e-mail on, SMS off
/// for ordinary messages, SMS on for urgent ones, quiet hours 21:00–07:00 in the municipality's local time, no daily digest.
/// </summary>
internal sealed class NotificationSetting
{
    public static readonly TimeOnly DefaultQuietFrom = new(21, 0);
    public static readonly TimeOnly DefaultQuietTo = new(7, 0);
    public static readonly TimeOnly DefaultDigestTime = new(16, 0);

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid? GuardianId { get; init; }
    public Guid? StaffId { get; init; }
    /// <summary>The guardian or staff id (unique): what deliveries and the recorder look settings up by.</summary>
    public Guid PersonId { get; init; }
    public bool EmailEnabled { get; set; } = true;
    /// <summary>Every message by SMS as well.</summary>
    public bool SmsEnabled { get; set; }
    /// <summary>Urgent messages by SMS (on by default), whatever <see cref="SmsEnabled"/> says.</summary>
    public bool UrgentSmsEnabled { get; set; } = true;
    public bool QuietHoursEnabled { get; set; } = true;
    public TimeOnly QuietFrom { get; set; } = DefaultQuietFrom;
    public TimeOnly QuietTo { get; set; } = DefaultQuietTo;
    /// <summary>
    /// Ordinary notifications about messages and consent requests are held and sent as one daily digest per channel at
    /// <see cref="DigestTime"/> instead of one by one. Urgent ones are never held.
    /// </summary>
    public bool DigestEnabled { get; set; }
    /// <summary>When the daily digest goes, local time of the municipality (default 16:00).</summary>
    public TimeOnly DigestTime { get; set; } = DefaultDigestTime;
    /// <summary>The language of e-mails, SMS and push notifications (<c>nb</c> or <c>en</c>); null: the roster's preferred language.</summary>
    public string? Language { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The languages notifications are written in: those of the web UI (bokmål and English).</summary>
    public static readonly string[] Languages = ["nb", "en"];

    /// <summary>
    /// The language the person is notified in: their choice, else the roster's preferred language of a guardian when it is
    /// one the notifications are written in (nynorsk gets bokmål), else bokmål.
    /// </summary>
    public static string LanguageOf(string? chosen, string? rosterLanguage) =>
        chosen ?? (rosterLanguage is { } roster && Languages.Contains(roster) ? roster : "nb");

    /// <summary>Whether a message reaches the person by SMS, given that they have a mobile number and SMS is configured.</summary>
    public bool WantsSms(bool urgent) => SmsEnabled || (urgent && UrgentSmsEnabled);

    /// <summary>
    /// The latest digest time at or before <paramref name="now"/>: its local date (a person gets at most one digest per
    /// channel and local date) and the instant, before which what arrived belongs in that digest. A digest time in the
    /// spring-forward gap comes an hour later on the clock.
    /// </summary>
    public (DateOnly LocalDate, DateTimeOffset DueAt) LatestDigest(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var date = DateOnly.FromDateTime(local);
        var dueAt = At(date, DigestTime, zone);
        if (dueAt > now)
        {
            date = date.AddDays(-1);
            dueAt = At(date, DigestTime, zone);
        }

        return (date, dueAt);
    }

    private static DateTimeOffset At(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time);
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>
    /// When the quiet hours that <paramref name="now"/> falls in end (the next <see cref="QuietTo"/> in local time), or
    /// null when it is not quiet now. Quiet hours may run over midnight (21:00–07:00).
    /// </summary>
    public DateTimeOffset? QuietUntil(DateTimeOffset now, TimeZoneInfo zone)
    {
        if (!QuietHoursEnabled || QuietFrom == QuietTo)
        {
            return null;
        }

        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var time = TimeOnly.FromDateTime(local);
        var quiet = QuietFrom < QuietTo ? time >= QuietFrom && time < QuietTo : time >= QuietFrom || time < QuietTo;
        if (!quiet)
        {
            return null;
        }

        var endDate = DateOnly.FromDateTime(local).AddDays(time >= QuietTo ? 1 : 0);
        var end = endDate.ToDateTime(QuietTo);
        // An end inside the spring-forward gap comes an hour later on the clock.
        if (zone.IsInvalidTime(end))
        {
            end = end.AddHours(1);
        }

        return new DateTimeOffset(end, zone.GetUtcOffset(end)).ToUniversalTime();
    }
}

internal sealed class NotificationSettingConfiguration : IEntityTypeConfiguration<NotificationSetting>
{
    public void Configure(EntityTypeBuilder<NotificationSetting> builder)
    {
        builder.HasIndex(s => s.PersonId).IsUnique();
        builder.Property(s => s.Language).HasMaxLength(2);
        builder.HasOne<Guardian>().WithMany().HasForeignKey(s => s.GuardianId);
        builder.HasOne<Staff>().WithMany().HasForeignKey(s => s.StaffId);
        builder.ToTable(t => t.HasCheckConstraint("ck_notification_settings_one_person", "num_nonnulls(guardian_id, staff_id) = 1"));
    }
}
