using Meldebok.Server.Features.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Meldebok.Server.Features.Consents;

/// <summary>Length limits of consent requests.</summary>
internal static class ConsentLimits
{
    public const int Title = 200;
    public const int Description = 5000;
    public const int SignInMethod = 16;
    public const int ClosedReason = 500;
}

internal sealed class ConsentRequestConfiguration : IEntityTypeConfiguration<ConsentRequest>
{
    public void Configure(EntityTypeBuilder<ConsentRequest> builder)
    {
        builder.Property(r => r.Title).HasMaxLength(ConsentLimits.Title);
        builder.Property(r => r.Description).HasMaxLength(ConsentLimits.Description);
        builder.Property(r => r.ClosedReason).HasMaxLength(ConsentLimits.ClosedReason);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Rule).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.Purpose).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.TargetKind).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(r => new { r.SchoolId, r.CreatedAt });
        builder.HasIndex(r => new { r.CreatedByStaffId, r.CreatedAt });
        // The reminder job's question: which open requests have not had their automatic reminder?
        builder.HasIndex(r => r.Deadline).HasFilter("automatic_reminder_sent_at IS NULL");
        // The class list's question: which standing consents of a purpose are valid on a date?
        builder.HasIndex(r => new { r.Purpose, r.ValidUntil }).HasFilter("purpose <> 'General'");
        // The notification's question: which request does this closing notice belong to?
        builder.HasIndex(r => r.ClosedNoticeId).IsUnique().HasFilter("closed_notice_id IS NOT NULL");
        builder.HasOne<Municipality>().WithMany().HasForeignKey(r => r.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<School>().WithMany().HasForeignKey(r => r.SchoolId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Staff>().WithMany().HasForeignKey(r => r.CreatedByStaffId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Staff>().WithMany().HasForeignKey(r => r.ClosedByStaffId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t => t.HasCheckConstraint("ck_consent_requests_closed",
            "(closed_at IS NULL AND closed_by_staff_id IS NULL AND closed_reason IS NULL) OR (closed_at IS NOT NULL AND closed_by_staff_id IS NOT NULL AND closed_reason IS NOT NULL)"));
        builder.ToTable(t => t.HasCheckConstraint("ck_consent_requests_kind_dates",
            "(kind = 'OneTime' AND event_date IS NOT NULL) OR (kind = 'Standing' AND valid_from IS NOT NULL AND valid_until >= valid_from)"));
        builder.ToTable(t => t.HasCheckConstraint("ck_consent_requests_purpose_standing", "purpose = 'General' OR kind = 'Standing'"));
    }
}

internal sealed class ConsentRequestPupilConfiguration : IEntityTypeConfiguration<ConsentRequestPupil>
{
    public void Configure(EntityTypeBuilder<ConsentRequestPupil> builder)
    {
        builder.HasKey(p => new { p.RequestId, p.PupilId });
        builder.HasIndex(p => p.PupilId);
        builder.HasOne<ConsentRequest>().WithMany().HasForeignKey(p => p.RequestId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Pupil>().WithMany().HasForeignKey(p => p.PupilId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ConsentAnswerConfiguration : IEntityTypeConfiguration<ConsentAnswer>
{
    public const string Table = "consent_answers";

    public void Configure(EntityTypeBuilder<ConsentAnswer> builder)
    {
        builder.ToTable(Table);
        builder.Property(a => a.Choice).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.SignInMethod).HasMaxLength(ConsentLimits.SignInMethod);
        builder.Property(a => a.Sequence).UseIdentityAlwaysColumn();
        builder.HasIndex(a => a.Sequence).IsUnique();
        builder.HasIndex(a => new { a.RequestId, a.PupilId, a.GuardianId, a.Sequence });
        builder.HasOne<ConsentRequest>().WithMany().HasForeignKey(a => a.RequestId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Pupil>().WithMany().HasForeignKey(a => a.PupilId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Guardian>().WithMany().HasForeignKey(a => a.GuardianId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ConsentReminderConfiguration : IEntityTypeConfiguration<ConsentReminder>
{
    public void Configure(EntityTypeBuilder<ConsentReminder> builder)
    {
        builder.HasIndex(r => new { r.RequestId, r.SentAt });
        builder.HasOne<ConsentRequest>().WithMany().HasForeignKey(r => r.RequestId).OnDelete(DeleteBehavior.Restrict);
    }
}
