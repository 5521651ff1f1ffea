using Meldebok.Server.Features.Absence;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Usage;

/// <summary>
/// Adds usage events to the unit of work of the action they count: they are saved by the feature's own
/// <c>SaveChangesAsync</c>, so an action that rolls back leaves no usage and a committed one is never lost —
/// the same guarantee as the real-time outbox, without a second consumer of it.
/// </summary>
internal sealed class UsageRecorder(MeldebokDbContext db, UsagePseudonyms pseudonyms, MunicipalClock clock, TimeProvider time)
{
    /// <summary>Records an action on the local <paramref name="day"/> the caller already knows (the feature computed "today" for its own rules).</summary>
    public void Record(string action, Guid municipalityId, Guid? schoolId, string channel, string role, Guid personId, DateOnly day) =>
        db.UsageEvents.Add(new UsageEvent
        {
            MunicipalityId = municipalityId,
            SchoolId = schoolId,
            Action = action,
            Channel = channel,
            Role = role,
            Day = day,
            OccurredAt = time.GetUtcNow(),
            ActorKey = pseudonyms.KeyOf(personId),
        });

    /// <summary>Records an action today in the municipality's time zone.</summary>
    public async Task RecordAsync(string action, Guid municipalityId, Guid? schoolId, string channel, string role, Guid personId, CancellationToken ct) =>
        Record(action, municipalityId, schoolId, channel, role, personId, await clock.TodayAsync(municipalityId, ct));

    /// <summary>
    /// Records an action by a staff member, in the role that best explains it at the school (principal before office before
    /// teachers before SFO), on <paramref name="day"/> or, when the caller does not know it, today in the municipality.
    /// </summary>
    public async Task RecordStaffAsync(string action, Guid municipalityId, Guid schoolId, string channel, Guid staffId, DateOnly? day, CancellationToken ct)
    {
        var roles = await db.StaffAssignments.AsNoTracking()
            .Where(a => a.StaffId == staffId && a.SchoolId == schoolId && a.IsActive)
            .Select(a => a.Role)
            .ToListAsync(ct);
        RecordStaff(action, municipalityId, schoolId, channel, roles, staffId, day ?? await clock.TodayAsync(municipalityId, ct));
    }

    /// <summary>As <see cref="RecordStaffAsync"/>, for a caller that already read the staff member's active roles at the school.</summary>
    public void RecordStaff(string action, Guid municipalityId, Guid schoolId, string channel, IReadOnlyCollection<StaffRole> rolesAtSchool, Guid staffId, DateOnly day) =>
        Record(action, municipalityId, schoolId, channel, RoleOf(rolesAtSchool), staffId, day);

    /// <summary>The usage channel of an absence channel.</summary>
    public static string ChannelOf(AbsenceChannel channel) => channel switch
    {
        AbsenceChannel.Digital => UsageChannels.Digital,
        AbsenceChannel.Phone => UsageChannels.Phone,
        AbsenceChannel.PaperMessageBook => UsageChannels.PaperBook,
        AbsenceChannel.Email => UsageChannels.Email,
        AbsenceChannel.SmsPrivatePhone => UsageChannels.SmsPrivatePhone,
        AbsenceChannel.SmsOffice => UsageChannels.SmsOffice,
        AbsenceChannel.OfficeNote => UsageChannels.OfficeNote,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown absence channel."),
    };

    /// <summary>Staff roles from the one that best explains an action to the one that explains it least.</summary>
    public static readonly StaffRole[] Preference =
        [StaffRole.Principal, StaffRole.Office, StaffRole.ContactTeacher, StaffRole.Teacher, StaffRole.SfoLeader, StaffRole.SfoStaff];

    /// <summary>The usage role of the highest-ranked of <paramref name="roles"/> (teacher when none is held, which access checks rule out).</summary>
    public static string RoleOf(IReadOnlyCollection<StaffRole> roles) => Preference.FirstOrDefault(roles.Contains, StaffRole.Teacher) switch
    {
        StaffRole.Principal => UsageRoles.Principal,
        StaffRole.Office => UsageRoles.Office,
        StaffRole.ContactTeacher => UsageRoles.ContactTeacher,
        StaffRole.SfoLeader => UsageRoles.SfoLeader,
        StaffRole.SfoStaff => UsageRoles.SfoStaff,
        _ => UsageRoles.Teacher,
    };
}

