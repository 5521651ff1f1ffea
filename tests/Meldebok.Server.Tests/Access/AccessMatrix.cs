using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Meldebok.Server.Tests.Infrastructure;

namespace Meldebok.Server.Tests.Access;

/// <summary>What an actor gets from an operation.</summary>
public enum Outcome
{
    /// <summary>2xx.</summary>
    Allowed,
    /// <summary>A write the caller may make, judged on its content: 2xx, 400 or 409 (never 401, 403, 404 or 5xx).</summary>
    Written,
    /// <summary>400: the body names records the caller cannot see.</summary>
    Invalid,
    Unauthorized,
    Forbidden,
    NotFound,
}

/// <summary>
/// THE access table: every operation of the OpenAPI document, and what every actor gets from it.
/// A new endpoint fails <see cref="AuthorizationMatrixTests"/> until it has a row here.
/// </summary>
public static class AccessMatrix
{
    private const string Admin = "/api/v1/admin";
    private const string Platform = "/api/v1/platform";

    /// <summary>Operation ("METHOD /path/{param}") → actor → outcome.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<Actor, Outcome>> Rows = BuildRows();

    private static Dictionary<string, IReadOnlyDictionary<Actor, Outcome>> BuildRows()
    {
        var rows = new Dictionary<string, IReadOnlyDictionary<Actor, Outcome>>(StringComparer.Ordinal);
        // The roster resources share one shape; the administrator of another municipality sees its own
        // lists, never the first municipality's records, and cannot point at them in a body.
        foreach (var (resource, createReferencesRecords) in new[]
        {
            ("schools", false), ("pupils", true), ("guardians", false), ("guardian-links", true), ("sfo-units", true),
            ("groups", true), ("staff", false), ("staff-assignments", true), ("administrators", false), ("portfolio-board-members", false),
        })
        {
            rows[$"GET {Admin}/{resource}"] = AdminOnly(Outcome.Allowed, otherAdmin: Outcome.Allowed);
            rows[$"GET {Admin}/{resource}/{{id}}"] = AdminOnly(Outcome.Allowed, otherAdmin: Outcome.NotFound);
            rows[$"POST {Admin}/{resource}"] = AdminOnly(Outcome.Allowed, otherAdmin: createReferencesRecords ? Outcome.Invalid : Outcome.Allowed);
            rows[$"PUT {Admin}/{resource}/{{id}}"] = AdminOnly(Outcome.Allowed, otherAdmin: Outcome.NotFound);
            rows[$"POST {Admin}/{resource}/{{id}}/deactivate"] = AdminOnly(Outcome.Allowed, otherAdmin: Outcome.NotFound);
            rows[$"POST {Admin}/{resource}/{{id}}/activate"] = AdminOnly(Outcome.Allowed, otherAdmin: Outcome.NotFound);
        }

        rows[$"GET {Admin}/municipality"] = AdminOnly(Outcome.Allowed, otherAdmin: Outcome.Allowed);
        rows[$"PUT {Admin}/municipality"] = AdminOnly(Outcome.Allowed, otherAdmin: Outcome.Allowed);
        // The import is under the RosterImport policy: administrators and the roster integration
        // (client credentials with meldebok.roster). The example upload is a dry run without files,
        // which is judged on its content (400).
        var import = AdminOnly(Outcome.Written, otherAdmin: Outcome.Written);
        import[Actor.IntegrationClient] = Outcome.Written;
        rows[$"POST {Admin}/roster-imports"] = import;
        // The school-year rollover is for administrators only (not the roster integration); the example upload without files is a 400.
        rows[$"POST {Admin}/school-year-rollover"] = AdminOnly(Outcome.Written, otherAdmin: Outcome.Written);

        rows[$"GET {Admin}/audit"] = AdminOnly(Outcome.Allowed, otherAdmin: Outcome.Allowed);
        rows[$"GET {Admin}/data-export/pupils/{{id}}"] = AdminOnly(Outcome.Allowed, otherAdmin: Outcome.NotFound);
        rows[$"GET {Admin}/data-export/guardians/{{id}}"] = AdminOnly(Outcome.Allowed, otherAdmin: Outcome.NotFound);

        // Person-facing: any signed-in person; an integration has no person behind it.
        var me = Everyone(Outcome.Allowed);
        me[Actor.IntegrationClient] = Outcome.NotFound;
        rows["GET /api/v1/me"] = me;
        // Missed real-time events: every person gets those of their own audiences; an integration none (404).
        rows["GET /api/v1/events"] = new Dictionary<Actor, Outcome>(me);
        rows["GET /api/v1/pupils"] = Everyone(Outcome.Allowed);
        // Notification settings belong to guardian and staff records: everyone who holds one (blocked or rightless
        // guardians too — settings reveal no pupil); an administrator, the operator and an integration have none (404).
        var notificationSettings = Everyone(Outcome.Allowed);
        foreach (var actor in new[] { Actor.MunicipalityAdmin, Actor.AdminOfOtherMunicipality, Actor.PlatformOperator, Actor.IntegrationClient, Actor.PortfolioBoard })
        {
            notificationSettings[actor] = Outcome.NotFound;
        }

        rows["GET /api/v1/me/notification-settings"] = notificationSettings;
        rows["PUT /api/v1/me/notification-settings"] = new Dictionary<Actor, Outcome>(notificationSettings);
        // Web Push: the public key is public to anyone signed in; devices belong to guardian and staff records as the settings
        // do. The access world has no VAPID keys, so subscribing is judged on its content (409: push is off); removing a
        // device is idempotent (204 also for one that is not there).
        rows["GET /api/v1/me/push/public-key"] = Everyone(Outcome.Allowed);
        var pushSubscribe = new Dictionary<Actor, Outcome>(notificationSettings);
        foreach (var actor in pushSubscribe.Keys.Where(a => pushSubscribe[a] == Outcome.Allowed).ToList())
        {
            pushSubscribe[actor] = Outcome.Written;
        }

        rows["POST /api/v1/me/push-subscriptions"] = pushSubscribe;
        rows["DELETE /api/v1/me/push-subscriptions/{id}"] = new Dictionary<Actor, Outcome>(notificationSettings);
        // The pupil of class 5A: reached through a link that allows access, by the contact teacher of
        // 5A, and by the school's office and principal — by nobody else, and existence is not revealed.
        var pupil = Everyone(Outcome.NotFound);
        foreach (var actor in new[] { Actor.Guardian, Actor.GuardianWithInformationRightOnly, Actor.ContactTeacher, Actor.Office, Actor.Principal })
        {
            pupil[actor] = Outcome.Allowed;
        }

        rows["GET /api/v1/pupils/{id}"] = pupil;
        AddAbsenceNoticeRows(rows);
        AddMessageRows(rows);
        AddConsentRows(rows);
        AddPickupRows(rows, pupil);
        AddSfoDayRows(rows);
        AddClassListRows(rows);

        // Usage statistics: administrators for their own municipality, the principal for their school; other staff
        // hold no role that sees statistics (403); guardians, the operator and integrations are outside the policy.
        var usage = AdminOnly(Outcome.Allowed, otherAdmin: Outcome.Allowed);
        usage[Actor.Principal] = Outcome.Allowed;
        // The portfolio board reads the whole municipality's statistics (and runs nothing).
        usage[Actor.PortfolioBoard] = Outcome.Allowed;
        rows["GET /api/v1/usage/metrics"] = usage;
        rows["GET /api/v1/usage/metrics/{metricId}"] = new Dictionary<Actor, Outcome>(usage);
        rows["GET /api/v1/usage/adoption"] = new Dictionary<Actor, Outcome>(usage);
        rows[$"POST {Admin}/usage/aggregate"] = AdminOnly(Outcome.Allowed, otherAdmin: Outcome.Allowed);
        // Retention works on the caller's own municipality: the other municipality's administrator gets their own report and run.
        rows[$"GET {Admin}/retention/report"] = AdminOnly(Outcome.Allowed, otherAdmin: Outcome.Allowed);
        rows[$"POST {Admin}/retention/run"] = AdminOnly(Outcome.Allowed, otherAdmin: Outcome.Allowed);

        AddBenefitRows(rows);

        rows[$"GET {Platform}/municipalities"] = PlatformOnly();
        rows[$"GET {Platform}/municipalities/{{id}}"] = PlatformOnly();
        rows[$"POST {Platform}/municipalities"] = PlatformOnly();
        rows[$"PUT {Platform}/municipalities/{{id}}"] = PlatformOnly();
        rows[$"POST {Platform}/municipalities/{{id}}/deactivate"] = PlatformOnly();
        rows[$"POST {Platform}/municipalities/{{id}}/activate"] = PlatformOnly();
        return rows;
    }

