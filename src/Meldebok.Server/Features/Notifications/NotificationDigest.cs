using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Meldebok.Server.Features.Notifications;

/// <summary>
/// One person's daily digest on one channel for one local date: unique, so that a digest job run twice (or killed and
/// run again) never makes two. It is written in one transaction with the held notifications it gathers (they point to it)
/// and the <see cref="NotificationDelivery"/> (source <see cref="NotificationSource.Digest"/>) that sends it through the
/// delivery job's claim, retries and quiet hours.
/// </summary>
internal sealed class NotificationDigest
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MunicipalityId { get; init; }
    public Guid? GuardianId { get; init; }
    public Guid? StaffId { get; init; }
    public Guid PersonId { get; init; }
    public NotificationChannel Channel { get; init; }
    /// <summary>The municipality's local date whose digest time it is for.</summary>
    public DateOnly LocalDate { get; init; }
    /// <summary>What arrived before this instant (the digest time) is in it; later notifications wait for the next one.</summary>
    public DateTimeOffset DueAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

internal sealed class NotificationDigestConfiguration : IEntityTypeConfiguration<NotificationDigest>
{
    public void Configure(EntityTypeBuilder<NotificationDigest> builder)
    {
        builder.Property(d => d.Channel).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(d => new { d.PersonId, d.Channel, d.LocalDate }).IsUnique();
        builder.ToTable(t => t.HasCheckConstraint("ck_notification_digests_one_person", "num_nonnulls(guardian_id, staff_id) = 1"));
    }
}
