using Meldebok.Server.Features.Absence;
using Meldebok.Server.Infrastructure.Data;

namespace Meldebok.Server.Features.Sfo;

/// <summary>A child with a place on a day, with what the absence notices and leave say about that day.</summary>
internal sealed class ExpectedChild
{
    public Guid EnrolmentId { get; init; }
    public Guid SfoUnitId { get; init; }
    public Guid PupilId { get; init; }
    public string GivenName { get; init; } = "";
    public string FamilyName { get; init; } = "";
    /// <summary>A whole-day notice to the SFO, or approved leave, covers the day: the child is not expected.</summary>
    public bool AbsentWholeDay { get; init; }
    public TimeOnly? AbsentFrom { get; init; }
    public TimeOnly? AbsentTo { get; init; }
}

/// <summary>
/// The children expected at SFO on a local day: a place that runs that day and includes its weekday, minus whole-day
/// absence notices to the SFO and approved leave. Part-day notices stay on the row as "absent from–to". One SQL
/// statement whatever the number of children: the absence and leave checks are correlated subqueries.
/// </summary>
internal sealed class SfoExpected(MeldebokDbContext db)
{
    /// <summary>Every child with a place among <paramref name="enrolments"/> on <paramref name="day"/>, whole-day absent ones flagged.</summary>
    public IQueryable<ExpectedChild> On(IQueryable<SfoEnrolment> enrolments, DateOnly day)
    {
        var bit = SfoWeekdayBits.Of(day.DayOfWeek);
        return from e in enrolments
               where e.StartDate <= day && (e.EndDate == null || e.EndDate >= day) && (e.Weekdays & bit) != 0
               join p in db.Pupils on e.PupilId equals p.Id
               where p.IsActive
               let partDay = db.AbsenceNotices
                   .Where(n => n.PupilId == p.Id && n.ToSfo && n.Status == AbsenceNoticeStatus.Active
                       && n.FirstDate <= day && n.LastDate >= day && n.FromTime != null)
                   .OrderBy(n => n.FromTime)
                   .FirstOrDefault()
               select new ExpectedChild
               {
                   EnrolmentId = e.Id,
                   SfoUnitId = e.SfoUnitId,
                   PupilId = p.Id,
                   GivenName = p.GivenName,
                   FamilyName = p.FamilyName,
                   AbsentWholeDay = db.AbsenceNotices.Any(n => n.PupilId == p.Id && n.ToSfo && n.Status == AbsenceNoticeStatus.Active
                           && n.FirstDate <= day && n.LastDate >= day && n.FromTime == null)
                       || db.LeaveApplications.Any(l => l.PupilId == p.Id && l.Status == LeaveApplicationStatus.Approved
                           && l.FirstDate <= day && l.LastDate >= day),
                   AbsentFrom = partDay == null ? null : partDay.FromTime,
                   AbsentTo = partDay == null ? null : partDay.ToTime,
               };
    }

    /// <summary>The places of one unit on a day.</summary>
    public IQueryable<ExpectedChild> AtUnit(Guid unitId, DateOnly day) => On(db.SfoEnrolments.Where(e => e.SfoUnitId == unitId), day);
}