    /// <summary>
    /// Absence notices: guardians who reach the 5A pupil report, read and change its notices; other
    /// guardians get 404; the staff who receive the notice (contact teacher of 5A, office, principal)
    /// acknowledge it and log legacy absences for the pupil; other staff get 404; everyone else 403.
    /// </summary>
    private static void AddAbsenceNoticeRows(Dictionary<string, IReadOnlyDictionary<Actor, Outcome>> rows)
    {
        Actor[] reachingGuardians = [Actor.Guardian, Actor.GuardianWithInformationRightOnly];
        Actor[] otherGuardians = [Actor.GuardianOfOtherPupil, Actor.GuardianWithoutRights, Actor.BlockedGuardian];
        Actor[] receivingStaff = [Actor.ContactTeacher, Actor.Office, Actor.Principal];
        Actor[] otherStaff = [Actor.TeacherOfOtherGroup, Actor.TeacherAtOtherSchool, Actor.SfoStaff];
        Dictionary<Actor, Outcome> Row(Actor[] allowed, Outcome outcome, Actor[] notFound, Actor[]? alsoAllowed = null)
        {
            var row = Everyone(Outcome.Forbidden);
            foreach (var actor in allowed.Concat(alsoAllowed ?? [])) row[actor] = outcome;
            foreach (var actor in notFound) row[actor] = Outcome.NotFound;
            return row;
        }

        rows["POST /api/v1/absences"] = Row(reachingGuardians, Outcome.Allowed, otherGuardians);
        rows["GET /api/v1/absences"] = Row(reachingGuardians, Outcome.Allowed, [], otherGuardians);
        rows["GET /api/v1/absences/{id}"] = Row(reachingGuardians, Outcome.Allowed, otherGuardians);
        rows["PUT /api/v1/absences/{id}"] = Row(reachingGuardians, Outcome.Written, otherGuardians);
        rows["POST /api/v1/absences/{id}/withdraw"] = Row(reachingGuardians, Outcome.Written, otherGuardians);
        rows["POST /api/v1/absences/{id}/acknowledge"] = Row(receivingStaff, Outcome.Written, otherStaff);
        rows["GET /api/v1/staff/absence-inbox"] = Row(receivingStaff, Outcome.Allowed, [], otherStaff);
        rows["POST /api/v1/staff/legacy-absences"] = Row(receivingStaff, Outcome.Allowed, otherStaff);
        rows["GET /api/v1/staff/legacy-absences"] = Row(receivingStaff, Outcome.Allowed, [], otherStaff);

        // Leave applications: the guardians who reach the pupil apply, read and withdraw; the school's principal
        // and office read; only the principal decides (office 403); other staff hold no leader role (403).
        Actor[] leaders = [Actor.Office, Actor.Principal];
        rows["POST /api/v1/leave-applications"] = Row(reachingGuardians, Outcome.Allowed, otherGuardians);
        rows["GET /api/v1/leave-applications"] = Row(reachingGuardians, Outcome.Allowed, [], otherGuardians);
        rows["GET /api/v1/leave-applications/{id}"] = Row(reachingGuardians, Outcome.Allowed, otherGuardians);
        rows["POST /api/v1/leave-applications/{id}/withdraw"] = Row(reachingGuardians, Outcome.Written, otherGuardians);
        rows["GET /api/v1/staff/leave-applications"] = Row(leaders, Outcome.Allowed, []);
        rows["GET /api/v1/staff/leave-applications/{id}"] = Row(leaders, Outcome.Allowed, []);
        rows["POST /api/v1/staff/leave-applications/{id}/decide"] = Row([Actor.Principal], Outcome.Written, []);

        // The overview of class 5A and its pupil: the school side of the inbox (contact teacher of 5A, office,
        // principal); the export: the school's principal and office only, other staff hold no leader role (403).
        rows["GET /api/v1/staff/absence-overview/groups/{id}"] = Row(receivingStaff, Outcome.Allowed, otherStaff);
        rows["GET /api/v1/staff/absence-overview/pupils/{id}"] = Row(receivingStaff, Outcome.Allowed, otherStaff);
        rows["GET /api/v1/staff/absence-overview/schools/{id}/export"] = Row(leaders, Outcome.Allowed, []);
    }

