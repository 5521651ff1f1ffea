using Meldebok.Server.Features.Roster;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Infrastructure.Data;

/// <summary>The one DbContext of the host; each feature contributes its entity configurations.</summary>
internal sealed class MeldebokDbContext(DbContextOptions<MeldebokDbContext> options) : DbContext(options)
{
    public DbSet<Municipality> Municipalities => Set<Municipality>();
    public DbSet<School> Schools => Set<School>();
    public DbSet<SfoUnit> SfoUnits => Set<SfoUnit>();
    public DbSet<Group> Groups => Set<Group>();
    public DbSet<GroupMembership> GroupMemberships => Set<GroupMembership>();
    public DbSet<Pupil> Pupils => Set<Pupil>();
    public DbSet<Guardian> Guardians => Set<Guardian>();
    public DbSet<GuardianLink> GuardianLinks => Set<GuardianLink>();
    public DbSet<Staff> Staff => Set<Staff>();
    public DbSet<StaffAssignment> StaffAssignments => Set<StaffAssignment>();
    public DbSet<StaffAssignmentGroup> StaffAssignmentGroups => Set<StaffAssignmentGroup>();
    public DbSet<MunicipalityAdministrator> MunicipalityAdministrators => Set<MunicipalityAdministrator>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MeldebokDbContext).Assembly);
}