/// <summary>
/// Sign-ins have no domain transaction: they are recorded where the sign-in completes — the local sign-in (after the
/// password, or after the second factor), the ID-porten and Feide callback — once per role the roster gives the account:
/// one event per guardian record (one per municipality, no school), one for a staff member (at the school and in the
/// role of their highest-ranked assignment) and one for an administrator. The OpenID Connect authorize step records a
/// sign-in only when the session it rides on has none recorded yet, so an app that signs in through the web session
/// is not counted twice. A token refresh is not a sign-in.
/// </summary>
internal sealed class UsageSignIns(MeldebokDbContext db, RosterRoleResolver roster, UsageRecorder recorder, UsagePseudonyms pseudonyms, MunicipalClock clock)
{
    /// <summary>Adds the sign-in's events to the unit of work (the caller saves, e.g. with the account's last sign-in time).</summary>
    public async Task AddAsync(Guid accountId, string channel, CancellationToken ct)
    {
        foreach (var signIn in await SignInsOfAsync(accountId, ct))
        {
            var day = DateOnly.FromDateTime(await clock.LocalNowAsync(signIn.MunicipalityId, ct));
            recorder.Record(UsageActions.SignIn, signIn.MunicipalityId, signIn.SchoolId, channel, signIn.Role, signIn.PersonId, day);
        }
    }

    /// <summary>Adds and saves the sign-in unless one was recorded for the account's roles since <paramref name="sessionStarted"/>.</summary>
    public async Task RecordUnlessRecordedSinceAsync(Guid accountId, string channel, DateTimeOffset sessionStarted, CancellationToken ct)
    {
        var keys = (await SignInsOfAsync(accountId, ct)).Select(s => pseudonyms.KeyOf(s.PersonId)).ToList();
        if (keys.Count == 0
            || await db.UsageEvents.AnyAsync(e => e.Action == UsageActions.SignIn && e.OccurredAt >= sessionStarted && keys.Contains(e.ActorKey), ct))
        {
            return;
        }

        await AddAsync(accountId, channel, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The usage channel of a session's authentication method (<c>idporten</c>, <c>feide</c>, else a local password).</summary>
    public static string ChannelOfMethod(string? method) => method switch
    {
        "idporten" => UsageChannels.IdPorten,
        "feide" => UsageChannels.Feide,
        _ => UsageChannels.Local,
    };

    private sealed record RosterSignIn(Guid MunicipalityId, Guid? SchoolId, string Role, Guid PersonId);

    private async Task<List<RosterSignIn>> SignInsOfAsync(Guid accountId, CancellationToken ct)
    {
        if (await roster.ResolveAsync(accountId, ct) is not { } roles)
        {
            return [];
        }

        var guardianIds = roles.GuardianIds.ToList();
        var signIns = await db.Guardians.AsNoTracking()
            .Where(g => guardianIds.Contains(g.Id))
            .OrderBy(g => g.Id)
            .Select(g => new RosterSignIn(g.MunicipalityId, null, UsageRoles.Guardian, g.Id))
            .ToListAsync(ct);
        if (roles.StaffId is { } staffId)
        {
            var assignments = await db.StaffAssignments.AsNoTracking()
                .Where(a => a.StaffId == staffId && a.IsActive)
                .Select(a => new { a.MunicipalityId, a.SchoolId, a.Role })
                .ToListAsync(ct);
            var primary = assignments.OrderBy(a => Array.IndexOf(UsageRecorder.Preference, a.Role)).ThenBy(a => a.SchoolId).FirstOrDefault();
            if (primary is not null)
            {
                signIns.Add(new RosterSignIn(primary.MunicipalityId, primary.SchoolId, UsageRecorder.RoleOf([primary.Role]), staffId));
            }
        }

        if (roles.AdministratorId is { } administratorId)
        {
            var municipalityId = await db.MunicipalityAdministrators.AsNoTracking()
                .Where(a => a.Id == administratorId).Select(a => a.MunicipalityId).SingleAsync(ct);
            signIns.Add(new RosterSignIn(municipalityId, null, UsageRoles.Administrator, administratorId));
        }

        if (roles.PortfolioBoardMemberId is { } memberId)
        {
            var municipalityId = await db.PortfolioBoardMembers.AsNoTracking().Where(a => a.Id == memberId).Select(a => a.MunicipalityId).SingleAsync(ct);
            signIns.Add(new RosterSignIn(municipalityId, null, UsageRoles.PortfolioBoard, memberId));
        }

        return signIns;
    }
}
