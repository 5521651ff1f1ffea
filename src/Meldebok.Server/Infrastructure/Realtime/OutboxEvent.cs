namespace Meldebok.Server.Infrastructure.Realtime;

/// <summary>
/// A real-time event written in the same transaction as the change it describes (the transactional
/// outbox). The publisher gives it its <see cref="Sequence"/> after commit, in publish order, and pushes it
/// to the audiences' hub groups; reconnecting clients ask for what came after the last sequence they saw.
/// </summary>
internal sealed class OutboxEvent
{
    /// <summary>Insertion order; not visible to clients (ids of concurrent transactions commit out of order).</summary>
    public long Id { get; init; }
    /// <summary>Assigned once when published, strictly increasing in publish order; empty until then.</summary>
    public long? Sequence { get; set; }
    public Guid? MunicipalityId { get; init; }
    /// <summary>Event name, e.g. <c>absence.reported</c>.</summary>
    public required string Type { get; init; }
    /// <summary>Who may receive it, as hub group names from <see cref="Audiences"/>.</summary>
    public required string[] Audiences { get; init; }
    /// <summary>The event body as JSON (ids and what a client needs to update its view; no more personal data than the receiver may see).</summary>
    public required string Payload { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? PublishedAt { get; set; }
}

/// <summary>
/// The audiences an event can be addressed to. Each is also the name of a SignalR group the server —
/// never the client — puts a connection in, from the roster.
/// </summary>
internal static class Audiences
{
    /// <summary>A signed-in account (its own receipts, its own notices).</summary>
    public static string Account(Guid accountId) => $"account:{accountId}";
    /// <summary>One guardian record (a person in the roster): messages addressed to that person.</summary>
    public static string Guardian(Guid guardianId) => $"guardian:{guardianId}";
    /// <summary>One staff record: messages addressed to that person.</summary>
    public static string Staff(Guid staffId) => $"staff:{staffId}";
    /// <summary>One municipality administrator record.</summary>
    public static string Administrator(Guid administratorId) => $"administrator:{administratorId}";
    /// <summary>Everyone who reaches the pupil as a guardian.</summary>
    public static string PupilGuardians(Guid pupilId) => $"pupil-guardians:{pupilId}";
    /// <summary>Staff whose assignment covers the group.</summary>
    public static string GroupStaff(Guid groupId) => $"group-staff:{groupId}";
    /// <summary>Office and principal of the school.</summary>
    public static string SchoolOffice(Guid schoolId) => $"{SchoolOfficePrefix}{schoolId}";
    /// <summary>How every <see cref="SchoolOffice"/> audience begins.</summary>
    public const string SchoolOfficePrefix = "school-office:";
    /// <summary>Staff of the SFO unit (SFO staff and leaders covering one of its groups).</summary>
    public static string SfoStaff(Guid sfoUnitId) => $"sfo-staff:{sfoUnitId}";
    /// <summary>Those who may read the municipality's benefit plans: its administrators, portfolio board, principals and benefit owners (never guardians or other staff).</summary>
    public static string BenefitReaders(Guid municipalityId) => $"benefit-readers:{municipalityId}";
}
