using Meldebok.Server.Features.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Meldebok.Server.Features.Sfo;

/// <summary>Length limits of the SFO day's text columns.</summary>
internal static class SfoLimits
{
    public const int Reason = 300;
    public const int PickedUpByName = 120;
    public const int Note = 500;
}

internal sealed class SfoEnrolmentConfiguration : IEntityTypeConfiguration<SfoEnrolment>
{
    public void Configure(EntityTypeBuilder<SfoEnrolment> builder)
    {
        builder.Property(e => e.Weekdays).HasConversion<int>();
        builder.HasIndex(e => new { e.SfoUnitId, e.StartDate });
        builder.HasIndex(e => e.PupilId);
        builder.HasOne<Municipality>().WithMany().HasForeignKey(e => e.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<SfoUnit>().WithMany().HasForeignKey(e => e.SfoUnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Pupil>().WithMany().HasForeignKey(e => e.PupilId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t => t.HasCheckConstraint("ck_sfo_enrolments_dates", "end_date IS NULL OR end_date >= start_date"));
        builder.ToTable(t => t.HasCheckConstraint("ck_sfo_enrolments_weekdays", "weekdays BETWEEN 1 AND 31"));
        builder.ToTable(t => t.HasCheckConstraint("ck_sfo_enrolments_percentage", "place_percentage BETWEEN 1 AND 100"));
    }
}

internal sealed class SfoAttendanceConfiguration : IEntityTypeConfiguration<SfoAttendance>
{
    public void Configure(EntityTypeBuilder<SfoAttendance> builder)
    {
        builder.ToTable("sfo_attendances");
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Method).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Reason).HasMaxLength(SfoLimits.Reason);
        builder.Property(a => a.PickedUpByName).HasMaxLength(SfoLimits.PickedUpByName);
        builder.Property(a => a.Note).HasMaxLength(SfoLimits.Note);
        builder.HasIndex(a => new { a.SfoUnitId, a.Date });
        builder.HasIndex(a => new { a.PupilId, a.Date });
        builder.HasOne<Municipality>().WithMany().HasForeignKey(a => a.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<SfoUnit>().WithMany().HasForeignKey(a => a.SfoUnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Pupil>().WithMany().HasForeignKey(a => a.PupilId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Staff>().WithMany().HasForeignKey(a => a.StaffId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Staff>().WithMany().HasForeignKey(a => a.UnlistedPickupConfirmedByStaffId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Staff>().WithMany().HasForeignKey(a => a.UndoneByStaffId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SfoHandoverConfiguration : IEntityTypeConfiguration<SfoHandover>
{
    public void Configure(EntityTypeBuilder<SfoHandover> builder)
    {
        builder.HasIndex(h => new { h.GroupId, h.Date });
        builder.HasOne<Municipality>().WithMany().HasForeignKey(h => h.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Group>().WithMany().HasForeignKey(h => h.GroupId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Staff>().WithMany().HasForeignKey(h => h.StaffId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SfoHandoverPupilConfiguration : IEntityTypeConfiguration<SfoHandoverPupil>
{
    public void Configure(EntityTypeBuilder<SfoHandoverPupil> builder)
    {
        builder.HasKey(p => new { p.HandoverId, p.PupilId });
        builder.HasIndex(p => new { p.SfoUnitId, p.Date });
        builder.HasIndex(p => new { p.Date, p.PupilId });
        builder.HasOne<SfoHandover>().WithMany().HasForeignKey(p => p.HandoverId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Pupil>().WithMany().HasForeignKey(p => p.PupilId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<SfoUnit>().WithMany().HasForeignKey(p => p.SfoUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SfoMissingAlertConfiguration : IEntityTypeConfiguration<SfoMissingAlert>
{
    public void Configure(EntityTypeBuilder<SfoMissingAlert> builder)
    {
        // One alert per child and day, also when two job servers run at once (INSERT … ON CONFLICT DO NOTHING).
        builder.HasKey(a => new { a.PupilId, a.Date });
        builder.HasIndex(a => new { a.SfoUnitId, a.Date });
        builder.HasOne<Pupil>().WithMany().HasForeignKey(a => a.PupilId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<SfoUnit>().WithMany().HasForeignKey(a => a.SfoUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
