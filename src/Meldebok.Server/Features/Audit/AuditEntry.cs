namespace Meldebok.Server.Features.Audit;

/// <summary>
/// One row of the append-only audit log: who did what to which object, when and from where. Carries
/// ids and fixed action names only, never personal free text. A database trigger rejects UPDATE,
/// DELETE and TRUNCATE on the table, so the application cannot change the history it wrote.
/// </summary>
internal sealed class AuditEntry
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public DateTimeOffset OccurredAt { get; init; }
    /// <summary>The account that acted; empty for integrations.</summary>
    public Guid? ActorAccountId { get; init; }
    /// <summary>The role the actor acted in, e.g. <c>staff</c> (see <see cref="Infrastructure.Auth.Roles"/>).</summary>
    public required string ActorRole { get; init; }
    public Guid MunicipalityId { get; init; }
    /// <summary>What happened, one of <see cref="AuditActions"/>.</summary>
    public required string Action { get; init; }
    /// <summary>The kind of object acted on, one of <see cref="AuditObjects"/>.</summary>
    public required string ObjectType { get; init; }
    public Guid ObjectId { get; init; }
    /// <summary>The pupil the action concerns, where there is one.</summary>
    public Guid? SubjectPupilId { get; init; }
    /// <summary>The guardian (or other roster person) the action concerns, where there is one.</summary>
    public Guid? SubjectPersonId { get; init; }
    public string? ClientIp { get; init; }
}

/// <summary>The actions the audit log records.</summary>
internal static class AuditActions
{
    public const string PupilRead = "pupil.read";
    public const string PupilReadProtected = "pupil.read-protected";
    public const string GuardianLinkChanged = "guardian-link.changed";
    public const string ExportPupil = "export.pupil";
    public const string ExportGuardian = "export.guardian";
    /// <summary>Staff read absence notices with their reasons (the inbox).</summary>
    public const string AbsenceRead = "absence.read";
    /// <summary>Staff read a leave application with its reason.</summary>
    public const string LeaveRead = "leave.read";
    /// <summary>The office exported a school's absence overview (CSV).</summary>
    public const string ExportAbsenceOverview = "export.absence-overview";
    /// <summary>The evidence export of a consent request (every answer with names, times and sign-in methods).</summary>
    public const string ExportConsent = "export.consent";
    /// <summary>A guardian added, changed or removed an authorized pickup person.</summary>
    public const string PickupPersonChanged = "pickup-person.changed";
    /// <summary>Staff exported a group's class list (CSV with birth dates and guardians' contact details).</summary>
    public const string ExportClassList = "export.class-list";
    /// <summary>A retention run deleted records past their period; the object is the run with its counts per table.</summary>
    public const string RetentionRun = "retention.run";
    /// <summary>An administrator applied the school-year rollover (a full roster import of the new school year).</summary>
    public const string SchoolYearRollover = "school-year.rollover";
}

/// <summary>The object types named in audit entries.</summary>
internal static class AuditObjects
{
    public const string Pupil = "pupil";
    public const string Guardian = "guardian";
    public const string GuardianLink = "guardian-link";
    public const string AbsenceNotice = "absence-notice";
    public const string LeaveApplication = "leave-application";
    public const string PickupPerson = "pickup-person";
    public const string School = "school";
    public const string ConsentRequest = "consent-request";
    public const string Group = "group";
    public const string SfoUnit = "sfo-unit";
    public const string RetentionRun = "retention-run";
    public const string Municipality = "municipality";
}
