using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Validation;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Roster;

/// <summary>Pupils of the caller's municipality and their group memberships; every query is scoped to that municipality.</summary>
internal sealed class PupilService(MeldebokDbContext db, MunicipalClock clock, TimeProvider time, ILogger<PupilService> logger)
{
    /// <summary>Pupils in primary and lower secondary school, and adult pupils catching up, are younger than this.</summary>
    private const int MaxAgeYears = 25;

    public Task<Paged<PupilListItem>> ListAsync(Guid municipalityId, PupilFilter filter, PageRequest page, CancellationToken ct)
    {
        var query = db.Pupils.AsNoTracking().Where(p => p.MunicipalityId == municipalityId).ActiveUnless(filter.IncludeInactive);

        if (filter.SchoolId is { } schoolId)
        {
            query = query.Where(p => p.SchoolId == schoolId);
        }

        if (filter.GroupId is { } groupId)
        {
            query = query.Where(p => db.GroupMemberships.Any(m => m.PupilId == p.Id && m.GroupId == groupId));
        }

        if (filter.ProtectedAddress is { } protectedAddress)
        {
            query = query.Where(p => p.ProtectedAddress == protectedAddress);
        }

        if (RosterChanges.ContainsPattern(filter.Search) is { } pattern)
        {
            query = query.Where(p => EF.Functions.ILike(p.GivenName + " " + p.FamilyName, pattern));
        }

        return query.OrderBy(p => p.FamilyName).ThenBy(p => p.GivenName).ThenBy(p => p.Id)
            .Select(p => new PupilListItem(p.Id, p.SchoolId, p.GivenName, p.FamilyName, p.BirthDate, p.ProtectedAddress, p.SourcedId, p.IsActive))
            .ToPageAsync(page, ct);
    }

    public async Task<PupilResponse?> GetAsync(Guid municipalityId, Guid id, CancellationToken ct)
    {
        var pupil = await db.Pupils.AsNoTracking().SingleOrDefaultAsync(p => p.MunicipalityId == municipalityId && p.Id == id, ct);
        return pupil is null ? null : ToResponse(pupil, await GroupIdsAsync(pupil.Id, ct));
    }

    public async Task<PupilResponse> CreateAsync(Guid municipalityId, PupilRequest request, CancellationToken ct)
    {
        var pupil = new Pupil(municipalityId) { GivenName = request.GivenName.Trim(), FamilyName = request.FamilyName.Trim() };
        var groupIds = await ApplyAsync(pupil, isNew: true, request, ct);
        db.Pupils.Add(pupil);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Created pupil {PupilId} in municipality {MunicipalityId}", pupil.Id, municipalityId);
        return ToResponse(pupil, groupIds);
    }

    public async Task<PupilResponse?> UpdateAsync(Guid municipalityId, Guid id, PupilRequest request, CancellationToken ct)
    {
        var pupil = await db.Pupils.SingleOrDefaultAsync(p => p.MunicipalityId == municipalityId && p.Id == id, ct);
        if (pupil is null)
        {
            return null;
        }

        var groupIds = await ApplyAsync(pupil, isNew: false, request, ct);
        await db.SaveChangesAsync(ct);
        return ToResponse(pupil, groupIds);
    }

    public async Task<PupilResponse?> SetActiveAsync(Guid municipalityId, Guid id, bool active, CancellationToken ct)
    {
        var pupil = await db.SetActiveAsync<Pupil>(municipalityId, id, active, time.GetUtcNow(), logger, ct);
        return pupil is null ? null : ToResponse(pupil, await GroupIdsAsync(id, ct));
    }

