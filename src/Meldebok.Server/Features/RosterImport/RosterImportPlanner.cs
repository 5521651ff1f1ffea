using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Validation;

namespace Meldebok.Server.Features.RosterImport;

/// <summary>
/// Checks the files against each other (and, in delta mode, against the stored roster) and works out every
/// change: which records to create, update and deactivate. Reports each problem with its file, line and column.
/// Writes nothing: the plan is applied by <see cref="RosterImporter"/> only when no error was found.
/// </summary>
internal sealed class RosterImportPlanner
{
    private const string OrgsFile = OneRosterFiles.Orgs;
    private const string ClassesFile = OneRosterFiles.Classes;
    private const string UsersFile = OneRosterFiles.Users;
    private const string RolesFile = OneRosterFiles.Roles;
    private const string EnrollmentsFile = OneRosterFiles.Enrollments;

    private readonly ParsedRoster _files;
    private readonly RosterSnapshot _stored;
    private readonly RosterImportMode _mode;
    private readonly ImportIssues _issues;
    private readonly Guid _municipalityId;
    private readonly int _defaultSchoolYear;
    private readonly RosterPlan _plan = new();

    private readonly EntitySync<School> _schoolSync;
    private readonly EntitySync<SfoUnit> _unitSync;
    private readonly EntitySync<Group> _groupSync;
    private readonly EntitySync<Pupil> _pupilSync;
    private readonly EntitySync<Guardian> _guardianSync;
    private readonly EntitySync<Staff> _staffSync;
    private readonly EntitySync<GuardianLink> _linkSync;
    private readonly EntitySync<StaffAssignment> _assignmentSync;

    // The files' rows by sourcedId.
    private Dictionary<string, OrgRow> _orgRows = [];
    private Dictionary<string, UserRow> _userRows = [];
    private Dictionary<string, SessionRow> _sessionRows = [];

    // The records the files describe, by sourcedId (created or matched).
    private readonly Dictionary<string, School> _schools = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, SfoUnit> _unitsBySchool = [];
    private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Pupil> _pupils = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GuardianEntry> _guardians = new(StringComparer.Ordinal);
    private Dictionary<string, PupilDetailRow> _pupilDetails = [];
    private readonly Dictionary<string, Staff> _staff = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, string> _schoolSourcedIds = [];

    // The stored records, by sourcedId and by the keys they are matched on.
    private readonly Dictionary<string, School> _storedSchools;
    private readonly Dictionary<string, Group> _storedGroups;
    private readonly Dictionary<string, Pupil> _storedPupils;
    private readonly Dictionary<string, Guardian> _storedGuardians;
    private readonly Dictionary<string, Staff> _storedStaff;

    public RosterImportPlanner(ParsedRoster files, RosterSnapshot stored, RosterImportMode mode, ImportIssues issues, Guid municipalityId,
        DateTimeOffset now, int defaultSchoolYear)
    {
        _files = files;
        _stored = stored;
        _mode = mode;
        _issues = issues;
        _municipalityId = municipalityId;
        _defaultSchoolYear = defaultSchoolYear;
        _schoolSync = new(_plan.Schools, now);
        _unitSync = new(_plan.SfoUnits, now);
        _groupSync = new(_plan.Groups, now);
        _pupilSync = new(_plan.Pupils, now);
        _guardianSync = new(_plan.Guardians, now);
        _staffSync = new(_plan.Staff, now);
        _linkSync = new(_plan.GuardianLinks, now);
        _assignmentSync = new(_plan.StaffAssignments, now);
        _storedSchools = BySourcedId(stored.Schools);
        _storedGroups = BySourcedId(stored.Groups);
        _storedPupils = BySourcedId(stored.Pupils);
        _storedGuardians = BySourcedId(stored.Guardians);
        _storedStaff = BySourcedId(stored.Staff);
        foreach (var school in stored.Schools.Where(s => s.SourcedId is not null))
        {
            _schoolSourcedIds[school.Id] = school.SourcedId!;
        }
    }

    private bool Full => _mode == RosterImportMode.Full;

    public RosterPlan Plan()
    {
        _orgRows = Index(_files.Orgs, OrgsFile);
        var classRows = Index(_files.Classes, ClassesFile);
        _userRows = Index(_files.Users, UsersFile);
        Index(_files.Enrollments, EnrollmentsFile);
        if (_files.Roles is not null) Index(_files.Roles, RolesFile);
        if (_files.Sessions is not null) _sessionRows = Index(_files.Sessions, OneRosterFiles.AcademicSessions);
        _pupilDetails = PupilDetailsByStudent();

        PlanSchools();
        PlanGroups(classRows.Values);
        PlanPeople();
        foreach (var detail in _pupilDetails.Values)
        {
            ResolvePupil(detail.StudentSourcedId, OneRosterFiles.PupilDetails, detail.Line, "studentSourcedId");
        }

        PlanGuardianLinks();
        PlanStaffAssignments();
        PlanGroupMemberships();

        if (Full)
        {
            _schoolSync.DeactivateAbsent(_stored.Schools);
            _unitSync.DeactivateAbsent(_stored.SfoUnits);
            _groupSync.DeactivateAbsent(_stored.Groups);
            _pupilSync.DeactivateAbsent(_stored.Pupils);
            _guardianSync.DeactivateAbsent(_stored.Guardians);
            _staffSync.DeactivateAbsent(_stored.Staff);
            _linkSync.DeactivateAbsent(_stored.GuardianLinks);
            _assignmentSync.DeactivateAbsent(_stored.StaffAssignments);
        }

        return _plan;
    }

