using Meldebok.Server.Features.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Meldebok.Server.Features.Notifications.WebPush;

/// <summary>
/// One device (browser) of one guardian or staff record that takes notifications by Web Push: the push service's endpoint
/// and the browser's keys to encrypt for. An account that stands for several records has one row per record and device.
/// </summary>
internal sealed class PushSubscription
{
    public const int MaxEndpointLength = 2048;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid? GuardianId { get; init; }
    public Guid? StaffId { get; init; }
    /// <summary>The guardian or staff id, as on deliveries and settings.</summary>
    public Guid PersonId { get; init; }
    public required string Endpoint { get; init; }
    /// <summary>The browser's P-256 public key (65 bytes uncompressed), base64url.</summary>
    public required string P256dh { get; set; }
    /// <summary>The browser's 16-byte authentication secret, base64url.</summary>
    public required string Auth { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class PushSubscriptionConfiguration : IEntityTypeConfiguration<PushSubscription>
{
    public void Configure(EntityTypeBuilder<PushSubscription> builder)
    {
        builder.Property(s => s.Endpoint).HasMaxLength(PushSubscription.MaxEndpointLength);
        builder.Property(s => s.P256dh).HasMaxLength(120);
        builder.Property(s => s.Auth).HasMaxLength(60);
        builder.HasIndex(s => new { s.PersonId, s.Endpoint }).IsUnique();
        builder.HasOne<Guardian>().WithMany().HasForeignKey(s => s.GuardianId);
        builder.HasOne<Staff>().WithMany().HasForeignKey(s => s.StaffId);
        builder.ToTable(t => t.HasCheckConstraint("ck_push_subscriptions_one_person", "num_nonnulls(guardian_id, staff_id) = 1"));
    }
}