    /// <summary>
    /// Messages: the thread's two participants (the reporting guardian and the contact teacher of 5A) and nobody else
    /// (404); guardians who reach the pupil start threads with its contact teacher; staff who reach the pupil with its
    /// guardians' contacts start threads with them. Bulk messages: staff and administrators (MessageSender policy);
    /// sending to 5A is for the staff covering 5A, the school's office and principal and the administrator; the sent
    /// message is its sender's alone; its copies are the two guardians' who may receive messages about the pupil.
    /// </summary>
    private static void AddMessageRows(Dictionary<string, IReadOnlyDictionary<Actor, Outcome>> rows)
    {
        Actor[] reachingGuardians = [Actor.Guardian, Actor.GuardianWithInformationRightOnly];
        Actor[] guardians = [Actor.Guardian, Actor.GuardianOfOtherPupil, Actor.GuardianWithInformationRightOnly, Actor.GuardianWithoutRights, Actor.BlockedGuardian];
        Actor[] staff = [Actor.ContactTeacher, Actor.TeacherOfOtherGroup, Actor.TeacherAtOtherSchool, Actor.SfoStaff, Actor.Office, Actor.Principal];
        Actor[] admins = [Actor.MunicipalityAdmin, Actor.AdminOfOtherMunicipality];
        Dictionary<Actor, Outcome> Row(Outcome others, params (Actor[] Actors, Outcome Outcome)[] cells)
        {
            var row = Everyone(others);
            foreach (var (actors, outcome) in cells)
            {
                foreach (var actor in actors) row[actor] = outcome;
            }

            return row;
        }

        var participants = Row(Outcome.NotFound, ([Actor.Guardian, Actor.ContactTeacher], Outcome.Allowed));
        rows["POST /api/v1/threads"] = Row(Outcome.Forbidden, (guardians, Outcome.NotFound), (reachingGuardians, Outcome.Allowed));
        rows["GET /api/v1/threads"] = Everyone(Outcome.Allowed);
        rows["GET /api/v1/threads/{id}"] = participants;
        rows["GET /api/v1/threads/{id}/messages"] = participants;
        rows["POST /api/v1/threads/{id}/messages"] = participants;
        rows["POST /api/v1/threads/{id}/read"] = participants;
        rows["POST /api/v1/staff/threads"] = Row(Outcome.Forbidden, (staff, Outcome.NotFound), ([Actor.ContactTeacher, Actor.Office, Actor.Principal], Outcome.Allowed));

        var toFiveA = Row(Outcome.Forbidden, (staff, Outcome.NotFound), (admins, Outcome.NotFound),
            ([Actor.ContactTeacher, Actor.Office, Actor.Principal, Actor.MunicipalityAdmin], Outcome.Allowed));
        rows["POST /api/v1/bulk-messages/preview"] = toFiveA;
        rows["POST /api/v1/bulk-messages"] = toFiveA;
        rows["GET /api/v1/bulk-messages"] = Row(Outcome.Forbidden, (staff, Outcome.Allowed), (admins, Outcome.Allowed));
        var sent = Row(Outcome.Forbidden, (staff, Outcome.NotFound), (admins, Outcome.NotFound), ([Actor.ContactTeacher], Outcome.Allowed));
        rows["GET /api/v1/bulk-messages/{id}"] = sent;
        rows["GET /api/v1/bulk-messages/{id}/recipients"] = sent;
        rows["POST /api/v1/bulk-messages/{id}/remind"] = sent;
        // The world's message has gone out: its sender may ask, and is told the rule (409); everyone else 404 or 403.
        var sentAndGone = Row(Outcome.Forbidden, (staff, Outcome.NotFound), (admins, Outcome.NotFound), ([Actor.ContactTeacher], Outcome.Written));
        rows["POST /api/v1/bulk-messages/{id}/cancel"] = sentAndGone;
        rows["PUT /api/v1/bulk-messages/{id}"] = sentAndGone;
        rows["GET /api/v1/received-messages"] = Row(Outcome.Forbidden, (guardians, Outcome.Allowed));
        var copy = Row(Outcome.Forbidden, (guardians, Outcome.NotFound), (reachingGuardians, Outcome.Allowed));
        rows["GET /api/v1/received-messages/{id}"] = copy;
        rows["POST /api/v1/received-messages/{id}/read"] = copy;
        rows["POST /api/v1/received-messages/{id}/reply"] = copy;

        // Attachments: any signed-in person uploads (an integration has no person: 404); the thread's attachment is read
        // by exactly the thread's participants, like the thread itself.
        var upload = Everyone(Outcome.Allowed);
        upload[Actor.IntegrationClient] = Outcome.NotFound;
        rows["POST /api/v1/attachments"] = upload;
        rows["GET /api/v1/attachments/{id}"] = new Dictionary<Actor, Outcome>(participants);
    }

