using Meldebok.Server.Features.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Meldebok.Server.Features.Sfo.Pickup;

/// <summary>Length limits of the pickup feature's text columns.</summary>
internal static class PickupLimits
{
    public const int Name = 200;
    public const int Relation = 100;
    public const int Phone = 32;
    public const int Note = 200;
}

internal sealed class AuthorizedPickupPersonConfiguration : IEntityTypeConfiguration<AuthorizedPickupPerson>
{
    public void Configure(EntityTypeBuilder<AuthorizedPickupPerson> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(PickupLimits.Name);
        builder.Property(p => p.Relation).HasMaxLength(PickupLimits.Relation);
        builder.Property(p => p.Phone).HasMaxLength(PickupLimits.Phone);
        builder.HasIndex(p => p.PupilId);
        builder.HasOne<Municipality>().WithMany().HasForeignKey(p => p.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Pupil>().WithMany().HasForeignKey(p => p.PupilId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Guardian>().WithMany().HasForeignKey(p => p.CreatedByGuardianId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PickupRuleConfiguration : IEntityTypeConfiguration<PickupRule>
{
    public void Configure(EntityTypeBuilder<PickupRule> builder)
    {
        builder.Property(r => r.Weekday).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Method).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.Note).HasMaxLength(PickupLimits.Note);
        builder.HasIndex(r => new { r.PupilId, r.Weekday });
        builder.HasOne<Municipality>().WithMany().HasForeignKey(r => r.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Pupil>().WithMany().HasForeignKey(r => r.PupilId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AuthorizedPickupPerson>().WithMany().HasForeignKey(r => r.AuthorizedPersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Guardian>().WithMany().HasForeignKey(r => r.CreatedByGuardianId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t => t.HasCheckConstraint("ck_pickup_rules_validity", "valid_until IS NULL OR valid_from IS NULL OR valid_until >= valid_from"));
    }
}

internal sealed class PickupMessageConfiguration : IEntityTypeConfiguration<PickupMessage>
{
    public void Configure(EntityTypeBuilder<PickupMessage> builder)
    {
        builder.Ignore(m => m.Status);
        builder.Property(m => m.Method).HasConversion<string>().HasMaxLength(24);
        builder.Property(m => m.PickupName).HasMaxLength(PickupLimits.Name);
        builder.Property(m => m.Note).HasMaxLength(PickupLimits.Note);
        // One message counts per child and date; the rest are history.
        builder.HasIndex(m => new { m.PupilId, m.Date }).IsUnique()
            .HasFilter("superseded_at IS NULL AND withdrawn_at IS NULL")
            .HasDatabaseName("ux_pickup_messages_current");
        builder.HasOne<Municipality>().WithMany().HasForeignKey(m => m.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Pupil>().WithMany().HasForeignKey(m => m.PupilId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<School>().WithMany().HasForeignKey(m => m.SchoolId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AuthorizedPickupPerson>().WithMany().HasForeignKey(m => m.AuthorizedPersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Guardian>().WithMany().HasForeignKey(m => m.SentByGuardianId).OnDelete(DeleteBehavior.Restrict);
    }
}
