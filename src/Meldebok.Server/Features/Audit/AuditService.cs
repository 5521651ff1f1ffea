using System.Linq.Expressions;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Audit;

/// <summary>Reads the audit log and makes data-subject exports, always within the caller's municipality.</summary>
internal sealed class AuditService(MeldebokDbContext db, AuditLog audit, TimeProvider time)
{
    private IQueryable<AuditEntry> Entries(Guid municipalityId) =>
        db.Set<AuditEntry>().AsNoTracking().Where(a => a.MunicipalityId == municipalityId);

    public Task<Paged<AuditEntryResponse>> ListAsync(Guid municipalityId, AuditFilter filter, PageRequest page, CancellationToken ct)
    {
        var query = Entries(municipalityId);
        if (filter.PupilId is { } pupilId) query = query.Where(a => a.SubjectPupilId == pupilId);
        if (filter.PersonId is { } personId) query = query.Where(a => a.SubjectPersonId == personId);
        if (filter.AccountId is { } accountId) query = query.Where(a => a.ActorAccountId == accountId);
        if (filter.From is { } from) query = query.Where(a => a.OccurredAt >= from);
        if (filter.To is { } to) query = query.Where(a => a.OccurredAt < to);
        return Ordered(query).ToPageAsync(page, ct);
    }

    public async Task<PupilDataExport?> ExportPupilAsync(Guid municipalityId, Guid pupilId, CancellationToken ct)
    {
        var pupil = await db.Pupils.AsNoTracking()
            .Where(p => p.MunicipalityId == municipalityId && p.Id == pupilId)
            .Join(db.Schools, p => p.SchoolId, s => s.Id, (p, s) => new ExportedPupil(
                p.Id, p.SchoolId, s.Name, p.GivenName, p.FamilyName, p.BirthDate, p.NationalIdentityNumber, p.ProtectedAddress, p.SourcedId, p.IsActive, p.UpdatedAt))
            .SingleOrDefaultAsync(ct);
        if (pupil is null)
        {
            return null;
        }

        var groups = await db.GroupMemberships.AsNoTracking()
            .Where(m => m.PupilId == pupilId)
            .Join(db.Groups, m => m.GroupId, g => g.Id, (m, g) => g)
            .OrderBy(g => g.SchoolYear).ThenBy(g => g.Name).ThenBy(g => g.Id)
            .Select(g => new ExportedGroup(g.Id, g.Name, g.Kind, g.SchoolYear, g.IsActive))
            .ToListAsync(ct);
        var links = await Links(municipalityId, l => l.PupilId == pupilId).ToListAsync(ct);
        var accounts = await AccountsAsync(pupil.NationalIdentityNumber, ct);
        var entries = await Ordered(Entries(municipalityId).Where(a => a.SubjectPupilId == pupilId || a.ObjectId == pupilId)).ToListAsync(ct);

        await audit.WriteAsync(AuditActions.ExportPupil, new AuditSubject(municipalityId, AuditObjects.Pupil, pupilId, PupilId: pupilId), ct);
        return new PupilDataExport(time.GetUtcNow(), pupil, groups, links, accounts, entries);
    }

    public async Task<GuardianDataExport?> ExportGuardianAsync(Guid municipalityId, Guid guardianId, CancellationToken ct)
    {
        var guardian = await db.Guardians.AsNoTracking()
            .Where(g => g.MunicipalityId == municipalityId && g.Id == guardianId)
            .Select(g => new ExportedGuardian(
                g.Id, g.GivenName, g.FamilyName, g.NationalIdentityNumber, g.Email, g.Mobile, g.PreferredLanguage, g.SourcedId, g.IsActive, g.UpdatedAt))
            .SingleOrDefaultAsync(ct);
        if (guardian is null)
        {
            return null;
        }

        var links = await Links(municipalityId, l => l.GuardianId == guardianId).ToListAsync(ct);
        var accounts = await AccountsAsync(guardian.NationalIdentityNumber, ct);
        var accountIds = accounts.Select(a => (Guid?)a.Id).ToList();
        var entries = await Ordered(Entries(municipalityId)
                .Where(a => a.SubjectPersonId == guardianId || a.ObjectId == guardianId || accountIds.Contains(a.ActorAccountId)))
            .ToListAsync(ct);

        await audit.WriteAsync(AuditActions.ExportGuardian, new AuditSubject(municipalityId, AuditObjects.Guardian, guardianId, PersonId: guardianId), ct);
        return new GuardianDataExport(time.GetUtcNow(), guardian, links, accounts, entries);
    }

    private IQueryable<ExportedLink> Links(Guid municipalityId, Expression<Func<GuardianLink, bool>> which) =>
        db.GuardianLinks.AsNoTracking()
            .Where(l => l.MunicipalityId == municipalityId)
            .Where(which)
            .Join(db.Guardians, l => l.GuardianId, g => g.Id, (l, g) => new { Link = l, Guardian = g })
            .Join(db.Pupils, x => x.Link.PupilId, p => p.Id, (x, p) => new { x.Link, x.Guardian, Pupil = p })
            .OrderBy(x => x.Link.Id)
            .Select(x => new ExportedLink(
                x.Link.Id, x.Guardian.Id, x.Guardian.GivenName + " " + x.Guardian.FamilyName, x.Pupil.Id, x.Pupil.GivenName + " " + x.Pupil.FamilyName,
                x.Link.ParentalResponsibility, x.Link.DailyCare, x.Link.RightToInformation, x.Link.Blocked, x.Link.IsActive, x.Link.UpdatedAt));

    private async Task<List<ExportedAccount>> AccountsAsync(string? nationalIdentityNumber, CancellationToken ct) =>
        nationalIdentityNumber is null
            ? []
            : await db.Users.AsNoTracking()
                .Where(u => u.NationalIdentityNumber == nationalIdentityNumber)
                .OrderBy(u => u.Id)
                .Select(u => new ExportedAccount(u.Id, u.UserName, u.Email, u.DisplayName, u.CreatedAt, u.LastSignInAt))
                .ToListAsync(ct);

    private static IQueryable<AuditEntryResponse> Ordered(IQueryable<AuditEntry> query) =>
        query.OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id)
            .Select(a => new AuditEntryResponse(
                a.Id, a.OccurredAt, a.ActorAccountId, a.ActorRole, a.Action, a.ObjectType, a.ObjectId, a.SubjectPupilId, a.SubjectPersonId, a.ClientIp));
}