    /// <summary>
    /// Benefit plans: administrators manage their own municipality's (another municipality's records answer 404, and a body
    /// naming them 400); principals read; other staff hold no role that sees the plans (403); guardians, the operator and
    /// integrations are outside the policy. Writes to the world's measured benefit are judged on content: closing it twice,
    /// revising a closed benefit or deleting a measured one answer 409.
    /// </summary>
    private static void AddBenefitRows(Dictionary<string, IReadOnlyDictionary<Actor, Outcome>> rows)
    {
        const string Benefits = "/api/v1/benefits";
        Dictionary<Actor, Outcome> Read(Outcome otherAdmin)
        {
            var row = AdminOnly(Outcome.Allowed, otherAdmin);
            row[Actor.Principal] = Outcome.Allowed;
            row[Actor.PortfolioBoard] = Outcome.Allowed;
            // The office owns the world's benefit: a benefit owner reads the municipality's plans.
            row[Actor.Office] = Outcome.Allowed;
            return row;
        }

        foreach (var list in new[] { $"{Benefits}/portfolios", $"{Benefits}/projects", Benefits, $"{Benefits}/measures" })
        {
            rows[$"GET {list}"] = Read(Outcome.Allowed);
            rows[$"GET {list}/{{id}}"] = Read(Outcome.NotFound);
        }

        foreach (var read in new[] { "dashboard", "dashboard.csv", "dashboard.xlsx", "map", "map.svg" })
        {
            rows[$"GET {Benefits}/portfolios/{{id}}/{read}"] = Read(Outcome.NotFound);
        }

        foreach (var read in new[] { "revisions", "revisions/compare", "measurements", "extractions", "chart", "chart.svg", "chart.png" })
        {
            rows[$"GET {Benefits}/{{id}}/{read}"] = Read(Outcome.NotFound);
        }

        rows[$"POST {Benefits}/portfolios"] = AdminOnly(Outcome.Allowed, otherAdmin: Outcome.Allowed);
        rows[$"PUT {Benefits}/portfolios/{{id}}"] = AdminOnly(Outcome.Allowed, otherAdmin: Outcome.NotFound);
        rows[$"POST {Benefits}/projects"] = AdminOnly(Outcome.Allowed, otherAdmin: Outcome.Invalid);
        rows[$"PUT {Benefits}/projects/{{id}}"] = AdminOnly(Outcome.Allowed, otherAdmin: Outcome.NotFound);
        rows[$"POST {Benefits}"] = AdminOnly(Outcome.Allowed, otherAdmin: Outcome.Invalid);
        rows[$"PUT {Benefits}/{{id}}"] = AdminOnly(Outcome.Allowed, otherAdmin: Outcome.NotFound);
        rows[$"DELETE {Benefits}/{{id}}"] = AdminOnly(Outcome.Written, otherAdmin: Outcome.NotFound);
        foreach (var write in new[] { "close", "revisions" })
        {
            rows[$"POST {Benefits}/{{id}}/{write}"] = AdminOnly(Outcome.Written, otherAdmin: Outcome.NotFound);
        }

        // Measurements and extractions are also the owner's (the office), for that benefit; the principal, who reads it, and the
        // portfolio board may not (403).
        var measurement = AdminOnly(Outcome.Written, otherAdmin: Outcome.NotFound);
        measurement[Actor.Office] = Outcome.Written;
        rows[$"POST {Benefits}/{{id}}/measurements"] = measurement;
        var extraction = AdminOnly(Outcome.Allowed, otherAdmin: Outcome.NotFound);
        extraction[Actor.Office] = Outcome.Allowed;
        rows[$"POST {Benefits}/{{id}}/extractions"] = extraction;
        rows[$"POST {Benefits}/measures"] = AdminOnly(Outcome.Allowed, otherAdmin: Outcome.Invalid);
        rows[$"PUT {Benefits}/measures/{{id}}"] = AdminOnly(Outcome.Allowed, otherAdmin: Outcome.NotFound);
        rows[$"POST {Admin}/benefits/measure"] = AdminOnly(Outcome.Allowed, otherAdmin: Outcome.Allowed);
    }

    /// <summary>
    /// Consents: staff (the Staff policy) ask within their bulk-message reach (5A: its contact teacher, the office and the
    /// principal; other staff 404); a request is seen by its creator (the contact teacher) and the school's office and
    /// principal. Guardians who reach the pupil read it; only the guardian with parental responsibility answers (a right to
    /// information only: 403); guardians without reach get 404.
    /// </summary>
    private static void AddConsentRows(Dictionary<string, IReadOnlyDictionary<Actor, Outcome>> rows)
    {
        Actor[] guardians = [Actor.Guardian, Actor.GuardianOfOtherPupil, Actor.GuardianWithInformationRightOnly, Actor.GuardianWithoutRights, Actor.BlockedGuardian];
        Actor[] staff = [Actor.ContactTeacher, Actor.TeacherOfOtherGroup, Actor.TeacherAtOtherSchool, Actor.SfoStaff, Actor.Office, Actor.Principal];
        Actor[] fiveALeaders = [Actor.ContactTeacher, Actor.Office, Actor.Principal];
        Dictionary<Actor, Outcome> Row(Outcome others, params (Actor[] Actors, Outcome Outcome)[] cells)
        {
            var row = Everyone(others);
            foreach (var (actors, outcome) in cells)
            {
                foreach (var actor in actors) row[actor] = outcome;
            }

            return row;
        }

        var request = Row(Outcome.Forbidden, (staff, Outcome.NotFound), (fiveALeaders, Outcome.Allowed));
        rows["POST /api/v1/consent-requests"] = request;
        rows["GET /api/v1/consent-requests"] = Row(Outcome.Forbidden, (staff, Outcome.Allowed));
        rows["GET /api/v1/consent-requests/{id}"] = request;
        rows["GET /api/v1/consent-requests/{id}/pupils"] = request;
        rows["POST /api/v1/consent-requests/{id}/remind"] = request;
        rows["GET /api/v1/consent-requests/{id}/export"] = request;
        // Closing is judged on content: a second close answers 409 (it acts on its own request, so the answers row stays open).
        rows["POST /api/v1/consent-requests/{id}/close"] = Row(Outcome.Forbidden, (staff, Outcome.NotFound), (fiveALeaders, Outcome.Written));
        rows["GET /api/v1/consents"] = Row(Outcome.Forbidden, (guardians, Outcome.Allowed));
        rows["GET /api/v1/consents/{id}"] = Row(Outcome.Forbidden, (guardians, Outcome.NotFound), ([Actor.Guardian, Actor.GuardianWithInformationRightOnly], Outcome.Allowed));
        rows["POST /api/v1/consents/{id}/answers"] = Row(Outcome.Forbidden, (guardians, Outcome.NotFound), ([Actor.Guardian], Outcome.Allowed),
            ([Actor.GuardianWithInformationRightOnly], Outcome.Forbidden));
    }

    /// <summary>
    /// Pickup: everyone who reaches the 5A pupil reads its pickup persons, rules, messages and plan (as <c>GET /pupils/{id}</c>);
    /// only the guardian with parental responsibility manages persons and rules and sends or withdraws messages — the guardian
    /// with a right to information only (and no daily care) gets 403; guardians without reach 404; staff and everyone else are
    /// outside the Guardian policy (403). Rule writes are judged on content (a repeated rule overlaps: 409), as are changes to
    /// the world's person, rule and message (removed or superseded: 409).
    /// </summary>
    private static void AddPickupRows(Dictionary<string, IReadOnlyDictionary<Actor, Outcome>> rows, Dictionary<Actor, Outcome> readers)
    {
        const string Pupil = "/api/v1/pupils/{pupilId}";
        Dictionary<Actor, Outcome> Manage(Outcome outcome)
        {
            var row = Everyone(Outcome.Forbidden);
            foreach (var actor in new[] { Actor.GuardianOfOtherPupil, Actor.GuardianWithoutRights, Actor.BlockedGuardian }) row[actor] = Outcome.NotFound;
            row[Actor.Guardian] = outcome;
            return row;
        }

        foreach (var list in new[] { "pickup-persons", "pickup-rules", "pickup-messages", "pickup-plan" })
        {
            rows[$"GET {Pupil}/{list}"] = new Dictionary<Actor, Outcome>(readers);
        }

        rows[$"POST {Pupil}/pickup-persons"] = Manage(Outcome.Allowed);
        rows[$"PUT {Pupil}/pickup-persons/{{id}}"] = Manage(Outcome.Written);
        rows[$"DELETE {Pupil}/pickup-persons/{{id}}"] = Manage(Outcome.Written);
        rows[$"POST {Pupil}/pickup-rules"] = Manage(Outcome.Written);
        rows[$"PUT {Pupil}/pickup-rules/{{id}}"] = Manage(Outcome.Written);
        rows[$"DELETE {Pupil}/pickup-rules/{{id}}"] = Manage(Outcome.Written);
        rows[$"POST {Pupil}/pickup-messages"] = Manage(Outcome.Allowed);
        rows[$"DELETE {Pupil}/pickup-messages/{{id}}"] = Manage(Outcome.Written);
    }

