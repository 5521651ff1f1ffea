using System.Globalization;
using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Features.Sfo;

/// <summary>
/// Check-in and check-out at an SFO unit, and their undo. A row per event: undo marks it undone, never deletes it.
/// Each check-in and check-out goes live to the unit's staff (ids only), to the child's guardians (what their page shows)
/// and through the guardians' chosen notification channels, and counts in the usage statistics — all in the same unit of work.
/// </summary>
internal sealed class SfoAttendanceService(
    MeldebokDbContext db, SfoAccess access, SfoExpected expected, MunicipalClock clock, Outbox outbox, UsageRecorder usage,
    NotificationRecorder notifications, Pickup.PickupPlans pickupPlans, TimeProvider time, IOptions<SfoOptions> options)
{
    public const string NotCheckedIn = "Barnet er ikke sjekket inn på SFO i dag og kan ikke sjekkes ut.";
    public const string AlreadyCheckedIn = "Barnet er allerede sjekket inn.";
    public const string UndoTooLate = "Angrefristen er ute.";

    public async Task<SfoAttendanceResponse?> CheckInAsync(Guid unitId, DateOnly date, SfoCheckInRequest request, CancellationToken ct)
    {
        if (await BoardActionAsync(unitId, date, request.PupilId!.Value, ct) is not (var action, var localNow))
        {
            return null;
        }

        var (unit, staffId) = (action.Unit, action.StaffId);
        var pupilId = request.PupilId!.Value;
        var reason = RosterQueries.NullIfBlank(request.Reason);
        var hasPlace = await expected.AtUnit(unitId, date).AnyAsync(c => c.PupilId == pupilId, ct);
        if (!hasPlace && reason is null)
        {
            throw new FieldValidationException("reason", "Barnet har ikke SFO-plass denne dagen. Oppgi grunnen til at barnet sjekkes inn.");
        }

        if (action.LastStanding == SfoAttendanceKind.CheckIn)
        {
            throw new RuleConflictException(AlreadyCheckedIn);
        }

        var row = new SfoAttendance
        {
            MunicipalityId = unit.MunicipalityId, SfoUnitId = unitId, PupilId = pupilId, Date = date, Kind = SfoAttendanceKind.CheckIn,
            OccurredAt = Microseconds(time.GetUtcNow()), StaffId = staffId, Reason = hasPlace ? null : reason,
        };
        await RecordAsync(action, row, localNow, UsageActions.SfoCheckIn, UsageChannels.Digital, ct);
        return ToResponse(row);
    }

    public async Task<SfoAttendanceResponse?> CheckOutAsync(Guid unitId, DateOnly date, SfoCheckOutRequest request, CancellationToken ct)
    {
        if (await BoardActionAsync(unitId, date, request.PupilId!.Value, ct) is not (var action, var localNow))
        {
            return null;
        }

        var (unit, staffId) = (action.Unit, action.StaffId);
        var pupilId = request.PupilId!.Value;
        var method = request.Method!.Value;
        var name = RosterQueries.NullIfBlank(request.PickedUpByName);
        var errors = new FieldErrors();
        Pickup.AuthorizedPickupPersonView? person = null;
        var unlisted = false;
        // The day's plan (for the usage channel) and who may pick the child up today, in one query.
        var day = await pickupPlans.DayAsync([pupilId], date, ct);
        if (method == DepartureMethod.PickedUp)
        {
            // Who may pick the child up today: the guardians' list of authorized persons valid on the day.
            var listed = day.Persons.GetValueOrDefault(pupilId) ?? [];
            if (request.AuthorizedPersonId is not null && name is not null)
            {
                errors.Add("authorizedPersonId", "Velg enten en person fra hentelisten eller skriv navnet, ikke begge.");
            }
            else if (request.AuthorizedPersonId is null && name is null)
            {
                errors.Add("pickedUpByName", "Oppgi hvem som hentet barnet: velg fra hentelisten eller skriv navnet.");
            }
            else if (request.AuthorizedPersonId is { } personId && (person = listed.FirstOrDefault(p => p.Id == personId)) is null)
            {
                errors.Add("authorizedPersonId", "Personen står ikke på barnets henteliste i dag. Skriv navnet og bekreft hentingen i stedet.");
            }
            else if (name is not null)
            {
                // A typed name that matches a listed person counts as that person.
                person = listed.FirstOrDefault(p => string.Equals(p.Name.Trim(), name, StringComparison.OrdinalIgnoreCase));
                unlisted = person is null;
                if (unlisted && request.ConfirmUnlistedPickup != true)
                {
                    errors.Add("confirmUnlistedPickup", $"{name} står ikke på hentelisten. Bekreft at barnet likevel kan hentes av denne personen.");
                }
            }
        }
        else if (request.AuthorizedPersonId is not null || name is not null)
        {
            errors.Add("method", "Hentet av noen oppgis bare når barnet blir hentet (PickedUp).");
        }

        errors.ThrowIfAny();
        if (action.LastStanding != SfoAttendanceKind.CheckIn)
        {
            throw new RuleConflictException(NotCheckedIn);
        }

        var row = new SfoAttendance
        {
            MunicipalityId = unit.MunicipalityId, SfoUnitId = unitId, PupilId = pupilId, Date = date, Kind = SfoAttendanceKind.CheckOut,
            OccurredAt = Microseconds(time.GetUtcNow()), StaffId = staffId, Method = method,
            AuthorizedPersonId = person?.Id,
            PickedUpByName = person is not null ? $"{person.Name} ({person.Relation.ToLower(CultureInfo.GetCultureInfo("nb-NO"))})" : name,
            UnlistedPickupConfirmedByStaffId = unlisted ? staffId : null,
            Note = RosterQueries.NullIfBlank(request.Note),
        };
        // A check-out as the guardians planned it digitally counts on the channel the metric sfo-pickup-plan-share follows.
        var plan = day.Plans.GetValueOrDefault(pupilId);
        await RecordAsync(action, row, localNow, UsageActions.SfoCheckOut, Follows(plan, method, person?.Name ?? name) ? UsageChannels.PickupPlan : UsageChannels.Digital, ct);
        return ToResponse(row);
    }

    /// <summary>
    /// Whether a check-out followed the day's pickup plan as the board shows it: the plan's method, and for a pickup the person
    /// the plan names (a listed person's name or the name in the pickup message, compared without case).
    /// </summary>
    private static bool Follows(Pickup.PickupPlan? plan, DepartureMethod method, string? pickedUpBy) =>
        plan is not null && plan.Method == method
        && (method != DepartureMethod.PickedUp
            || (plan.PersonName is { } planned && pickedUpBy is not null && string.Equals(planned.Trim(), pickedUpBy.Trim(), StringComparison.OrdinalIgnoreCase)));

    /// <summary>Undoes a check-in or check-out of the unit and day within Sfo:UndoWindowSeconds; 409 after, or for a check-in with a check-out after it.</summary>
    public async Task<SfoAttendanceResponse?> UndoAsync(Guid unitId, DateOnly date, Guid id, SfoAttendanceKind kind, CancellationToken ct)
    {
        if (await access.BoardUnitAsync(unitId, ct) is not { } unit
            || await db.SfoAttendances.AsTracking().SingleOrDefaultAsync(a => a.Id == id && a.SfoUnitId == unitId && a.Date == date && a.Kind == kind, ct) is not { } row)
        {
            return null;
        }

        if (row.UndoneAt is not null)
        {
            throw new RuleConflictException(kind == SfoAttendanceKind.CheckIn ? "Innsjekken er allerede angret." : "Utsjekken er allerede angret.");
        }

        var now = time.GetUtcNow();
        if (now > row.OccurredAt.AddSeconds(options.Value.UndoWindowSeconds))
        {
            throw new RuleConflictException(UndoTooLate);
        }

        if (kind == SfoAttendanceKind.CheckIn && await db.SfoAttendances.AnyAsync(a => a.SfoUnitId == unitId && a.PupilId == row.PupilId && a.Date == date
                && a.Kind == SfoAttendanceKind.CheckOut && a.UndoneAt == null && a.OccurredAt >= row.OccurredAt, ct))
        {
            throw new RuleConflictException("Barnet er sjekket ut. Angre utsjekken først.");
        }

        row.UndoneAt = now;
        row.UndoneByStaffId = (await access.StaffIdAsync(ct))!.Value;
        outbox.Enqueue(SfoEvents.Undone, unit.MunicipalityId, [.. SfoAccess.StaffAudiences(unit), Audiences.PupilGuardians(row.PupilId)],
            new SfoAttendanceEvent(row.Id, unitId, row.PupilId, row.Date));
        // The undo and its outbox row: one batch, one implicit transaction (or the idempotency key's transaction).
        await db.SaveAsOneBatchAsync(ct);
        return ToResponse(row);
    }

    /// <summary>
    /// Writes the row with its live events, notifications and usage event as one batch: in one implicit transaction, or, for a
    /// request with an <c>Idempotency-Key</c>, inside the transaction that holds the key and commits with the stored response
    /// (the endpoints are marked <c>WithOneTransactionIdempotency</c>). The notifications' delivery is enqueued after that
    /// commit (<see cref="NotificationRecorder.DeliverSoon"/>). With the access read (which also reads the guardians to notify)
    /// and the pickup day, a check-out makes three round trips of its own (bench/afternoon-rush).
    /// </summary>
    private async Task RecordAsync(SfoBoardAction action, SfoAttendance row, DateTime localNow, string usageAction, string usageChannel, CancellationToken ct)
    {
        var unit = action.Unit;
        db.SfoAttendances.Add(row);
        var checkIn = row.Kind == SfoAttendanceKind.CheckIn;
        outbox.Enqueue(checkIn ? SfoEvents.CheckedIn : SfoEvents.CheckedOut, unit.MunicipalityId, SfoAccess.StaffAudiences(unit),
            new SfoAttendanceEvent(row.Id, unit.Id, row.PupilId, row.Date));
        var local = TimeOnly.FromDateTime(localNow);
        outbox.Enqueue(checkIn ? SfoEvents.ChildCheckedIn : SfoEvents.ChildCheckedOut, unit.MunicipalityId, [Audiences.PupilGuardians(row.PupilId)],
            new SfoGuardianEvent(row.Id, row.PupilId, row.Kind, row.OccurredAt, SfoTexts.Clock(local), row.Method, row.PickedUpByName,
                SfoTexts.Summary(row.Kind, row.Method, row.PickedUpByName, local)));
        notifications.RecordSfoAttendance(unit.MunicipalityId, checkIn ? NotificationSource.SfoCheckIn : NotificationSource.SfoCheckOut, row.Id,
            action.GuardiansToNotify);
        usage.RecordStaff(usageAction, unit.MunicipalityId, unit.SchoolId, usageChannel, action.RolesAtSchool, row.StaffId, row.Date);
        await db.SaveAsOneBatchAsync(ct);
        notifications.DeliverSoon();
    }

    /// <summary>
    /// What every check-in and check-out starts with, in one round trip (<see cref="SfoAccess.BoardActionAsync"/>): the unit the
    /// caller works the board of (null: 404), the municipality's local time (cached), today only, a pupil of the unit's school,
    /// and the guardians to notify.
    /// </summary>
    private async Task<(SfoBoardAction Action, DateTime LocalNow)?> BoardActionAsync(Guid unitId, DateOnly date, Guid pupilId, CancellationToken ct)
    {
        if (await access.BoardActionAsync(unitId, pupilId, date, notifications.SfoGuardians(pupilId), ct) is not { } action)
        {
            return null;
        }

        var localNow = await clock.LocalNowAsync(action.Unit.MunicipalityId, ct);
        EnsureToday(date, localNow);
        if (!action.PupilAtSchool)
        {
            throw new FieldValidationException("pupilId", "Eleven går ikke ved skolen til denne SFO-en.");
        }

        return (action, localNow);
    }

    private static void EnsureToday(DateOnly date, DateTime localNow)
    {
        if (date != DateOnly.FromDateTime(localNow))
        {
            throw new FieldValidationException("date", "Inn- og utsjekk gjelder bare i dag.");
        }
    }

    private SfoAttendanceResponse ToResponse(SfoAttendance a) => new(
        a.Id, a.SfoUnitId, a.PupilId, a.Date, a.Kind, a.OccurredAt, a.Reason, a.Method, a.AuthorizedPersonId, a.PickedUpByName,
        a.UnlistedPickupConfirmedByStaffId is not null, a.Note, a.UndoneAt, a.OccurredAt.AddSeconds(options.Value.UndoWindowSeconds));

    private static DateTimeOffset Microseconds(DateTimeOffset t) => t.AddTicks(-(t.Ticks % 10));
}

/// <summary>The Norwegian words for a child's SFO status, shared by the live event, the guardian API and the notifications.</summary>
internal static class SfoTexts
{
    public static string Clock(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"Hentet av bestemor 15:42", "Gikk hjem selv 15:00", "Tok bussen 15:10", "Dro på aktivitet 14:30", "Kom til SFO 13:05".</summary>
    public static string Summary(SfoAttendanceKind kind, DepartureMethod? method, string? pickedUpBy, TimeOnly at)
    {
        var clock = Clock(at);
        if (kind == SfoAttendanceKind.CheckIn)
        {
            return $"Kom til SFO {clock}";
        }

        return method switch
        {
            DepartureMethod.PickedUp when pickedUpBy is not null => $"Hentet av {pickedUpBy} {clock}",
            DepartureMethod.PickedUp => $"Hentet {clock}",
            DepartureMethod.WentHomeAlone => $"Gikk hjem selv {clock}",
            DepartureMethod.Bus => $"Tok bussen {clock}",
            DepartureMethod.Activity => $"Dro på aktivitet {clock}",
            _ => $"Gikk fra SFO {clock}",
        };
    }
}
