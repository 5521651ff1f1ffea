namespace Meldebok.Server.Features.Absence;

/// <summary>The Norwegian school year's terms and how a notice counts within one. Pure rules.</summary>
internal static class SchoolTerms
{
    /// <summary>The term's first and last day: autumn 1 August–31 December of <paramref name="schoolYear"/>, spring 1 January–30 June of the next year.</summary>
    public static AbsenceTermResponse Of(int schoolYear, SchoolTerm term) => term == SchoolTerm.Autumn
        ? new AbsenceTermResponse(schoolYear, term, new DateOnly(schoolYear, 8, 1), new DateOnly(schoolYear, 12, 31))
        : new AbsenceTermResponse(schoolYear, term, new DateOnly(schoolYear + 1, 1, 1), new DateOnly(schoolYear + 1, 6, 30));

    /// <summary>The term a date lies in; July (the summer holiday) belongs to the spring term that just ended.</summary>
    public static AbsenceTermResponse Containing(DateOnly date) => date.Month >= 8
        ? Of(date.Year, SchoolTerm.Autumn)
        : Of(date.Year - 1, SchoolTerm.Spring);

    /// <summary>The term asked for; what is left out comes from the term containing <paramref name="today"/>.</summary>
    public static AbsenceTermResponse Resolve(AbsenceOverviewQuery query, DateOnly today)
    {
        var current = Containing(today);
        return Of(query.SchoolYear ?? current.SchoolYear, query.Term ?? current.Term);
    }

    /// <summary>
    /// What a notice counts within the term: a whole-day notice its weekdays inside the term (there is no school
    /// calendar of holidays yet), a notice for part of a day its hours when the day lies inside the term.
    /// </summary>
    public static (int Days, decimal Hours) Count(AbsenceNotice notice, AbsenceTermResponse term)
    {
        if (notice.FromTime is { } from && notice.ToTime is { } to)
        {
            var inside = notice.FirstDate >= term.FirstDate && notice.FirstDate <= term.LastDate;
            return (0, inside ? Math.Round((decimal)(to - from).TotalHours, 2) : 0m);
        }

        var first = notice.FirstDate > term.FirstDate ? notice.FirstDate : term.FirstDate;
        var last = notice.LastDate < term.LastDate ? notice.LastDate : term.LastDate;
        var days = 0;
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                days++;
            }
        }

        return (days, 0m);
    }
}