    /// <summary>
    /// The SFO day at the school's SFO unit. Places: the school's office and principal and the administrator (another
    /// municipality's 404); the unit's SFO staff may not change places (403); other staff 404. The board, check-in, check-out
    /// and undo: the unit's SFO staff, the office and the principal; other staff 404; administrators and guardians are not staff
    /// (403). Writes are judged on content (a second check-in, a check-out of a child gone, an undo done: 409). The handover of
    /// 5A: its contact teacher, the office and the principal (nobody in 5A has a place: 409); other staff 404. The guardian's
    /// view of the 5A pupil: the guardians who reach the pupil; other guardians 404; everyone else 403.
    /// </summary>
    private static void AddSfoDayRows(Dictionary<string, IReadOnlyDictionary<Actor, Outcome>> rows)
    {
        Dictionary<Actor, Outcome> Row(Outcome others, params (Actor[] Actors, Outcome Outcome)[] cells)
        {
            var row = Everyone(others);
            foreach (var (actors, outcome) in cells)
            {
                foreach (var actor in actors) row[actor] = outcome;
            }

            return row;
        }

        Actor[] teachers = [Actor.ContactTeacher, Actor.TeacherOfOtherGroup, Actor.TeacherAtOtherSchool];
        Dictionary<Actor, Outcome> Places(Outcome outcome) => Row(Outcome.Forbidden, (teachers, Outcome.NotFound), ([Actor.AdminOfOtherMunicipality], Outcome.NotFound),
            ([Actor.Office, Actor.Principal, Actor.MunicipalityAdmin], outcome));
        const string Enrolments = "/api/v1/sfo-units/{unitId}/enrolments";
        rows[$"GET {Enrolments}"] = Places(Outcome.Allowed);
        rows[$"POST {Enrolments}"] = Places(Outcome.Written);
        rows[$"PUT {Enrolments}/{{id}}"] = Places(Outcome.Written);
        rows[$"DELETE {Enrolments}/{{id}}"] = Places(Outcome.Written);

        Dictionary<Actor, Outcome> Board(Outcome outcome) => Row(Outcome.Forbidden, (teachers, Outcome.NotFound), ([Actor.SfoStaff, Actor.Office, Actor.Principal], outcome));
        const string Day = "/api/v1/sfo-units/{unitId}/board/{date}";
        rows[$"GET {Day}"] = Board(Outcome.Allowed);
        rows[$"POST {Day}/check-ins"] = Board(Outcome.Written);
        rows[$"POST {Day}/check-outs"] = Board(Outcome.Written);
        rows[$"POST {Day}/check-ins/{{id}}/undo"] = Board(Outcome.Written);
        rows[$"POST {Day}/check-outs/{{id}}/undo"] = Board(Outcome.Written);
        // The SFO unit's class list: the staff who work its board; teachers without the unit 404.
        rows["GET /api/v1/sfo-units/{unitId}/class-list"] = Board(Outcome.Allowed);
        rows["GET /api/v1/sfo-units/{unitId}/class-list/export.csv"] = Board(Outcome.Allowed);

        rows["POST /api/v1/groups/{groupId}/sfo-handovers"] = Row(Outcome.Forbidden, ([Actor.TeacherOfOtherGroup, Actor.TeacherAtOtherSchool, Actor.SfoStaff], Outcome.NotFound),
            ([Actor.ContactTeacher, Actor.Office, Actor.Principal], Outcome.Written));
        rows["GET /api/v1/pupils/{pupilId}/sfo/today"] = Row(Outcome.Forbidden,
            ([Actor.GuardianOfOtherPupil, Actor.GuardianWithoutRights, Actor.BlockedGuardian], Outcome.NotFound),
            ([Actor.Guardian, Actor.GuardianWithInformationRightOnly], Outcome.Allowed));
    }

    /// <summary>
    /// Class lists: guardians who reach the 5A pupil (parental responsibility or right to information) read the child's lists;
    /// guardians without reach 404; everyone else is outside the Guardian policy (403). The staff list of 5A and its export:
    /// its contact teacher, the school's office and principal; other staff 404 (the SFO worker covers no group here).
    /// </summary>
    private static void AddClassListRows(Dictionary<string, IReadOnlyDictionary<Actor, Outcome>> rows)
    {
        var child = Everyone(Outcome.Forbidden);
        foreach (var actor in new[] { Actor.GuardianOfOtherPupil, Actor.GuardianWithoutRights, Actor.BlockedGuardian }) child[actor] = Outcome.NotFound;
        foreach (var actor in new[] { Actor.Guardian, Actor.GuardianWithInformationRightOnly }) child[actor] = Outcome.Allowed;
        rows["GET /api/v1/pupils/{id}/class-lists"] = child;

        var group = Everyone(Outcome.Forbidden);
        foreach (var actor in new[] { Actor.TeacherOfOtherGroup, Actor.TeacherAtOtherSchool, Actor.SfoStaff }) group[actor] = Outcome.NotFound;
        foreach (var actor in new[] { Actor.ContactTeacher, Actor.Office, Actor.Principal }) group[actor] = Outcome.Allowed;
        rows["GET /api/v1/groups/{id}/class-list"] = group;
        rows["GET /api/v1/groups/{id}/class-list/export.csv"] = new Dictionary<Actor, Outcome>(group);
    }

    private static Dictionary<Actor, Outcome> Everyone(Outcome authenticated) =>
        Enum.GetValues<Actor>().ToDictionary(a => a, a => a == Actor.Anonymous ? Outcome.Unauthorized : authenticated);

    private static Dictionary<Actor, Outcome> AdminOnly(Outcome admin, Outcome otherAdmin)
    {
        var row = Everyone(Outcome.Forbidden);
        row[Actor.MunicipalityAdmin] = admin;
        row[Actor.AdminOfOtherMunicipality] = otherAdmin;
        return row;
    }

