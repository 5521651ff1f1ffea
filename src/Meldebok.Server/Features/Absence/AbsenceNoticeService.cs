using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Features.Absence;

/// <summary>
/// Guardians' absence notices: report, list, read, edit and withdraw. Every guardian who reaches the
/// child sees and may change its notices; everyone else gets 404.
/// </summary>
internal sealed class AbsenceNoticeService(
    MeldebokDbContext db, AccessScope scope, AbsenceNoticeRules rules, MunicipalClock clock, TimeProvider time, IOptions<AbsenceOptions> options,
    UsageRecorder usage)
{
    /// <summary>Reports a notice, or returns null when the guardian does not reach the pupil.</summary>
    public async Task<AbsenceNoticeResponse?> ReportAsync(AbsenceNoticeRequest request, CancellationToken ct)
    {
        var pupilId = request.PupilId!.Value;
        if (await rules.GuardianReportTargetAsync(pupilId, ct) is not { } target)
        {
            return null;
        }

        var placement = target.Placement;
        var profile = await clock.ProfileAsync(placement.MunicipalityId, ct);
        var localNow = clock.LocalNow(profile.TimeZone);
        var change = Validated(request.Change, placement, localNow, profile);

        // Whole microseconds, as PostgreSQL stores them: the response is built from this object, not read back.
        var now = time.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % 10));
        var notice = new AbsenceNotice
        {
            MunicipalityId = placement.MunicipalityId,
            PupilId = pupilId,
            SchoolId = placement.SchoolId,
            ReportedByGuardianId = target.ReporterId,
            Channel = AbsenceChannel.Digital,
            CreatedAt = now,
        };
        Apply(notice, change, now);
        var lateAt = AbsenceNoticeRules.LateAt(notice.ToSfo, notice.FirstDate, notice.LastDate, placement, localNow);
        notice.IsLate = lateAt.Count > 0;
        db.AbsenceNotices.Add(notice);
        rules.Enqueue(AbsenceEvents.Reported, notice, placement, urgent: notice.IsLate);
        usage.Record(UsageActions.AbsenceReported, placement.MunicipalityId, placement.SchoolId, UsageChannels.Digital, UsageRoles.Guardian, target.ReporterId, DateOnly.FromDateTime(localNow));
        // The notice, its outbox row and its usage event: one batch, one implicit transaction.
        await db.SaveAsOneBatchAsync(ct);
        // A new notice has no receipts yet; everything else the response shows was just written.
        return ToResponse(notice, target.GivenName, target.FamilyName, localNow, []);
    }

    public async Task<Paged<AbsenceNoticeResponse>> ListAsync(AbsenceNoticeFilter filter, PageRequest page, CancellationToken ct)
    {
        var query = await VisibleAsync(ct);
        if (filter.PupilId is { } pupilId) query = query.Where(n => n.PupilId == pupilId);
        if (filter.From is { } from) query = query.Where(n => n.LastDate >= from);
        if (filter.To is { } to) query = query.Where(n => n.FirstDate <= to);
        if (filter.IncludeWithdrawn != true) query = query.Where(n => n.Status == AbsenceNoticeStatus.Active);

        var rows = await query
            .Join(db.Pupils, n => n.PupilId, p => p.Id, (n, p) => new NoticeRow { Notice = n, GivenName = p.GivenName, FamilyName = p.FamilyName })
            .OrderByDescending(x => x.Notice.FirstDate).ThenByDescending(x => x.Notice.CreatedAt).ThenByDescending(x => x.Notice.Id)
            .ToPageAsync(page, ct);
        var items = await ResponsesAsync(rows.Items, ct);
        return new Paged<AbsenceNoticeResponse>(items, rows.Page, rows.PageSize, rows.TotalCount);
    }

    public async Task<AbsenceNoticeResponse?> GetAsync(Guid id, CancellationToken ct)
    {
        var row = await (await VisibleAsync(ct))
            .Where(n => n.Id == id)
            .Join(db.Pupils, n => n.PupilId, p => p.Id, (n, p) => new NoticeRow { Notice = n, GivenName = p.GivenName, FamilyName = p.FamilyName })
            .SingleOrDefaultAsync(ct);
        return row is null ? null : (await ResponsesAsync([row], ct))[0];
    }

    /// <summary>Edits a notice that has not started; null when the guardian does not reach it.</summary>
    public async Task<AbsenceNoticeResponse?> UpdateAsync(Guid id, AbsenceNoticeChange request, CancellationToken ct)
    {
        if (await (await VisibleAsync(ct)).AsTracking().SingleOrDefaultAsync(n => n.Id == id, ct) is not { } notice)
        {
            return null;
        }

        var placement = await rules.PlacementAsync(notice.PupilId, ct);
        var profile = await clock.ProfileAsync(notice.MunicipalityId, ct);
        var localNow = clock.LocalNow(profile.TimeZone);
        EnsureChangeable(notice, localNow);
        var change = Validated(request, placement, localNow, profile);
        Apply(notice, change, time.GetUtcNow());
        var lateAt = AbsenceNoticeRules.LateAt(notice.ToSfo, notice.FirstDate, notice.LastDate, placement, localNow);
        notice.IsLate = lateAt.Count > 0;
        rules.Enqueue(AbsenceEvents.Updated, notice, placement, urgent: notice.IsLate);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Withdraws a notice that has not started (a second withdrawal changes nothing); null when out of reach.</summary>
    public async Task<AbsenceNoticeResponse?> WithdrawAsync(Guid id, CancellationToken ct)
    {
        if (await (await VisibleAsync(ct)).AsTracking().SingleOrDefaultAsync(n => n.Id == id, ct) is not { } notice)
        {
            return null;
        }

        if (notice.Status == AbsenceNoticeStatus.Active)
        {
            var placement = await rules.PlacementAsync(notice.PupilId, ct);
            var localNow = await rules.LocalNowAsync(notice.MunicipalityId, ct);
            EnsureChangeable(notice, localNow);
            var now = time.GetUtcNow();
            notice.Status = AbsenceNoticeStatus.Withdrawn;
            notice.WithdrawnAt = now;
            notice.UpdatedAt = now;
            rules.Enqueue(AbsenceEvents.Withdrawn, notice, placement);
            await db.SaveChangesAsync(ct);
        }

        return await GetAsync(id, ct);
    }

    /// <summary>The children the guardian may report for, by name, with whether each attends SFO (for the report form).</summary>
    public async Task<List<AbsenceChild>> ChildrenAsync(CancellationToken ct)
    {
        var pupils = await scope.GuardianPupilsAsync(ct);
        return await pupils.AsNoTracking()
            .OrderBy(p => p.GivenName).ThenBy(p => p.FamilyName).ThenBy(p => p.Id)
            .Select(p => new AbsenceChild(p.Id, p.GivenName, p.FamilyName, p.MunicipalityId,
                db.GroupMemberships.Any(m => m.PupilId == p.Id && db.Groups.Any(g => g.Id == m.GroupId && g.IsActive && g.Kind == GroupKind.SfoGroup))))
            .ToListAsync(ct);
    }

    /// <summary>The notices of every child the guardian reaches, whoever reported or logged them.</summary>
    private async Task<IQueryable<AbsenceNotice>> VisibleAsync(CancellationToken ct)
    {
        var pupils = await scope.GuardianPupilsAsync(ct);
        return db.AbsenceNotices.AsNoTracking().Where(n => pupils.Any(p => p.Id == n.PupilId));
    }

    private static void EnsureChangeable(AbsenceNotice notice, DateTime localNow)
    {
        if (notice.Status != AbsenceNoticeStatus.Active)
        {
            throw new RuleConflictException("Fraværsmeldingen er trukket og kan ikke endres.");
        }

        if (notice.LeaveApplicationId is not null)
        {
            throw new RuleConflictException(AbsenceMessages.StemsFromLeave);
        }

        if (AbsenceNoticeRules.HasStarted(notice, localNow))
        {
            throw new RuleConflictException(AbsenceMessages.HasStarted);
        }
    }

    /// <summary>The checks that need the roster, the municipality's settings and the clock; every bad field is named.</summary>
    private ValidChange Validated(AbsenceNoticeChange request, PupilPlacement placement, DateTime localNow, MunicipalityProfile settings)
    {
        var errors = new FieldErrors();
        var first = request.FirstDate!.Value;
        var last = request.LastDate!.Value;
        AbsenceNoticeRules.CheckDates(first, last, DateOnly.FromDateTime(localNow), options.Value, errors);

        if (request.FromTime is not null || request.ToTime is not null)
        {
            if (request.FromTime is null) errors.Add("fromTime", "Fra-klokkeslett må fylles ut for fravær en del av dagen.");
            if (request.ToTime is null) errors.Add("toTime", "Til-klokkeslett må fylles ut for fravær en del av dagen.");
            if (request.FromTime >= request.ToTime) errors.Add("toTime", "Til-klokkeslett må være etter fra-klokkeslett.");
            if (first != last && !errors.Has("lastDate")) errors.Add("lastDate", "Fravær en del av dagen gjelder én dag: første og siste dag må være like.");
        }

        var toSchool = request.ToSchool ?? false;
        var toSfo = request.ToSfo ?? false;
        AbsenceNoticeRules.CheckRecipients(toSchool, toSfo, placement, errors);

        var note = RosterQueries.NullIfBlank(request.Note);
        if (note is not null)
        {
            if (!settings.AbsenceNoteEnabled)
            {
                errors.Add("note", "Kommunen tillater ikke merknad på fraværsmeldinger.");
            }
            else if (note.Length > settings.AbsenceNoteMaxLength)
            {
                errors.Add("note", $"Merknaden kan ha høyst {settings.AbsenceNoteMaxLength} tegn.");
            }
        }

        errors.ThrowIfAny();
        return new ValidChange(first, last, request.FromTime, request.ToTime, toSchool, toSfo, request.Reason!.Value, note);
    }

    private static void Apply(AbsenceNotice notice, ValidChange change, DateTimeOffset now)
    {
        notice.FirstDate = change.FirstDate;
        notice.LastDate = change.LastDate;
        notice.FromTime = change.FromTime;
        notice.ToTime = change.ToTime;
        notice.ToSchool = change.ToSchool;
        notice.ToSfo = change.ToSfo;
        notice.Reason = change.Reason;
        notice.Note = change.Note;
        notice.UpdatedAt = now;
    }

    private async Task<List<AbsenceNoticeResponse>> ResponsesAsync(IReadOnlyList<NoticeRow> rows, CancellationToken ct)
    {
        var receipts = await rules.ReceiptsAsync(rows.Select(r => r.Notice.Id).ToList(), ct);
        var localNow = new Dictionary<Guid, DateTime>();
        var items = new List<AbsenceNoticeResponse>(rows.Count);
        foreach (var row in rows)
        {
            var n = row.Notice;
            if (!localNow.TryGetValue(n.MunicipalityId, out var now))
            {
                localNow[n.MunicipalityId] = now = await clock.LocalNowAsync(n.MunicipalityId, ct);
            }

            items.Add(ToResponse(n, row.GivenName, row.FamilyName, now, receipts[n.Id].ToList()));
        }

        return items;
    }

    private static AbsenceNoticeResponse ToResponse(AbsenceNotice n, string givenName, string familyName, DateTime localNow, List<AbsenceReceipt> receipts) => new(
        n.Id, n.PupilId, givenName, familyName, n.Channel, n.ToSchool, n.ToSfo, n.FirstDate, n.LastDate, n.FromTime, n.ToTime,
        n.Reason, n.Note, n.IsLate, n.Status, n.Status == AbsenceNoticeStatus.Active && n.LeaveApplicationId is null && !AbsenceNoticeRules.HasStarted(n, localNow),
        n.CreatedAt, n.UpdatedAt, n.WithdrawnAt, receipts);

    /// <summary>A notice with its pupil's name; a member-initialised class so that EF Core can order and page by it.</summary>
    private sealed class NoticeRow
    {
        public required AbsenceNotice Notice { get; init; }
        public required string GivenName { get; init; }
        public required string FamilyName { get; init; }
    }

    /// <summary>A child in the report form.</summary>
    internal sealed record AbsenceChild(Guid Id, string GivenName, string FamilyName, Guid MunicipalityId, bool AtSfo);

    private sealed record ValidChange(
        DateOnly FirstDate, DateOnly LastDate, TimeOnly? FromTime, TimeOnly? ToTime, bool ToSchool, bool ToSfo, AbsenceReason Reason, string? Note);
}
