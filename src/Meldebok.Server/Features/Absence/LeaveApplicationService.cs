using Meldebok.Server.Features.Audit;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Features.Absence;

/// <summary>
/// Leave applications (permisjonssøknader). A guardian who reaches the child applies; every guardian who
/// reaches the child sees the application and may withdraw it while it is pending. The principal and the
/// office of the pupil's school see the school's applications (reading them is audited, they carry the
/// reason); only the principal decides. An approval becomes an absence notice with reason Leave, to the
/// school and, when the pupil attends SFO, the SFO, so the days appear in the inbox and count as absence.
/// </summary>
internal sealed class LeaveApplicationService(
    MeldebokDbContext db, AccessScope scope, StaffNoticeReach reach, AbsenceNoticeRules rules, Outbox outbox, AuditLog audit,
    TimeProvider time, IOptions<AbsenceOptions> options, UsageRecorder usage)
{
    /// <summary>The roles that see a school's leave applications (the principal decides them); also the menu's rule.</summary>
    internal static readonly StaffRole[] Leaders = [StaffRole.Principal, StaffRole.Office];

    /// <summary>Applies for leave; null when the guardian does not reach the pupil.</summary>
    public async Task<LeaveApplicationResponse?> ApplyAsync(LeaveApplicationRequest request, CancellationToken ct)
    {
        var pupilId = request.PupilId!.Value;
        if (await rules.GuardianReportTargetAsync(pupilId, ct) is not { } target)
        {
            return null;
        }

        var placement = target.Placement;
        var today = DateOnly.FromDateTime(await rules.LocalNowAsync(placement.MunicipalityId, ct));
        var first = request.FirstDate!.Value;
        var last = request.LastDate!.Value;
        var errors = new FieldErrors();
        if (first < today)
        {
            errors.Add("firstDate", LeaveMessages.FirstDateInPast);
        }

        AbsenceNoticeRules.CheckDates(first, last, today, options.Value, errors);
        errors.ThrowIfAny();

        var now = time.GetUtcNow();
        var application = new LeaveApplication
        {
            MunicipalityId = placement.MunicipalityId,
            PupilId = pupilId,
            SchoolId = placement.SchoolId,
            AppliedByGuardianId = target.ReporterId,
            FirstDate = first,
            LastDate = last,
            Reason = request.Reason!.Trim(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.LeaveApplications.Add(application);
        Enqueue(LeaveEvents.Applied, application);
        usage.Record(UsageActions.LeaveApplied, application.MunicipalityId, application.SchoolId, UsageChannels.Digital, UsageRoles.Guardian,
            application.AppliedByGuardianId, today);
        await db.SaveChangesAsync(ct);
        return await Responses(db.LeaveApplications.Where(l => l.Id == application.Id)).SingleAsync(ct);
    }

    /// <summary>The applications of every child the guardian reaches, newest first.</summary>
    public async Task<Paged<LeaveApplicationResponse>> ListForGuardianAsync(LeaveApplicationFilter filter, PageRequest page, CancellationToken ct)
    {
        var query = await GuardianVisibleAsync(ct);
        if (filter.PupilId is { } pupilId) query = query.Where(l => l.PupilId == pupilId);
        if (filter.Status is { } status) query = query.Where(l => l.Status == status);
        return await Responses(query).ToPageAsync(page, ct);
    }

    public async Task<LeaveApplicationResponse?> GetForGuardianAsync(Guid id, CancellationToken ct) =>
        await Responses((await GuardianVisibleAsync(ct)).Where(l => l.Id == id)).SingleOrDefaultAsync(ct);

    /// <summary>Withdraws a pending application (any guardian who reaches the child); 409 once decided; null when out of reach.</summary>
    public async Task<LeaveApplicationResponse?> WithdrawAsync(Guid id, CancellationToken ct)
    {
        if (await (await GuardianVisibleAsync(ct)).AsTracking().SingleOrDefaultAsync(l => l.Id == id, ct) is not { } application)
        {
            return null;
        }

        if (application.Status != LeaveApplicationStatus.Pending)
        {
            throw new RuleConflictException(LeaveMessages.NotPending);
        }

        application.Status = LeaveApplicationStatus.Withdrawn;
        application.UpdatedAt = time.GetUtcNow();
        Enqueue(LeaveEvents.Withdrawn, application);
        await usage.RecordAsync(UsageActions.LeaveWithdrawn, application.MunicipalityId, application.SchoolId, UsageChannels.Digital, UsageRoles.Guardian,
            await rules.ActingGuardianAsync(application.PupilId, ct), ct);
        await db.SaveChangesAsync(ct);
        return await GetForGuardianAsync(id, ct);
    }

    /// <summary>The applications of the schools where the staff member is principal or office; 403 for other roles. Audited per application.</summary>
    public async Task<Paged<LeaveApplicationResponse>> ListForStaffAsync(StaffLeaveApplicationFilter filter, PageRequest page, CancellationToken ct)
    {
        var query = await StaffVisibleAsync(ct);
        if (filter.SchoolId is { } schoolId) query = query.Where(l => l.SchoolId == schoolId);
        if (filter.Status is { } status) query = query.Where(l => l.Status == status);
        var result = await Responses(query).ToPageAsync(page, ct);
        await AuditReadAsync(result.Items, ct);
        return result;
    }

    /// <summary>One application of the staff member's schools; 403 for roles other than principal and office, null when out of reach.</summary>
    public async Task<LeaveApplicationResponse?> GetForStaffAsync(Guid id, CancellationToken ct)
    {
        var item = await Responses((await StaffVisibleAsync(ct)).Where(l => l.Id == id)).SingleOrDefaultAsync(ct);
        if (item is not null)
        {
            await AuditReadAsync([item], ct);
        }

        return item;
    }

    /// <summary>
    /// The principal approves or refuses a pending application (refusal needs a comment); a second decision is 409.
    /// Office staff of the school may see but not decide (403). Null when out of reach.
    /// </summary>
    public async Task<LeaveApplicationResponse?> DecideAsync(Guid id, LeaveDecisionRequest request, CancellationToken ct)
    {
        if (await (await StaffVisibleAsync(ct)).AsTracking().SingleOrDefaultAsync(l => l.Id == id, ct) is not { } application)
        {
            return null;
        }

        if (!(await reach.SchoolsWhereAsync([StaffRole.Principal], ct)).Contains(application.SchoolId))
        {
            throw new RoleDeniedException(LeaveMessages.PrincipalOnly);
        }

        var comment = RosterQueries.NullIfBlank(request.Comment);
        if (request.Decision == LeaveDecision.Refused && comment is null)
        {
            throw new FieldValidationException("comment", LeaveMessages.CommentRequiredForRefusal);
        }

        if (application.Status != LeaveApplicationStatus.Pending)
        {
            throw new RuleConflictException(LeaveMessages.NotPending);
        }

        var now = time.GetUtcNow();
        application.Status = request.Decision == LeaveDecision.Approved ? LeaveApplicationStatus.Approved : LeaveApplicationStatus.Refused;
        application.DecidedByStaffId = await reach.StaffIdAsync(ct);
        application.DecisionComment = comment;
        application.DecidedAt = now;
        application.UpdatedAt = now;
        if (application.Status == LeaveApplicationStatus.Approved)
        {
            await AddLeaveNoticeAsync(application, now, ct);
        }

        Enqueue(LeaveEvents.Decided, application);
        await usage.RecordAsync(UsageActions.LeaveDecided, application.MunicipalityId, application.SchoolId, UsageChannels.Digital, UsageRoles.Principal,
            application.DecidedByStaffId!.Value, ct);
        await db.SaveChangesAsync(ct);
        return await Responses(db.LeaveApplications.Where(l => l.Id == id)).SingleAsync(ct);
    }

    /// <summary>Approved leave counts as absence: one notice with reason Leave, to the school and to the SFO when the pupil attends it.</summary>
    private async Task AddLeaveNoticeAsync(LeaveApplication application, DateTimeOffset now, CancellationToken ct)
    {
        var placement = await rules.PlacementAsync(application.PupilId, ct);
        var localNow = await rules.LocalNowAsync(application.MunicipalityId, ct);
        var notice = new AbsenceNotice
        {
            MunicipalityId = application.MunicipalityId,
            PupilId = application.PupilId,
            SchoolId = application.SchoolId,
            ReportedByGuardianId = application.AppliedByGuardianId,
            Channel = AbsenceChannel.Digital,
            ToSchool = true,
            ToSfo = placement.AtSfo,
            FirstDate = application.FirstDate,
            LastDate = application.LastDate,
            Reason = AbsenceReason.Leave,
            LeaveApplicationId = application.Id,
            CreatedAt = now,
            UpdatedAt = now,
        };
        notice.IsLate = AbsenceNoticeRules.LateAt(notice.ToSfo, notice.FirstDate, notice.LastDate, placement, localNow).Count > 0;
        db.AbsenceNotices.Add(notice);
        rules.Enqueue(AbsenceEvents.Reported, notice, placement, urgent: notice.IsLate);
    }

    /// <summary>The child's guardians and the school's office and principal hear of every change.</summary>
    private void Enqueue(string type, LeaveApplication application) =>
        outbox.Enqueue(type, application.MunicipalityId,
            [Audiences.PupilGuardians(application.PupilId), Audiences.SchoolOffice(application.SchoolId)],
            new LeaveApplicationEvent(application.Id, application.PupilId));

    private async Task<IQueryable<LeaveApplication>> GuardianVisibleAsync(CancellationToken ct)
    {
        var pupils = await scope.GuardianPupilsAsync(ct);
        return db.LeaveApplications.AsNoTracking().Where(l => pupils.Any(p => p.Id == l.PupilId));
    }

    /// <summary>The applications of the schools where the staff member is principal or office, for pupils they reach.</summary>
    private async Task<IQueryable<LeaveApplication>> StaffVisibleAsync(CancellationToken ct)
    {
        var schools = await reach.SchoolsWhereAsync(Leaders, ct);
        if (schools.Count == 0)
        {
            throw new RoleDeniedException(LeaveMessages.LeadersOnly);
        }

        var pupils = await scope.StaffPupilsAsync(ct);
        return db.LeaveApplications.AsNoTracking().Where(l => schools.Contains(l.SchoolId) && pupils.Any(p => p.Id == l.PupilId));
    }

    private async Task AuditReadAsync(IReadOnlyList<LeaveApplicationResponse> items, CancellationToken ct)
    {
        if (items.Count == 0 || (await scope.RolesAsync(ct)).MunicipalityId is not { } municipalityId)
        {
            return;
        }

        foreach (var item in items)
        {
            audit.Add(AuditActions.LeaveRead, new AuditSubject(municipalityId, AuditObjects.LeaveApplication, item.Id, PupilId: item.PupilId), Roles.Staff);
        }

        await db.SaveChangesAsync(ct);
    }

    private IQueryable<LeaveApplicationResponse> Responses(IQueryable<LeaveApplication> applications) =>
        from l in applications
        join p in db.Pupils on l.PupilId equals p.Id
        join g in db.Guardians on l.AppliedByGuardianId equals g.Id
        join s in db.Staff on l.DecidedByStaffId equals s.Id into deciders
        from s in deciders.DefaultIfEmpty()
        orderby l.CreatedAt descending, l.Id descending
        select new LeaveApplicationResponse(
            l.Id, l.PupilId, p.GivenName, p.FamilyName, l.SchoolId, l.FirstDate, l.LastDate, l.Reason, l.Status,
            g.GivenName + " " + g.FamilyName, s == null ? null : s.GivenName + " " + s.FamilyName, l.DecisionComment, l.DecidedAt,
            db.AbsenceNotices.Where(n => n.LeaveApplicationId == l.Id).Select(n => (Guid?)n.Id).FirstOrDefault(),
            l.Status == LeaveApplicationStatus.Pending, l.CreatedAt, l.UpdatedAt);
}
