using System.Globalization;
using System.Net.Mail;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Validation;

namespace Meldebok.Server.Features.RosterImport;

/// <summary>Which Meldebok record a OneRoster user role becomes.</summary>
internal enum PersonKind
{
    /// <summary>A valid OneRoster role that Meldebok does not import (districtAdministrator, proctor, …).</summary>
    None,
    Pupil,
    /// <summary>guardian or parent: a guardian whose links carry parental responsibility by default.</summary>
    Parent,
    /// <summary>relative: a guardian whose links carry no rights until meldebok-relations.csv gives them.</summary>
    Relative,
    Staff,
}

/// <summary>A OneRoster role as Meldebok reads it.</summary>
internal sealed record RoleMeaning(string Name, PersonKind Kind, StaffRole StaffRole = StaffRole.Teacher)
{
    private static readonly Dictionary<string, RoleMeaning> Known = new RoleMeaning[]
    {
        new("student", PersonKind.Pupil),
        new("guardian", PersonKind.Parent),
        new("parent", PersonKind.Parent),
        new("relative", PersonKind.Relative),
        new("relativeToStudent", PersonKind.Relative),
        new("teacher", PersonKind.Staff, StaffRole.Teacher),
        new("aide", PersonKind.Staff, StaffRole.Teacher),
        new("counselor", PersonKind.Staff, StaffRole.Teacher),
        new("principal", PersonKind.Staff, StaffRole.Principal),
        new("administrator", PersonKind.Staff, StaffRole.Office),
        new("siteAdministrator", PersonKind.Staff, StaffRole.Office),
        new("districtAdministrator", PersonKind.None),
        new("systemAdministrator", PersonKind.None),
        new("proctor", PersonKind.None),
    }.ToDictionary(r => r.Name, StringComparer.Ordinal);

    public static RoleMeaning? Parse(string value) => Known.GetValueOrDefault(value);

    public bool IsGuardian => Kind is PersonKind.Parent or PersonKind.Relative;
}

/// <summary>A line that carries a OneRoster sourcedId and status.</summary>
internal interface ISourcedRow
{
    int Line { get; }
    string SourcedId { get; }
    bool ToBeDeleted { get; }
}

internal sealed record OrgRow(int Line, string SourcedId, bool ToBeDeleted, string Name, string Type, string? OrganisationNumber, string? ParentSourcedId)
    : ISourcedRow
{
    public bool IsSchool => Type == "school";
}

internal sealed record ClassRow(
    int Line, string SourcedId, bool ToBeDeleted, string Title, int? Grade, bool IsSfo, bool Homeroom, string SchoolSourcedId, IReadOnlyList<string> TermSourcedIds) : ISourcedRow;

internal sealed record UserRow(
    int Line, string SourcedId, bool ToBeDeleted, bool Enabled, string GivenName, string FamilyName, string? Identifier,
    string? Email, string? Mobile, string? FeideId, IReadOnlyList<string> AgentSourcedIds, RoleMeaning? LegacyRole,
    IReadOnlyList<string> LegacyOrgSourcedIds, string? PrimaryOrgSourcedId, DateOnly? BirthDate) : ISourcedRow;

internal sealed record RoleRow(int Line, string SourcedId, bool ToBeDeleted, string UserSourcedId, RoleMeaning Role, bool Primary, string OrgSourcedId)
    : ISourcedRow;

internal sealed record EnrollmentRow(
    int Line, string SourcedId, bool ToBeDeleted, string ClassSourcedId, string SchoolSourcedId, string UserSourcedId, bool IsStudent, bool Primary) : ISourcedRow;

internal sealed record SessionRow(int Line, string SourcedId, bool ToBeDeleted, DateOnly StartDate) : ISourcedRow;

internal sealed record RelationRow(int Line, string StudentSourcedId, string GuardianSourcedId, bool? ParentalResponsibility, bool? DailyCare, bool? RightToInformation, bool? Blocked);

internal sealed record PupilDetailRow(int Line, string StudentSourcedId, ProtectedAddressLevel ProtectedAddress);

/// <summary>Everything read from an upload, file by file, before the files are checked against each other.</summary>
internal sealed class ParsedRoster
{
    public List<OrgRow> Orgs { get; set; } = [];
    public List<ClassRow> Classes { get; set; } = [];
    public List<UserRow> Users { get; set; } = [];
    /// <summary>Null when no roles.csv was uploaded: roles then come from users.csv (OneRoster 1.1).</summary>
    public List<RoleRow>? Roles { get; set; }
    public List<EnrollmentRow> Enrollments { get; set; } = [];
    /// <summary>Null when no academicSessions.csv was uploaded.</summary>
    public List<SessionRow>? Sessions { get; set; }
    public List<RelationRow> Relations { get; set; } = [];
    /// <summary>Null when no meldebok-pupils.csv was uploaded: protected addresses are then left as they are.</summary>
    public List<PupilDetailRow>? PupilDetails { get; set; }
    /// <summary>False when a required file is missing or a file's header is wrong: the files cannot be checked against each other.</summary>
    public bool Complete { get; set; } = true;
}

