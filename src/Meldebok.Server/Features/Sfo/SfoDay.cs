namespace Meldebok.Server.Features.Sfo;

/// <summary>The weekdays of an SFO place, as bits so that "enrolled on this weekday" is one bitwise test in SQL.</summary>
[Flags]
internal enum SfoWeekdays
{
    None = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 4,
    Thursday = 8,
    Friday = 16,
}

/// <summary>Converts between the API's list of weekdays and the stored bits.</summary>
internal static class SfoWeekdayBits
{
    /// <summary>The bit of <paramref name="day"/>; none for Saturday and Sunday.</summary>
    public static SfoWeekdays Of(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => SfoWeekdays.Monday,
        DayOfWeek.Tuesday => SfoWeekdays.Tuesday,
        DayOfWeek.Wednesday => SfoWeekdays.Wednesday,
        DayOfWeek.Thursday => SfoWeekdays.Thursday,
        DayOfWeek.Friday => SfoWeekdays.Friday,
        _ => SfoWeekdays.None,
    };

    public static IReadOnlyList<DayOfWeek> Days(SfoWeekdays bits) =>
        new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Where(d => (bits & Of(d)) != 0).ToList();
}

/// <summary>
/// A pupil's place at an SFO unit (SFO-plass): the weekdays the child attends, the place percentage, and the period.
/// Ending an enrolment sets <see cref="EndDate"/>; nothing is deleted.
/// </summary>
internal sealed class SfoEnrolment
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MunicipalityId { get; init; }
    public Guid SfoUnitId { get; init; }
    public Guid PupilId { get; init; }
    public SfoWeekdays Weekdays { get; set; }
    /// <summary>The size of the place in percent of a full place (e.g. 20, 40, 60, 80, 100).</summary>
    public int PlacePercentage { get; set; }
    public DateOnly StartDate { get; set; }
    /// <summary>The last day of the place; open-ended when empty.</summary>
    public DateOnly? EndDate { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>What an attendance row records.</summary>
public enum SfoAttendanceKind
{
    /// <summary>Innsjekk: the child arrived at SFO.</summary>
    CheckIn,
    /// <summary>Utsjekk: the child left SFO.</summary>
    CheckOut,
}

/// <summary>
/// One check-in or check-out of a pupil at an SFO unit on a local day, by a staff member. Undoing marks the row undone
/// (<see cref="UndoneAt"/>), so the day's history stays whole.
/// </summary>
internal sealed class SfoAttendance
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MunicipalityId { get; init; }
    public Guid SfoUnitId { get; init; }
    public Guid PupilId { get; init; }
    public DateOnly Date { get; init; }
    public SfoAttendanceKind Kind { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public Guid StaffId { get; init; }
    /// <summary>Check-in of a child without a place that day: why the child is here anyway.</summary>
    public string? Reason { get; init; }
    public DepartureMethod? Method { get; init; }
    /// <summary>The authorized pickup person who picked the child up (from the pickup feature's list).</summary>
    public Guid? AuthorizedPersonId { get; init; }
    /// <summary>The name of the person who picked the child up, when not chosen from the authorized list.</summary>
    public string? PickedUpByName { get; init; }
    /// <summary>The staff member who confirmed a pickup by a person not on the authorized list.</summary>
    public Guid? UnlistedPickupConfirmedByStaffId { get; init; }
    public string? Note { get; init; }
    public DateTimeOffset? UndoneAt { get; set; }
    public Guid? UndoneByStaffId { get; set; }
}

/// <summary>A teacher's handover of pupils from school to SFO (overlevering) at a time on a local day.</summary>
internal sealed class SfoHandover
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MunicipalityId { get; init; }
    public Guid GroupId { get; init; }
    public DateOnly Date { get; init; }
    public DateTimeOffset HandedOverAt { get; init; }
    public Guid StaffId { get; init; }
}

/// <summary>A pupil in a handover, with the SFO unit the child was handed over to.</summary>
internal sealed class SfoHandoverPupil
{
    public Guid HandoverId { get; init; }
    public Guid PupilId { get; init; }
    public Guid SfoUnitId { get; init; }
    public DateOnly Date { get; init; }
}

/// <summary>The missing-child alert of a pupil on a day: raised once per child and day.</summary>
internal sealed class SfoMissingAlert
{
    public Guid PupilId { get; init; }
    public DateOnly Date { get; init; }
    public Guid SfoUnitId { get; init; }
    public DateTimeOffset RaisedAt { get; init; }
}
