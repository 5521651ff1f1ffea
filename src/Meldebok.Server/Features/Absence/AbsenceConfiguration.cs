using Meldebok.Server.Features.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Meldebok.Server.Features.Absence;

/// <summary>Length limits of the absence feature's text columns.</summary>
internal static class AbsenceLimits
{
    /// <summary>The longest note any municipality may allow.</summary>
    public const int Note = 1000;
    public const int LeaveReason = 1000;
    public const int DecisionComment = 1000;
}

internal sealed class AbsenceNoticeConfiguration : IEntityTypeConfiguration<AbsenceNotice>
{
    public void Configure(EntityTypeBuilder<AbsenceNotice> builder)
    {
        builder.Property(n => n.Channel).HasConversion<string>().HasMaxLength(24);
        builder.Property(n => n.Reason).HasConversion<string>().HasMaxLength(24);
        builder.Property(n => n.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(n => n.Note).HasMaxLength(AbsenceLimits.Note);
        builder.HasIndex(n => new { n.PupilId, n.FirstDate });
        builder.HasIndex(n => new { n.SchoolId, n.LastDate });
        builder.HasIndex(n => n.LeaveApplicationId).IsUnique().HasFilter("leave_application_id IS NOT NULL");
        builder.HasOne<Municipality>().WithMany().HasForeignKey(n => n.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Pupil>().WithMany().HasForeignKey(n => n.PupilId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<School>().WithMany().HasForeignKey(n => n.SchoolId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Guardian>().WithMany().HasForeignKey(n => n.ReportedByGuardianId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Staff>().WithMany().HasForeignKey(n => n.LoggedByStaffId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<LeaveApplication>().WithMany().HasForeignKey(n => n.LeaveApplicationId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t => t.HasCheckConstraint("ck_absence_notices_dates", "last_date >= first_date"));
        builder.ToTable(t => t.HasCheckConstraint("ck_absence_notices_recipient", "to_school OR to_sfo"));
    }
}

internal sealed class AbsenceAcknowledgementConfiguration : IEntityTypeConfiguration<AbsenceAcknowledgement>
{
    public void Configure(EntityTypeBuilder<AbsenceAcknowledgement> builder)
    {
        builder.HasKey(a => new { a.NoticeId, a.StaffId, a.Recipient });
        builder.Property(a => a.Recipient).HasConversion<string>().HasMaxLength(8);
        builder.HasOne<AbsenceNotice>().WithMany().HasForeignKey(a => a.NoticeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Staff>().WithMany().HasForeignKey(a => a.StaffId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LeaveApplicationConfiguration : IEntityTypeConfiguration<LeaveApplication>
{
    public void Configure(EntityTypeBuilder<LeaveApplication> builder)
    {
        builder.Property(l => l.Reason).HasMaxLength(AbsenceLimits.LeaveReason);
        builder.Property(l => l.DecisionComment).HasMaxLength(AbsenceLimits.DecisionComment);
        builder.Property(l => l.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(l => new { l.SchoolId, l.Status });
        builder.HasIndex(l => l.PupilId);
        builder.HasOne<Municipality>().WithMany().HasForeignKey(l => l.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Pupil>().WithMany().HasForeignKey(l => l.PupilId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<School>().WithMany().HasForeignKey(l => l.SchoolId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Guardian>().WithMany().HasForeignKey(l => l.AppliedByGuardianId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Staff>().WithMany().HasForeignKey(l => l.DecidedByStaffId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t => t.HasCheckConstraint("ck_leave_applications_dates", "last_date >= first_date"));
    }
}