    private void PlanSchools()
    {
        foreach (var org in _orgRows.Values)
        {
            if (Full && org.ParentSourcedId is { } parent && !_orgRows.ContainsKey(parent))
            {
                _issues.Error(OrgsFile, org.Line, "parentSourcedId", $"Fant ingen organisasjon med sourcedId «{parent}» i orgs.csv.");
            }

            if (!org.IsSchool)
            {
                continue;
            }

            var stored = _storedSchools.GetValueOrDefault(org.SourcedId);
            if (org.ToBeDeleted)
            {
                if (stored is not null) _schoolSync.Deactivate(stored);
                continue;
            }

            var school = _schoolSync.Upsert(stored, org.SourcedId, () => new School(_municipalityId) { Name = org.Name }, s =>
                EntitySync<School>.Set(s.Name, org.Name, v => s.Name = v)
                // A school's organisation number is kept when the file has none (OneRoster's identifier need not be one).
                | (org.OrganisationNumber is { } number && EntitySync<School>.Set(s.OrganisationNumber, number, v => s.OrganisationNumber = v)));
            _schools[org.SourcedId] = school;
            _schoolSourcedIds[school.Id] = org.SourcedId;
        }
    }

    private void PlanGroups(IEnumerable<ClassRow> classes)
    {
        foreach (var row in classes)
        {
            var stored = _storedGroups.GetValueOrDefault(row.SourcedId);
            if (row.ToBeDeleted)
            {
                if (stored is not null) _groupSync.Deactivate(stored);
                continue;
            }

            var school = ResolveSchool(row.SchoolSourcedId, ClassesFile, row.Line, "schoolSourcedId");
            var schoolYear = SchoolYearOf(row);
            if (school is null || schoolYear is null)
            {
                continue;
            }

            var unitId = row.IsSfo ? SfoUnitOf(school).Id : (Guid?)null;
            var kind = row.IsSfo ? GroupKind.SfoGroup : row.Homeroom ? GroupKind.Class : GroupKind.BasisGroup;
            _groups[row.SourcedId] = _groupSync.Upsert(stored, row.SourcedId, () => new Group(_municipalityId) { Name = row.Title }, g =>
                EntitySync<Group>.Set(g.SchoolId, school.Id, v => g.SchoolId = v)
                | EntitySync<Group>.Set(g.SfoUnitId, unitId, v => g.SfoUnitId = v)
                | EntitySync<Group>.Set(g.Name, row.Title, v => g.Name = v)
                | EntitySync<Group>.Set(g.Kind, kind, v => g.Kind = v)
                | EntitySync<Group>.Set(g.SchoolYear, schoolYear.Value, v => g.SchoolYear = v)
                | EntitySync<Group>.Set(g.Grade, row.Grade, v => g.Grade = v));
        }
    }

    /// <summary>The school's SFO unit: one per school that has SFO groups, created on first need.</summary>
    private SfoUnit SfoUnitOf(School school)
    {
        if (_unitsBySchool.TryGetValue(school.Id, out var unit))
        {
            return unit;
        }

        var sourcedId = RosterPlan.DerivedSourcedId($"{school.SourcedId}/sfo");
        // A unit the municipality made by hand before its first import is taken over when it is the school's only one.
        var stored = _stored.SfoUnits.FirstOrDefault(u => u.SourcedId == sourcedId)
            ?? (_stored.SfoUnits.Where(u => u.SchoolId == school.Id && u.SourcedId is null).ToList() is [var only] ? only : null);
        unit = _unitSync.Upsert(stored, sourcedId, () => new SfoUnit(_municipalityId) { SchoolId = school.Id, Name = $"{school.Name} SFO" }, _ => false);
        _unitsBySchool[school.Id] = unit;
        return unit;
    }

    /// <summary>The school year of a class: from its term in academicSessions.csv, else the form's or the current one.</summary>
    private int? SchoolYearOf(ClassRow row)
    {
        if (_files.Sessions is null || row.TermSourcedIds.Count == 0)
        {
            return _defaultSchoolYear;
        }

        foreach (var term in row.TermSourcedIds.Where(t => !_sessionRows.ContainsKey(t)))
        {
            _issues.Error(ClassesFile, row.Line, "termSourcedIds", $"Fant ingen termin med sourcedId «{term}» i academicSessions.csv.");
            return null;
        }

        // A school year starts in August; a term starting January–June belongs to the school year begun the autumn before.
        var start = _sessionRows[row.TermSourcedIds[0]].StartDate;
        return start.Month >= 7 ? start.Year : start.Year - 1;
    }

