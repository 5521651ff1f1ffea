using Meldebok.Server.Features.Audit;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Roster;

/// <summary>Links between guardians and pupils of the caller's municipality; every query is scoped to that municipality.</summary>
internal sealed class GuardianLinkService(MeldebokDbContext db, TimeProvider time, AuditLog audit, ILogger<GuardianLinkService> logger)
{
    public Task<Paged<GuardianLinkResponse>> ListAsync(Guid municipalityId, GuardianLinkFilter filter, PageRequest page, CancellationToken ct)
    {
        var query = db.GuardianLinks.AsNoTracking().Where(l => l.MunicipalityId == municipalityId).ActiveUnless(filter.IncludeInactive);

        if (filter.PupilId is { } pupilId)
        {
            query = query.Where(l => l.PupilId == pupilId);
        }

        if (filter.GuardianId is { } guardianId)
        {
            query = query.Where(l => l.GuardianId == guardianId);
        }

        return query
            .Join(db.Pupils, l => l.PupilId, p => p.Id, (l, p) => new { Link = l, Pupil = p })
            .Join(db.Guardians, x => x.Link.GuardianId, g => g.Id, (x, g) => new { x.Link, x.Pupil, Guardian = g })
            .OrderBy(x => x.Pupil.FamilyName).ThenBy(x => x.Pupil.GivenName).ThenBy(x => x.Pupil.Id)
            .ThenBy(x => x.Guardian.FamilyName).ThenBy(x => x.Guardian.GivenName).ThenBy(x => x.Link.Id)
            .Select(x => ToResponse(x.Link))
            .ToPageAsync(page, ct);
    }

    public Task<GuardianLinkResponse?> GetAsync(Guid municipalityId, Guid id, CancellationToken ct) =>
        db.GuardianLinks.AsNoTracking()
            .Where(l => l.MunicipalityId == municipalityId && l.Id == id)
            .Select(l => ToResponse(l))
            .SingleOrDefaultAsync(ct);

    public async Task<GuardianLinkResponse> CreateAsync(Guid municipalityId, GuardianLinkCreateRequest request, CancellationToken ct)
    {
        var guardianId = request.GuardianId!.Value;
        var pupilId = request.PupilId!.Value;
        var errors = new FieldErrors();
        await errors.CollectAsync(db.Guardians.EnsureReferenceAsync(municipalityId, guardianId, "guardianId", "Fant ingen aktiv foresatt med denne id-en i kommunen.", ct));
        await errors.CollectAsync(db.Pupils.EnsureReferenceAsync(municipalityId, pupilId, "pupilId", "Fant ingen aktiv elev med denne id-en i kommunen.", ct));
        errors.ThrowIfAny();

        // Checked here for a clear answer; the unique index still stops two requests that race.
        if (await db.GuardianLinks.AnyAsync(l => l.GuardianId == guardianId && l.PupilId == pupilId, ct))
        {
            throw new RuleConflictException("Den foresatte er allerede knyttet til denne eleven. Endre eller aktiver den koblingen som finnes.");
        }

        var link = new GuardianLink(municipalityId) { GuardianId = guardianId, PupilId = pupilId };
        Apply(link, request.ParentalResponsibility!.Value, request.DailyCare!.Value, request.RightToInformation!.Value, request.Blocked!.Value, request.SourcedId);
        db.GuardianLinks.Add(link);
        audit.Add(AuditActions.GuardianLinkChanged, Audited(link));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Linked guardian {GuardianId} to pupil {PupilId} with link {LinkId}", guardianId, pupilId, link.Id);
        return ToResponse(link);
    }

    public async Task<GuardianLinkResponse?> UpdateAsync(Guid municipalityId, Guid id, GuardianLinkUpdateRequest request, CancellationToken ct)
    {
        var link = await db.GuardianLinks.SingleOrDefaultAsync(l => l.MunicipalityId == municipalityId && l.Id == id, ct);
        if (link is null)
        {
            return null;
        }

        Apply(link, request.ParentalResponsibility!.Value, request.DailyCare!.Value, request.RightToInformation!.Value, request.Blocked!.Value, request.SourcedId);
        audit.Add(AuditActions.GuardianLinkChanged, Audited(link));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Guardian link {LinkId} changed; it now {Access} access", id, link.AllowsAccess ? "allows" : "does not allow");
        return ToResponse(link);
    }

    public async Task<GuardianLinkResponse?> SetActiveAsync(Guid municipalityId, Guid id, bool active, CancellationToken ct)
    {
        if (await db.FindInMunicipalityAsync<GuardianLink>(municipalityId, id, ct) is not { } link)
        {
            return null;
        }

        link.SetActive(active, time.GetUtcNow());
        audit.Add(AuditActions.GuardianLinkChanged, Audited(link));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Guardian link {LinkId} is now {State}", id, active ? "active" : "inactive");
        return ToResponse(link);
    }

    private static AuditSubject Audited(GuardianLink link) =>
        new(link.MunicipalityId, AuditObjects.GuardianLink, link.Id, link.PupilId, link.GuardianId);

    private void Apply(GuardianLink link, bool parentalResponsibility, bool dailyCare, bool rightToInformation, bool blocked, string? sourcedId)
    {
        link.ParentalResponsibility = parentalResponsibility;
        link.DailyCare = dailyCare;
        link.RightToInformation = rightToInformation;
        link.Blocked = blocked;
        link.SourcedId = RosterQueries.NullIfBlank(sourcedId);
        link.Touch(time.GetUtcNow());
    }

    private static GuardianLinkResponse ToResponse(GuardianLink l) => new(
        l.Id, l.GuardianId, l.PupilId, l.ParentalResponsibility, l.DailyCare, l.RightToInformation, l.Blocked, l.AllowsAccess, l.SourcedId, l.IsActive);
}
