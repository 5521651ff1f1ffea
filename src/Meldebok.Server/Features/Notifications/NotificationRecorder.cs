using Meldebok.Server.Features.Notifications.WebPush;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Features.Notifications;

/// <summary>
/// Writes the notifications of a new message into the message's own unit of work (so they commit or roll back with it),
/// and after the commit asks the job server to deliver them now. Per recipient (never the author) and channel, as their
/// <see cref="NotificationSetting"/> says (defaults when they have none): an e-mail to those with an address in the roster
/// and e-mail on; an SMS to those with a mobile number who take every message by SMS (at once), or, when the message is
/// urgent, to those who take urgent messages by SMS — as a fallback, due <see cref="NotificationOptions.UrgentSmsFallbackMinutes"/>
/// after the message and sent only if they have not read it by then; a Web Push to those with a subscribed device. Nothing is recorded for a channel that is off (no SMTP host, no SMS gateway). Quiet hours are applied by the
/// delivery job when it is about to send, so a setting changed in the meantime counts.
/// </summary>
internal sealed class NotificationRecorder(
    MeldebokDbContext db, EmailChannel email, SmsChannel sms, WebPushChannel push, NotificationDeliveryTrigger delivery, AfterCommit afterCommit,
    IOptions<NotificationOptions> options, TimeProvider time)
{
    private bool recorded;

    private sealed record Contact(Guid? GuardianId, Guid? StaffId, string? Email, string? Mobile)
    {
        public Guid PersonId => GuardianId ?? StaffId!.Value;
    }

    /// <summary>Adds (unsaved) deliveries of a thread message to the recipients, who are the thread's participants other than its author.</summary>
    public Task RecordThreadMessageAsync(
        Guid municipalityId, Guid messageId, bool urgent, IEnumerable<(Guid? GuardianId, Guid? StaffId)> recipients, CancellationToken ct) =>
        RecordAsync(municipalityId, NotificationSource.ThreadMessage, messageId, urgent, smsFallback: true, recipients, ct);

    /// <summary>
    /// Adds (unsaved) urgent deliveries about a late pickup message to the SFO staff of the child's unit, by the same rule as
    /// <see cref="RecordThreadMessageAsync"/>: e-mail when on, SMS to those who take urgent messages by SMS (the default).
    /// </summary>
    public Task RecordPickupLateChangeAsync(Guid municipalityId, Guid pickupMessageId, IReadOnlyCollection<Guid> staffIds, CancellationToken ct) =>
        RecordAsync(municipalityId, NotificationSource.PickupLateChange, pickupMessageId, urgent: true, smsFallback: false,
            staffIds.Select(id => ((Guid?)null, (Guid?)id)), ct);

    /// <summary>
    /// Adds (unsaved) deliveries about a consent request closed before its deadline to the guardians, through the channels
    /// each has chosen, by the same rule as <see cref="RecordThreadMessageAsync"/> for a message that is not urgent: e-mail
    /// when on, SMS to those who take every message by SMS, Web Push to those with a subscribed device.
    /// </summary>
    public Task RecordConsentClosedAsync(Guid municipalityId, Guid closedNoticeId, IReadOnlyCollection<Guid> guardianIds, CancellationToken ct) =>
        RecordAsync(municipalityId, NotificationSource.ConsentClosed, closedNoticeId, urgent: false, smsFallback: false,
            guardianIds.Select(id => ((Guid?)id, (Guid?)null)), ct);

    private async Task RecordAsync(
        Guid municipalityId, NotificationSource source, Guid sourceId, bool urgent, bool smsFallback,
        IEnumerable<(Guid? GuardianId, Guid? StaffId)> recipients, CancellationToken ct)
    {
        if (!email.IsEnabled && !sms.IsEnabled && !push.IsEnabled)
        {
            return;
        }

        var people = recipients.ToList();
        var guardianIds = people.Where(p => p.GuardianId is not null).Select(p => p.GuardianId!.Value).Distinct().ToList();
        var staffIds = people.Where(p => p.StaffId is not null).Select(p => p.StaffId!.Value).Distinct().ToList();
        var contacts = (await db.Guardians.Where(g => guardianIds.Contains(g.Id))
                .Select(g => new Contact(g.Id, null, g.Email, g.Mobile)).ToListAsync(ct))
            .Concat(await db.Staff.Where(s => staffIds.Contains(s.Id))
                .Select(s => new Contact(null, s.Id, s.Email, s.Mobile)).ToListAsync(ct))
            .ToList();
        var personIds = contacts.Select(c => c.PersonId).ToList();
        var settings = await db.NotificationSettings.AsNoTracking().Where(s => personIds.Contains(s.PersonId)).ToDictionaryAsync(s => s.PersonId, ct);
        var pushed = await PushSubscribersAsync(personIds, ct);
        var now = time.GetUtcNow();
        var deliveries = new List<NotificationDelivery>();
        foreach (var contact in contacts)
        {
            if (pushed.Contains(contact.PersonId))
            {
                deliveries.Add(Delivery(municipalityId, source, sourceId, contact, NotificationChannel.Push, urgent, now));
            }

            var setting = settings.GetValueOrDefault(contact.PersonId) ?? new NotificationSetting();
            if (email.IsEnabled && setting.EmailEnabled && !string.IsNullOrWhiteSpace(contact.Email))
            {
                deliveries.Add(Delivery(municipalityId, source, sourceId, contact, NotificationChannel.Email, urgent, now));
            }

            if (sms.IsEnabled && setting.WantsSms(urgent) && !string.IsNullOrWhiteSpace(contact.Mobile))
            {
                deliveries.Add(Delivery(municipalityId, source, sourceId, contact, NotificationChannel.Sms, urgent, now,
                    smsFallback && IsFallback(urgent, setting.SmsEnabled) ? now.Add(FallbackDelay) : null));
            }
        }

        db.NotificationDeliveries.AddRange(deliveries);
        recorded |= deliveries.Count > 0;
    }

    /// <summary>Those of <paramref name="personIds"/> with a device that takes push; none when push is off.</summary>
    private async Task<HashSet<Guid>> PushSubscribersAsync(List<Guid> personIds, CancellationToken ct) => push.IsEnabled
        ? [.. await db.PushSubscriptions.Where(s => personIds.Contains(s.PersonId)).Select(s => s.PersonId).Distinct().ToListAsync(ct)]
        : [];

    private TimeSpan FallbackDelay => TimeSpan.FromMinutes(options.Value.UrgentSmsFallbackMinutes);

    /// <summary>An SMS only because the message is urgent (not every message by SMS) waits, and goes only if still unread.</summary>
    private bool IsFallback(bool urgent, bool smsForEveryMessage) => urgent && !smsForEveryMessage && options.Value.UrgentSmsFallbackMinutes > 0;

    /// <summary>
    /// Adds (unsaved) e-mail deliveries about a consent request or one of its reminders to the guardians concerned who
    /// have an address and have not turned e-mail off.
    /// </summary>
    public async Task RecordConsentAsync(
        Guid municipalityId, NotificationSource source, Guid sourceId, IReadOnlyCollection<Guid> guardianIds, CancellationToken ct)
    {
        if (!email.IsEnabled)
        {
            return;
        }

        var ids = guardianIds.Distinct().ToList();
        var contacts = await db.Guardians
            .Where(g => ids.Contains(g.Id) && g.Email != null && g.Email != ""
                && !db.NotificationSettings.Any(s => s.PersonId == g.Id && !s.EmailEnabled))
            .Select(g => new Contact(g.Id, null, g.Email, g.Mobile)).ToListAsync(ct);
        var now = time.GetUtcNow();
        db.NotificationDeliveries.AddRange(contacts.Select(c => Delivery(municipalityId, source, sourceId, c, NotificationChannel.Email, urgent: false, now)));
        recorded |= contacts.Count > 0;
    }

    /// <summary>
    /// The guardians to tell about a child's SFO check-in or check-out — every guardian who reaches the child (an active,
    /// unblocked link with parental responsibility or a right to information) — with their settings and whether they have a
    /// push device; none when every channel is off. A query, so that the check-in and check-out read it inside the round trip
    /// they make anyway (<see cref="Sfo.SfoAccess.BoardActionAsync"/>; bench/afternoon-rush).
    /// </summary>
    public IQueryable<SfoGuardianContact> SfoGuardians(Guid pupilId)
    {
        var anyChannel = email.IsEnabled || sms.IsEnabled || push.IsEnabled;
        var pushEnabled = push.IsEnabled;
        return db.Guardians
            .Where(g => anyChannel && g.IsActive && db.GuardianLinks.Any(l => l.GuardianId == g.Id && l.PupilId == pupilId && l.IsActive && !l.Blocked
                && (l.ParentalResponsibility || l.RightToInformation)))
            .Select(g => new SfoGuardianContact(g.Id, g.Email, g.Mobile,
                db.NotificationSettings.FirstOrDefault(s => s.PersonId == g.Id),
                pushEnabled && db.PushSubscriptions.Any(s => s.PersonId == g.Id)));
    }

    /// <summary>
    /// Adds (unsaved) deliveries about a child's SFO check-in or check-out to the guardians read with <see cref="SfoGuardians"/>:
    /// a Web Push to those with a device, an e-mail to those with an address and e-mail on, an SMS to those with a mobile number
    /// who take every message by SMS.
    /// </summary>
    public void RecordSfoAttendance(Guid municipalityId, NotificationSource source, Guid attendanceId, IReadOnlyList<SfoGuardianContact> guardians)
    {
        var now = time.GetUtcNow();
        var deliveries = new List<NotificationDelivery>();
        foreach (var found in guardians)
        {
            var guardian = new Contact(found.GuardianId, null, found.Email, found.Mobile);
            var setting = found.Setting ?? new NotificationSetting();
            if (found.Pushed)
            {
                deliveries.Add(Delivery(municipalityId, source, attendanceId, guardian, NotificationChannel.Push, urgent: false, now));
            }

            if (email.IsEnabled && setting.EmailEnabled && !string.IsNullOrWhiteSpace(guardian.Email))
            {
                deliveries.Add(Delivery(municipalityId, source, attendanceId, guardian, NotificationChannel.Email, urgent: false, now));
            }

            if (sms.IsEnabled && setting.WantsSms(false) && !string.IsNullOrWhiteSpace(guardian.Mobile))
            {
                deliveries.Add(Delivery(municipalityId, source, attendanceId, guardian, NotificationChannel.Sms, urgent: false, now));
            }
        }

        db.NotificationDeliveries.AddRange(deliveries);
        recorded |= deliveries.Count > 0;
    }

    /// <summary>
    /// Inserts the deliveries of a bulk message to its recipient guardians in one statement from the stored copies, by
    /// the same rule as <see cref="RecordThreadMessageAsync"/> (a missing setting row means the defaults of
    /// <see cref="NotificationSetting"/>); call it inside the transaction that stored them.
    /// </summary>
    public async Task RecordBulkMessageAsync(Guid municipalityId, Guid bulkMessageId, bool urgent, CancellationToken ct)
    {
        if (!email.IsEnabled && !sms.IsEnabled && !push.IsEnabled)
        {
            return;
        }

        var now = time.GetUtcNow();
        var fallback = IsFallback(urgent, smsForEveryMessage: false);
        var fallbackAt = now.Add(FallbackDelay);
        // An SMS only because the message is urgent waits for the fallback time and goes only if still unread then.
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO notification_deliveries
                (id, municipality_id, source_kind, source_id, guardian_id, person_id, channel, urgent, only_if_unread, status, attempts, next_attempt_at, created_at)
            SELECT gen_random_uuid(), {municipalityId}, {nameof(NotificationSource.BulkMessage)}, r.bulk_message_id, r.guardian_id, r.guardian_id,
                   c.channel, {urgent}, c.only_if_unread, {nameof(DeliveryStatus.Pending)}, 0,
                   CASE WHEN c.only_if_unread THEN {fallbackAt} ELSE {now} END, {now}
            FROM bulk_message_recipients r
            JOIN guardians g ON g.id = r.guardian_id
            LEFT JOIN notification_settings s ON s.person_id = r.guardian_id
            CROSS JOIN LATERAL (VALUES
                ({nameof(NotificationChannel.Email)},
                 {email.IsEnabled} AND coalesce(s.email_enabled, true) AND coalesce(g.email, '') <> '', false),
                ({nameof(NotificationChannel.Sms)},
                 {sms.IsEnabled} AND (coalesce(s.sms_enabled, false) OR ({urgent} AND coalesce(s.urgent_sms_enabled, true)))
                 AND coalesce(g.mobile, '') <> '',
                 {fallback} AND NOT coalesce(s.sms_enabled, false)),
                ({nameof(NotificationChannel.Push)},
                 {push.IsEnabled} AND EXISTS (SELECT 1 FROM push_subscriptions p WHERE p.person_id = r.guardian_id), false)
            ) AS c(channel, wanted, only_if_unread)
            WHERE r.bulk_message_id = {bulkMessageId} AND c.wanted
            ON CONFLICT (source_id, person_id, channel) DO NOTHING
            """, ct);
        recorded |= inserted > 0;
    }

    /// <summary>
    /// Call after the save: delivery now rather than at the next sweep, enqueued once the recorded notifications are committed —
    /// at once after a save that committed, after the commit of the request's transaction on the one-transaction path of
    /// idempotent POSTs (<see cref="AfterCommit"/>), never after a rollback. A failure here loses nothing (the rows are
    /// committed and the sweeper finds them), so it is logged, not thrown at the person who sent the message.
    /// </summary>
    public void DeliverSoon()
    {
        if (!recorded)
        {
            return;
        }

        recorded = false;
        afterCommit.Run(delivery.Soon);
    }

    private static NotificationDelivery Delivery(
        Guid municipalityId, NotificationSource source, Guid sourceId, Contact person, NotificationChannel channel, bool urgent, DateTimeOffset now,
        DateTimeOffset? onlyIfUnreadAt = null) => new()
    {
        MunicipalityId = municipalityId,
        SourceKind = source,
        SourceId = sourceId,
        GuardianId = person.GuardianId,
        StaffId = person.StaffId,
        PersonId = person.PersonId,
        Channel = channel,
        Urgent = urgent,
        Status = DeliveryStatus.Pending,
        OnlyIfUnread = onlyIfUnreadAt is not null,
        NextAttemptAt = onlyIfUnreadAt ?? now,
        CreatedAt = now,
    };
}

/// <summary>A guardian to tell about a child's SFO check-in or check-out (<see cref="NotificationRecorder.SfoGuardians"/>).</summary>
internal sealed record SfoGuardianContact(Guid GuardianId, string? Email, string? Mobile, NotificationSetting? Setting, bool Pushed);
