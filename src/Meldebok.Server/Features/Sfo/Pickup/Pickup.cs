namespace Meldebok.Server.Features.Sfo.Pickup;

/// <summary>
/// A person a guardian with parental responsibility has authorized to pick up the child (henteperson), e.g. a
/// grandmother. Never deleted: removing sets <see cref="RemovedAt"/>, so rules and messages that named the person keep it.
/// </summary>
internal sealed class AuthorizedPickupPerson
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MunicipalityId { get; init; }
    public Guid PupilId { get; init; }
    public required string Name { get; set; }
    /// <summary>The person's relation to the child, e.g. "Bestemor".</summary>
    public required string Relation { get; set; }
    /// <summary>Norwegian mobile number in E.164 form.</summary>
    public required string Phone { get; set; }
    /// <summary>The last day the authorization holds (local date); null: until removed.</summary>
    public DateOnly? ValidUntil { get; set; }
    public Guid CreatedByGuardianId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? RemovedAt { get; set; }

    /// <summary>Not removed, and the authorization covers <paramref name="day"/>.</summary>
    public bool IsValidOn(DateOnly day) => RemovedAt is null && (ValidUntil is null || ValidUntil >= day);
}

/// <summary>A standing weekly rule (henteregel): how the child leaves SFO on one weekday, within an optional period.</summary>
internal sealed class PickupRule
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MunicipalityId { get; init; }
    public Guid PupilId { get; init; }
    public DayOfWeek Weekday { get; set; }
    public DepartureMethod Method { get; set; }
    /// <summary>Local time of day the child leaves.</summary>
    public TimeOnly Time { get; set; }
    /// <summary>Who picks the child up; required when <see cref="Method"/> is <see cref="DepartureMethod.PickedUp"/>, else null.</summary>
    public Guid? AuthorizedPersonId { get; set; }
    public string? Note { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidUntil { get; set; }
    public Guid CreatedByGuardianId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? RemovedAt { get; set; }
}

/// <summary>What a pickup message is now: the one that counts for its date, replaced by a newer one, or withdrawn.</summary>
public enum PickupMessageStatus
{
    Current,
    Superseded,
    Withdrawn,
}

/// <summary>
/// A one-off pickup message (hentemelding) for one date; it overrides the weekly rule for that date. A newer message for
/// the same date supersedes the earlier one, which is kept with <see cref="SupersededAt"/> set.
/// </summary>
internal sealed class PickupMessage
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MunicipalityId { get; init; }
    public Guid PupilId { get; init; }
    public Guid SchoolId { get; init; }
    public DateOnly Date { get; init; }
    public DepartureMethod Method { get; init; }
    public TimeOnly Time { get; init; }
    /// <summary>An authorized pickup person of the child (for <see cref="DepartureMethod.PickedUp"/>), or null.</summary>
    public Guid? AuthorizedPersonId { get; init; }
    /// <summary>For <see cref="DepartureMethod.PickedUp"/> without an authorized person: who comes, as the guardian wrote it.</summary>
    public string? PickupName { get; init; }
    public string? Note { get; init; }
    /// <summary>Sent for today after the SFO unit's pickup-message deadline.</summary>
    public bool IsLate { get; init; }
    public Guid SentByGuardianId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SupersededAt { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }

    public PickupMessageStatus Status =>
        WithdrawnAt is not null ? PickupMessageStatus.Withdrawn
        : SupersededAt is not null ? PickupMessageStatus.Superseded
        : PickupMessageStatus.Current;
}
