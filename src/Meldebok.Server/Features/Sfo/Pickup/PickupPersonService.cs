using Meldebok.Server.Features.Audit;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Validation;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Sfo.Pickup;

/// <summary>
/// A child's authorized pickup persons: read by every guardian and staff member who reaches the child, managed by guardians
/// with parental responsibility (<see cref="PickupAccess"/>). Removing keeps the row (<c>removed_at</c>); every change is audited.
/// </summary>
internal sealed class PickupPersonService(MeldebokDbContext db, PickupAccess access, MunicipalClock clock, TimeProvider time, AuditLog audit)
{
    /// <summary>The child's persons that are not removed, by name; null when the caller does not reach the child.</summary>
    public async Task<List<PickupPersonResponse>?> ListAsync(Guid pupilId, CancellationToken ct)
    {
        if (await access.ReadableAsync(pupilId, ct) is not { } child)
        {
            return null;
        }

        var today = await clock.TodayAsync(child.MunicipalityId, ct);
        var persons = await db.AuthorizedPickupPersons.AsNoTracking()
            .Where(p => p.PupilId == pupilId && p.RemovedAt == null)
            .OrderBy(p => p.Name).ThenBy(p => p.Id)
            .ToListAsync(ct);
        return persons.Select(p => ToResponse(p, today)).ToList();
    }

    public async Task<PickupPersonResponse?> CreateAsync(Guid pupilId, PickupPersonRequest request, CancellationToken ct)
    {
        if (await access.ManageableAsync(pupilId, ct) is not { } child)
        {
            return null;
        }

        var today = await clock.TodayAsync(child.MunicipalityId, ct);
        var valid = Validated(request, today);
        var now = time.GetUtcNow();
        var person = new AuthorizedPickupPerson
        {
            MunicipalityId = child.MunicipalityId,
            PupilId = pupilId,
            Name = valid.Name,
            Relation = valid.Relation,
            Phone = valid.Phone,
            ValidUntil = request.ValidUntil,
            CreatedByGuardianId = child.GuardianId!.Value,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.AuthorizedPickupPersons.Add(person);
        audit.Add(AuditActions.PickupPersonChanged, Audited(person, child));
        await db.SaveChangesAsync(ct);
        return ToResponse(person, today);
    }

    /// <summary>Changes a person; null when out of reach or not this child's; 409 when the person was removed.</summary>
    public async Task<PickupPersonResponse?> UpdateAsync(Guid pupilId, Guid id, PickupPersonRequest request, CancellationToken ct)
    {
        if (await access.ManageableAsync(pupilId, ct) is not { } child
            || await db.AuthorizedPickupPersons.AsTracking().SingleOrDefaultAsync(p => p.Id == id && p.PupilId == pupilId, ct) is not { } person)
        {
            return null;
        }

        if (person.RemovedAt is not null)
        {
            throw new RuleConflictException(PickupTexts.PersonRemoved);
        }

        var today = await clock.TodayAsync(child.MunicipalityId, ct);
        var valid = Validated(request, today);
        person.Name = valid.Name;
        person.Relation = valid.Relation;
        person.Phone = valid.Phone;
        person.ValidUntil = request.ValidUntil;
        person.UpdatedAt = time.GetUtcNow();
        audit.Add(AuditActions.PickupPersonChanged, Audited(person, child));
        await db.SaveChangesAsync(ct);
        return ToResponse(person, today);
    }

    /// <summary>Removes a person (kept as history); removing again changes nothing. False when out of reach.</summary>
    public async Task<bool> RemoveAsync(Guid pupilId, Guid id, CancellationToken ct)
    {
        if (await access.ManageableAsync(pupilId, ct) is not { } child
            || await db.AuthorizedPickupPersons.AsTracking().SingleOrDefaultAsync(p => p.Id == id && p.PupilId == pupilId, ct) is not { } person)
        {
            return false;
        }

        if (person.RemovedAt is null)
        {
            person.RemovedAt = person.UpdatedAt = time.GetUtcNow();
            audit.Add(AuditActions.PickupPersonChanged, Audited(person, child));
            await db.SaveChangesAsync(ct);
        }

        return true;
    }

    private static AuditSubject Audited(AuthorizedPickupPerson person, PickupChild child) =>
        new(person.MunicipalityId, AuditObjects.PickupPerson, person.Id, person.PupilId, child.GuardianId);

    private static (string Name, string Relation, string Phone) Validated(PickupPersonRequest request, DateOnly today)
    {
        var errors = new FieldErrors();
        var name = RosterQueries.NullIfBlank(request.Name);
        var relation = RosterQueries.NullIfBlank(request.Relation);
        var phone = NorwegianIdentifiers.NormaliseNorwegianMobile(request.Phone);
        if (name is null) errors.Add("name", "Navn må fylles ut.");
        if (relation is null) errors.Add("relation", "Relasjon må fylles ut, for eksempel Bestemor.");
        if (phone is null) errors.Add("phone", "Mobilnummeret må være et norsk mobilnummer med 8 siffer som begynner på 4 eller 9, for eksempel 912 34 567.");
        if (request.ValidUntil < today) errors.Add("validUntil", "Gyldig til kan ikke være en dag som er passert.");
        errors.ThrowIfAny();
        return (name!, relation!, phone!);
    }

    internal static PickupPersonResponse ToResponse(AuthorizedPickupPerson p, DateOnly today) =>
        new(p.Id, p.PupilId, p.Name, p.Relation, p.Phone, p.ValidUntil, p.IsValidOn(today), p.CreatedAt, p.UpdatedAt);
}