    private static Dictionary<Actor, Outcome> PlatformOnly()
    {
        var row = Everyone(Outcome.Forbidden);
        row[Actor.PlatformOperator] = Outcome.Allowed;
        return row;
    }

    /// <summary>Which record fills a path's <c>{id}</c>, by the path's collection.</summary>
    public static Guid PathId(AccessWorld world, string pathTemplate) => pathTemplate switch
    {
        _ when pathTemplate.EndsWith("/consent-requests/{id}/close", StringComparison.Ordinal) => world.ClosableConsentRequestId,
        _ when pathTemplate.EndsWith("/pickup-persons/{id}", StringComparison.Ordinal) => world.PickupPersonId,
        _ when pathTemplate.EndsWith("/pickup-rules/{id}", StringComparison.Ordinal) => world.PickupRuleId,
        _ when pathTemplate.EndsWith("/pickup-messages/{id}", StringComparison.Ordinal) => world.PickupMessageId,
        _ when pathTemplate.Contains("/enrolments/{id}", StringComparison.Ordinal) => world.SfoEnrolmentId,
        _ when pathTemplate.Contains("/check-ins/{id}", StringComparison.Ordinal) => world.SfoCheckInId,
        _ when pathTemplate.Contains("/check-outs/{id}", StringComparison.Ordinal) => world.SfoCheckOutId,
        _ => CollectionId(world, pathTemplate),
    };

    private static Guid CollectionId(AccessWorld world, string pathTemplate) => Collection(pathTemplate) switch
    {
        $"{Admin}/schools" => world.TargetSchoolId,
        $"{Admin}/pupils" => world.TargetPupilId,
        $"{Admin}/guardians" => world.TargetGuardianId,
        $"{Admin}/guardian-links" => world.TargetGuardianLinkId,
        $"{Admin}/sfo-units" => world.TargetSfoUnitId,
        $"{Admin}/groups" => world.TargetGroupId,
        $"{Admin}/staff" => world.TargetStaffId,
        $"{Admin}/staff-assignments" => world.TargetStaffAssignmentId,
        $"{Admin}/administrators" => world.TargetAdministratorId,
        $"{Admin}/portfolio-board-members" => world.TargetPortfolioBoardMemberId,
        $"{Platform}/municipalities" => world.TargetMunicipalityId,
        $"{Admin}/data-export/pupils" => world.PupilId,
        $"{Admin}/data-export/guardians" => world.TargetGuardianId,
        "/api/v1/pupils" => world.PupilId,
        "/api/v1/absences" => world.AbsenceNoticeId,
        "/api/v1/leave-applications" or "/api/v1/staff/leave-applications" => world.LeaveApplicationId,
        "/api/v1/staff/absence-overview/groups" or "/api/v1/groups" => world.ClassId,
        "/api/v1/threads" => world.ThreadId,
        // Removing a device is idempotent: any id will do.
        "/api/v1/me/push-subscriptions" => world.ThreadId,
        "/api/v1/bulk-messages" or "/api/v1/received-messages" => world.BulkMessageId,
        "/api/v1/consent-requests" or "/api/v1/consents" => world.ConsentRequestId,
        "/api/v1/attachments" => world.AttachmentId,
        "/api/v1/staff/absence-overview/pupils" => world.PupilId,
        "/api/v1/staff/absence-overview/schools" => world.SchoolId,
        "/api/v1/benefits" => world.BenefitId,
        "/api/v1/benefits/portfolios" => world.BenefitPortfolioId,
        "/api/v1/benefits/projects" => world.BenefitProjectId,
        "/api/v1/benefits/measures" => world.BenefitMeasureId,
        var other => throw new InvalidOperationException($"Add a path resolver to AccessMatrix.PathId for {other}."),
    };

    /// <summary>The path before its first parameter.</summary>
    public static string Collection(string pathTemplate) =>
        pathTemplate.Contains('{', StringComparison.Ordinal) ? pathTemplate[..(pathTemplate.IndexOf('{', StringComparison.Ordinal) - 1)] : pathTemplate;

    public static string Path(AccessWorld world, string pathTemplate, Guid? id = null) =>
        (pathTemplate.Contains("{id}", StringComparison.Ordinal) ? pathTemplate.Replace("{id}", (id ?? PathId(world, pathTemplate)).ToString(), StringComparison.Ordinal) : pathTemplate)
            .Replace("{metricId}", "digital-share", StringComparison.Ordinal)
            .Replace("{unitId}", world.SfoUnitId.ToString(), StringComparison.Ordinal)
            .Replace("{date}", AccessWorld.Day(0), StringComparison.Ordinal)
            .Replace("{groupId}", world.ClassId.ToString(), StringComparison.Ordinal)
            .Replace("{pupilId}", world.PupilId.ToString(), StringComparison.Ordinal);

