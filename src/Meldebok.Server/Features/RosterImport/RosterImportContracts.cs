namespace Meldebok.Server.Features.RosterImport;

/// <summary>What a roster import changed (or, for a dry run, would change), per record type.</summary>
/// <param name="Mode">full or delta.</param>
/// <param name="DryRun">True when nothing was written.</param>
/// <param name="Schools">Schools (orgs of type school).</param>
/// <param name="SfoUnits">SFO units, one per school that has SFO groups.</param>
/// <param name="Groups">Classes, basis groups and SFO groups.</param>
/// <param name="Pupils">Pupils (users with the role student).</param>
/// <param name="Guardians">Guardians (users with the role guardian, parent or relative).</param>
/// <param name="GuardianLinks">Links between guardians and pupils.</param>
/// <param name="Staff">Staff (teachers, aides, principals, administrators).</param>
/// <param name="StaffAssignments">A staff member's role at a school.</param>
/// <param name="GroupMemberships">Pupils' memberships of groups (student enrollments).</param>
/// <param name="StaffAssignmentGroups">Groups covered by staff assignments (teacher enrollments).</param>
/// <param name="Warnings">What was accepted but not imported, or imported with a caveat.</param>
public sealed record RosterImportResult(
    string Mode,
    bool DryRun,
    RosterRecordCounts Schools,
    RosterRecordCounts SfoUnits,
    RosterRecordCounts Groups,
    RosterRecordCounts Pupils,
    RosterRecordCounts Guardians,
    RosterRecordCounts GuardianLinks,
    RosterRecordCounts Staff,
    RosterRecordCounts StaffAssignments,
    RosterRelationCounts GroupMemberships,
    RosterRelationCounts StaffAssignmentGroups,
    IReadOnlyList<RosterImportIssue> Warnings);

/// <summary>How many records of one type an import created, updated, deactivated or left as they were.</summary>
/// <param name="Created">New records.</param>
/// <param name="Updated">Existing records whose fields, source id or active state changed.</param>
/// <param name="Deactivated">Records deactivated because a full import no longer lists them, or a delta import marks them tobedeleted.</param>
/// <param name="Unchanged">Records in the files whose stored values already matched.</param>
public sealed record RosterRecordCounts(int Created, int Updated, int Deactivated, int Unchanged);

/// <summary>How many relations (memberships) an import added, removed or left as they were.</summary>
/// <param name="Added">New relations.</param>
/// <param name="Removed">Relations removed because the files no longer list them (full) or mark them tobedeleted (delta).</param>
/// <param name="Unchanged">Relations in the files that already existed.</param>
public sealed record RosterRelationCounts(int Added, int Removed, int Unchanged);

/// <summary>One error or warning, located in the uploaded files.</summary>
/// <param name="File">The file, e.g. users.csv.</param>
/// <param name="Line">The 1-based line in the file (the header is line 1); null for the whole file.</param>
/// <param name="Field">The column, e.g. identifier; null for the whole line or file.</param>
/// <param name="Message">What is wrong, in Norwegian.</param>
public sealed record RosterImportIssue(string File, int? Line, string? Field, string Message)
{
    /// <summary>The key of the issue in a ValidationProblem's errors: file, file:line or file:line:field.</summary>
    public string ErrorKey() => (Line, Field) switch
    {
        (null, null) => File,
        (null, { } field) => $"{File}:{field}",
        ({ } line, null) => $"{File}:{line}",
        ({ } line, { } field) => $"{File}:{line}:{field}",
    };
}

/// <summary>full replaces the municipality's imported roster; delta only creates, updates and deletes what the files say.</summary>
internal enum RosterImportMode
{
    Full,
    Delta,
}

/// <summary>An upload to import: the files by name (orgs.csv, …) and the form's options.</summary>
internal sealed record RosterImportRequest(
    IReadOnlyDictionary<string, byte[]> Files,
    RosterImportMode Mode,
    bool DryRun,
    int? SchoolYear);

/// <summary>Either the result of an import, or every error that stopped it.</summary>
internal sealed record RosterImportOutcome(RosterImportResult? Result, IReadOnlyList<RosterImportIssue> Errors, IReadOnlyList<RosterImportIssue> Warnings);
