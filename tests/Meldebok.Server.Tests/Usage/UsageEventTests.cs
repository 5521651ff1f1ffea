using System.Net;
using Meldebok.Server.Features.Absence;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Meldebok.Server.Tests.Absence.AbsenceArrange;

namespace Meldebok.Server.Tests.Usage;

/// <summary>Usage events written by the real actions: the right fields, the municipality's day, and nothing personal.</summary>
public sealed class UsageEventTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reporting_logging_and_acknowledging_absence_record_action_channel_role_school_and_the_local_day()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (office, _, officeId) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Office);
        // 00:30 on Tuesday in Oslo is still Monday in UTC: the day is the municipality's.
        var tuesday = new DateOnly(2026, 9, 8);
        app.SetLocalTime(tuesday, new TimeOnly(0, 30));
        Assert.Equal(new DateOnly(2026, 9, 7), DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime));

        var notice = await world.GuardianA.ReportAsync(Notice(world.PupilA, tuesday.AddDays(1)));
        await (await office.PostJsonAsync(Legacy, new LegacyAbsenceRequest(world.PupilB, AbsenceChannel.SmsPrivatePhone))).ShouldHaveStatusAsync(HttpStatusCode.Created);
        await (await office.AcknowledgeAsync(notice.Id)).ShouldHaveStatusAsync(HttpStatusCode.OK);
        await (await office.AcknowledgeAsync(notice.Id)).ShouldHaveStatusAsync(HttpStatusCode.OK);

        var guardian = app.KeyOf(world.Roster.GuardianA);
        var staff = app.KeyOf(officeId);
        Assert.Equal(
        [
            new SeenEvent(UsageActions.AbsenceReported, UsageChannels.Digital, UsageRoles.Guardian, world.SchoolId, tuesday, guardian),
            new SeenEvent(UsageActions.AbsenceLoggedLegacy, UsageChannels.SmsPrivatePhone, UsageRoles.Office, world.SchoolId, tuesday, staff),
            // Acknowledging again changes nothing, so it is not counted again.
            new SeenEvent(UsageActions.AbsenceAcknowledged, UsageChannels.Digital, UsageRoles.Office, world.SchoolId, tuesday, staff),
        ], await app.UsageEventsAsync(world.Admin.MunicipalityId));
    }

    [Fact]
    public async Task Leave_applied_decided_and_withdrawn_are_counted_and_the_approved_leave_notice_is_not_counted_as_a_report()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (principal, _, principalId) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Principal);
        var today = app.Today();

        var approved = await (await world.GuardianA.PostJsonAsync("/api/v1/leave-applications",
            new LeaveApplicationRequest(world.PupilA, today.AddDays(10), today.AddDays(11), "Familietur."))).ReadAsync<LeaveApplicationResponse>(HttpStatusCode.Created);
        await (await principal.PostJsonAsync($"/api/v1/staff/leave-applications/{approved.Id}/decide", new LeaveDecisionRequest(LeaveDecision.Approved)))
            .ShouldHaveStatusAsync(HttpStatusCode.OK);
        var withdrawn = await (await world.SecondGuardian.PostJsonAsync("/api/v1/leave-applications",
            new LeaveApplicationRequest(world.PupilA, today.AddDays(20), today.AddDays(20), "Konfirmasjon."))).ReadAsync<LeaveApplicationResponse>(HttpStatusCode.Created);
        await (await world.GuardianA.PostAsync($"/api/v1/leave-applications/{withdrawn.Id}/withdraw", null, Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);

        Assert.Equal(
        [
            (UsageActions.LeaveApplied, UsageRoles.Guardian, app.KeyOf(world.Roster.GuardianA)),
            (UsageActions.LeaveDecided, UsageRoles.Principal, app.KeyOf(principalId)),
            (UsageActions.LeaveApplied, UsageRoles.Guardian, app.KeyOf(world.SecondGuardianA)),
            (UsageActions.LeaveWithdrawn, UsageRoles.Guardian, app.KeyOf(world.Roster.GuardianA)),
        ], (await app.UsageEventsAsync(world.Admin.MunicipalityId)).Select(e => (e.Action, e.Role, e.ActorKey)));
    }

    [Fact]
    public async Task A_usage_event_holds_no_name_id_or_text_and_its_key_depends_on_the_secret()
    {
        var columns = await app.WithDbAsync(db => db.Database
            .SqlQuery<string>($"SELECT column_name::text AS \"Value\" FROM information_schema.columns WHERE table_name = 'usage_events' ORDER BY column_name")
            .ToListAsync(Ct));
        Assert.Equal(["action", "actor_key", "channel", "day", "id", "municipality_id", "occurred_at", "role", "school_id"], columns);

        var personId = Guid.NewGuid();
        var key = app.Services.GetRequiredService<UsagePseudonyms>().KeyOf(personId);
        Assert.Equal(32, key.Length);
        Assert.Equal(key, app.Services.GetRequiredService<UsagePseudonyms>().KeyOf(personId));
        Assert.False(key.AsSpan().IndexOf(personId.ToByteArray().AsSpan(0, 8)) >= 0);
        using var otherSecret = app.WithWebHostBuilder(builder => builder.UseSetting("Usage:PseudonymKey", "another-secret-of-at-least-32-characters"));
        Assert.NotEqual(key, otherSecret.Services.GetRequiredService<UsagePseudonyms>().KeyOf(personId));
    }

    [Theory]
    [InlineData("", "Usage:PseudonymKey is required outside Development")]
    [InlineData("for-kort", "Usage:PseudonymKey must be at least 32 characters")]
    public void Outside_development_a_missing_or_short_pseudonym_key_stops_the_host(string key, string message)
    {
        using var production = app.WithWebHostBuilder(builder => builder.UseEnvironment("Production")
            .UseSetting("Auth:SigningCertificate", TestCertificates.Pkcs12Base64("signing", System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.DigitalSignature))
            .UseSetting("Auth:EncryptionCertificate", TestCertificates.Pkcs12Base64("encryption", System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.KeyEncipherment))
            .UseSetting("Usage:PseudonymKey", key));

        var exception = Assert.ThrowsAny<Exception>(() => production.CreateClient());

        var validation = Assert.IsType<Microsoft.Extensions.Options.OptionsValidationException>(exception.GetBaseException());
        Assert.Contains(message, validation.Message, StringComparison.Ordinal);
    }
}

/// <summary>An action that rolls back leaves no usage behind (its own class: it puts a failing trigger in its database).</summary>
public sealed class UsageRollbackTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_report_whose_transaction_fails_leaves_no_usage_event_and_a_committed_one_leaves_exactly_one()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        await world.GuardianA.ReportAsync(Notice(world.PupilA, app.Today().AddDays(1)));
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""
            CREATE FUNCTION refuse_notice() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
            CREATE TRIGGER refuse_notice AFTER INSERT ON absence_notices FOR EACH ROW EXECUTE FUNCTION refuse_notice();
            """, Ct));

        var failed = await world.GuardianA.PostJsonAsync(Absences, Notice(world.PupilA, app.Today().AddDays(2)));

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        var events = await app.UsageEventsAsync(world.Admin.MunicipalityId);
        Assert.Equal([UsageActions.AbsenceReported], events.Select(e => e.Action));
        Assert.Single(await world.GuardianA.NoticesAsync());
    }
}
