using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Meldebok.Server.Features.Notifications;

internal enum NotificationSource
{
    ThreadMessage,
    BulkMessage,
    /// <summary>A new consent request; the source is the request.</summary>
    ConsentRequest,
    /// <summary>A reminder of a consent request; the source is the reminder.</summary>
    ConsentReminder,
    /// <summary>A consent request closed before its deadline; the source is the request's <c>ClosedNoticeId</c>.</summary>
    ConsentClosed,
    /// <summary>A pickup message for today sent after the SFO's deadline, to the unit's SFO staff; the source is the pickup message.</summary>
    PickupLateChange,
    /// <summary>A child was checked in at SFO; the source is the attendance row.</summary>
    SfoCheckIn,
    /// <summary>A child was checked out of SFO; the source is the attendance row.</summary>
    SfoCheckOut,
    /// <summary>A person's daily digest on one channel; the source is the <see cref="NotificationDigest"/>.</summary>
    Digest,
}

internal enum NotificationChannel
{
    Email,
    Sms,
    /// <summary>Web Push to every device the person has subscribed (the page's "Varsler på denne enheten").</summary>
    Push,
}

internal enum DeliveryStatus
{
    /// <summary>Waiting for its (next) attempt at <see cref="NotificationDelivery.NextAttemptAt"/>.</summary>
    Pending,
    /// <summary>Claimed by a worker at <see cref="NotificationDelivery.ClaimedAt"/>; a claim older than the timeout may be taken over.</summary>
    Sending,
    /// <summary>The mail server, the SMS gateway or the push service accepted it.</summary>
    Sent,
    /// <summary>Given up after the last attempt, or the person no longer has an address or a mobile number.</summary>
    Failed,
    /// <summary>Not needed: an urgent message's SMS fallback whose recipient read the message before it was due.</summary>
    Skipped,
    /// <summary>Held for the person's daily digest (they chose one): the digest job gathers it at their digest time.</summary>
    Held,
    /// <summary>Gathered into the daily digest <see cref="NotificationDelivery.DigestId"/>, which is delivered in its place.</summary>
    Digested,
}

/// <summary>
/// One notification of one person about one message on one channel, written in the message's own transaction so that
/// it is neither lost (a crash after commit leaves it pending for the sweeper) nor duplicated (unique per source,
/// person and channel; a worker claims it before sending).
/// </summary>
internal sealed class NotificationDelivery
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MunicipalityId { get; init; }
    public NotificationSource SourceKind { get; init; }
    /// <summary>The thread message, bulk message, consent request or consent reminder the notification is about.</summary>
    public Guid SourceId { get; init; }
    public Guid? GuardianId { get; init; }
    public Guid? StaffId { get; init; }
    /// <summary>The guardian or staff id: the person the unique constraint is about.</summary>
    public Guid PersonId { get; init; }
    public NotificationChannel Channel { get; init; }
    /// <summary>About an urgent message: never held by the person's quiet hours.</summary>
    public bool Urgent { get; init; }
    /// <summary>The SMS fallback of an urgent message: sent at <see cref="NextAttemptAt"/> only if the person has not read the message by then.</summary>
    public bool OnlyIfUnread { get; init; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>The daily digest this notification went out in (status <see cref="DeliveryStatus.Digested"/>).</summary>
    public Guid? DigestId { get; set; }

    /// <summary>
    /// Whether the notification waits for the person's daily digest when they have one: ordinary (not urgent) notifications
    /// of messages and consent requests. Not an urgent message's SMS fallback, not the SFO's check-in and check-out (they
    /// tell where the child is now, which a digest hours later would not), and not a digest itself.
    /// </summary>
    public bool WaitsForDigest => !Urgent && !OnlyIfUnread && SourceKind is NotificationSource.ThreadMessage or NotificationSource.BulkMessage
        or NotificationSource.ConsentRequest or NotificationSource.ConsentReminder or NotificationSource.ConsentClosed;
}

internal sealed class NotificationDeliveryConfiguration : IEntityTypeConfiguration<NotificationDelivery>
{
    public void Configure(EntityTypeBuilder<NotificationDelivery> builder)
    {
        builder.Property(d => d.SourceKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.LastError).HasMaxLength(NotificationDeliveryJob.MaxErrorLength);
        builder.HasIndex(d => new { d.SourceId, d.PersonId, d.Channel }).IsUnique();
        // The sweeper's question: what is due, or claimed too long ago?
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt }).HasFilter("status IN ('Pending', 'Sending')");
        // The digest job's question: who has notifications held for their digest?
        builder.HasIndex(d => new { d.PersonId, d.Channel }).HasFilter("status = 'Held'");
        builder.HasOne<NotificationDigest>().WithMany().HasForeignKey(d => d.DigestId);
        builder.ToTable(t => t.HasCheckConstraint("ck_notification_deliveries_one_person", "num_nonnulls(guardian_id, staff_id) = 1"));
    }
}
