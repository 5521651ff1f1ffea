using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Sfo.Pickup;

/// <summary>The event types of pickup messages.</summary>
internal static class PickupEvents
{
    /// <summary>A pickup message was sent or withdrawn; to the SFO staff of the child's units and the child's guardians.</summary>
    public const string Message = "pickup.message";
    /// <summary>A change for today after the unit's deadline; urgent, to the unit's SFO staff.</summary>
    public const string LateChange = "pickup.late-change";
}

/// <summary>An event's body: ids and flags only; receivers re-fetch through the API.</summary>
/// <param name="MessageId">The pickup message.</param>
/// <param name="PupilId">The child.</param>
/// <param name="Date">The day the message concerns.</param>
/// <param name="Urgent">Sent (or withdrawn) for today after the deadline.</param>
/// <param name="Withdrawn">The message was withdrawn.</param>
internal sealed record PickupMessageEvent(Guid MessageId, Guid PupilId, DateOnly Date, bool Urgent, bool Withdrawn);

/// <summary>
/// One-off pickup messages. Read as persons are; sent and withdrawn by guardians with parental responsibility or daily care
/// (<see cref="PickupAccess"/>). A message for a date supersedes the earlier one for that date (kept as history); a message
/// for today after the SFO unit's deadline is accepted, flagged late and pushed as urgent to the unit's SFO staff.
/// </summary>
internal sealed class PickupMessageService(
    MeldebokDbContext db, PickupAccess access, MunicipalClock clock, TimeProvider time, Outbox outbox, UsageRecorder usage, NotificationRecorder notifications)
{
    /// <summary>How far ahead a message may be sent.</summary>
    public const int MaxDaysAhead = 365;

    public async Task<Paged<PickupMessageResponse>?> ListAsync(Guid pupilId, PickupMessageFilter filter, PageRequest page, CancellationToken ct)
    {
        if (await access.ReadableAsync(pupilId, ct) is not { } child)
        {
            return null;
        }

        var from = filter.From ?? await clock.TodayAsync(child.MunicipalityId, ct);
        var query = db.PickupMessages.AsNoTracking().Where(m => m.PupilId == pupilId && m.Date >= from);
        if (filter.To is { } to) query = query.Where(m => m.Date <= to);
        if (filter.IncludeHistory != true) query = query.Where(m => m.SupersededAt == null && m.WithdrawnAt == null);
        return await Rows(query.OrderBy(m => m.Date).ThenByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)).ToPageAsync(page, ct);
    }

    /// <summary>Sends a message; null when the caller is not the child's guardian.</summary>
    public async Task<PickupMessageResponse?> SendAsync(Guid pupilId, PickupMessageRequest request, CancellationToken ct)
    {
        if (await access.MessageableAsync(pupilId, ct) is not { } child)
        {
            return null;
        }

        var localNow = await clock.LocalNowAsync(child.MunicipalityId, ct);
        var today = DateOnly.FromDateTime(localNow);
        var date = request.Date!.Value;
        var method = request.Method!.Value;
        var pickupName = RosterQueries.NullIfBlank(request.PickupName);
        var errors = new FieldErrors();
        if (date < today) errors.Add("date", "Hentemeldingen kan ikke gjelde en dag som er passert.");
        if (date > today.AddDays(MaxDaysAhead)) errors.Add("date", $"Hentemeldingen kan gjelde høyst {MaxDaysAhead} dager fram i tid.");
        await PickupPersons.CheckAsync(db, pupilId, method, request.AuthorizedPersonId, pickupName, date, errors, ct);
        errors.ThrowIfAny();

        var lateUnits = LateUnits(child, date, localNow);
        var now = time.GetUtcNow();
        var message = new PickupMessage
        {
            MunicipalityId = child.MunicipalityId,
            PupilId = pupilId,
            SchoolId = child.SchoolId,
            Date = date,
            Method = method,
            Time = request.Time!.Value,
            AuthorizedPersonId = method == DepartureMethod.PickedUp ? request.AuthorizedPersonId : null,
            PickupName = method == DepartureMethod.PickedUp ? pickupName : null,
            Note = RosterQueries.NullIfBlank(request.Note),
            IsLate = lateUnits.Count > 0,
            SentByGuardianId = child.GuardianId!.Value,
            CreatedAt = now,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await PickupPersons.LockChildAsync(db, pupilId, ct);
        // The earlier message for the day is kept, marked superseded, before the new one takes its place in the unique index.
        await db.PickupMessages
            .Where(m => m.PupilId == pupilId && m.Date == date && m.SupersededAt == null && m.WithdrawnAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.SupersededAt, now), ct);
        db.PickupMessages.Add(message);
        await EnqueueAsync(message, child, lateUnits, withdrawn: false, ct);
        usage.Record(UsageActions.PickupMessageSent, child.MunicipalityId, child.SchoolId, UsageChannels.Digital, UsageRoles.Guardian, child.GuardianId.Value, today);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        notifications.DeliverSoon();
        return await GetAsync(message.Id, ct);
    }

    /// <summary>
    /// Withdraws the current message for its day (the weekly rule counts again); withdrawing again changes nothing. Null when out
    /// of reach; 409 for a superseded message or a day that has passed.
    /// </summary>
    public async Task<PickupMessageResponse?> WithdrawAsync(Guid pupilId, Guid id, CancellationToken ct)
    {
        if (await access.MessageableAsync(pupilId, ct) is not { } child
            || await db.PickupMessages.AsTracking().SingleOrDefaultAsync(m => m.Id == id && m.PupilId == pupilId, ct) is not { } message)
        {
            return null;
        }

        if (message.Status == PickupMessageStatus.Withdrawn)
        {
            return await GetAsync(id, ct);
        }

        if (message.Status == PickupMessageStatus.Superseded)
        {
            throw new RuleConflictException(PickupTexts.MessageSuperseded);
        }

        var localNow = await clock.LocalNowAsync(child.MunicipalityId, ct);
        if (message.Date < DateOnly.FromDateTime(localNow))
        {
            throw new RuleConflictException(PickupTexts.MessagePast);
        }

        message.WithdrawnAt = time.GetUtcNow();
        await EnqueueAsync(message, child, LateUnits(child, message.Date, localNow), withdrawn: true, ct);
        await db.SaveChangesAsync(ct);
        notifications.DeliverSoon();
        return await GetAsync(id, ct);
    }

    /// <summary>The child's SFO units for which a change of <paramref name="date"/> now is late: the day is today and the unit's deadline has passed.</summary>
    private static List<Guid> LateUnits(PickupChild child, DateOnly date, DateTime localNow) =>
        date == DateOnly.FromDateTime(localNow)
            ? child.SfoUnits.Where(u => TimeOnly.FromDateTime(localNow) > u.Deadline).Select(u => u.Id).ToList()
            : [];

    /// <summary>The message's events, and for a late change the urgent event and notifications to the units' SFO staff.</summary>
    private async Task EnqueueAsync(PickupMessage message, PickupChild child, List<Guid> lateUnits, bool withdrawn, CancellationToken ct)
    {
        var urgent = lateUnits.Count > 0;
        var payload = new PickupMessageEvent(message.Id, message.PupilId, message.Date, urgent, withdrawn);
        outbox.Enqueue(PickupEvents.Message, child.MunicipalityId,
            child.SfoUnits.Select(u => Audiences.SfoStaff(u.Id)).Append(Audiences.PupilGuardians(message.PupilId)), payload);
        if (!urgent)
        {
            return;
        }

        outbox.Enqueue(PickupEvents.LateChange, child.MunicipalityId, lateUnits.Select(Audiences.SfoStaff), payload);
        var staffIds = await db.StaffAssignments.AsNoTracking()
            .Where(a => a.IsActive && (a.Role == StaffRole.SfoStaff || a.Role == StaffRole.SfoLeader)
                && db.Staff.Any(s => s.Id == a.StaffId && s.IsActive)
                && db.StaffAssignmentGroups.Any(ag => ag.StaffAssignmentId == a.Id
                    && db.Groups.Any(g => g.Id == ag.GroupId && g.IsActive && g.SfoUnitId != null && lateUnits.Contains(g.SfoUnitId.Value))))
            .Select(a => a.StaffId)
            .Distinct()
            .ToListAsync(ct);
        await notifications.RecordPickupLateChangeAsync(child.MunicipalityId, message.Id, staffIds, ct);
    }

    private async Task<PickupMessageResponse> GetAsync(Guid id, CancellationToken ct) =>
        await Rows(db.PickupMessages.AsNoTracking().Where(m => m.Id == id)).SingleAsync(ct);

    private IQueryable<PickupMessageResponse> Rows(IQueryable<PickupMessage> messages) =>
        messages.Select(m => new PickupMessageResponse(
            m.Id, m.PupilId, m.Date, m.Method, m.Time,
            db.AuthorizedPickupPersons.Where(p => p.Id == m.AuthorizedPersonId).Select(p => new PickupPersonSummary(p.Id, p.Name, p.Relation, p.Phone)).FirstOrDefault(),
            m.PickupName, m.Note, m.IsLate,
            m.WithdrawnAt != null ? PickupMessageStatus.Withdrawn : m.SupersededAt != null ? PickupMessageStatus.Superseded : PickupMessageStatus.Current,
            m.CreatedAt, m.SupersededAt, m.WithdrawnAt,
            db.Guardians.Where(g => g.Id == m.SentByGuardianId).Select(g => g.GivenName + " " + g.FamilyName).FirstOrDefault()));
}