/// <summary>Reads each file of an upload into rows, checking every value that can be checked within its own line.</summary>
internal static class OneRosterReader
{
    private static readonly HashSet<string> OrgTypes = new(StringComparer.Ordinal) { "school", "district", "department", "local", "state", "national" };

    public static ParsedRoster Read(IReadOnlyDictionary<string, byte[]> files, ImportIssues issues)
    {
        var parsed = new ParsedRoster();
        foreach (var name in files.Keys.Where(OneRosterFiles.Ignored.Contains).Order(StringComparer.Ordinal))
        {
            issues.Warn(name, null, null, "Filen er en del av OneRoster, men Meldebok bruker den ikke. Den ble hoppet over.");
        }

        foreach (var required in OneRosterFiles.RequiredFiles.Where(f => !files.ContainsKey(f)))
        {
            issues.Error(required, null, null, "Filen mangler. orgs.csv, classes.csv, users.csv og enrollments.csv må alltid være med.");
            parsed.Complete = false;
        }

        parsed.Orgs = Read(files, OneRosterFiles.OrgsSchema, issues, parsed, ReadOrg) ?? [];
        parsed.Classes = Read(files, OneRosterFiles.ClassesSchema, issues, parsed, ReadClass) ?? [];
        var usesRolesFile = files.ContainsKey(OneRosterFiles.Roles);
        parsed.Users = Read(files, OneRosterFiles.UsersSchema, issues, parsed, line => ReadUser(line, usesRolesFile)) ?? [];
        parsed.Roles = Read(files, OneRosterFiles.RolesSchema, issues, parsed, ReadRole);
        parsed.Enrollments = Read(files, OneRosterFiles.EnrollmentsSchema, issues, parsed, ReadEnrollment) ?? [];
        parsed.Sessions = Read(files, OneRosterFiles.AcademicSessionsSchema, issues, parsed, ReadSession);
        parsed.Relations = Read(files, OneRosterFiles.RelationsSchema, issues, parsed, ReadRelation) ?? [];
        parsed.PupilDetails = Read(files, OneRosterFiles.PupilDetailsSchema, issues, parsed, ReadPupilDetail);
        return parsed;
    }

    private static List<T>? Read<T>(IReadOnlyDictionary<string, byte[]> files, CsvSchema schema, ImportIssues issues, ParsedRoster parsed, Func<CsvLine, T?> map)
        where T : class
    {
        if (!files.TryGetValue(schema.FileName, out var bytes))
        {
            return null;
        }

        var rows = CsvTable.Read(schema, bytes, issues, map);
        if (rows is null)
        {
            parsed.Complete = false;
        }

        return rows;
    }

    private static OrgRow? ReadOrg(CsvLine line)
    {
        var deleted = line.IsToBeDeleted();
        var sourcedId = SourcedId(line, "sourcedId");
        var name = line.Required("name");
        var type = line.Required("type");
        if (type is not null && !OrgTypes.Contains(type) && !type.StartsWith("ext:", StringComparison.Ordinal))
        {
            line.Error("type", "Typen må være school, district, department, local, state, national eller en utvidelse som begynner med ext:.");
            type = null;
        }

        var identifier = line.Text("identifier");
        string? organisationNumber = null;
        if (identifier is not null && type == "school")
        {
            if (NorwegianIdentifiers.IsValidOrganisationNumber(identifier))
            {
                organisationNumber = identifier;
            }
            else
            {
                line.Warn("identifier", "identifier er ikke et gyldig organisasjonsnummer og ble ikke lagret som skolens organisasjonsnummer.");
            }
        }

        var parent = SourcedId(line, "parentSourcedId", required: false);
        // A line with a bad value is still kept (the import is rejected anyway), so that lines pointing at it are not reported too.
        return sourcedId is null ? null : new OrgRow(line.Line, sourcedId, deleted, name ?? "", type ?? "", organisationNumber, parent);
    }