    /// <summary>A valid JSON body per operation that takes one; fresh identifiers each time, so that it can be sent again.</summary>
    public static JsonObject? ExampleBody(AccessWorld world, string operation) => operation switch
    {
        $"POST {Admin}/schools" or $"PUT {Admin}/schools/{{id}}" => new() { ["name"] = "Eksempel skole" },
        $"POST {Admin}/pupils" or $"PUT {Admin}/pupils/{{id}}" => new()
        {
            ["schoolId"] = world.SchoolId.ToString(),
            ["givenName"] = "Eksempel", ["familyName"] = "Elev", ["birthDate"] = "2016-05-14",
        },
        $"POST {Admin}/guardians" or $"PUT {Admin}/guardians/{{id}}" => new()
        {
            ["givenName"] = "Eksempel", ["familyName"] = "Foresatt", ["nationalIdentityNumber"] = TestIdentifiers.NextNationalIdentityNumber(),
        },
        $"POST {Admin}/guardian-links" => new()
        {
            ["guardianId"] = world.SpareGuardianId.ToString(), ["pupilId"] = world.PupilId.ToString(),
            ["parentalResponsibility"] = true, ["dailyCare"] = true, ["rightToInformation"] = false, ["blocked"] = false,
        },
        $"PUT {Admin}/guardian-links/{{id}}" => new()
        {
            ["parentalResponsibility"] = true, ["dailyCare"] = true, ["rightToInformation"] = false, ["blocked"] = false,
        },
        $"POST {Admin}/sfo-units" or $"PUT {Admin}/sfo-units/{{id}}" => new()
        {
            // A unit and a group stay at their school; the PUT targets live at the target school.
            ["schoolId"] = (operation.StartsWith("PUT", StringComparison.Ordinal) ? world.TargetSchoolId : world.SchoolId).ToString(), ["name"] = "Eksempel SFO",
        },
        $"POST {Admin}/groups" or $"PUT {Admin}/groups/{{id}}" => new()
        {
            ["schoolId"] = (operation.StartsWith("PUT", StringComparison.Ordinal) ? world.TargetSchoolId : world.SchoolId).ToString(),
            ["name"] = "7" + Guid.NewGuid().ToString("N")[..6], ["kind"] = "Class", ["schoolYear"] = 2026, ["grade"] = 7,
        },
        $"POST {Admin}/staff" or $"PUT {Admin}/staff/{{id}}" => new() { ["givenName"] = "Eksempel", ["familyName"] = "Ansatt" },
        $"POST {Admin}/staff-assignments" => new()
        {
            ["staffId"] = world.SpareStaffId.ToString(), ["schoolId"] = world.SchoolId.ToString(), ["role"] = "Teacher",
            ["groupIds"] = new JsonArray(world.ClassId.ToString()),
        },
        $"PUT {Admin}/staff-assignments/{{id}}" => new() { ["role"] = "Teacher", ["groupIds"] = new JsonArray(world.SpareGroupId.ToString()) },
        $"POST {Admin}/administrators" => new()
        {
            ["givenName"] = "Eksempel", ["familyName"] = "Admin", ["email"] = $"admin-{Guid.NewGuid():N}@eksempel.no",
        },
        $"PUT {Admin}/administrators/{{id}}" => new() { ["givenName"] = "Målfrid", ["familyName"] = "Admin", ["email"] = "malfrid@tilgangvik.kommune.no" },
        $"POST {Admin}/portfolio-board-members" => new()
        {
            ["givenName"] = "Eksempel", ["familyName"] = "Styre", ["email"] = $"styre-{Guid.NewGuid():N}@eksempel.no",
        },
        $"PUT {Admin}/portfolio-board-members/{{id}}" => new() { ["givenName"] = "Målfrid", ["familyName"] = "Styre", ["email"] = "malfrid.styre@tilgangvik.kommune.no" },
        $"PUT {Admin}/municipality" => new() { ["name"] = "Tilgangvik kommune" },
        $"POST {Platform}/municipalities" => new() { ["name"] = "Eksempel kommune", ["organisationNumber"] = TestIdentifiers.NextOrganisationNumber() },
        $"PUT {Platform}/municipalities/{{id}}" => new() { ["name"] = "Målvik kommune", ["organisationNumber"] = world.TargetMunicipalityOrganisationNumber },
        "POST /api/v1/absences" => new()
        {
            ["pupilId"] = world.PupilId.ToString(), ["firstDate"] = AccessWorld.Day(1), ["lastDate"] = AccessWorld.Day(1),
            ["toSchool"] = true, ["toSfo"] = false, ["reason"] = "Illness",
        },
        "PUT /api/v1/absences/{id}" => new()
        {
            ["firstDate"] = AccessWorld.Day(30), ["lastDate"] = AccessWorld.Day(31), ["toSchool"] = true, ["toSfo"] = false, ["reason"] = "Welfare",
        },
        "POST /api/v1/absences/{id}/acknowledge" => new(),
        "POST /api/v1/staff/legacy-absences" => new() { ["pupilId"] = world.PupilId.ToString(), ["channel"] = "Phone" },
        "POST /api/v1/leave-applications" => new()
        {
            ["pupilId"] = world.PupilId.ToString(), ["firstDate"] = AccessWorld.Day(50), ["lastDate"] = AccessWorld.Day(51), ["reason"] = "Familietur.",
        },
        "POST /api/v1/staff/leave-applications/{id}/decide" => new() { ["decision"] = "Approved", ["comment"] = "Innvilget." },
        "POST /api/v1/threads" => new()
        {
            ["pupilId"] = world.PupilId.ToString(), ["to"] = "ContactTeacher", ["subject"] = "Spørsmål", ["body"] = "Hei! Et spørsmål om leksene.",
        },
        "PUT /api/v1/me/notification-settings" => new()
        {
            ["email"] = true, ["sms"] = false, ["urgentSms"] = true, ["quietHours"] = true, ["quietFrom"] = "21:00", ["quietTo"] = "07:00", ["language"] = "nb",
            ["digest"] = false, ["digestTime"] = "16:00",
        },
        "POST /api/v1/me/push-subscriptions" => new()
        {
            ["endpoint"] = "https://push.example.net/send/" + Guid.NewGuid().ToString("N"),
            ["p256dh"] = BrowserPushKey(), ["auth"] = "AAECAwQFBgcICQoLDA0ODw",
        },
        "POST /api/v1/staff/threads" => new() { ["pupilId"] = world.PupilId.ToString(), ["subject"] = "Beskjed", ["body"] = "Hei! En beskjed." },
        "POST /api/v1/threads/{id}/messages" or "POST /api/v1/received-messages/{id}/reply" => new() { ["body"] = "Takk for beskjed." },
        "POST /api/v1/bulk-messages/preview" => new() { ["target"] = FiveA(world) },
        "POST /api/v1/bulk-messages" => new() { ["target"] = FiveA(world), ["subject"] = "Turdag", ["body"] = "Husk matpakke." },
        "PUT /api/v1/bulk-messages/{id}" => new()
        {
            ["subject"] = "Turdag", ["body"] = "Husk matpakke.", ["urgent"] = false, ["sendAt"] = Meldebok.Testing.MeldebokApp.DefaultNow.AddDays(1).ToString("O"),
        },
        "POST /api/v1/benefits/portfolios" => new() { ["name"] = $"Portefølje {Guid.NewGuid():N}" },
        "PUT /api/v1/benefits/portfolios/{id}" => new() { ["name"] = "Digitalisering i oppvekst" },
        "POST /api/v1/benefits/projects" or "PUT /api/v1/benefits/projects/{id}" => new()
        {
            ["portfolioId"] = world.BenefitPortfolioId.ToString(), ["name"] = "Meldebok", ["goal"] = "Periodemål 4 for oppvekst og utdanning",
        },
        "POST /api/v1/benefits" => new()
        {
            ["projectId"] = world.BenefitProjectId.ToString(), ["description"] = "Én kanal i stedet for mange", ["type"] = "NonPriced",
            ["realisationFrom"] = AccessWorld.Day(0), ["realisationTo"] = AccessWorld.Day(365),
            ["owner"] = "Oppvekstdirektør", ["indicator"] = "Metric", ["metricId"] = "digital-share", ["unit"] = "share/week",
            ["baselineValue"] = 0.2, ["baselineDate"] = AccessWorld.Day(0),
            ["targets"] = new JsonArray(new JsonObject { ["date"] = AccessWorld.Day(365), ["value"] = 0.9 }),
        },
        "PUT /api/v1/benefits/{id}" => new()
        {
            ["description"] = "Færre SMS til private telefoner", ["type"] = "NonPriced", ["realisationFrom"] = AccessWorld.Day(-100), ["realisationTo"] = AccessWorld.Day(300),
        },
        "POST /api/v1/benefits/{id}/close" => new() { ["reason"] = "Målt ferdig." },
        "POST /api/v1/benefits/{id}/revisions" => new()
        {
            // The office stays the owner person, so the rows of a benefit owner hold whatever order the tests run in.
            ["reason"] = $"Ny eier {Guid.NewGuid():N}", ["owner"] = $"Kommunalsjef {Guid.NewGuid():N}"[..40], ["ownerStaffId"] = world.OfficeStaffId.ToString(),
            ["indicator"] = "Manual", ["unit"] = "SMS/uke",
            ["baselineValue"] = 100, ["baselineDate"] = AccessWorld.Day(-100),
            ["targets"] = new JsonArray(new JsonObject { ["date"] = AccessWorld.Day(300), ["value"] = 10 }),
        },
        "POST /api/v1/benefits/{id}/measurements" => new() { ["date"] = AccessWorld.Day(-1), ["value"] = 55, ["note"] = "Telling på kontoret" },
        "POST /api/v1/benefits/{id}/extractions" => new()
        {
            ["periodFrom"] = AccessWorld.Day(-30), ["periodTo"] = AccessWorld.Day(-1), ["amountNok"] = 1000, ["note"] = "Budsjett 2026",
        },
        "POST /api/v1/benefits/measures" or "PUT /api/v1/benefits/measures/{id}" => new()
        {
            ["description"] = "Stoppe SMS til private telefoner", ["owner"] = "Rektor", ["dueDate"] = AccessWorld.Day(60), ["status"] = "InProgress",
            ["benefitIds"] = new JsonArray(world.BenefitId.ToString()),
        },
        "POST /api/v1/consent-requests" => new()
        {
            ["target"] = FiveA(world), ["title"] = "Tur til fjellet", ["kind"] = "OneTime", ["rule"] = "AnyGuardian",
            ["deadline"] = MeldebokApp.DefaultNow.AddDays(5).ToString("O"), ["eventDate"] = AccessWorld.Day(7),
        },
        "POST /api/v1/pupils/{pupilId}/pickup-persons" or "PUT /api/v1/pupils/{pupilId}/pickup-persons/{id}" => new()
        {
            ["name"] = "Randi Bestemor", ["relation"] = "Bestemor", ["phone"] = "912 34 567", ["validUntil"] = AccessWorld.Day(200),
        },
        "POST /api/v1/pupils/{pupilId}/pickup-rules" or "PUT /api/v1/pupils/{pupilId}/pickup-rules/{id}" => new()
        {
            ["weekday"] = "Thursday", ["method"] = "Bus", ["time"] = "14:45", ["note"] = "Skolebussen",
        },
        "POST /api/v1/pupils/{pupilId}/pickup-messages" => new() { ["date"] = AccessWorld.Day(2), ["method"] = "WentHomeAlone", ["time"] = "15:00" },
        "POST /api/v1/sfo-units/{unitId}/enrolments" => new()
        {
            ["pupilId"] = world.SfoPupilId.ToString(), ["weekdays"] = new JsonArray("Monday", "Wednesday"), ["placePercentage"] = 60, ["startDate"] = AccessWorld.Day(-10),
        },
        "PUT /api/v1/sfo-units/{unitId}/enrolments/{id}" => new()
        {
            ["weekdays"] = new JsonArray("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"), ["placePercentage"] = 100, ["startDate"] = AccessWorld.Day(-30),
        },
        "POST /api/v1/sfo-units/{unitId}/board/{date}/check-ins" => new() { ["pupilId"] = world.SfoPupilId.ToString(), ["reason"] = "Avtalt med foresatte." },
        "POST /api/v1/sfo-units/{unitId}/board/{date}/check-outs" => new()
        {
            ["pupilId"] = world.SfoPupilId.ToString(), ["method"] = "PickedUp", ["pickedUpByName"] = "Bestemor", ["confirmUnlistedPickup"] = true, ["note"] = "Hentet tidlig.",
        },
        "POST /api/v1/groups/{groupId}/sfo-handovers" => new() { ["date"] = AccessWorld.Day(0) },
        "POST /api/v1/consents/{id}/answers" => new() { ["pupilId"] = world.PupilId.ToString(), ["answer"] = "Yes" },
        "POST /api/v1/consent-requests/{id}/close" => new() { ["reason"] = "Turen er avlyst." },
        _ => null,
    };

