using Hangfire;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Notifications;

/// <summary>
/// Writes the e-mail notifications of a new message into the message's own unit of work (so they commit or roll back
/// with it), and after the commit asks the job server to deliver them now. Only people with an e-mail address in the
/// roster get one; the author never does. Nothing is recorded while the e-mail channel is off.
/// </summary>
internal sealed class NotificationRecorder(
    MeldebokDbContext db, EmailChannel email, IBackgroundJobClient jobs, TimeProvider time, ILogger<NotificationRecorder> logger)
{
    private bool recorded;

    /// <summary>Adds (unsaved) deliveries of a thread message to the recipients, who are the thread's participants other than its author.</summary>
    public async Task RecordThreadMessageAsync(
        Guid municipalityId, Guid messageId, IEnumerable<(Guid? GuardianId, Guid? StaffId)> recipients, CancellationToken ct)
    {
        if (!email.IsEnabled)
        {
            return;
        }

        var people = recipients.ToList();
        var guardianIds = people.Where(p => p.GuardianId is not null).Select(p => p.GuardianId!.Value).Distinct().ToList();
        var staffIds = people.Where(p => p.StaffId is not null).Select(p => p.StaffId!.Value).Distinct().ToList();
        var guardians = await db.Guardians.Where(g => guardianIds.Contains(g.Id) && g.Email != null && g.Email != "").Select(g => g.Id).ToListAsync(ct);
        var staff = await db.Staff.Where(s => staffIds.Contains(s.Id) && s.Email != null && s.Email != "").Select(s => s.Id).ToListAsync(ct);
        var now = time.GetUtcNow();
        db.NotificationDeliveries.AddRange(
            guardians.Select(id => Delivery(municipalityId, NotificationSource.ThreadMessage, messageId, id, null, now))
                .Concat(staff.Select(id => Delivery(municipalityId, NotificationSource.ThreadMessage, messageId, null, id, now))));
        recorded |= guardians.Count + staff.Count > 0;
    }

    /// <summary>Adds (unsaved) deliveries about a consent request or one of its reminders to the guardians concerned.</summary>
    public async Task RecordConsentAsync(
        Guid municipalityId, NotificationSource source, Guid sourceId, IReadOnlyCollection<Guid> guardianIds, CancellationToken ct)
    {
        if (!email.IsEnabled)
        {
            return;
        }

        var ids = guardianIds.Distinct().ToList();
        var guardians = await db.Guardians.Where(g => ids.Contains(g.Id) && g.Email != null && g.Email != "").Select(g => g.Id).ToListAsync(ct);
        var now = time.GetUtcNow();
        db.NotificationDeliveries.AddRange(guardians.Select(id => Delivery(municipalityId, source, sourceId, id, null, now)));
        recorded |= guardians.Count > 0;
    }

    /// <summary>
    /// Inserts the deliveries of a bulk message to its recipient guardians in one statement from the stored copies;
    /// call it inside the transaction that stored them.
    /// </summary>
    public async Task RecordBulkMessageAsync(Guid municipalityId, Guid bulkMessageId, CancellationToken ct)
    {
        if (!email.IsEnabled)
        {
            return;
        }

        var now = time.GetUtcNow();
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO notification_deliveries
                (id, municipality_id, source_kind, source_id, guardian_id, person_id, channel, status, attempts, next_attempt_at, created_at)
            SELECT gen_random_uuid(), {municipalityId}, {nameof(NotificationSource.BulkMessage)}, r.bulk_message_id, r.guardian_id, r.guardian_id,
                   {nameof(NotificationChannel.Email)}, {nameof(DeliveryStatus.Pending)}, 0, {now}, {now}
            FROM bulk_message_recipients r
            JOIN guardians g ON g.id = r.guardian_id
            WHERE r.bulk_message_id = {bulkMessageId} AND g.email IS NOT NULL AND g.email <> ''
            ON CONFLICT (source_id, person_id, channel) DO NOTHING
            """, ct);
        recorded |= inserted > 0;
    }

    /// <summary>
    /// After the commit: delivery now rather than at the next sweep. A failure here loses nothing (the rows are
    /// committed and the sweeper finds them), so it is logged, not thrown at the person who sent the message.
    /// </summary>
    public void DeliverSoon()
    {
        if (!recorded)
        {
            return;
        }

        recorded = false;
        try
        {
            jobs.Enqueue<NotificationDeliveryJob>(job => job.RunAsync(CancellationToken.None));
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not enqueue notification delivery; the sweeper will deliver the pending notifications.");
        }
    }

    private static NotificationDelivery Delivery(Guid municipalityId, NotificationSource source, Guid sourceId, Guid? guardianId, Guid? staffId, DateTimeOffset now) => new()
    {
        MunicipalityId = municipalityId,
        SourceKind = source,
        SourceId = sourceId,
        GuardianId = guardianId,
        StaffId = staffId,
        PersonId = guardianId ?? staffId!.Value,
        Channel = NotificationChannel.Email,
        Status = DeliveryStatus.Pending,
        NextAttemptAt = now,
        CreatedAt = now,
    };
}