    /// <summary>Checks the request against the rules that need the clock and the database, then writes it to <paramref name="pupil"/>.</summary>
    private async Task<List<Guid>> ApplyAsync(Pupil pupil, bool isNew, PupilRequest request, CancellationToken ct)
    {
        var municipalityId = pupil.MunicipalityId;
        var schoolId = request.SchoolId!.Value;
        var birthDate = request.BirthDate!.Value;
        var nationalIdentityNumber = RosterQueries.NullIfBlank(request.NationalIdentityNumber);
        var groupIds = (request.GroupIds ?? []).Distinct().Order().ToList();
        List<GroupMembership> memberships = isNew ? [] : await db.GroupMemberships.Where(m => m.PupilId == pupil.Id).ToListAsync(ct);
        var errors = new FieldErrors();

        var today = await clock.TodayAsync(municipalityId, ct);
        if (birthDate > today)
        {
            errors.Add("birthDate", "Fødselsdatoen kan ikke være fram i tid.");
        }
        else if (birthDate < today.AddYears(-MaxAgeYears))
        {
            errors.Add("birthDate", $"Fødselsdatoen kan ikke være mer enn {MaxAgeYears} år tilbake i tid.");
        }

        if (nationalIdentityNumber is not null && !NorwegianIdentifiers.IsBornOn(nationalIdentityNumber, birthDate))
        {
            errors.Add("nationalIdentityNumber", "Fødselsnummeret passer ikke med fødselsdatoen.");
        }

        // A school or group the pupil already has may stay after it was deactivated; new ones must be active.
        var keepsSchool = !isNew && pupil.SchoolId == schoolId;
        if (!keepsSchool)
        {
            await errors.CollectAsync(db.Schools.EnsureReferenceAsync(municipalityId, schoolId, "schoolId", "Fant ingen aktiv skole med denne id-en i kommunen.", ct));
        }

        var newGroupIds = keepsSchool ? groupIds.Except(memberships.Select(m => m.GroupId)).ToList() : groupIds;
        if (newGroupIds.Count > 0 && !errors.Has("schoolId"))
        {
            await errors.CollectAsync(db.Groups.Where(g => g.SchoolId == schoolId).EnsureReferencesAsync(
                municipalityId, newGroupIds, "groupIds", "Alle grupper må være aktive grupper ved elevens skole.", ct));
        }

        errors.ThrowIfAny();

        if (nationalIdentityNumber is not null
            && await db.Pupils.AnyAsync(p => p.MunicipalityId == municipalityId && p.NationalIdentityNumber == nationalIdentityNumber && p.Id != pupil.Id, ct))
        {
            throw new RuleConflictException("Det finnes allerede en elev med dette fødselsnummeret i kommunen.");
        }

        pupil.SchoolId = schoolId;
        pupil.GivenName = request.GivenName.Trim();
        pupil.FamilyName = request.FamilyName.Trim();
        pupil.BirthDate = birthDate;
        pupil.NationalIdentityNumber = nationalIdentityNumber;
        pupil.ProtectedAddress = request.ProtectedAddress;
        pupil.SourcedId = RosterQueries.NullIfBlank(request.SourcedId);
        pupil.Touch(time.GetUtcNow());

        db.GroupMemberships.RemoveRange(memberships.Where(m => !groupIds.Contains(m.GroupId)));
        db.GroupMemberships.AddRange(groupIds.Except(memberships.Select(m => m.GroupId))
            .Select(groupId => new GroupMembership { PupilId = pupil.Id, GroupId = groupId }));
        return groupIds;
    }

    private Task<List<Guid>> GroupIdsAsync(Guid pupilId, CancellationToken ct) =>
        db.GroupMemberships.Where(m => m.PupilId == pupilId).Select(m => m.GroupId).Order().ToListAsync(ct);

    private static PupilResponse ToResponse(Pupil p, IReadOnlyList<Guid> groupIds) => new(
        p.Id, p.SchoolId, p.GivenName, p.FamilyName, p.BirthDate,
        p.NationalIdentityNumber is null ? null : NorwegianIdentifiers.MaskNationalIdentityNumber(p.NationalIdentityNumber),
        p.ProtectedAddress, groupIds, p.SourcedId, p.IsActive);
}