    private sealed record RoleAt(RoleMeaning Role, string? OrgSourcedId, bool Primary, string File, int Line, string Field);

    private void PlanPeople()
    {
        var roles = RolesByUser();
        var pupilsByNumber = ByKey(_stored.Pupils, p => p.NationalIdentityNumber);
        var guardiansByNumber = ByKey(_stored.Guardians, g => g.NationalIdentityNumber);
        var staffByFeideId = ByKey(_stored.Staff, s => s.FeideId);
        var seenPupilNumbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var seenGuardianNumbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var seenFeideIds = new Dictionary<string, int>(StringComparer.Ordinal);

        foreach (var user in _userRows.Values)
        {
            if (user.ToBeDeleted)
            {
                DeactivateStoredPerson(user.SourcedId);
                continue;
            }

            var userRoles = roles.GetValueOrDefault(user.SourcedId) ?? [];
            var isPupil = userRoles.Any(r => r.Role.Kind == PersonKind.Pupil);
            var guardianKind = userRoles.Any(r => r.Role.Kind == PersonKind.Parent) ? PersonKind.Parent
                : userRoles.Any(r => r.Role.Kind == PersonKind.Relative) ? PersonKind.Relative
                : PersonKind.None;
            var isStaff = userRoles.Any(r => r.Role.Kind == PersonKind.Staff);
            if (!isPupil && guardianKind == PersonKind.None && !isStaff && !Full && userRoles.Count == 0)
            {
                // A delta file may send a changed user without its roles: update what the user already is.
                isPupil = _storedPupils.ContainsKey(user.SourcedId);
                guardianKind = _storedGuardians.ContainsKey(user.SourcedId) ? PersonKind.Parent : PersonKind.None;
                isStaff = _storedStaff.ContainsKey(user.SourcedId);
            }

            if (!isPupil && guardianKind == PersonKind.None && !isStaff)
            {
                _issues.Warn(UsersFile, user.Line, null, userRoles.Count == 0
                    ? "Brukeren har ingen rolle og ble ikke importert."
                    : $"Rollen {string.Join(", ", userRoles.Select(r => r.Role.Name).Distinct())} importeres ikke til Meldebok; brukeren ble hoppet over.");
                continue;
            }

            if (isPupil) PlanPupil(user, userRoles, pupilsByNumber, seenPupilNumbers);
            if (guardianKind != PersonKind.None) PlanGuardian(user, guardianKind, guardiansByNumber, seenGuardianNumbers);
            if (isStaff) PlanStaff(user, userRoles, staffByFeideId, seenFeideIds);
        }
    }

    private Dictionary<string, List<RoleAt>> RolesByUser()
    {
        var roles = new Dictionary<string, List<RoleAt>>(StringComparer.Ordinal);
        void Add(string user, RoleAt role)
        {
            if (!roles.TryGetValue(user, out var list)) roles[user] = list = [];
            list.Add(role);
        }

        if (_files.Roles is { } roleRows)
        {
            foreach (var row in roleRows)
            {
                if (!_userRows.TryGetValue(row.UserSourcedId, out var user) || user.ToBeDeleted)
                {
                    _issues.Error(RolesFile, row.Line, "userSourcedId", $"Fant ingen bruker med sourcedId «{row.UserSourcedId}» i users.csv.");
                }
                else if (!row.ToBeDeleted && OrgExists(row.OrgSourcedId, RolesFile, row.Line, "orgSourcedId"))
                {
                    Add(row.UserSourcedId, new RoleAt(row.Role, row.OrgSourcedId, row.Primary, RolesFile, row.Line, "orgSourcedId"));
                }
            }

            return roles;
        }

        foreach (var user in _userRows.Values.Where(u => u.LegacyRole is not null && !u.ToBeDeleted))
        {
            var orgs = user.LegacyOrgSourcedIds.Where(o => OrgExists(o, UsersFile, user.Line, "orgSourcedIds")).ToList();
            if (orgs.Count == 0)
            {
                Add(user.SourcedId, new RoleAt(user.LegacyRole!, null, false, UsersFile, user.Line, "orgSourcedIds"));
            }

            foreach (var org in orgs)
            {
                Add(user.SourcedId, new RoleAt(user.LegacyRole!, org, org == user.PrimaryOrgSourcedId, UsersFile, user.Line, "orgSourcedIds"));
            }
        }

        return roles;
    }

