using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Meldebok.Server.Infrastructure.Data;

namespace Meldebok.Server.Features.Sfo;

/// <summary>
/// The rows of an SFO unit's board for a day: the expected children with the day's check-ins and check-outs that stand, the
/// handovers and missing-child alerts, and the pickup plans with the authorized persons. No access check: the caller
/// (<see cref="SfoBoardService"/>) has made it.
/// </summary>
internal sealed class SfoBoardRows(MeldebokDbContext db, SfoExpected expected, Pickup.PickupPlans pickup, TimeProvider time, IOptions<SfoOptions> options)
{
    /// <summary>
    /// The board's rows (of the children in <paramref name="only"/> when given) and, for the whole board, the counts. Two round
    /// trips: the expected children with the day's marks, then the pickup plans with the authorized persons.
    /// </summary>
    public async Task<(List<SfoBoardRow> Rows, SfoBoardCounts? Counts)> ReadAsync(Guid unitId, DateOnly date, IReadOnlyCollection<Guid>? only, CancellationToken ct)
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

        // The whole board: the children with a place or a mark, as one set of ids (a hash of a few hundred), then their rows by
        // key: an OR of the four as correlated EXISTS made PostgreSQL test every pupil of the municipality. A delta's children
        // are given: one of them with neither a place nor a check-in or check-out gives no row either way (below). Without that
        // set the statement, read as each event is pushed, is planned in 0.7 ms instead of 1.05 and finds the day's check-ins
        // by pupil and date instead of filtering the unit's whole day (pg_stat_statements at the afternoon rush: 1.5 ms against
        // 2.7-5.4 ms).
        if (only is null)
        {
            var onBoard = places.Select(c => c.PupilId)
                .Union(attendances.Select(a => a.PupilId))
                .Union(handedOver.Select(h => h.PupilId))
                .Union(alerted.Select(a => a.PupilId));
            pupils = pupils.Where(p => onBoard.Contains(p.Id));
        }

        var marks = await pupils
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
        var byPupil = events.ToLookup(e => e.Attendance.PupilId);
        SfoBoardEvent? Last(Guid pupilId, SfoAttendanceKind kind) => byPupil[pupilId]
            .Where(e => e.Attendance.Kind == kind)
            .OrderByDescending(e => e.Attendance.OccurredAt)
            .Select(e => e.Attendance)
            .Select(a => new SfoBoardEvent(a.Id, a.OccurredAt, a.Reason, a.Method, a.AuthorizedPersonId, a.PickedUpByName, Undoable(a.OccurredAt, now)))
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

    /// <summary>The rows with their check-ins' and check-outs' undo flags as of now (for rows read a moment ago).</summary>
    public List<SfoBoardRow> UndoableNow(IEnumerable<SfoBoardRow> rows)
    {
        var now = time.GetUtcNow();
        SfoBoardEvent? AsOfNow(SfoBoardEvent? e) => e is null ? null : e with { Undoable = Undoable(e.At, now) };
        return rows.Select(r => r with { CheckIn = AsOfNow(r.CheckIn), CheckOut = AsOfNow(r.CheckOut) }).ToList();
    }

    private bool Undoable(DateTimeOffset occurredAt, DateTimeOffset now) => now <= occurredAt + TimeSpan.FromSeconds(options.Value.UndoWindowSeconds);
}