    private static ClassRow? ReadClass(CsvLine line)
    {
        var deleted = line.IsToBeDeleted();
        var sourcedId = SourcedId(line, "sourcedId");
        var title = line.Required("title");
        var grades = Grades(line);
        var classType = line.Required("classType");
        if (classType is not null and not ("homeroom" or "scheduled"))
        {
            line.Error("classType", "classType må være homeroom eller scheduled.");
            classType = null;
        }

        var school = SourcedId(line, "schoolSourcedId");
        var isSfo = line.Text("classCode")?.StartsWith("SFO", StringComparison.OrdinalIgnoreCase) == true;
        var terms = line.List("termSourcedIds");
        return sourcedId is null
            ? null
            : new ClassRow(line.Line, sourcedId, deleted, Limit(line, "title", title ?? "", RosterLimits.Name), grades is [var grade] ? grade : null,
                isSfo, classType == "homeroom", school ?? "", terms);
    }

    private static UserRow? ReadUser(CsvLine line, bool usesRolesFile)
    {
        var deleted = line.IsToBeDeleted();
        var sourcedId = SourcedId(line, "sourcedId");
        var enabled = line.Boolean("enabledUser");
        var givenName = line.Required("givenName");
        var familyName = line.Required("familyName");
        var middleName = line.Text("middleName");
        Grades(line);

        var email = line.Text("email");
        if (email is not null && !IsEmail(email))
        {
            line.Error("email", "E-postadressen er ugyldig.");
        }

        var sms = Phone(line, "sms");
        var phone = Phone(line, "phone");
        var birthDate = line.Date("metadata.birthDate");

        RoleMeaning? legacyRole = null;
        IReadOnlyList<string> legacyOrgs = [];
        if (!usesRolesFile)
        {
            legacyOrgs = line.List("orgSourcedIds");
            if (line.Text("role") is not { } role)
            {
                line.Error("role", "Rollen må fylles ut når roles.csv ikke er med (OneRoster 1.1). Med OneRoster 1.2 må roles.csv lastes opp.");
            }
            else if ((legacyRole = RoleMeaning.Parse(role)) is null)
            {
                line.Error("role", $"Ukjent rolle «{role}».");
            }
        }

        if (sourcedId is null)
        {
            return null;
        }

        // Norwegian names: a middle name (mellomnavn) is shown between the given and the family name.
        var fullGivenName = middleName is null ? givenName ?? "" : $"{givenName} {middleName}";
        return new UserRow(line.Line, sourcedId, deleted, enabled ?? true,
            Limit(line, "givenName", fullGivenName, RosterLimits.PersonName), Limit(line, "familyName", familyName ?? "", RosterLimits.PersonName),
            line.Text("identifier"), email, sms ?? phone, FeideId(line), line.List("agentSourcedIds"), legacyRole, legacyOrgs,
            line.Text("primaryOrgSourcedId"), birthDate);
    }

    private static RoleRow? ReadRole(CsvLine line)
    {
        var deleted = line.IsToBeDeleted();
        var sourcedId = SourcedId(line, "sourcedId");
        var user = SourcedId(line, "userSourcedId");
        var org = SourcedId(line, "orgSourcedId");
        var roleType = line.Required("roleType");
        if (roleType is not null and not ("primary" or "secondary"))
        {
            line.Error("roleType", "roleType må være primary eller secondary.");
        }

        RoleMeaning? role = null;
        if (line.Required("role") is { } value && (role = RoleMeaning.Parse(value)) is null)
        {
            line.Error("role", $"Ukjent rolle «{value}».");
        }

        DateRange(line);
        return sourcedId is null || user is null || org is null || role is null
            ? null
            : new RoleRow(line.Line, sourcedId, deleted, user, role, roleType == "primary", org);
    }

    private static EnrollmentRow? ReadEnrollment(CsvLine line)
    {
        var deleted = line.IsToBeDeleted();
        var sourcedId = SourcedId(line, "sourcedId");
        var classId = SourcedId(line, "classSourcedId");
        var school = SourcedId(line, "schoolSourcedId");
        var user = SourcedId(line, "userSourcedId");
        var primary = line.Boolean("primary");
        DateRange(line);
        bool? isStudent = null;
        var role = line.Required("role");
        switch (role)
        {
            case null:
                break;
            case "student":
                isStudent = true;
                break;
            case "teacher" or "aide" or "administrator" or "proctor":
                isStudent = false;
                break;
            case "guardian" or "parent" or "relative":
                line.Warn("role", $"Påmeldinger med rollen {role} brukes ikke; foresatte knyttes til elever med agentSourcedIds.");
                return null;
            default:
                line.Error("role", $"Ukjent rolle «{role}» for en påmelding.");
                break;
        }

        return sourcedId is null || isStudent is null
            ? null
            : new EnrollmentRow(line.Line, sourcedId, deleted, classId ?? "", school ?? "", user ?? "", isStudent.Value, primary ?? false);
    }