    private void PlanPupil(UserRow user, List<RoleAt> roles, Dictionary<string, Pupil> storedByNumber, Dictionary<string, int> seenNumbers)
    {
        var school = PupilSchool(user, roles.Where(r => r.Role.Kind == PersonKind.Pupil).ToList());
        var number = NationalIdentityNumber(user, seenNumbers, required: false);
        var birthDate = user.BirthDate ?? NorwegianIdentifiers.BirthDateOf(number);
        if (birthDate is null && (number is not null || user.Identifier is null))
        {
            _issues.Error(UsersFile, user.Line, number is null ? "metadata.birthDate" : "identifier", number is null
                ? "Fødselsdato mangler: fyll ut metadata.birthDate (ÅÅÅÅ-MM-DD) eller identifier med elevens fødselsnummer."
                : "Fødselsdatoen kan ikke leses ut av fødselsnummeret. Fyll ut metadata.birthDate.");
        }

        var stored = _storedPupils.GetValueOrDefault(user.SourcedId) ?? FallbackMatch(number, storedByNumber);
        var details = _pupilDetails.GetValueOrDefault(user.SourcedId);
        var schoolId = school?.Id ?? stored?.SchoolId ?? Guid.Empty;
        _pupils[user.SourcedId] = _pupilSync.Upsert(stored, user.SourcedId,
            () => new Pupil(_municipalityId) { GivenName = user.GivenName, FamilyName = user.FamilyName }, p =>
                EntitySync<Pupil>.Set(p.SchoolId, schoolId, v => p.SchoolId = v)
                | EntitySync<Pupil>.Set(p.GivenName, user.GivenName, v => p.GivenName = v)
                | EntitySync<Pupil>.Set(p.FamilyName, user.FamilyName, v => p.FamilyName = v)
                | EntitySync<Pupil>.Set(p.BirthDate, birthDate ?? p.BirthDate, v => p.BirthDate = v)
                | EntitySync<Pupil>.Set(p.NationalIdentityNumber, number, v => p.NationalIdentityNumber = v)
                // Protection is changed only by meldebok-pupils.csv, never lifted because a file leaves it out.
                | (details is not null && EntitySync<Pupil>.Set(p.ProtectedAddress, details.ProtectedAddress, v => p.ProtectedAddress = v)),
            user.Enabled);
    }

    private School? PupilSchool(UserRow user, List<RoleAt> roles)
    {
        if (roles.Count == 0)
        {
            // Delta update of a stored pupil sent without roles: the pupil stays at its school.
            return null;
        }

        var schools = roles
            .Select(r => (r.Primary, Org: r.OrgSourcedId, School: r.OrgSourcedId is null ? null : ResolveSchool(r.OrgSourcedId, null, 0, null)))
            .Where(r => r.School is not null)
            .OrderByDescending(r => r.Primary)
            .ThenByDescending(r => r.Org == user.PrimaryOrgSourcedId)
            .ToList();
        if (schools.Count == 0)
        {
            var at = roles[0];
            _issues.Error(at.File, at.Line, at.Field,
                "Eleven har ingen skole: en elev må ha rollen student ved en organisasjon av typen school i orgs.csv.");
            return null;
        }

        return schools[0].School;
    }

    private void PlanGuardian(UserRow user, PersonKind kind, Dictionary<string, Guardian> storedByNumber, Dictionary<string, int> seenNumbers)
    {
        var number = NationalIdentityNumber(user, seenNumbers, required: true);
        var stored = _storedGuardians.GetValueOrDefault(user.SourcedId) ?? FallbackMatch(number, storedByNumber);
        var guardian = _guardianSync.Upsert(stored, user.SourcedId,
            () => new Guardian(_municipalityId) { GivenName = user.GivenName, FamilyName = user.FamilyName, NationalIdentityNumber = number ?? "" }, g =>
                EntitySync<Guardian>.Set(g.GivenName, user.GivenName, v => g.GivenName = v)
                | EntitySync<Guardian>.Set(g.FamilyName, user.FamilyName, v => g.FamilyName = v)
                | EntitySync<Guardian>.Set(g.NationalIdentityNumber, number ?? g.NationalIdentityNumber, v => g.NationalIdentityNumber = v)
                | EntitySync<Guardian>.Set(g.Email, user.Email, v => g.Email = v)
                | EntitySync<Guardian>.Set(g.Mobile, user.Mobile, v => g.Mobile = v),
            user.Enabled);
        _guardians[user.SourcedId] = new GuardianEntry(guardian, kind);
    }

