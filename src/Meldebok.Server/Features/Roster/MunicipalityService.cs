using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Roster;

/// <summary>
/// Municipalities (tenants). The platform operator registers and manages all of them; a municipality
/// administrator reaches only their own, by the id in their claims, and cannot change its organisation number.
/// </summary>
internal sealed class MunicipalityService(MeldebokDbContext db, TimeProvider time, ILogger<MunicipalityService> logger)
{
    public Task<Paged<MunicipalityResponse>> ListAsync(MunicipalityFilter filter, PageRequest page, CancellationToken ct)
    {
        var query = db.Municipalities.AsNoTracking();
        if (filter.IncludeInactive != true)
        {
            query = query.Where(m => m.IsActive);
        }

        if (RosterChanges.ContainsPattern(filter.Search) is { } pattern)
        {
            query = query.Where(m => EF.Functions.ILike(m.Name, pattern));
        }

        return query.OrderBy(m => m.Name).ThenBy(m => m.Id).Select(m => ToResponse(m)).ToPageAsync(page, ct);
    }

    public Task<MunicipalityResponse?> GetAsync(Guid id, CancellationToken ct) =>
        db.Municipalities.AsNoTracking().Where(m => m.Id == id).Select(m => ToResponse(m)).SingleOrDefaultAsync(ct);

    public async Task<MunicipalityResponse> CreateAsync(MunicipalityRegistrationRequest request, CancellationToken ct)
    {
        await EnsureOrganisationNumberIsFreeAsync(request.OrganisationNumber, exceptId: null, ct);
        var municipality = new Municipality { Name = request.Name.Trim(), OrganisationNumber = request.OrganisationNumber };
        Apply(municipality, request.Name, request.TimeZone, request.Settings);
        db.Municipalities.Add(municipality);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Registered municipality {MunicipalityId}", municipality.Id);
        return ToResponse(municipality);
    }

    /// <summary>The platform operator's update: everything, including the organisation number.</summary>
    public Task<MunicipalityResponse?> UpdateAsync(Guid id, MunicipalityRegistrationRequest request, CancellationToken ct) =>
        UpdateAsync(id, request.Name, request.OrganisationNumber, request.TimeZone, request.Settings, ct);

    /// <summary>A municipality administrator's update of their own municipality; the organisation number stays.</summary>
    public Task<MunicipalityResponse?> UpdateOwnAsync(Guid municipalityId, MunicipalityRequest request, CancellationToken ct) =>
        UpdateAsync(municipalityId, request.Name, organisationNumber: null, request.TimeZone, request.Settings, ct);

    public async Task<MunicipalityResponse?> SetActiveAsync(Guid id, bool active, CancellationToken ct)
    {
        var municipality = await db.Municipalities.SingleOrDefaultAsync(m => m.Id == id, ct);
        if (municipality is null)
        {
            return null;
        }

        if (active) municipality.Activate(time.GetUtcNow());
        else municipality.Deactivate(time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Municipality {MunicipalityId} is now {State}", id, active ? "active" : "inactive");
        return ToResponse(municipality);
    }

    private async Task<MunicipalityResponse?> UpdateAsync(
        Guid id, string name, string? organisationNumber, string? timeZone, MunicipalitySettingsContract? settings, CancellationToken ct)
    {
        var municipality = await db.Municipalities.SingleOrDefaultAsync(m => m.Id == id, ct);
        if (municipality is null)
        {
            return null;
        }

        if (organisationNumber is not null && organisationNumber != municipality.OrganisationNumber)
        {
            await EnsureOrganisationNumberIsFreeAsync(organisationNumber, exceptId: id, ct);
            municipality.OrganisationNumber = organisationNumber;
        }

        Apply(municipality, name, timeZone, settings);
        await db.SaveChangesAsync(ct);
        return ToResponse(municipality);
    }

    private async Task EnsureOrganisationNumberIsFreeAsync(string organisationNumber, Guid? exceptId, CancellationToken ct)
    {
        // The unique index still guards against a race; this check gives the caller a clear message.
        if (await db.Municipalities.AnyAsync(m => m.OrganisationNumber == organisationNumber && m.Id != exceptId, ct))
        {
            throw new RuleConflictException($"Organisasjonsnummeret {organisationNumber} er allerede registrert på en annen kommune.");
        }
    }

    /// <summary>Sets the name, and the time zone and settings where given; what is left out stays as it is (or at the defaults).</summary>
    private void Apply(Municipality municipality, string name, string? timeZone, MunicipalitySettingsContract? settings)
    {
        municipality.Name = name.Trim();
        if (timeZone is not null)
        {
            municipality.TimeZone = timeZone;
        }

        if (settings is not null)
        {
            municipality.Settings.AbsenceNoteEnabled = settings.AbsenceNoteEnabled;
            municipality.Settings.AbsenceNoteMaxLength = settings.AbsenceNoteMaxLength;
            municipality.Settings.DefaultLanguage = settings.DefaultLanguage;
        }

        municipality.Touch(time.GetUtcNow());
    }

    private static MunicipalityResponse ToResponse(Municipality m) => new(
        m.Id, m.Name, m.OrganisationNumber, m.TimeZone,
        new MunicipalitySettingsContract(m.Settings.AbsenceNoteEnabled, m.Settings.AbsenceNoteMaxLength, m.Settings.DefaultLanguage),
        m.IsActive);
}
