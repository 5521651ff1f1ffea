using System.Globalization;
using System.Runtime.CompilerServices;
using Meldebok.Server.Features.Absence;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Sfo;

/// <summary>
/// The SFO board of a unit and day, and the guardian's view of the child's day. The board is built from three queries whatever
/// the number of children: the unit with the caller's access to its board and the event cursor; the expected children with the
/// day's check-ins and check-outs that stand, the handovers and missing-child alerts; and the pickup plans with the authorized
/// persons (<see cref="SfoBoardRows"/>). A delta (<c>?since=</c>) reads the children the events since then name with the unit
/// and the cursor, and only their rows, once for all the unit's boards that ask for the same change (<see cref="SfoBoardDeltaReads"/>).
/// </summary>
internal sealed class SfoBoardService(MeldebokDbContext db, SfoAccess access, SfoExpected expected, AccessScope scope, MunicipalClock clock,
    SfoBoardRows boardRows, SfoBoardDeltaReads deltaReads)
{
    public Task<List<SfoBoardUnit>> UnitsAsync(CancellationToken ct) => access.BoardUnitsAsync(ct);

    /// <summary>The unit's whole day with its cursor (<see cref="SfoBoardResponse.LastEventId"/>); null when the caller does not work the board.</summary>
    public Task<SfoBoardResponse?> BoardAsync(Guid unitId, DateOnly date, CancellationToken ct) => BoardAsync(unitId, date, since: null, ct);

    /// <summary>
    /// The unit's day: with <paramref name="since"/>, only the children whose row changed after that event (a delta), else — or
    /// when the events after it are no longer kept, it is unknown, one of them names no child or <see cref="DeltaWindow"/> or
    /// more follow it — the whole day. Null when the caller does not work the board. A delta reads the roster roles, then the
    /// unit with the caller's access, the cursor and the changed children in one statement, then their rows and plans (only
    /// when a child changed), once for every board that asks for the same change and often already read as the event was
    /// pushed (<see cref="SfoBoardDeltaReads"/>).
    /// </summary>
    public async Task<SfoBoardResponse?> BoardAsync(Guid unitId, DateOnly date, long? since, CancellationToken ct)
    {
        // A whole-day read asks for no change: no event comes after the largest sequence.
        if (await access.BoardUnitWithEventsAsync(unitId, ChangesAfter(unitId, since ?? long.MaxValue), ct) is not ({ } unit, { } events, var changes))
        {
            return null;
        }

        if (since is { } after && events.ReachesBackTo(after) && changes is { Unattributed: false, BeyondWindow: false })
        {
            // The rows are read once for every board that asks for the same change at the same moment.
            List<Guid> changed = [.. changes.Pupils ?? []];
            List<SfoBoardRow> changedRows = changed.Count == 0 ? []
                : boardRows.UndoableNow(await deltaReads.RowsAsync(unit.Id, date, changes.Newest!.Value, changed, ct));
            var onBoard = changedRows.Select(r => r.PupilId).ToHashSet();
            return new SfoBoardResponse(unit.Id, unit.Name, date, changedRows, Counts: null, events.Newest, Full: false,
                [.. changed.Where(id => !onBoard.Contains(id)).Order()]);
        }

        var (rows, counts) = await boardRows.ReadAsync(unit.Id, date, only: null, ct);
        return new SfoBoardResponse(unit.Id, unit.Name, date, rows, counts, events.Newest, Full: true, []);
    }

    /// <summary>
    /// The children named by the published events after <paramref name="since"/> that reach the unit's SFO staff (check-ins,
    /// check-outs and their undo, handovers through their pupils at this unit, missing-child alerts, pickup messages, absence
    /// to the SFO), and by those to the school office about a child with a place at the unit (leave); the newest of those
    /// events; whether one of them names no child; and whether <see cref="DeltaWindow"/> events or more, of any audience,
    /// follow <paramref name="since"/> (then only that many were looked at). One row, read in the statement that reads the
    /// board's cursor (<see cref="SfoAccess.BoardUnitWithEventsAsync"/>): in that snapshot no event comes after the cursor.
    /// <para>
    /// The events are the first <see cref="DeltaWindow"/> after the cursor by sequence, and the cursor is given as a sub-select,
    /// so that PostgreSQL estimates the statement alike whatever the cursor and keeps one generic plan for it on a connection.
    /// With the cursor as a plain parameter every board request was planned afresh (the value near the newest makes each
    /// custom plan look cheaper than the generic one): 2.4 ms of PostgreSQL's time a request at the afternoon rush, more
    /// than the statement's 0.7 ms of execution (bench/afternoon-rush, pg_stat_statements). The window keeps the generic plan
    /// a walk along the sequence index whose length is bounded.
    /// </para>
    /// </summary>
    private IQueryable<Changes> ChangesAfter(Guid unitId, long since) =>
        db.Database.SqlQuery<Changes>(FormattableStringFactory.Create(ChangesAfterSql, Infrastructure.Realtime.Audiences.SfoStaff(unitId),
            Infrastructure.Realtime.Audiences.SchoolOfficePrefix, unitId, since, SfoEvents.HandedOver));

    /// <summary>
    /// The statement of <see cref="ChangesAfter"/>: {0} the unit's staff audience, {1} the school office's prefix, {2} the unit,
    /// {3} the cursor, {4} the handover event's type — parameters; the window is written into the text, since a parameter
    /// there also made each custom plan look cheaper than the generic one.
    /// </summary>
    private static readonly string ChangesAfterSql = string.Create(CultureInfo.InvariantCulture, $$"""
        SELECT array_agg(DISTINCT n.pupil_id) FILTER (WHERE n.ours AND n.pupil_id IS NOT NULL) AS pupils,
               max(n.sequence) FILTER (WHERE n.ours) AS newest,
               coalesce(bool_or(n.pupil_id IS NULL) FILTER (WHERE n.ours), false) AS unattributed,
               count(DISTINCT n.sequence) >= {{DeltaWindow}} AS beyond_window
        FROM (
            SELECT coalesce(hp.pupil_id, (e.payload ->> 'pupilId')::uuid) AS pupil_id, e.sequence,
                   (e.audiences @> ARRAY[{0}]::text[]
                    OR (e.audiences @> ARRAY[(SELECT {1} || u.school_id FROM sfo_units u WHERE u.id = {2})]::text[]
                        AND EXISTS (SELECT 1 FROM sfo_enrolments s WHERE s.sfo_unit_id = {2} AND s.pupil_id = (e.payload ->> 'pupilId')::uuid))) AS ours
            FROM (
                SELECT o.sequence, o.type, o.payload, o.audiences
                FROM outbox_events o
                WHERE o.sequence > (SELECT {3}::bigint)
                ORDER BY o.sequence
                LIMIT {{DeltaWindow}}
            ) e
            LEFT JOIN sfo_handover_pupils hp
                ON e.type = {4} AND hp.handover_id = (e.payload ->> 'handoverId')::uuid AND hp.sfo_unit_id = {2}
        ) n
        """);

    /// <summary>
    /// The most events after a board's cursor a delta looks at; a board that many events behind or more reads the whole day. About
    /// 20 s of events at the national afternoon peak, while a live board asks after each of its unit's events.
    /// </summary>
    internal const int DeltaWindow = 2000;

    /// <summary>
    /// The children the events since a cursor name (null when none), the newest of those events (null when none), whether
    /// one of them names no child (then the delta cannot say whose row changed), and whether <see cref="DeltaWindow"/> events or
    /// more follow the cursor. Never all null: EF Core reads a row of nulls as no row.
    /// </summary>
    private sealed record Changes(Guid[]? Pupils, long? Newest, bool Unattributed, bool BeyondWindow);

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