    private void PlanStaff(UserRow user, List<RoleAt> roles, Dictionary<string, Staff> storedByFeideId, Dictionary<string, int> seenFeideIds)
    {
        var feideId = user.FeideId;
        if (feideId is not null)
        {
            if (seenFeideIds.TryGetValue(feideId, out var other))
            {
                _issues.Error(UsersFile, user.Line, "username", $"Feide-id «{feideId}» står også på linje {other}.");
            }
            else if (_stored.FeideIdsOfOtherMunicipalities.Contains(feideId))
            {
                _issues.Error(UsersFile, user.Line, "username", $"Feide-id «{feideId}» er allerede i bruk i en annen kommune.");
            }

            seenFeideIds.TryAdd(feideId, user.Line);
        }

        var stored = _storedStaff.GetValueOrDefault(user.SourcedId) ?? FallbackMatch(feideId, storedByFeideId);
        var staff = _staffSync.Upsert(stored, user.SourcedId,
            () => new Staff(_municipalityId) { GivenName = user.GivenName, FamilyName = user.FamilyName }, s =>
                EntitySync<Staff>.Set(s.GivenName, user.GivenName, v => s.GivenName = v)
                | EntitySync<Staff>.Set(s.FamilyName, user.FamilyName, v => s.FamilyName = v)
                | EntitySync<Staff>.Set(s.FeideId, feideId, v => s.FeideId = v)
                | EntitySync<Staff>.Set(s.Email, user.Email, v => s.Email = v)
                | EntitySync<Staff>.Set(s.Mobile, user.Mobile, v => s.Mobile = v),
            user.Enabled);
        _staff[user.SourcedId] = staff;

        foreach (var role in roles.Where(r => r.Role.Kind == PersonKind.Staff))
        {
            if (role.OrgSourcedId is not null && ResolveSchool(role.OrgSourcedId, null, 0, null) is { } school)
            {
                AddAssignment(staff, user.SourcedId, school.Id, role.Role.StaffRole, fromEnrollment: false);
            }
            else
            {
                _issues.Warn(role.File, role.Line, role.Field,
                    $"Rollen {role.Role.Name} er ikke knyttet til en skole; ansatte får bare roller ved skoler.");
            }
        }
    }

    /// <summary>The user's fødselsnummer, checked; reported when invalid, repeated, or (for guardians) missing.</summary>
    private string? NationalIdentityNumber(UserRow user, Dictionary<string, int> seen, bool required)
    {
        if (user.Identifier is not { } number)
        {
            if (required)
            {
                _issues.Error(UsersFile, user.Line, "identifier", "Foresatte må ha fødselsnummer i identifier (brukes ved innlogging med ID-porten).");
            }

            return null;
        }

        if (!NorwegianIdentifiers.IsValidNationalIdentityNumber(number))
        {
            _issues.Error(UsersFile, user.Line, "identifier", "Fødselsnummeret må ha 11 siffer og gyldige kontrollsiffer.");
            return null;
        }

        if (!seen.TryAdd(number, user.Line))
        {
            _issues.Error(UsersFile, user.Line, "identifier", $"Fødselsnummeret står også på linje {seen[number]}.");
        }

        return number;
    }

    /// <summary>
    /// A stored record with the same fødselsnummer or Feide id, for a sourcedId seen for the first time, unless that
    /// record's own sourcedId is still in the files (it is then that line's record).
    /// </summary>
    private T? FallbackMatch<T>(string? key, Dictionary<string, T> storedByKey) where T : RosterEntity =>
        key is not null && storedByKey.TryGetValue(key, out var candidate)
        && (candidate.SourcedId is null || !_userRows.TryGetValue(candidate.SourcedId, out var row) || row.ToBeDeleted)
            ? candidate
            : null;

    private void DeactivateStoredPerson(string sourcedId)
    {
        if (_storedPupils.GetValueOrDefault(sourcedId) is { } pupil) _pupilSync.Deactivate(pupil);
        if (_storedGuardians.GetValueOrDefault(sourcedId) is { } guardian) _guardianSync.Deactivate(guardian);
        if (_storedStaff.GetValueOrDefault(sourcedId) is { } staff) _staffSync.Deactivate(staff);
    }

