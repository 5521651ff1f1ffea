using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Features.Absence;

/// <summary>
/// Absences staff received through the channels Meldebok replaces (phone, paper message book, …),
/// logged in two taps and stored as notices with their channel, so statistics can show the digital share.
/// </summary>
internal sealed class LegacyAbsenceService(
    MeldebokDbContext db, AccessScope scope, StaffNoticeReach reach, AbsenceNoticeRules rules, TimeProvider time, IOptions<AbsenceOptions> options,
    UsageRecorder usage)
{
    /// <summary>Logs an absence; null when the staff member does not reach the pupil.</summary>
    public async Task<LegacyAbsenceListItem?> LogAsync(LegacyAbsenceRequest request, CancellationToken ct)
    {
        var pupilId = request.PupilId!.Value;
        if (!await (await scope.StaffPupilsAsync(ct)).AnyAsync(p => p.Id == pupilId, ct))
        {
            return null;
        }

        var errors = new FieldErrors();
        if (request.Channel == AbsenceChannel.Digital)
        {
            errors.Add("channel", "Digitale meldinger sendes av foresatte; velg kanalen meldingen kom gjennom.");
        }

        var placement = await rules.PlacementAsync(pupilId, ct);
        var localNow = await rules.LocalNowAsync(placement.MunicipalityId, ct);
        var first = request.FirstDate ?? DateOnly.FromDateTime(localNow);
        var last = request.LastDate ?? first;
        AbsenceNoticeRules.CheckDates(first, last, DateOnly.FromDateTime(localNow), options.Value, errors);
        var neitherGiven = request.ToSchool is null && request.ToSfo is null;
        var toSchool = neitherGiven || request.ToSchool == true;
        var toSfo = neitherGiven ? placement.AtSfo : request.ToSfo == true;
        AbsenceNoticeRules.CheckRecipients(toSchool, toSfo, placement, errors);
        errors.ThrowIfAny();

        var now = time.GetUtcNow();
        var notice = new AbsenceNotice
        {
            MunicipalityId = placement.MunicipalityId,
            PupilId = pupilId,
            SchoolId = placement.SchoolId,
            LoggedByStaffId = await reach.StaffIdAsync(ct),
            Channel = request.Channel!.Value,
            ToSchool = toSchool,
            ToSfo = toSfo,
            FirstDate = first,
            LastDate = last,
            Reason = request.Reason ?? AbsenceReason.Other,
            CreatedAt = now,
            UpdatedAt = now,
        };
        notice.IsLate = AbsenceNoticeRules.LateAt(toSfo, first, last, placement, localNow).Count > 0;
        db.AbsenceNotices.Add(notice);
        rules.Enqueue(AbsenceEvents.Reported, notice, placement, urgent: notice.IsLate);
        await usage.RecordStaffAsync(UsageActions.AbsenceLoggedLegacy, notice.MunicipalityId, notice.SchoolId, UsageRecorder.ChannelOf(notice.Channel),
            notice.LoggedByStaffId!.Value, DateOnly.FromDateTime(localNow), ct);
        await db.SaveChangesAsync(ct);
        return await Items(db.AbsenceNotices.Where(n => n.Id == notice.Id)).SingleAsync(ct);
    }

    /// <summary>The pupils the staff member may log absence for, by name, with their active groups (for the quick log).</summary>
    public async Task<List<LoggablePupil>> PupilsAsync(CancellationToken ct)
    {
        var pupils = await scope.StaffPupilsAsync(ct);
        var rows = await pupils.AsNoTracking()
            .OrderBy(p => p.FamilyName).ThenBy(p => p.GivenName).ThenBy(p => p.Id)
            .Select(p => new
            {
                p.Id, p.GivenName, p.FamilyName,
                Groups = db.GroupMemberships.Where(m => m.PupilId == p.Id)
                    .Join(db.Groups.Where(g => g.IsActive), m => m.GroupId, g => g.Id, (m, g) => g.Name).OrderBy(n => n).ToList(),
            })
            .ToListAsync(ct);
        return rows.Select(r => new LoggablePupil(r.Id, r.GivenName, r.FamilyName, r.Groups)).ToList();
    }

    /// <summary>A pupil in the quick log's list.</summary>
    internal sealed record LoggablePupil(Guid Id, string GivenName, string FamilyName, IReadOnlyList<string> Groups);

    /// <summary>The logged absences the staff member receives, newest first.</summary>
    public async Task<Paged<LegacyAbsenceListItem>> ListAsync(LegacyAbsenceFilter filter, PageRequest page, CancellationToken ct)
    {
        var query = (await reach.NoticesAsync(ct)).Select(x => x.Notice).Where(n => n.LoggedByStaffId != null);
        if (filter.Channel is { } channel) query = query.Where(n => n.Channel == channel);
        if (filter.From is { } from) query = query.Where(n => n.LastDate >= from);
        if (filter.To is { } to) query = query.Where(n => n.FirstDate <= to);
        return await Items(query.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)).ToPageAsync(page, ct);
    }

    private IQueryable<LegacyAbsenceListItem> Items(IQueryable<AbsenceNotice> notices) =>
        from n in notices
        join p in db.Pupils on n.PupilId equals p.Id
        join s in db.Staff on n.LoggedByStaffId equals s.Id into loggers
        from s in loggers.DefaultIfEmpty()
        select new LegacyAbsenceListItem(
            n.Id, n.PupilId, p.GivenName, p.FamilyName, n.Channel, n.FirstDate, n.LastDate, n.ToSchool, n.ToSfo,
            n.LoggedByStaffId, s == null ? null : s.GivenName + " " + s.FamilyName, n.CreatedAt);
}
