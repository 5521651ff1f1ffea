using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Sfo;

/// <summary>
/// SFO places of a unit: create, list, change and end. The pupil must attend the unit's school; a place needs at least one
/// weekday (Monday–Friday); its end is on or after its start; and a pupil has at most one place at a unit at a time.
/// </summary>
internal sealed class SfoEnrolmentService(MeldebokDbContext db, SfoAccess access, MunicipalClock clock, TimeProvider time)
{
    public const string Overlaps = "Eleven har allerede en SFO-plass ved denne enheten i den perioden. Avslutt eller endre den først.";

    public async Task<SfoEnrolmentResponse?> CreateAsync(Guid unitId, SfoEnrolmentRequest request, CancellationToken ct)
    {
        if (await access.ManagedUnitAsync(unitId, ct) is not { } unit)
        {
            return null;
        }

        var errors = new FieldErrors();
        var pupilId = request.PupilId!.Value;
        if (!await db.Pupils.AnyAsync(p => p.Id == pupilId && p.IsActive && p.SchoolId == unit.SchoolId && p.MunicipalityId == unit.MunicipalityId, ct))
        {
            errors.Add("pupilId", "Eleven går ikke ved skolen til denne SFO-en.");
        }

        var weekdays = Validated(request.Weekdays!, request.StartDate!.Value, request.EndDate, errors);
        errors.ThrowIfAny();
        await EnsureNoOverlapAsync(unitId, pupilId, null, request.StartDate!.Value, request.EndDate, ct);

        var now = Microseconds(time.GetUtcNow());
        var enrolment = new SfoEnrolment
        {
            MunicipalityId = unit.MunicipalityId,
            SfoUnitId = unitId,
            PupilId = pupilId,
            Weekdays = weekdays,
            PlacePercentage = request.PlacePercentage!.Value,
            StartDate = request.StartDate!.Value,
            EndDate = request.EndDate,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.SfoEnrolments.Add(enrolment);
        await db.SaveChangesAsync(ct);
        return await GetAsync(enrolment.Id, ct);
    }

    public async Task<Paged<SfoEnrolmentResponse>?> ListAsync(Guid unitId, SfoEnrolmentFilter filter, PageRequest page, CancellationToken ct)
    {
        if (await access.ManagedUnitAsync(unitId, ct) is null)
        {
            return null;
        }

        var query = db.SfoEnrolments.AsNoTracking().Where(e => e.SfoUnitId == unitId);
        if (filter.ActiveOn is { } day) query = query.Where(e => e.StartDate <= day && (e.EndDate == null || e.EndDate >= day));
        if (filter.PupilId is { } pupilId) query = query.Where(e => e.PupilId == pupilId);
        var rows = await Rows(query)
            .OrderBy(e => e.FamilyName).ThenBy(e => e.GivenName).ThenBy(e => e.StartDate).ThenBy(e => e.Id)
            .ToPageAsync(page, ct);
        return new Paged<SfoEnrolmentResponse>(rows.Items.Select(r => r.ToResponse()).ToList(), rows.Page, rows.PageSize, rows.TotalCount);
    }

    public async Task<SfoEnrolmentResponse?> UpdateAsync(Guid unitId, Guid id, SfoEnrolmentChange request, CancellationToken ct)
    {
        if (await access.ManagedUnitAsync(unitId, ct) is null
            || await db.SfoEnrolments.AsTracking().SingleOrDefaultAsync(e => e.Id == id && e.SfoUnitId == unitId, ct) is not { } enrolment)
        {
            return null;
        }

        var errors = new FieldErrors();
        var weekdays = Validated(request.Weekdays!, request.StartDate!.Value, request.EndDate, errors);
        errors.ThrowIfAny();
        await EnsureNoOverlapAsync(unitId, enrolment.PupilId, enrolment.Id, request.StartDate!.Value, request.EndDate, ct);
        enrolment.Weekdays = weekdays;
        enrolment.PlacePercentage = request.PlacePercentage!.Value;
        enrolment.StartDate = request.StartDate!.Value;
        enrolment.EndDate = request.EndDate;
        enrolment.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Ends a place on <see cref="SfoEnrolmentEnd.EndDate"/> (default today); the row stays.</summary>
    public async Task<SfoEnrolmentResponse?> EndAsync(Guid unitId, Guid id, SfoEnrolmentEnd end, CancellationToken ct)
    {
        if (await access.ManagedUnitAsync(unitId, ct) is not { } unit
            || await db.SfoEnrolments.AsTracking().SingleOrDefaultAsync(e => e.Id == id && e.SfoUnitId == unitId, ct) is not { } enrolment)
        {
            return null;
        }

        var endDate = end.EndDate ?? await clock.TodayAsync(unit.MunicipalityId, ct);
        if (enrolment.EndDate is { } ended && ended <= endDate)
        {
            throw new RuleConflictException($"SFO-plassen er allerede avsluttet {ended:dd.MM.yyyy}.");
        }

        if (endDate < enrolment.StartDate)
        {
            throw new FieldValidationException("endDate", "Sluttdato kan ikke være før startdato.");
        }

        enrolment.EndDate = endDate;
        enrolment.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    private async Task<SfoEnrolmentResponse?> GetAsync(Guid id, CancellationToken ct) =>
        (await Rows(db.SfoEnrolments.AsNoTracking().Where(e => e.Id == id)).SingleOrDefaultAsync(ct))?.ToResponse();

    private IQueryable<EnrolmentRow> Rows(IQueryable<SfoEnrolment> query) =>
        query.Join(db.Pupils, e => e.PupilId, p => p.Id, (e, p) => new EnrolmentRow
        {
            Id = e.Id, SfoUnitId = e.SfoUnitId, PupilId = e.PupilId, GivenName = p.GivenName, FamilyName = p.FamilyName, Weekdays = e.Weekdays,
            PlacePercentage = e.PlacePercentage, StartDate = e.StartDate, EndDate = e.EndDate, CreatedAt = e.CreatedAt, UpdatedAt = e.UpdatedAt,
        });

    private static SfoWeekdays Validated(IReadOnlyList<DayOfWeek> days, DateOnly start, DateOnly? end, FieldErrors errors)
    {
        var bits = SfoWeekdays.None;
        foreach (var day in days)
        {
            var bit = SfoWeekdayBits.Of(day);
            if (bit == SfoWeekdays.None)
            {
                errors.Add("weekdays", "SFO har bare plass mandag til fredag.");
                break;
            }

            bits |= bit;
        }

        if (days.Count == 0)
        {
            errors.Add("weekdays", "Minst én ukedag må velges.");
        }

        if (end < start)
        {
            errors.Add("endDate", "Sluttdato kan ikke være før startdato.");
        }

        return bits;
    }

    private async Task EnsureNoOverlapAsync(Guid unitId, Guid pupilId, Guid? except, DateOnly start, DateOnly? end, CancellationToken ct)
    {
        var last = end ?? DateOnly.MaxValue;
        if (await db.SfoEnrolments.AnyAsync(e => e.SfoUnitId == unitId && e.PupilId == pupilId && e.Id != except
                && e.StartDate <= last && (e.EndDate == null || e.EndDate >= start), ct))
        {
            throw new RuleConflictException(Overlaps);
        }
    }

    private static DateTimeOffset Microseconds(DateTimeOffset t) => t.AddTicks(-(t.Ticks % 10));

    /// <summary>A place with its pupil's name; member-initialised so that EF Core can order and page by it.</summary>
    private sealed class EnrolmentRow
    {
        public Guid Id { get; init; }
        public Guid SfoUnitId { get; init; }
        public Guid PupilId { get; init; }
        public string GivenName { get; init; } = "";
        public string FamilyName { get; init; } = "";
        public SfoWeekdays Weekdays { get; init; }
        public int PlacePercentage { get; init; }
        public DateOnly StartDate { get; init; }
        public DateOnly? EndDate { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }

        public SfoEnrolmentResponse ToResponse() => new(
            Id, SfoUnitId, PupilId, GivenName, FamilyName, SfoWeekdayBits.Days(Weekdays), PlacePercentage, StartDate, EndDate, CreatedAt, UpdatedAt);
    }
}