    private void PlanGuardianLinks()
    {
        var desired = new Dictionary<(Guid Guardian, Guid Pupil), (string GuardianSourcedId, string PupilSourcedId, PersonKind Kind, RelationRow? Relation)>();
        void Want(Guardian guardian, string guardianSourcedId, PersonKind kind, Pupil pupil, string pupilSourcedId) =>
            desired.TryAdd((guardian.Id, pupil.Id), (guardianSourcedId, pupilSourcedId, kind, null));

        // OneRoster agents go both ways: a student's agents are its guardians, a guardian's agents its children.
        foreach (var user in _userRows.Values.Where(u => !u.ToBeDeleted))
        {
            if (_pupils.TryGetValue(user.SourcedId, out var pupil))
            {
                foreach (var agent in user.AgentSourcedIds)
                {
                    if (ResolveGuardian(agent, UsersFile, user.Line, "agentSourcedIds") is { } guardian)
                        Want(guardian.Guardian, agent, guardian.Kind, pupil, user.SourcedId);
                }
            }
            else if (_guardians.TryGetValue(user.SourcedId, out var guardian))
            {
                foreach (var agent in user.AgentSourcedIds)
                {
                    if (ResolvePupil(agent, UsersFile, user.Line, "agentSourcedIds") is { } child)
                        Want(guardian.Guardian, user.SourcedId, guardian.Kind, child, agent);
                }
            }
        }

        var relationLines = new Dictionary<(Guid, Guid), int>();
        foreach (var relation in _files.Relations)
        {
            var pupil = ResolvePupil(relation.StudentSourcedId, OneRosterFiles.Relations, relation.Line, "studentSourcedId");
            var guardian = ResolveGuardian(relation.GuardianSourcedId, OneRosterFiles.Relations, relation.Line, "guardianSourcedId");
            if (pupil is null || guardian is null)
            {
                continue;
            }

            var key = (guardian.Guardian.Id, pupil.Id);
            if (!relationLines.TryAdd(key, relation.Line))
            {
                _issues.Error(OneRosterFiles.Relations, relation.Line, "guardianSourcedId", $"Den samme foresatte og eleven står også på linje {relationLines[key]}.");
                continue;
            }

            desired[key] = (relation.GuardianSourcedId, relation.StudentSourcedId, guardian.Kind, relation);
        }

        var storedLinks = _stored.GuardianLinks.ToDictionary(l => (l.GuardianId, l.PupilId));
        foreach (var ((guardianId, pupilId), (guardianSourcedId, pupilSourcedId, kind, relation)) in desired)
        {
            // guardian and parent have parental responsibility by default; relative has no rights until the extension file gives them.
            var parent = kind != PersonKind.Relative;
            _linkSync.Upsert(storedLinks.GetValueOrDefault((guardianId, pupilId)), RosterPlan.DerivedSourcedId($"{guardianSourcedId}>{pupilSourcedId}"),
                () => new GuardianLink(_municipalityId)
                {
                    GuardianId = guardianId, PupilId = pupilId, ParentalResponsibility = parent, DailyCare = parent, RightToInformation = parent,
                },
                // The flags of a stored link change only through meldebok-relations.csv: a block set by the school stays.
                l => relation is not null
                    && ((relation.ParentalResponsibility is { } pr && EntitySync<GuardianLink>.Set(l.ParentalResponsibility, pr, v => l.ParentalResponsibility = v))
                        | (relation.DailyCare is { } dc && EntitySync<GuardianLink>.Set(l.DailyCare, dc, v => l.DailyCare = v))
                        | (relation.RightToInformation is { } ri && EntitySync<GuardianLink>.Set(l.RightToInformation, ri, v => l.RightToInformation = v))
                        | (relation.Blocked is { } b && EntitySync<GuardianLink>.Set(l.Blocked, b, v => l.Blocked = v))));
        }

        if (!Full)
        {
            // Delta: the links of a pupil or guardian marked tobedeleted go with them.
            var gone = _plan.Pupils.Deactivated.Select(p => p.Id).Concat(_plan.Guardians.Deactivated.Select(g => g.Id)).ToHashSet();
            foreach (var link in _stored.GuardianLinks.Where(l => gone.Contains(l.PupilId) || gone.Contains(l.GuardianId)))
            {
                _linkSync.Deactivate(link);
            }
        }
    }

    private readonly Dictionary<(Guid Staff, Guid School, StaffRole Role), (string StaffSourcedId, HashSet<Guid> Groups, bool FromEnrollment)> _assignments = [];

    private void AddAssignment(Staff staff, string staffSourcedId, Guid schoolId, StaffRole role, bool fromEnrollment, Guid? groupId = null)
    {
        var key = (staff.Id, schoolId, role);
        if (!_assignments.TryGetValue(key, out var assignment))
        {
            _assignments[key] = assignment = (staffSourcedId, [], fromEnrollment);
        }
        else if (fromEnrollment && !assignment.FromEnrollment)
        {
            _assignments[key] = assignment = assignment with { FromEnrollment = true };
        }

        if (groupId is { } id) assignment.Groups.Add(id);
    }

    private void PlanStaffAssignments()
    {
        var removedCoverage = new List<(Guid Staff, Guid School, Guid Group)>();
        foreach (var row in _files.Enrollments.Where(e => !e.IsStudent))
        {
            var group = ResolveGroup(row.ClassSourcedId, row.Line, quiet: row.ToBeDeleted);
            var staff = ResolveStaff(row.UserSourcedId, row.Line, quiet: row.ToBeDeleted);
            if (group is null || staff is null || !SchoolMatches(row, group))
            {
                continue;
            }

            if (row.ToBeDeleted) removedCoverage.Add((staff.Id, group.SchoolId, group.Id));
            else AddAssignment(staff, row.UserSourcedId, group.SchoolId, row.Primary ? StaffRole.ContactTeacher : StaffRole.Teacher, fromEnrollment: true, group.Id);
        }

        var storedAssignments = _stored.StaffAssignments.ToDictionary(a => (a.StaffId, a.SchoolId, a.Role));
        var desiredCoverage = new HashSet<(Guid Assignment, Guid Group)>();
        foreach (var ((staffId, schoolId, role), (staffSourcedId, groups, fromEnrollment)) in _assignments)
        {
            // A teacher who is contact teacher at the school and teaches no other group there needs no plain teacher role.
            if (role == StaffRole.Teacher && !fromEnrollment && _assignments.ContainsKey((staffId, schoolId, StaffRole.ContactTeacher)))
            {
                continue;
            }

            var schoolSourcedId = _schoolSourcedIds.GetValueOrDefault(schoolId, schoolId.ToString());
            var assignment = _assignmentSync.Upsert(storedAssignments.GetValueOrDefault((staffId, schoolId, role)),
                RosterPlan.DerivedSourcedId($"{staffSourcedId}@{schoolSourcedId}:{role}"),
                () => new StaffAssignment(_municipalityId) { StaffId = staffId, SchoolId = schoolId, Role = role }, _ => false);
            foreach (var group in groups)
            {
                desiredCoverage.Add((assignment.Id, group));
            }
        }

        var assignmentsById = _stored.StaffAssignments.ToDictionary(a => a.Id);
        var storedCoverage = _stored.StaffAssignmentGroups.Select(g => (g.StaffAssignmentId, g.GroupId)).ToHashSet();
        var removed = removedCoverage
            .SelectMany(r => _stored.StaffAssignments.Where(a => a.StaffId == r.Staff && a.SchoolId == r.School).Select(a => (a.Id, r.Group)))
            .ToHashSet();
        SyncRelations(_plan.StaffAssignmentGroups, desiredCoverage, storedCoverage, removed,
            key => Full && assignmentsById.GetValueOrDefault(key.Item1)?.SourcedId is not null && GroupIsImported(key.Item2),
            key => new StaffAssignmentGroup { StaffAssignmentId = key.Item1, GroupId = key.Item2 });

        if (!Full)
        {
            var gone = _plan.Staff.Deactivated.Select(s => s.Id).ToHashSet();
            foreach (var assignment in _stored.StaffAssignments.Where(a => gone.Contains(a.StaffId)))
            {
                _assignmentSync.Deactivate(assignment);
            }
        }
    }

