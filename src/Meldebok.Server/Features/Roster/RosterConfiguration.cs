using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Meldebok.Server.Features.Roster;

internal sealed class MunicipalityConfiguration : IEntityTypeConfiguration<Municipality>
{
    public void Configure(EntityTypeBuilder<Municipality> builder)
    {
        builder.Property(m => m.Name).HasMaxLength(RosterLimits.Name);
        builder.Property(m => m.OrganisationNumber).HasMaxLength(9);
        builder.HasIndex(m => m.OrganisationNumber).IsUnique();
        builder.Property(m => m.TimeZone).HasMaxLength(64);
        builder.OwnsOne(m => m.Settings, settings => settings.ToJson());
    }
}

internal sealed class SchoolConfiguration : IEntityTypeConfiguration<School>
{
    public void Configure(EntityTypeBuilder<School> builder)
    {
        builder.ConfigureRosterEntity();
        builder.Property(s => s.Name).HasMaxLength(RosterLimits.Name);
        builder.Property(s => s.OrganisationNumber).HasMaxLength(9);
    }
}

internal sealed class SfoUnitConfiguration : IEntityTypeConfiguration<SfoUnit>
{
    public void Configure(EntityTypeBuilder<SfoUnit> builder)
    {
        builder.ConfigureRosterEntity();
        builder.Property(s => s.Name).HasMaxLength(RosterLimits.Name);
        builder.HasOne<School>().WithMany().HasForeignKey(s => s.SchoolId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class GroupConfiguration : IEntityTypeConfiguration<Group>
{
    public void Configure(EntityTypeBuilder<Group> builder)
    {
        builder.ToTable("groups");
        builder.ConfigureRosterEntity();
        builder.Property(g => g.Name).HasMaxLength(RosterLimits.Name);
        builder.Property(g => g.Kind).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<School>().WithMany().HasForeignKey(g => g.SchoolId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<SfoUnit>().WithMany().HasForeignKey(g => g.SfoUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class GroupMembershipConfiguration : IEntityTypeConfiguration<GroupMembership>
{
    public void Configure(EntityTypeBuilder<GroupMembership> builder)
    {
        builder.HasKey(m => new { m.PupilId, m.GroupId });
        builder.HasIndex(m => m.GroupId);
        builder.HasOne<Pupil>().WithMany().HasForeignKey(m => m.PupilId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Group>().WithMany().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PupilConfiguration : IEntityTypeConfiguration<Pupil>
{
    public void Configure(EntityTypeBuilder<Pupil> builder)
    {
        builder.ConfigureRosterEntity();
        builder.Property(p => p.GivenName).HasMaxLength(RosterLimits.PersonName);
        builder.Property(p => p.FamilyName).HasMaxLength(RosterLimits.PersonName);
        builder.Property(p => p.NationalIdentityNumber).HasMaxLength(11);
        builder.HasIndex(p => new { p.MunicipalityId, p.NationalIdentityNumber }).IsUnique();
        builder.Property(p => p.ProtectedAddress).HasConversion<string>().HasMaxLength(24);
        builder.HasOne<School>().WithMany().HasForeignKey(p => p.SchoolId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(p => p.HasProtectedAddress);
    }
}

internal sealed class GuardianConfiguration : IEntityTypeConfiguration<Guardian>
{
    public void Configure(EntityTypeBuilder<Guardian> builder)
    {
        builder.ConfigureRosterEntity();
        builder.Property(g => g.GivenName).HasMaxLength(RosterLimits.PersonName);
        builder.Property(g => g.FamilyName).HasMaxLength(RosterLimits.PersonName);
        builder.Property(g => g.NationalIdentityNumber).HasMaxLength(11);
        builder.HasIndex(g => new { g.MunicipalityId, g.NationalIdentityNumber }).IsUnique();
        // Sign-in resolves guardians by national identity number across municipalities, on every request.
        builder.HasIndex(g => g.NationalIdentityNumber);
        builder.Property(g => g.Email).HasMaxLength(RosterLimits.Email);
        builder.Property(g => g.Mobile).HasMaxLength(16);
        builder.Property(g => g.PreferredLanguage).HasMaxLength(2);
    }
}

internal sealed class GuardianLinkConfiguration : IEntityTypeConfiguration<GuardianLink>
{
    public void Configure(EntityTypeBuilder<GuardianLink> builder)
    {
        builder.ConfigureRosterEntity();
        builder.HasIndex(l => new { l.GuardianId, l.PupilId }).IsUnique();
        builder.HasIndex(l => l.PupilId);
        builder.HasOne<Guardian>().WithMany().HasForeignKey(l => l.GuardianId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Pupil>().WithMany().HasForeignKey(l => l.PupilId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(l => l.AllowsAccess);
    }
}

internal sealed class StaffConfiguration : IEntityTypeConfiguration<Staff>
{
    public void Configure(EntityTypeBuilder<Staff> builder)
    {
        builder.ToTable("staff");
        builder.ConfigureRosterEntity();
        builder.Property(s => s.GivenName).HasMaxLength(RosterLimits.PersonName);
        builder.Property(s => s.FamilyName).HasMaxLength(RosterLimits.PersonName);
        builder.Property(s => s.FeideId).HasMaxLength(RosterLimits.Email);
        builder.HasIndex(s => s.FeideId).IsUnique();
        builder.Property(s => s.Email).HasMaxLength(RosterLimits.Email);
        builder.Property(s => s.Mobile).HasMaxLength(16);
    }
}

internal sealed class StaffAssignmentConfiguration : IEntityTypeConfiguration<StaffAssignment>
{
    public void Configure(EntityTypeBuilder<StaffAssignment> builder)
    {
        builder.ConfigureRosterEntity();
        builder.Property(a => a.Role).HasConversion<string>().HasMaxLength(24);
        builder.HasIndex(a => new { a.StaffId, a.SchoolId, a.Role }).IsUnique();
        builder.HasIndex(a => a.SchoolId);
        builder.HasOne<Staff>().WithMany().HasForeignKey(a => a.StaffId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<School>().WithMany().HasForeignKey(a => a.SchoolId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StaffAssignmentGroupConfiguration : IEntityTypeConfiguration<StaffAssignmentGroup>
{
    public void Configure(EntityTypeBuilder<StaffAssignmentGroup> builder)
    {
        builder.HasKey(g => new { g.StaffAssignmentId, g.GroupId });
        builder.HasIndex(g => g.GroupId);
        builder.HasOne<StaffAssignment>().WithMany().HasForeignKey(g => g.StaffAssignmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Group>().WithMany().HasForeignKey(g => g.GroupId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MunicipalityAdministratorConfiguration : IEntityTypeConfiguration<MunicipalityAdministrator>
{
    public void Configure(EntityTypeBuilder<MunicipalityAdministrator> builder) => builder.ConfigureMunicipalPerson();
}

internal sealed class PortfolioBoardMemberConfiguration : IEntityTypeConfiguration<PortfolioBoardMember>
{
    public void Configure(EntityTypeBuilder<PortfolioBoardMember> builder) => builder.ConfigureMunicipalPerson();
}

internal static class RosterConfigurationExtensions
{
    public static void ConfigureMunicipalPerson<T>(this EntityTypeBuilder<T> builder) where T : MunicipalPerson
    {
        builder.ConfigureRosterEntity();
        builder.Property(a => a.GivenName).HasMaxLength(RosterLimits.PersonName);
        builder.Property(a => a.FamilyName).HasMaxLength(RosterLimits.PersonName);
        builder.Property(a => a.Email).HasMaxLength(RosterLimits.Email);
        builder.HasIndex(a => new { a.MunicipalityId, a.Email }).IsUnique();
        builder.Property(a => a.FeideId).HasMaxLength(RosterLimits.Email);
    }

    public static void ConfigureRosterEntity<T>(this EntityTypeBuilder<T> builder) where T : RosterEntity
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.SourcedId).HasMaxLength(RosterLimits.SourcedId);
        builder.HasIndex(e => new { e.MunicipalityId, e.SourcedId }).IsUnique();
        builder.HasOne<Municipality>().WithMany().HasForeignKey(e => e.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Lengths shared by the database columns and the request validation.</summary>
internal static class RosterLimits
{
    public const int Name = 200;
    public const int PersonName = 100;
    public const int Email = 254;
    public const int SourcedId = 128;
}
