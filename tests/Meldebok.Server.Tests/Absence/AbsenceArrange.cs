using System.Net;
using Meldebok.Server.Features.Absence;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Realtime;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Absence;

/// <summary>
/// The access world (<see cref="AccessArrange.ArrangeWorldAsync"/>) with an SFO unit behind its SFO group,
/// pupil A also at SFO (pupil B is not), a second guardian of pupil A, and clients for both guardians.
/// </summary>
internal sealed record AbsenceWorld(Pupils.AccessWorld Roster, Guid SfoUnitId, Guid SecondGuardianA, HttpClient GuardianA, HttpClient SecondGuardian, HttpClient GuardianB)
{
    public Guid PupilA => Roster.PupilA;
    public Guid PupilB => Roster.PupilB;
    public Guid SchoolId => Roster.SchoolId;
    public AdminSession Admin => Roster.Admin;
}

internal static class AbsenceArrange
{
    public const string Absences = "/api/v1/absences";
    public const string Inbox = "/api/v1/staff/absence-inbox";
    public const string Legacy = "/api/v1/staff/legacy-absences";
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<AbsenceWorld> ArrangeAbsenceWorldAsync(this MeldebokApp app)
    {
        var world = await app.ArrangeWorldAsync();
        var unit = await world.Admin.Client.CreateSfoUnitAsync(world.SchoolId);
        await app.WithDbAsync(async db =>
        {
            var sfo = await db.Groups.SingleAsync(g => g.Id == world.SfoGroup, Ct);
            sfo.SfoUnitId = unit.Id;
            db.GroupMemberships.Add(new GroupMembership { PupilId = world.PupilA, GroupId = world.SfoGroup });
            return await db.SaveChangesAsync(Ct);
        });
        var second = await world.Admin.CreateGuardianAsync(RosterTestData.Guardian("Per", "Hansen", "per@example.no"));
        await world.Admin.LinkAsync(second.Id, world.PupilA);
        return new AbsenceWorld(world, unit.Id, second.Id,
            await app.GuardianClientAsync(world.GuardianA), await app.GuardianClientAsync(second.Id), await app.GuardianClientAsync(world.GuardianB));
    }

    /// <summary>The account already created for the guardian (accounts are unique per national identity number).</summary>
    public static Task<Guid> GuardianAccountIdAsync(this MeldebokApp app, Guid guardianId) =>
        app.WithDbAsync(db => db.Users
            .Where(u => u.NationalIdentityNumber == db.Guardians.Where(g => g.Id == guardianId).Select(g => g.NationalIdentityNumber).Single())
            .Select(u => u.Id).SingleAsync(Ct));

    /// <summary>Today in Oslo by the app's clock.</summary>
    public static DateOnly Today(this MeldebokApp app) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Time.GetUtcNow(), Oslo).DateTime);

    /// <summary>Moves the app's clock forward to <paramref name="time"/> (Oslo) on <paramref name="date"/>.</summary>
    public static void SetLocalTime(this MeldebokApp app, DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time);
        app.Time.SetUtcNow(new DateTimeOffset(local, Oslo.GetUtcOffset(local)).ToUniversalTime());
    }

    /// <summary>
    /// 07:00 (Oslo) the day after the clock's today: for test classes whose tests share one fake clock that only moves forward,
    /// so each test starts on a day of its own.
    /// </summary>
    public static DateOnly NextMorning(this MeldebokApp app)
    {
        var day = app.Today().AddDays(1);
        app.SetLocalTime(day, new TimeOnly(7, 0));
        return day;
    }

    public static AbsenceNoticeRequest Notice(Guid pupilId, DateOnly first, DateOnly? last = null, bool toSchool = true, bool toSfo = false,
        AbsenceReason reason = AbsenceReason.Illness, TimeOnly? from = null, TimeOnly? to = null, string? note = null) =>
        new(pupilId, first, last ?? first, from, to, toSchool, toSfo, reason, note);

    public static AbsenceNoticeChange Change(this AbsenceNoticeResponse notice) =>
        new(notice.FirstDate, notice.LastDate, notice.FromTime, notice.ToTime, notice.ToSchool, notice.ToSfo, notice.Reason, notice.Note);

    /// <summary>Posts a report with an <c>Idempotency-Key</c>, as the phone app does.</summary>
    public static Task<HttpResponseMessage> ReportWithKeyAsync(this HttpClient guardian, AbsenceNoticeRequest request, string key) =>
        guardian.PostJsonWithKeyAsync(Absences, request, key);

    public static async Task<AbsenceNoticeResponse> ReportAsync(this HttpClient guardian, AbsenceNoticeRequest request)
    {
        var response = await guardian.PostJsonAsync(Absences, request);
        var notice = await response.ReadAsync<AbsenceNoticeResponse>(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/absences/{notice.Id}", response.Headers.Location?.OriginalString);
        return notice;
    }

    public static async Task<IReadOnlyList<AbsenceInboxItem>> InboxAsync(this HttpClient staff, string query = "") =>
        (await staff.GetPageAsync<AbsenceInboxItem>($"{Inbox}?pageSize=200{query}")).Items;

    public static async Task<IReadOnlyList<AbsenceNoticeResponse>> NoticesAsync(this HttpClient guardian, string query = "") =>
        (await guardian.GetPageAsync<AbsenceNoticeResponse>($"{Absences}?pageSize=200{query}")).Items;

    public static Task<HttpResponseMessage> AcknowledgeAsync(this HttpClient staff, Guid noticeId, AbsenceRecipient? recipient = null) =>
        staff.PostJsonAsync($"{Absences}/{noticeId}/acknowledge", new AbsenceAcknowledgeRequest(recipient));

    /// <summary>The outbox rows written for the notice, oldest first.</summary>
    public static async Task<List<OutboxEvent>> EventsForAsync(this MeldebokApp app, Guid noticeId) =>
        (await app.WithDbAsync(db => db.OutboxEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync(Ct)))
            .Where(e => e.Payload.Contains(noticeId.ToString(), StringComparison.Ordinal))
            .ToList();

    public static Task SetNoteSettingAsync(this MeldebokApp app, Guid municipalityId, bool enabled, int maxLength = 200) =>
        app.WithDbAsync(async db =>
        {
            var municipality = await db.Municipalities.SingleAsync(m => m.Id == municipalityId, Ct);
            municipality.Settings = new MunicipalitySettings { AbsenceNoteEnabled = enabled, AbsenceNoteMaxLength = maxLength, DefaultLanguage = municipality.Settings.DefaultLanguage };
            return await db.SaveChangesAsync(Ct);
        });
}
