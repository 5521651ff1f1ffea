using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Meldebok.Server.Features.Absence;

/// <summary>A term of the Norwegian school year.</summary>
public enum SchoolTerm
{
    /// <summary>Høsthalvåret: August to December of the school year's first calendar year.</summary>
    Autumn,
    /// <summary>Vårhalvåret: January to June of the following calendar year.</summary>
    Spring,
}

/// <summary>Which term an overview covers: <c>?schoolYear=2026&amp;term=Autumn</c>; both default to the current term (municipal time).</summary>
internal sealed record AbsenceOverviewQuery
{
    /// <summary>The calendar year the school year starts in (2026 for 2026/27).</summary>
    [FromQuery(Name = "schoolYear"), Range(2000, 2100, ErrorMessage = "Skoleåret må være mellom 2000 og 2100 (året skoleåret starter).")]
    public int? SchoolYear { get; init; }

    /// <summary>Autumn (August–December) or Spring (January–June).</summary>
    [FromQuery(Name = "term"), EnumDataType(typeof(SchoolTerm), ErrorMessage = "Halvåret må være Autumn eller Spring.")]
    public SchoolTerm? Term { get; init; }
}

/// <summary>The term an overview covers.</summary>
/// <param name="SchoolYear">The calendar year the school year starts in.</param>
/// <param name="Term">Autumn or Spring.</param>
/// <param name="FirstDate">The term's first day (1 August or 1 January).</param>
/// <param name="LastDate">The term's last day (31 December or 30 June).</param>
public sealed record AbsenceTermResponse(int SchoolYear, SchoolTerm Term, DateOnly FirstDate, DateOnly LastDate);

/// <summary>A pupil's absence in a term: school-side notices that stand, legacy-logged and approved leave included.</summary>
/// <param name="PupilId">The pupil.</param>
/// <param name="GivenName">Given name(s).</param>
/// <param name="FamilyName">Family name.</param>
/// <param name="Days">Whole days of absence (weekdays within the term).</param>
/// <param name="Hours">Hours of absence from notices for part of a day.</param>
/// <param name="NoticeCount">Notices counted.</param>
public sealed record PupilAbsenceTotals(Guid PupilId, string GivenName, string FamilyName, int Days, decimal Hours, int NoticeCount);

/// <summary>One group's absence in a term, one row per pupil the caller reaches.</summary>
/// <param name="GroupId">The group.</param>
/// <param name="GroupName">Its name.</param>
/// <param name="Term">The term counted.</param>
/// <param name="Pupils">One row per pupil, by family name.</param>
public sealed record GroupAbsenceOverview(Guid GroupId, string GroupName, AbsenceTermResponse Term, IReadOnlyList<PupilAbsenceTotals> Pupils);

/// <summary>A notice as the overview counts it.</summary>
/// <param name="Id">The notice.</param>
/// <param name="FirstDate">First day.</param>
/// <param name="LastDate">Last day.</param>
/// <param name="FromTime">Start time for part of a day.</param>
/// <param name="ToTime">End time for part of a day.</param>
/// <param name="Reason">The reason code.</param>
/// <param name="Channel">Digital, or the legacy channel it was logged from.</param>
/// <param name="LeaveApplicationId">The approved leave application it stems from, if any.</param>
/// <param name="Days">Whole days it counts within the term.</param>
/// <param name="Hours">Hours it counts (part of a day).</param>
public sealed record OverviewNotice(
    Guid Id, DateOnly FirstDate, DateOnly LastDate, TimeOnly? FromTime, TimeOnly? ToTime, AbsenceReason Reason, AbsenceChannel Channel,
    Guid? LeaveApplicationId, int Days, decimal Hours);

/// <summary>One pupil's absence in a term, with the notices counted.</summary>
/// <param name="Term">The term counted.</param>
/// <param name="Totals">Days, hours and notices.</param>
/// <param name="Groups">The pupil's active groups, by name.</param>
/// <param name="Notices">The notices counted, oldest first.</param>
public sealed record PupilAbsenceOverview(AbsenceTermResponse Term, PupilAbsenceTotals Totals, IReadOnlyList<string> Groups, IReadOnlyList<OverviewNotice> Notices);
