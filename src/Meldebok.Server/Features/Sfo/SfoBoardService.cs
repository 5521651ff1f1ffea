using Meldebok.Server.Features.Absence;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Features.Sfo;

/// <summary>
/// The SFO board of a unit and day, and the guardian's view of the child's day. The board is built from three queries whatever
/// the number of children: the unit with the caller's access to its board and the event cursor; the expected children with the
/// day's check-ins and check-outs that stand, the handovers and missing-child alerts; and the pickup plans with the authorized
/// persons. A delta (<c>?since=</c>) adds one query for the children the events since then name, and reads only their rows.
/// </summary>
internal sealed class SfoBoardService(MeldebokDbContext db, SfoAccess access, SfoExpected expected, AccessScope scope, MunicipalClock clock,
    Pickup.PickupPlans pickup, TimeProvider time, IOptions<SfoOptions> options)
{
    public Task<List<SfoBoardUnit>> UnitsAsync(CancellationToken ct) => access.BoardUnitsAsync(ct);

    /// <summary>The unit's whole day with its cursor (<see cref="SfoBoardResponse.LastEventId"/>); null when the caller does not work the board.</summary>
    public Task<SfoBoardResponse?> BoardAsync(Guid unitId, DateOnly date, CancellationToken ct) => BoardAsync(unitId, date, since: null, ct);

    /// <summary>
    /// The unit's day: with <paramref name="since"/>, only the children whose row changed after that event (a delta), else — or
    /// when the events after it are no longer kept, it is unknown, or one of them names no child — the whole day. Null when the
    /// caller does not work the board. A delta reads the changed children only: the roster roles, the unit with the caller's
    /// access and the cursor, the changed children (only when an event was published since), their rows and their plans (only
    /// when a child changed).
    /// </summary>
    public async Task<SfoBoardResponse?> BoardAsync(Guid unitId, DateOnly date, long? since, CancellationToken ct)
    {
        if (await access.BoardUnitWithEventsAsync(unitId, ct) is not ({ } unit, { } events))
        {
            return null;
        }

        // Nothing published since: nothing changed, and nothing more to read.
        if (since is { } after && events.ReachesBackTo(after)
            && (after == events.Newest ? new List<Guid>() : await ChangedPupilsAsync(unit, after, events.Newest, ct)) is { } changed)
        {
            List<SfoBoardRow> changedRows = changed.Count == 0 ? [] : (await RowsAsync(unit.Id, date, changed, ct)).Rows;
            var onBoard = changedRows.Select(r => r.PupilId).ToHashSet();
            return new SfoBoardResponse(unit.Id, unit.Name, date, changedRows, Counts: null, events.Newest, Full: false,
                [.. changed.Where(id => !onBoard.Contains(id)).Order()]);
        }

        var (rows, counts) = await RowsAsync(unit.Id, date, only: null, ct);
        return new SfoBoardResponse(unit.Id, unit.Name, date, rows, counts, events.Newest, Full: true, []);
    }

    /// <summary>Stands for an event to the unit's staff that names no child: the delta cannot say whose row changed.</summary>
    private static readonly Guid Unattributed = Guid.Empty;

    /// <summary>
    /// The children named by the events after <paramref name="since"/> up to <paramref name="upTo"/> that reach the unit's SFO
    /// staff (check-ins, check-outs and their undo, handovers through their pupils at this unit, missing-child alerts, pickup
    /// messages, absence to the SFO), and by those to the school office about a child with a place at the unit (leave). Null
    /// when one of them names no child. One round trip.
    /// </summary>
    private async Task<List<Guid>?> ChangedPupilsAsync(SfoUnitRef unit, long since, long upTo, CancellationToken ct)
    {
        var staff = Infrastructure.Realtime.Audiences.SfoStaff(unit.Id);
        var office = Infrastructure.Realtime.Audiences.SchoolOffice(unit.SchoolId);
        var ids = await db.Database.SqlQuery<Guid>($"""
            SELECT DISTINCT coalesce(hp.pupil_id, (e.payload ->> 'pupilId')::uuid, {Unattributed}) AS "Value"
            FROM outbox_events e
            LEFT JOIN sfo_handover_pupils hp
                ON e.type = {SfoEvents.HandedOver} AND hp.handover_id = (e.payload ->> 'handoverId')::uuid AND hp.sfo_unit_id = {unit.Id}
            WHERE e.sequence > {since} AND e.sequence <= {upTo}
              AND (e.audiences @> ARRAY[{staff}]::text[]
                   OR (e.audiences @> ARRAY[{office}]::text[]
                       AND EXISTS (SELECT 1 FROM sfo_enrolments s WHERE s.sfo_unit_id = {unit.Id} AND s.pupil_id = (e.payload ->> 'pupilId')::uuid)))
            """).ToListAsync(ct);
        return ids.Contains(Unattributed) ? null : ids;
    }

    /// <summary>
    /// The board's rows (of the children in <paramref name="only"/> when given) and, for the whole board, the counts. Two round
    /// trips: the expected children with the day's marks, then the pickup plans with the authorized persons.
    /// </summary>
    private async Task<(List<SfoBoardRow> Rows, SfoBoardCounts? Counts)> RowsAsync(Guid unitId, DateOnly date, IReadOnlyCollection<Guid>? only, CancellationToken ct)
    {
        // The expected children (their places with the day's absence) and the day's marks per child — check-ins and check-outs
        // that stand, the first handover, the missing-child alert — in one query over the pupils who have either.
        var enrolments = db.SfoEnrolments.Where(e => e.SfoUnitId == unitId);
        var attendances = db.SfoAttendances.Where(a => a.SfoUnitId == unitId && a.Date == date && a.UndoneAt == null);
        var handoverPupils = db.SfoHandoverPupils.Where(h => h.SfoUnitId == unitId && h.Date == date);
        var alerted = db.SfoMissingAlerts.Where(a => a.SfoUnitId == unitId && a.Date == date);
        var pupils = db.Pupils.AsNoTracking();
        if (only is not null)
        {
            // A delta reads the places and marks of the changed children only, not the whole unit's day.
            enrolments = enrolments.Where(e => only.Contains(e.PupilId));
            attendances = attendances.Where(a => only.Contains(a.PupilId));
            handoverPupils = handoverPupils.Where(h => only.Contains(h.PupilId));
            alerted = alerted.Where(a => only.Contains(a.PupilId));
            pupils = pupils.Where(p => only.Contains(p.Id));
        }

        var places = expected.On(enrolments, date);
        var handedOver = handoverPupils.Join(db.SfoHandovers, h => h.HandoverId, x => x.Id, (h, x) => new { h.PupilId, x.HandedOverAt });

        // The children with a place or a mark, as one set of ids (a hash of a few hundred), then their rows by key: an OR of
        // the four as correlated EXISTS made PostgreSQL test every pupil of the municipality.
        var onBoard = places.Select(c => c.PupilId)
            .Union(attendances.Select(a => a.PupilId))
            .Union(handedOver.Select(h => h.PupilId))
            .Union(alerted.Select(a => a.PupilId));
        var marks = await pupils
            .Where(p => onBoard.Contains(p.Id))
            .Select(p => new
            {
                PupilId = p.Id, p.GivenName, p.FamilyName,
                Place = places.Where(c => c.PupilId == p.Id).Select(c => new { c.AbsentWholeDay, c.AbsentFrom, c.AbsentTo }).FirstOrDefault(),
                HandedOverAt = handedOver.Where(h => h.PupilId == p.Id).Min(h => (DateTimeOffset?)h.HandedOverAt),
                Missing = alerted.Any(a => a.PupilId == p.Id),
                Events = attendances.Where(a => a.PupilId == p.Id).ToList(),
            })
            .ToListAsync(ct);
        var children = marks.Where(m => m.Place is not null)
            .Select(m => new ExpectedChild
            {
                PupilId = m.PupilId, GivenName = m.GivenName, FamilyName = m.FamilyName,
                AbsentWholeDay = m.Place!.AbsentWholeDay, AbsentFrom = m.Place.AbsentFrom, AbsentTo = m.Place.AbsentTo,
            })
            .ToList();
        var events = marks.SelectMany(m => m.Events.Select(a => new { Attendance = a, m.GivenName, m.FamilyName })).ToList();
        var handovers = marks.Where(m => m.HandedOverAt is not null).ToDictionary(m => m.PupilId, m => m.HandedOverAt!.Value);
        var alerts = marks.Where(m => m.Missing).Select(m => m.PupilId).ToHashSet();

        var now = time.GetUtcNow();
        var window = TimeSpan.FromSeconds(options.Value.UndoWindowSeconds);
        var byPupil = events.ToLookup(e => e.Attendance.PupilId);
        SfoBoardEvent? Last(Guid pupilId, SfoAttendanceKind kind) => byPupil[pupilId]
            .Where(e => e.Attendance.Kind == kind)
            .OrderByDescending(e => e.Attendance.OccurredAt)
            .Select(e => e.Attendance)
            .Select(a => new SfoBoardEvent(a.Id, a.OccurredAt, a.Reason, a.Method, a.AuthorizedPersonId, a.PickedUpByName, now <= a.OccurredAt + window))
            .FirstOrDefault();

        SfoBoardRow Row(Guid pupilId, string givenName, string familyName, bool enrolled, TimeOnly? from, TimeOnly? to)
        {
            var checkIn = Last(pupilId, SfoAttendanceKind.CheckIn);
            var checkOut = Last(pupilId, SfoAttendanceKind.CheckOut);
            if (checkOut is not null && checkIn is not null && checkOut.At < checkIn.At)
            {
                checkOut = null;
            }

            DateTimeOffset? handedOverAt = handovers.TryGetValue(pupilId, out var at) ? at : null;
            var state = checkOut is not null ? SfoBoardState.Gone
                : checkIn is not null ? SfoBoardState.Arrived
                : handedOverAt is not null ? SfoBoardState.HandedOver
                : SfoBoardState.Expected;
            var missing = alerts.Contains(pupilId) && state is SfoBoardState.Expected or SfoBoardState.HandedOver;
            return new SfoBoardRow(pupilId, givenName, familyName, enrolled, state, from, to, handedOverAt, checkIn, checkOut, missing,
                PickupPlan: null, AuthorizedPersons: []);
        }

        var present = children.Where(c => !c.AbsentWholeDay).ToList();
        var rows = present.Select(c => Row(c.PupilId, c.GivenName, c.FamilyName, true, c.AbsentFrom, c.AbsentTo)).ToList();
        var enrolledIds = children.Select(c => c.PupilId).ToHashSet();
        rows.AddRange(events.Where(e => !enrolledIds.Contains(e.Attendance.PupilId))
            .DistinctBy(e => e.Attendance.PupilId)
            .Select(e => Row(e.Attendance.PupilId, e.GivenName, e.FamilyName, false, null, null)));
        // A whole-day absent child who came anyway is on the board too.
        rows.AddRange(children.Where(c => c.AbsentWholeDay && byPupil[c.PupilId].Any())
            .Select(c => Row(c.PupilId, c.GivenName, c.FamilyName, true, null, null)));
        var counts = only is not null ? null : new SfoBoardCounts(
            rows.Count(r => r.State == SfoBoardState.Expected), rows.Count(r => r.State == SfoBoardState.HandedOver),
            rows.Count(r => r.State == SfoBoardState.Arrived), rows.Count(r => r.State == SfoBoardState.Gone), rows.Count(r => r.Missing),
            children.Count(c => c.AbsentWholeDay && !byPupil[c.PupilId].Any()));
        if (rows.Count == 0)
        {
            return (rows, counts);
        }

        // The day's pickup plan and who may pick up, for every child on the board in one more query.
        var day = await pickup.DayAsync(rows.Select(r => r.PupilId).ToList(), date, ct);
        rows = rows.Select(r => r with { PickupPlan = day.Plans.GetValueOrDefault(r.PupilId), AuthorizedPersons = day.Persons.GetValueOrDefault(r.PupilId) ?? [] }).ToList();
        rows = rows.OrderBy(r => r.GivenName, StringComparer.Create(new System.Globalization.CultureInfo("nb-NO"), false))
            .ThenBy(r => r.FamilyName, StringComparer.Create(new System.Globalization.CultureInfo("nb-NO"), false))
            .ThenBy(r => r.PupilId)
            .ToList();
        return (rows, counts);
    }

    /// <summary>
    /// The active pupils of the unit's school who are not on the day's board (<paramref name="onBoard"/>), by name: those the
    /// board can check in without a place, with a reason. Empty when the caller does not work the unit's board.
    /// </summary>
    public async Task<List<SfoSchoolPupil>> PupilsOffBoardAsync(Guid unitId, IReadOnlyCollection<Guid> onBoard, CancellationToken ct)
    {
        if (await access.BoardUnitAsync(unitId, ct) is not { } unit)
        {
            return [];
        }

        return await db.Pupils.AsNoTracking()
            .Where(p => p.SchoolId == unit.SchoolId && p.MunicipalityId == unit.MunicipalityId && p.IsActive && !onBoard.Contains(p.Id))
            .OrderBy(p => p.GivenName).ThenBy(p => p.FamilyName).ThenBy(p => p.Id)
            .Select(p => new SfoSchoolPupil(p.Id, p.GivenName, p.FamilyName))
            .ToListAsync(ct);
    }

    /// <summary>The SFO day of every child the guardian reaches, with the child's name, by name.</summary>
    public async Task<List<(string GivenName, SfoTodayResponse Today)>> ChildrenTodayAsync(CancellationToken ct)
    {
        var children = await (await scope.GuardianPupilsAsync(ct)).AsNoTracking()
            .OrderBy(p => p.GivenName).ThenBy(p => p.Id)
            .Select(p => new { p.Id, p.GivenName })
            .ToListAsync(ct);
        var days = new List<(string, SfoTodayResponse)>(children.Count);
        foreach (var child in children)
        {
            days.Add((child.GivenName, (await TodayAsync(child.Id, ct))!));
        }

        return days;
    }

    /// <summary>The child's SFO day today, for a guardian who reaches the child; null otherwise.</summary>
    public async Task<SfoTodayResponse?> TodayAsync(Guid pupilId, CancellationToken ct)
    {
        var pupils = await scope.GuardianPupilsAsync(ct);
        var pupil = await pupils.AsNoTracking().Where(p => p.Id == pupilId).Select(p => new { p.Id, p.MunicipalityId }).SingleOrDefaultAsync(ct);
        if (pupil is null)
        {
            return null;
        }

        var profile = await clock.ProfileAsync(pupil.MunicipalityId, ct);
        var today = DateOnly.FromDateTime(clock.LocalNow(profile.TimeZone));
        var place = await expected.On(db.SfoEnrolments.Where(e => e.PupilId == pupilId), today)
            .Select(c => new { c.SfoUnitId, c.AbsentWholeDay, c.AbsentFrom, c.AbsentTo, Unit = db.SfoUnits.Where(u => u.Id == c.SfoUnitId).Select(u => u.Name).Single() })
            .FirstOrDefaultAsync(ct);
        var events = await db.SfoAttendances.AsNoTracking()
            .Where(a => a.PupilId == pupilId && a.Date == today && a.UndoneAt == null)
            .OrderByDescending(a => a.OccurredAt)
            .Select(a => new { a.Kind, a.OccurredAt, a.Method, a.PickedUpByName, Unit = db.SfoUnits.Where(u => u.Id == a.SfoUnitId).Select(u => u.Name).Single() })
            .ToListAsync(ct);
        var checkIn = events.FirstOrDefault(e => e.Kind == SfoAttendanceKind.CheckIn);
        var checkOut = events.FirstOrDefault(e => e.Kind == SfoAttendanceKind.CheckOut && (checkIn is null || e.OccurredAt >= checkIn.OccurredAt));
        TimeOnly Local(DateTimeOffset at) => TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, profile.TimeZone).DateTime);

        var (status, summary) = (checkIn, checkOut) switch
        {
            (_, { } gone) => (SfoChildStatus.CheckedOut, SfoTexts.Summary(SfoAttendanceKind.CheckOut, gone.Method, gone.PickedUpByName, Local(gone.OccurredAt))),
            ({ } here, null) => (SfoChildStatus.CheckedIn, $"På SFO fra {SfoTexts.Clock(Local(here.OccurredAt))}"),
            _ when place is { AbsentWholeDay: false } => (SfoChildStatus.Expected, "Ventet på SFO i dag"),
            _ when place is { AbsentWholeDay: true } => (SfoChildStatus.NotExpected, "Meldt fravær fra SFO i dag"),
            _ => (SfoChildStatus.NotExpected, "Ikke på SFO i dag"),
        };
        return new SfoTodayResponse(pupilId, today, status, checkIn?.Unit ?? place?.Unit, place?.AbsentFrom, place?.AbsentTo,
            checkIn?.OccurredAt, checkOut?.OccurredAt, checkOut?.Method, checkOut?.PickedUpByName, summary);
    }
}
