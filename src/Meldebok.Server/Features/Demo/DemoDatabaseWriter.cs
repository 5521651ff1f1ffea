using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Demo;

/// <summary>
/// Writes a generated municipality in one transaction: the municipality row through EF Core (its
/// settings are EF Core's JSON), every other row by PostgreSQL's binary COPY, which loads tens of
/// thousands of rows a second. Tables, columns, types and enum conversions are read from the EF
/// Core model, so the COPY follows the schema as the migrations define it.
/// </summary>
internal static class DemoDatabaseWriter
{
    public static async Task WriteAsync(MeldebokDbContext db, DemoMunicipality data, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Municipalities.Add(data.Municipality);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        // Parents before children, as the foreign keys require.
        await PostgresBulk.CopyAsync(db, data.Schools, ct);
        await PostgresBulk.CopyAsync(db, data.SfoUnits, ct);
        await PostgresBulk.CopyAsync(db, data.Groups, ct);
        await PostgresBulk.CopyAsync(db, data.Pupils, ct);
        await PostgresBulk.CopyAsync(db, data.GroupMemberships, ct);
        await PostgresBulk.CopyAsync(db, data.Guardians, ct);
        await PostgresBulk.CopyAsync(db, data.GuardianLinks, ct);
        await PostgresBulk.CopyAsync(db, data.Staff, ct);
        await PostgresBulk.CopyAsync(db, data.StaffAssignments, ct);
        await PostgresBulk.CopyAsync(db, data.StaffAssignmentGroups, ct);
        await PostgresBulk.CopyAsync(db, data.Administrators, ct);
        await PostgresBulk.CopyAsync(db, data.PortfolioBoard, ct);
        await PostgresBulk.CopyAsync(db, data.AuthorizedPickupPersons, ct);
        await PostgresBulk.CopyAsync(db, data.PickupRules, ct);
        await PostgresBulk.CopyAsync(db, data.SfoEnrolments, ct);
        await transaction.CommitAsync(ct);
    }
}