    private void PlanGroupMemberships()
    {
        var desired = new HashSet<(Guid Pupil, Guid Group)>();
        var removed = new HashSet<(Guid Pupil, Guid Group)>();
        foreach (var row in _files.Enrollments.Where(e => e.IsStudent))
        {
            var group = ResolveGroup(row.ClassSourcedId, row.Line, quiet: row.ToBeDeleted);
            var pupil = ResolvePupil(row.UserSourcedId, row.ToBeDeleted ? null : EnrollmentsFile, row.Line, "userSourcedId");
            if (group is null || pupil is null || !SchoolMatches(row, group))
            {
                continue;
            }

            (row.ToBeDeleted ? removed : desired).Add((pupil.Id, group.Id));
        }

        var pupilsById = _stored.Pupils.ToDictionary(p => p.Id);
        var stored = _stored.GroupMemberships.Select(m => (m.PupilId, m.GroupId)).ToHashSet();
        SyncRelations(_plan.GroupMemberships, desired, stored, removed,
            key => Full && pupilsById.GetValueOrDefault(key.Item1)?.SourcedId is not null && GroupIsImported(key.Item2),
            key => new GroupMembership { PupilId = key.Item1, GroupId = key.Item2 });
    }

    private Dictionary<Guid, Group>? _storedGroupsById;

    private bool GroupIsImported(Guid groupId) =>
        (_storedGroupsById ??= _stored.Groups.ToDictionary(g => g.Id)).GetValueOrDefault(groupId)?.SourcedId is not null;

    /// <summary>
    /// Relations are not people: one the files no longer list is removed (full import: only between two imported
    /// records, so what was added by hand stays), and one a delta file marks tobedeleted is removed too.
    /// </summary>
    private static void SyncRelations<T>(RelationChanges<T> changes, HashSet<(Guid, Guid)> desired, HashSet<(Guid, Guid)> stored,
        HashSet<(Guid, Guid)> markedDeleted, Func<(Guid, Guid), bool> removeWhenAbsent, Func<(Guid, Guid), T> create)
    {
        foreach (var key in desired)
        {
            if (stored.Contains(key)) changes.Unchanged++;
            else changes.Added.Add(create(key));
        }

        foreach (var key in stored.Where(k => !desired.Contains(k) && (markedDeleted.Contains(k) || removeWhenAbsent(k))))
        {
            changes.Removed.Add(create(key));
        }
    }

    private bool SchoolMatches(EnrollmentRow row, Group group)
    {
        var school = ResolveSchool(row.SchoolSourcedId, row.ToBeDeleted ? null : EnrollmentsFile, row.Line, "schoolSourcedId");
        if (school is null)
        {
            return false;
        }

        if (school.Id != group.SchoolId)
        {
            if (!row.ToBeDeleted)
            {
                _issues.Error(EnrollmentsFile, row.Line, "schoolSourcedId", $"Klassen «{row.ClassSourcedId}» hører ikke til skolen «{row.SchoolSourcedId}».");
            }

            return false;
        }

        return true;
    }

    private bool OrgExists(string sourcedId, string file, int line, string field)
    {
        if (sourcedId.Length == 0)
        {
            return false;
        }

        if ((_orgRows.TryGetValue(sourcedId, out var org) && !org.ToBeDeleted) || (!Full && _storedSchools.ContainsKey(sourcedId)))
        {
            return true;
        }

        NotFound(file, line, field, "organisasjon", sourcedId, "orgs.csv");
        return false;
    }