    private static SessionRow? ReadSession(CsvLine line)
    {
        var deleted = line.IsToBeDeleted();
        var sourcedId = SourcedId(line, "sourcedId");
        var start = line.Date("startDate");
        var end = line.Date("endDate");
        if (start is null && line.Text("startDate") is null)
        {
            line.Error("startDate", "Feltet må fylles ut.");
        }

        if (start > end)
        {
            line.Error("endDate", "Sluttdatoen er før startdatoen.");
        }

        return sourcedId is null || start is null ? null : new SessionRow(line.Line, sourcedId, deleted, start.Value);
    }

    private static RelationRow? ReadRelation(CsvLine line)
    {
        var student = SourcedId(line, "studentSourcedId");
        var guardian = SourcedId(line, "guardianSourcedId");
        var row = new RelationRow(line.Line, student ?? "", guardian ?? "", line.Boolean("parentalResponsibility"), line.Boolean("dailyCare"),
            line.Boolean("rightToInformation"), line.Boolean("blocked"));
        return student is null || guardian is null ? null : row;
    }

    private static PupilDetailRow? ReadPupilDetail(CsvLine line)
    {
        var student = SourcedId(line, "studentSourcedId");
        var level = ProtectedAddressLevel.None;
        if (line.Text("protectedAddress") is { } value
            && (!Enum.TryParse(value, ignoreCase: true, out level) || !Enum.IsDefined(level) || value.All(char.IsAsciiDigit)))
        {
            line.Error("protectedAddress", "protectedAddress må være None, Confidential eller StrictlyConfidential.");
            return null;
        }

        return student is null ? null : new PupilDetailRow(line.Line, student, level);
    }

    private static string? SourcedId(CsvLine line, string column, bool required = true)
    {
        var value = required ? line.Required(column) : line.Text(column);
        if (value is { Length: > RosterLimits.SourcedId })
        {
            line.Error(column, $"Kilde-id kan ha høyst {RosterLimits.SourcedId} tegn.");
            return null;
        }

        return value;
    }

    private static string Limit(CsvLine line, string column, string value, int max)
    {
        if (value.Length > max)
        {
            line.Error(column, $"Verdien kan ha høyst {max} tegn.");
        }

        return value;
    }

    /// <summary>Grades (trinn) 1–10, written 01–10 as OneRoster does (1–10 is accepted too). Null when a value is invalid.</summary>
    private static List<int>? Grades(CsvLine line)
    {
        var grades = new List<int>();
        foreach (var value in line.List("grades"))
        {
            if (value.Length > 2 || !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var grade) || grade is < 1 or > 10)
            {
                line.Error("grades", $"Ugyldig trinn «{value}». Bruk 01–10.");
                return null;
            }

            grades.Add(grade);
        }

        return grades.Distinct().ToList();
    }

    private static void DateRange(CsvLine line)
    {
        var begin = line.Date("beginDate");
        var end = line.Date("endDate");
        if (begin > end)
        {
            line.Error("endDate", "Sluttdatoen er før startdatoen.");
        }
    }

    private static string? Phone(CsvLine line, string column)
    {
        var value = line.Text(column);
        if (value is null)
        {
            return null;
        }

        var normalised = NorwegianIdentifiers.NormalisePhone(value);
        if (normalised is null)
        {
            line.Error(column, "Telefonnummeret må ha 8 siffer (norsk nummer) eller skrives i internasjonal form, for eksempel +4791234567.");
        }

        return normalised;
    }

    private static bool IsEmail(string value) =>
        value.Length <= RosterLimits.Email
        && MailAddress.TryCreate(value, out var address)
        && address.Address == value
        && address.Host.Contains('.', StringComparison.Ordinal)
        && !address.Host.EndsWith('.');

    /// <summary>
    /// The Feide id (eduPersonPrincipalName): a userIds entry {Feide:…}, else userMasterIdentifier or username when
    /// it looks like one (contains @).
    /// </summary>
    private static string? FeideId(CsvLine line)
    {
        foreach (var entry in line.List("userIds"))
        {
            var trimmed = entry.Trim('{', '}');
            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && trimmed[..colon].Trim().Equals("Feide", StringComparison.OrdinalIgnoreCase) && trimmed[(colon + 1)..].Trim() is { Length: > 0 } id)
            {
                return id;
            }
        }

        var candidate = new[] { line.Text("userMasterIdentifier"), line.Text("username") }.FirstOrDefault(v => v?.Contains('@', StringComparison.Ordinal) == true);
        if (candidate is { Length: > RosterLimits.Email })
        {
            line.Error("username", $"Feide-id kan ha høyst {RosterLimits.Email} tegn.");
            return null;
        }

        return candidate;
    }
}