    private static JsonObject FiveA(AccessWorld world) => new() { ["kind"] = "Groups", ["groupIds"] = new JsonArray(world.ClassId.ToString()) };

    /// <summary>A browser's P-256 public key for a push subscription (uncompressed, base64url).</summary>
    private static string BrowserPushKey()
    {
        using var key = System.Security.Cryptography.ECDiffieHellman.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var q = key.ExportParameters(false).Q;
        return System.Buffers.Text.Base64Url.EncodeToString([0x04, .. q.X!, .. q.Y!]);
    }

    /// <summary>The request for <paramref name="operation"/> with its example body (multipart for the roster import, the rollover and attachment uploads).</summary>
    public static HttpRequestMessage ExampleRequest(AccessWorld world, string operation)
    {
        var (method, template) = Split(operation);
        var request = new HttpRequestMessage(new HttpMethod(method), Path(world, template));
        if (operation is $"POST {Admin}/roster-imports" or $"POST {Admin}/school-year-rollover")
        {
            request.Content = new MultipartFormDataContent { { new StringContent("true"), "dryRun" } };
        }
        else if (operation == "POST /api/v1/attachments")
        {
            request.Content = Attachments.TestFiles.Form(Attachments.TestFiles.Pdf(), "turplan.pdf");
        }
        else if (ExampleBody(world, operation) is { } body)
        {
            request.Content = JsonContent.Create(body, options: HttpAssertions.Json);
        }

        return request;
    }

    public static (string Method, string Path) Split(string operation)
    {
        var space = operation.IndexOf(' ', StringComparison.Ordinal);
        return (operation[..space], operation[(space + 1)..]);
    }
}