    /// <summary>A school named by a reference, or null after reporting why not (nothing is reported when <paramref name="file"/> is null).</summary>
    private School? ResolveSchool(string sourcedId, string? file, int line, string? field)
    {
        // An empty reference has been reported as a missing value already.
        if (sourcedId.Length == 0)
        {
            return null;
        }

        if (_schools.TryGetValue(sourcedId, out var school))
        {
            return school;
        }

        if (_orgRows.TryGetValue(sourcedId, out var org) && !org.ToBeDeleted)
        {
            if (file is not null && org.IsSchool is false)
            {
                _issues.Error(file, line, field, $"«{sourcedId}» er ikke en skole (typen er {org.Type}).");
            }

            return null;
        }

        if (!Full && _storedSchools.TryGetValue(sourcedId, out school))
        {
            return school;
        }

        if (file is not null) NotFound(file, line, field!, "skole", sourcedId, "orgs.csv");
        return null;
    }

    private Group? ResolveGroup(string sourcedId, int line, bool quiet)
    {
        if (_groups.TryGetValue(sourcedId, out var group) || (!Full && _storedGroups.TryGetValue(sourcedId, out group)))
        {
            return group;
        }

        if (!quiet && sourcedId.Length > 0) NotFound(EnrollmentsFile, line, "classSourcedId", "klasse", sourcedId, "classes.csv");
        return null;
    }

    private sealed record GuardianEntry(Guardian Guardian, PersonKind Kind);

    private Pupil? ResolvePupil(string sourcedId, string? file, int line, string field) =>
        ResolvePerson(sourcedId, file, line, field, _pupils, _storedPupils, "elev", p => p);

    /// <summary>A guardian named by a reference; one stored but not in the files counts as a parent.</summary>
    private GuardianEntry? ResolveGuardian(string sourcedId, string file, int line, string field) =>
        ResolvePerson(sourcedId, file, line, field, _guardians, _storedGuardians, "foresatt", g => new GuardianEntry(g, PersonKind.Parent));

    private Staff? ResolveStaff(string sourcedId, int line, bool quiet) =>
        ResolvePerson(sourcedId, quiet ? null : EnrollmentsFile, line, "userSourcedId", _staff, _storedStaff, "ansatt", s => s);

    private TResult? ResolvePerson<TResult, TStored>(string sourcedId, string? file, int line, string field,
        Dictionary<string, TResult> fromFiles, Dictionary<string, TStored> stored, string what, Func<TStored, TResult> fromStored)
        where TResult : class
    {
        if (fromFiles.TryGetValue(sourcedId, out var found) || sourcedId.Length == 0)
        {
            return found;
        }

        if (_userRows.TryGetValue(sourcedId, out var user) && !user.ToBeDeleted)
        {
            if (file is not null) _issues.Error(file, line, field, $"Brukeren «{sourcedId}» på linje {user.Line} i users.csv er ikke {what}.");
            return default;
        }

        if (!Full && stored.TryGetValue(sourcedId, out var storedPerson))
        {
            return fromStored(storedPerson);
        }

        if (file is not null) NotFound(file, line, field, what, sourcedId, "users.csv");
        return default;
    }

    private void NotFound(string file, int line, string field, string what, string sourcedId, string where) =>
        _issues.Error(file, line, field, Full
            ? $"Fant ingen {what} med sourcedId «{sourcedId}» i {where}."
            : $"Fant ingen {what} med sourcedId «{sourcedId}» i {where} eller i Meldebok.");

    private Dictionary<string, PupilDetailRow> PupilDetailsByStudent()
    {
        var details = new Dictionary<string, PupilDetailRow>(StringComparer.Ordinal);
        foreach (var row in _files.PupilDetails ?? [])
        {
            if (!details.TryAdd(row.StudentSourcedId, row))
            {
                _issues.Error(OneRosterFiles.PupilDetails, row.Line, "studentSourcedId",
                    $"Eleven «{row.StudentSourcedId}» står også på linje {details[row.StudentSourcedId].Line}.");
            }
        }

        return details;
    }

    private Dictionary<string, T> Index<T>(IEnumerable<T> rows, string file) where T : ISourcedRow
    {
        var index = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!index.TryAdd(row.SourcedId, row))
            {
                _issues.Error(file, row.Line, "sourcedId", $"sourcedId «{row.SourcedId}» står også på linje {index[row.SourcedId].Line}.");
            }
        }

        return index;
    }

    private static Dictionary<string, T> BySourcedId<T>(IEnumerable<T> stored) where T : RosterEntity =>
        stored.Where(e => e.SourcedId is not null).ToDictionary(e => e.SourcedId!, StringComparer.Ordinal);

    private static Dictionary<string, T> ByKey<T>(IEnumerable<T> stored, Func<T, string?> key)
    {
        var index = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var entity in stored)
        {
            if (key(entity) is { Length: > 0 } value) index.TryAdd(value, entity);
        }

        return index;
    }
}
