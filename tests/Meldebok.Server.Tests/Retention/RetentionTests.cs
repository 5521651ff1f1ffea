using System.Net;
using Meldebok.Server.Features.Absence;
using Meldebok.Server.Features.Attachments;
using Meldebok.Server.Features.Audit;
using Meldebok.Server.Features.Messages;
using Meldebok.Server.Features.Retention;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Features.Sfo.Pickup;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Blobs;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using Meldebok.Server.Tests.Usage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Meldebok.Server.Features.Usage.UsageActions;
using static Meldebok.Server.Features.Usage.UsageChannels;
using static Meldebok.Server.Features.Usage.UsageRoles;

namespace Meldebok.Server.Tests.Retention;

/// <summary>
/// Retention with the default periods, on a municipality arranged with records on both sides of every period. The clock
/// stands at <see cref="MeldebokApp.DefaultNow"/> (Monday 7 September 2026): absence notices and messages are kept from
/// 7 September 2024 (24 months), SFO records from 7 August 2025 (13 months), the audit log from 7 September 2021
/// (60 months) and usage events from 3 August 2025 (400 days).
/// </summary>
public sealed class RetentionTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private const string Report = "/api/v1/admin/retention/report";
    private const string Run = "/api/v1/admin/retention/run";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateOnly Today = DateOnly.FromDateTime(MeldebokApp.DefaultNow.UtcDateTime);
    private static readonly DateTimeOffset LongAgo = new(2024, 1, 15, 9, 0, 0, TimeSpan.Zero);
    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    /// <summary>What the arranged municipality has past its periods, table by table (and what each run must delete).</summary>
    private static readonly Dictionary<string, long> Due = new(StringComparer.Ordinal)
    {
        ["absence-notices/absence_acknowledgements"] = 2,
        ["absence-notices/absence_notices"] = 2,
        ["absence-notices/leave_applications"] = 1,
        ["messages/attachments"] = 2,
        ["messages/thread_messages"] = 2,
        ["messages/thread_participants"] = 2,
        ["messages/message_threads"] = 1,
        ["messages/bulk_message_recipients"] = 2,
        ["messages/bulk_messages"] = 1,
        ["sfo-records/sfo_attendances"] = 2,
        ["sfo-records/sfo_handover_pupils"] = 2,
        ["sfo-records/sfo_handovers"] = 1,
        ["sfo-records/sfo_missing_alerts"] = 1,
        ["sfo-records/pickup_messages"] = 1,
        ["audit-log/audit_entries"] = 3,
        ["usage-events/usage_events"] = 3,
    };

    private sealed record Arranged(AdminSession Admin, Guid OtherMunicipality, string DeletedBlob, string KeptBlob);

    [Fact]
    public async Task The_dry_run_counts_exactly_what_is_past_its_period_and_deletes_nothing()
    {
        var arranged = await ArrangeAsync();
        var before = await RowCountsAsync(arranged.Admin.MunicipalityId);

        var report = await (await arranged.Admin.Client.GetAsync(Report, Ct)).ReadAsync<RetentionReport>();

        Assert.Equal(Due, Flatten(report.Types));
        Assert.Equal(RetentionTypes.All, report.Types.Select(t => t.Type));
        var absence = report.Types.Single(t => t.Type == RetentionTypes.AbsenceNotices);
        Assert.Equal((24, 0, false, new DateOnly(2024, 9, 7), 5L), (absence.PeriodMonths, absence.PeriodDays, absence.KeptForGood, absence.KeptFrom, absence.Total));
        Assert.Equal(new DateOnly(2025, 8, 3), report.Types.Single(t => t.Type == RetentionTypes.UsageEvents).KeptFrom);
        Assert.Equal(before, await RowCountsAsync(arranged.Admin.MunicipalityId));
        Assert.True(await BlobExistsAsync(arranged.DeletedBlob));

        var one = await (await arranged.Admin.Client.GetAsync($"{Report}?type=sfo-records", Ct)).ReadAsync<RetentionReport>();
        Assert.Equal([RetentionTypes.SfoRecords], one.Types.Select(t => t.Type));
        Assert.Equal(7, one.Types[0].Total);
    }

    [Fact]
    public async Task The_run_deletes_exactly_what_is_past_its_period_keeps_the_rest_and_a_second_run_deletes_nothing()
    {
        var arranged = await ArrangeAsync();
        var admin = arranged.Admin;
        var before = await RowCountsAsync(admin.MunicipalityId);
        var otherBefore = await RowCountsAsync(arranged.OtherMunicipality);
        var figuresBefore = await app.DailyFiguresAsync(admin.MunicipalityId);

        var run = await (await admin.Client.PostAsync(Run, null, Ct)).ReadAsync<RetentionRunResult>();

        Assert.True(run.Complete);
        Assert.Equal(Due, Flatten(run.Types));
        var after = await RowCountsAsync(admin.MunicipalityId);
        foreach (var (table, rows) in before)
        {
            // Each table lost exactly what was due in it (the audit log also gained the run's own entry).
            var deleted = Due.Where(d => d.Key.EndsWith("/" + table, StringComparison.Ordinal)).Sum(d => d.Value);
            Assert.Equal((table, rows - deleted + (table == "audit_entries" ? 1 : 0)), (table, after[table]));
        }

        Assert.Equal(otherBefore, await RowCountsAsync(arranged.OtherMunicipality));
        Assert.False(await BlobExistsAsync(arranged.DeletedBlob));
        Assert.True(await BlobExistsAsync(arranged.KeptBlob));
        // The daily figures stay, and aggregating a day whose events are gone leaves its figures as they were.
        Assert.Equal(figuresBefore, await app.DailyFiguresAsync(admin.MunicipalityId));
        await admin.Client.AggregateAsync("2025-01-10", "2025-01-11");
        Assert.Equal(figuresBefore, await app.DailyFiguresAsync(admin.MunicipalityId));

        var audit = await admin.Client.GetPageAsync<AuditEntryResponse>("/api/v1/admin/audit?pageSize=200");
        var entry = Assert.Single(audit.Items, e => e.Action == AuditActions.RetentionRun);
        Assert.Equal((AuditObjects.RetentionRun, run.RunId, "municipality-admin"), (entry.ObjectType, entry.ObjectId, entry.ActorRole));
        var stored = await app.WithDbAsync(db => db.RetentionRuns.AsNoTracking().SingleAsync(r => r.Id == run.RunId, Ct));
        Assert.Equal((RetentionTrigger.Administrator, true), (stored.Trigger, stored.Complete));
        Assert.Equal(Due, stored.DeletedRows.Where(r => r.Value > 0).ToDictionary(StringComparer.Ordinal));

        var second = await (await admin.Client.PostAsync(Run, null, Ct)).ReadAsync<RetentionRunResult>();
        Assert.All(second.Types, t => Assert.Equal(0, t.Total));
        var report = await (await admin.Client.GetAsync(Report, Ct)).ReadAsync<RetentionReport>();
        Assert.All(report.Types, t => Assert.Equal(0, t.Total));
    }

    [Fact]
    public async Task The_nightly_job_runs_every_municipality_in_bounded_batches_and_a_bounded_run_continues_the_next_night()
    {
        var arranged = await ArrangeAsync();
        using var bounded = app.WithWebHostBuilder(builder => builder
            .UseSetting("Retention:BatchSize", "1")
            .UseSetting("Retention:MaxRowsPerRun", "1"));

        await using (var scope = bounded.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunAsync(Ct);
        }

        var first = await app.WithDbAsync(db => db.RetentionRuns.AsNoTracking().Where(r => r.MunicipalityId == arranged.Admin.MunicipalityId).ToListAsync(Ct));
        var night = Assert.Single(first);
        Assert.Equal((RetentionTrigger.Job, false), (night.Trigger, night.Complete));
        // One row of the first table of every type; the parents wait until their children are gone.
        Assert.Equal(1, night.DeletedRows["absence-notices/absence_acknowledgements"]);
        Assert.Equal(0, night.DeletedRows["absence-notices/absence_notices"]);
        Assert.Equal(1, night.DeletedRows["audit-log/audit_entries"]);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunAsync(Ct);
        }

        var report = await (await arranged.Admin.Client.GetAsync(Report, Ct)).ReadAsync<RetentionReport>();
        Assert.All(report.Types, t => Assert.Equal(0, t.Total));
        var entries = await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking()
            .Where(e => e.MunicipalityId == arranged.Admin.MunicipalityId && e.Action == AuditActions.RetentionRun).ToListAsync(Ct));
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal("system", e.ActorRole));
    }

    [Fact]
    public async Task A_period_of_zero_keeps_that_type()
    {
        var arranged = await ArrangeAsync();
        using var keeping = app.WithWebHostBuilder(builder => builder.UseSetting("Retention:AuditLogMonths", "0"));
        using var client = keeping.CreateClient();
        client.DefaultRequestHeaders.Authorization = arranged.Admin.Client.DefaultRequestHeaders.Authorization;

        var run = await (await client.PostAsync($"{Run}?type=audit-log", null, Ct)).ReadAsync<RetentionRunResult>();

        var audit = Assert.Single(run.Types);
        Assert.Equal((true, (DateOnly?)null, 0L), (audit.KeptForGood, audit.KeptFrom, audit.Total));
        Assert.Equal(3, await app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(e => e.MunicipalityId == arranged.Admin.MunicipalityId && e.OccurredAt < LongAgo, Ct)));
    }

    [Fact]
    public async Task An_unknown_type_answers_400_naming_it_and_the_audit_log_still_refuses_deletes_outside_a_run()
    {
        var arranged = await ArrangeAsync();

        await (await arranged.Admin.Client.GetAsync($"{Report}?type=consents", Ct)).ValidationProblemAsync("type");
        await (await arranged.Admin.Client.PostAsync($"{Run}?type=everything", null, Ct)).ValidationProblemAsync("type");
        Assert.Empty(await app.WithDbAsync(db => db.RetentionRuns.Where(r => r.MunicipalityId == arranged.Admin.MunicipalityId).ToListAsync(Ct)));

        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => app.WithDbAsync(db =>
            db.Set<AuditEntry>().Where(e => e.MunicipalityId == arranged.Admin.MunicipalityId).ExecuteDeleteAsync(Ct)));
        Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
    }

    private static Dictionary<string, long> Flatten(IEnumerable<RetentionTypeCounts> types) =>
        types.SelectMany(t => t.Tables.Where(table => table.Rows > 0).Select(table => ($"{t.Type}/{table.Table}", table.Rows)))
            .ToDictionary(r => r.Item1, r => r.Rows, StringComparer.Ordinal);

    private static readonly string[] Tables =
    [
        "absence_acknowledgements", "absence_notices", "leave_applications", "attachments", "thread_messages", "thread_participants",
        "message_threads", "bulk_message_recipients", "bulk_messages", "sfo_attendances", "sfo_handover_pupils", "sfo_handovers",
        "sfo_missing_alerts", "pickup_messages", "audit_entries", "usage_events", "usage_daily",
    ];

    /// <summary>Rows per table that belong to the municipality (through its parent where the table has no municipality).</summary>
    private Task<Dictionary<string, long>> RowCountsAsync(Guid municipalityId) => app.WithDbAsync(async db =>
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in Tables)
        {
            var owner = table switch
            {
                "absence_acknowledgements" => "(SELECT municipality_id FROM absence_notices n WHERE n.id = r.notice_id)",
                "attachments" => """
                    COALESCE((SELECT t.municipality_id FROM thread_messages m JOIN message_threads t ON t.id = m.thread_id WHERE m.id = r.thread_message_id),
                             (SELECT b.municipality_id FROM bulk_messages b WHERE b.id = r.bulk_message_id))
                    """,
                "thread_messages" or "thread_participants" => "(SELECT municipality_id FROM message_threads t WHERE t.id = r.thread_id)",
                "bulk_message_recipients" => "(SELECT municipality_id FROM bulk_messages b WHERE b.id = r.bulk_message_id)",
                "sfo_handover_pupils" => "(SELECT municipality_id FROM sfo_handovers h WHERE h.id = r.handover_id)",
                "sfo_missing_alerts" => "(SELECT municipality_id FROM sfo_units u WHERE u.id = r.sfo_unit_id)",
                _ => "r.municipality_id",
            };
            // Table names and owner expressions are the constants above, never input.
            var sql = $"SELECT count(*) AS \"Value\" FROM {table} r WHERE {owner} = {{0}}";
            counts[table] = await db.Database.SqlQueryRaw<long>(sql, municipalityId).SingleAsync(Ct);
        }

        return counts;
    });

    private async Task<bool> BlobExistsAsync(string key)
    {
        await using var stream = await app.Services.GetRequiredService<IBlobStore>().OpenAsync(key, Ct);
        return stream is not null;
    }

    /// <summary>
    /// Records on both sides of every period, written straight to the tables as the features would have written them years
    /// ago (the API only writes at the clock's time, which only goes forward), plus another municipality's old records.
    /// </summary>
    private async Task<Arranged> ArrangeAsync()
    {
        var world = await app.ArrangeWorldAsync();
        var admin = world.Admin;
        var m = admin.MunicipalityId;
        var staff = (await admin.Client.CreateStaffMemberAsync("Siri", "Sfo")).Id;
        var unit = (await admin.Client.CreateSfoUnitAsync(world.SchoolId)).Id;
        var now = app.Time.GetUtcNow();
        var blobs = app.Services.GetRequiredService<IBlobStore>();
        var deletedBlob = await blobs.PutAsync(new MemoryStream([1, 2, 3]), Ct);
        var bulkBlob = await blobs.PutAsync(new MemoryStream([4, 5, 6]), Ct);
        var keptBlob = await blobs.PutAsync(new MemoryStream([7, 8, 9]), Ct);
        var other = await app.CreateMunicipalityAsync("Andevik kommune");

        await app.WithDbAsync(async db =>
        {
            // Absence: an old notice with two acknowledgements, an old notice of an old leave application (both due), an old
            // leave application that a kept notice refers to (kept), and a notice of today (kept).
            AbsenceNotice Notice(DateTimeOffset at, Guid? leave = null) => new()
            {
                MunicipalityId = m, PupilId = world.PupilA, SchoolId = world.SchoolId, ReportedByGuardianId = world.GuardianA, ToSchool = true,
                FirstDate = Day(at), LastDate = Day(at), LeaveApplicationId = leave, CreatedAt = at, UpdatedAt = at,
            };
            LeaveApplication Leave(DateTimeOffset at) => new()
            {
                MunicipalityId = m, PupilId = world.PupilA, SchoolId = world.SchoolId, AppliedByGuardianId = world.GuardianA, Reason = "Reise",
                FirstDate = Day(at), LastDate = Day(at), CreatedAt = at, UpdatedAt = at,
            };
            var oldLeave = Leave(LongAgo);
            var referencedLeave = Leave(LongAgo);
            db.LeaveApplications.AddRange(oldLeave, referencedLeave);
            var oldNotice = Notice(LongAgo);
            db.AbsenceNotices.AddRange(oldNotice, Notice(LongAgo, oldLeave.Id), Notice(now, referencedLeave.Id), Notice(now));
            await db.SaveChangesAsync(Ct);
            db.AbsenceAcknowledgements.AddRange(
                new AbsenceAcknowledgement { NoticeId = oldNotice.Id, StaffId = staff, Recipient = AbsenceRecipient.School, AcknowledgedAt = LongAgo },
                new AbsenceAcknowledgement { NoticeId = oldNotice.Id, StaffId = staff, Recipient = AbsenceRecipient.Sfo, AcknowledgedAt = LongAgo });

            // Messages: an old thread (two messages, two participants, an attachment), an old thread with a message of
            // today (kept whole), an old bulk message with two recipients and an attachment (due), an old bulk message with
            // a reply of today (kept) and an old one still in its undo window (kept).
            MessageThread Thread(DateTimeOffset created, DateTimeOffset last, Guid? bulk = null) => new()
            {
                MunicipalityId = m, SchoolId = world.SchoolId, PupilId = world.PupilA, Subject = "Tur", CreatedAt = created, LastMessageAt = last,
                Addressee = bulk is null ? ThreadAddressee.ContactTeacher : ThreadAddressee.BulkReply, BulkMessageId = bulk,
            };
            BulkMessage Bulk(BulkMessageState state) => new()
            {
                MunicipalityId = m, SenderStaffId = staff, SchoolId = world.SchoolId, TargetKind = BulkTargetKind.School, TargetIds = [world.SchoolId],
                Subject = "Beskjed", Body = "Husk matpakke", CreatedAt = LongAgo, SentAt = LongAgo, State = state,
            };
            var oldBulk = Bulk(BulkMessageState.Sent);
            var repliedBulk = Bulk(BulkMessageState.Sent);
            db.BulkMessages.AddRange(oldBulk, repliedBulk, Bulk(BulkMessageState.Queued));
            var oldThread = Thread(LongAgo, LongAgo);
            var liveThread = Thread(LongAgo, now);
            var replyThread = Thread(now, now, repliedBulk.Id);
            db.MessageThreads.AddRange(oldThread, liveThread, replyThread);
            await db.SaveChangesAsync(Ct);
            var guardianIn = new ThreadParticipant { ThreadId = oldThread.Id, GuardianId = world.GuardianA };
            var staffIn = new ThreadParticipant { ThreadId = oldThread.Id, StaffId = staff };
            var liveGuardian = new ThreadParticipant { ThreadId = liveThread.Id, GuardianId = world.GuardianA };
            var replyGuardian = new ThreadParticipant { ThreadId = replyThread.Id, GuardianId = world.GuardianA };
            db.ThreadParticipants.AddRange(guardianIn, staffIn, liveGuardian, replyGuardian);
            await db.SaveChangesAsync(Ct);
            var oldMessage = new ThreadMessage { ThreadId = oldThread.Id, AuthorParticipantId = guardianIn.Id, Body = "Hei", SentAt = LongAgo };
            var liveOld = new ThreadMessage { ThreadId = liveThread.Id, AuthorParticipantId = liveGuardian.Id, Body = "Gammel", SentAt = LongAgo };
            db.ThreadMessages.AddRange(oldMessage, new ThreadMessage { ThreadId = oldThread.Id, AuthorParticipantId = staffIn.Id, Body = "Svar", SentAt = LongAgo },
                liveOld, new ThreadMessage { ThreadId = liveThread.Id, AuthorParticipantId = liveGuardian.Id, Body = "Ny", SentAt = now },
                new ThreadMessage { ThreadId = replyThread.Id, AuthorParticipantId = replyGuardian.Id, Body = "Takk", SentAt = now });
            db.BulkMessageRecipients.AddRange(
                new BulkMessageRecipient { BulkMessageId = oldBulk.Id, GuardianId = world.GuardianA, PupilId = world.PupilA, DeliveredAt = LongAgo },
                new BulkMessageRecipient { BulkMessageId = oldBulk.Id, GuardianId = world.GuardianB, PupilId = world.PupilB, DeliveredAt = LongAgo },
                new BulkMessageRecipient { BulkMessageId = repliedBulk.Id, GuardianId = world.GuardianA, PupilId = world.PupilA, DeliveredAt = LongAgo });
            await db.SaveChangesAsync(Ct);
            Attachment File(string key, AttachmentOwnerKind kind, Guid owner)
            {
                var file = new Attachment { FileName = "brev.pdf", ContentType = "application/pdf", SizeBytes = 3, Sha256 = new string('0', 64), BlobKey = key, UploadedAt = LongAgo };
                file.ClaimFor(new AttachmentOwner(kind, owner), LongAgo);
                return file;
            }
            db.Attachments.AddRange(File(deletedBlob, AttachmentOwnerKind.ThreadMessage, oldMessage.Id), File(bulkBlob, AttachmentOwnerKind.BulkMessage, oldBulk.Id),
                File(keptBlob, AttachmentOwnerKind.ThreadMessage, liveOld.Id));

            // SFO: a check-in and a check-out of March 2025 (due) and one of today; a handover of two pupils in March 2025
            // (due) and one of today; an old missing-child alert; an old and a new pickup message.
            var march = new DateTimeOffset(2025, 3, 3, 13, 0, 0, TimeSpan.Zero);
            SfoAttendance Attendance(DateTimeOffset at, SfoAttendanceKind kind) => new()
            {
                MunicipalityId = m, SfoUnitId = unit, PupilId = world.SfoPupil, Date = Day(at), Kind = kind, OccurredAt = at, StaffId = staff,
                Method = kind == SfoAttendanceKind.CheckOut ? DepartureMethod.WentHomeAlone : null,
            };
            db.SfoAttendances.AddRange(Attendance(march, SfoAttendanceKind.CheckIn), Attendance(march.AddHours(3), SfoAttendanceKind.CheckOut), Attendance(now, SfoAttendanceKind.CheckIn));
            var oldHandover = new SfoHandover { MunicipalityId = m, GroupId = world.SfoGroup, Date = Day(march), HandedOverAt = march, StaffId = staff };
            var newHandover = new SfoHandover { MunicipalityId = m, GroupId = world.SfoGroup, Date = Day(now), HandedOverAt = now, StaffId = staff };
            db.SfoHandovers.AddRange(oldHandover, newHandover);
            await db.SaveChangesAsync(Ct);
            db.SfoHandoverPupils.AddRange(
                new SfoHandoverPupil { HandoverId = oldHandover.Id, PupilId = world.SfoPupil, SfoUnitId = unit, Date = Day(march) },
                new SfoHandoverPupil { HandoverId = oldHandover.Id, PupilId = world.PupilA, SfoUnitId = unit, Date = Day(march) },
                new SfoHandoverPupil { HandoverId = newHandover.Id, PupilId = world.SfoPupil, SfoUnitId = unit, Date = Day(now) });
            db.SfoMissingAlerts.Add(new SfoMissingAlert { PupilId = world.SfoPupil, Date = Day(march), SfoUnitId = unit, RaisedAt = march });
            PickupMessage Pickup(DateTimeOffset at) => new()
            {
                MunicipalityId = m, PupilId = world.SfoPupil, SchoolId = world.SchoolId, Date = Day(at), Method = DepartureMethod.WentHomeAlone,
                Time = new TimeOnly(15, 0), SentByGuardianId = world.GuardianA, CreatedAt = at,
            };
            db.PickupMessages.AddRange(Pickup(march), Pickup(now));

            // Audit: three entries of 2020 (due), and two of the other municipality (never touched from here).
            AuditEntry Entry(Guid municipality) => new()
            {
                OccurredAt = new DateTimeOffset(2020, 5, 1, 8, 0, 0, TimeSpan.Zero), ActorRole = "staff", MunicipalityId = municipality,
                Action = AuditActions.PupilRead, ObjectType = AuditObjects.Pupil, ObjectId = world.PupilA,
            };
            db.Set<AuditEntry>().AddRange(Entry(m), Entry(m), Entry(m), Entry(other), Entry(other));
            await db.SaveChangesAsync(Ct);
            return 0;
        });

        // Usage: three events of January 2025 (due: aggregated, and older than 400 days) and one of last week (kept).
        await app.AddEventsAsync(m,
            ("2025-01-10", world.SchoolId, AbsenceReported, Digital, Guardian, world.GuardianA),
            ("2025-01-10", world.SchoolId, AbsenceReported, Digital, Guardian, world.GuardianB),
            ("2025-01-11", world.SchoolId, AbsenceLoggedLegacy, Phone, Teacher, staff),
            ("2026-09-01", world.SchoolId, AbsenceReported, Digital, Guardian, world.GuardianA));
        await app.AddEventsAsync(other, ("2025-01-10", null, SignIn, IdPorten, Guardian, world.GuardianA));
        await admin.Client.AggregateAsync("2025-01-10", "2025-01-11");
        await app.WithDbAsync(async db =>
        {
            db.UsageAggregationStates.AddRange(
                new UsageAggregationState { MunicipalityId = m, AggregatedThrough = Today.AddDays(-1), UpdatedAt = now },
                new UsageAggregationState { MunicipalityId = other, AggregatedThrough = Today.AddDays(-1), UpdatedAt = now });
            return await db.SaveChangesAsync(Ct);
        });

        return new Arranged(admin, other, deletedBlob, keptBlob);
    }
}
