using Meldebok.Server.Features.Notifications.WebPush;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Observability;
using Meldebok.Server.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Features.Notifications;

/// <summary>
/// Delivers the notifications that are due: enqueued after a message commits, and every minute as a sweeper for what is
/// still pending (a crash between commit and enqueue, retries after a failure, claims of a worker that died). Each
/// delivery is claimed with one conditional UPDATE before it is sent, so two workers never send the same one; it is
/// marked sent once the mail server or the SMS gateway accepted it. A failure counts an attempt, keeps the error and waits
/// longer each time (or as long as the gateway asked, if longer), up to <see cref="NotificationOptions.MaxAttempts"/>.
/// A non-urgent SMS claimed during the person's quiet hours is put back, without counting an attempt, until they end.
/// </summary>
internal sealed class NotificationDeliveryJob(
    MeldebokDbContext db, EmailChannel email, SmsChannel sms, WebPushChannel push, MunicipalClock clock, IOptions<NotificationOptions> options,
    IOptions<WebOptions> web, TimeProvider time, MeldebokTelemetry telemetry, ILogger<NotificationDeliveryJob> logger)
{
    public const string Id = "notification-delivery";
    public const int MaxErrorLength = 1000;
    private const int BatchSize = 200;

    public async Task RunAsync(CancellationToken ct)
    {
        List<NotificationChannel> channels = [.. (email.IsEnabled ? [NotificationChannel.Email] : Array.Empty<NotificationChannel>()),
            .. (sms.IsEnabled ? [NotificationChannel.Sms] : Array.Empty<NotificationChannel>()),
            .. (push.IsEnabled ? [NotificationChannel.Push] : Array.Empty<NotificationChannel>())];
        if (channels.Count == 0)
        {
            return;
        }

        using var correlation = CorrelationId.BeginScope(logger);
        using var activity = MeldebokTelemetry.Source.StartActivity("notification delivery");
        // Batches until nothing is due, so a large bulk message is delivered in one run.
        while (true)
        {
            var now = time.GetUtcNow();
            var staleBefore = now.AddMinutes(-options.Value.ClaimTimeoutMinutes);
            var due = await Due(now, staleBefore).Where(d => channels.Contains(d.Channel)).OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).Select(d => d.Id).Take(BatchSize).ToListAsync(ct);
            var delivered = 0;
            foreach (var id in due)
            {
                delivered += await DeliverAsync(id, ct) ? 1 : 0;
            }

            if (due.Count < BatchSize || delivered == 0)
            {
                return;
            }
        }
    }

    private IQueryable<NotificationDelivery> Due(DateTimeOffset now, DateTimeOffset staleBefore) => db.NotificationDeliveries.Where(d =>
        (d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
        || (d.Status == DeliveryStatus.Sending && d.ClaimedAt < staleBefore));

    /// <summary>Claims and sends one delivery; false when another worker had it (or it is no longer due).</summary>
    private async Task<bool> DeliverAsync(Guid id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var staleBefore = now.AddMinutes(-options.Value.ClaimTimeoutMinutes);
        var claimed = await Due(now, staleBefore).Where(d => d.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.Status, DeliveryStatus.Sending)
            .SetProperty(d => d.ClaimedAt, now), ct);
        if (claimed == 0)
        {
            return false;
        }

        var delivery = await db.NotificationDeliveries.AsNoTracking().SingleAsync(d => d.Id == id, ct);
        if (delivery.OnlyIfUnread && await HasReadAsync(delivery, ct))
        {
            await Finish(id).ExecuteUpdateAsync(set => set
                .SetProperty(d => d.Status, DeliveryStatus.Skipped)
                .SetProperty(d => d.LastError, "Mottakeren hadde lest meldingen før SMS-varselet skulle sendes."), ct);
            return true;
        }

        var setting = await db.NotificationSettings.AsNoTracking().SingleOrDefaultAsync(s => s.PersonId == delivery.PersonId, ct) ?? new NotificationSetting();
        if (delivery.WaitsForDigest && setting.DigestEnabled)
        {
            // The person takes a daily digest: NotificationDigestJob gathers it at their digest time.
            await Finish(id).ExecuteUpdateAsync(set => set
                .SetProperty(d => d.Status, DeliveryStatus.Held)
                .SetProperty(d => d.ClaimedAt, (DateTimeOffset?)null), ct);
            return true;
        }

        if (await QuietUntilAsync(delivery, setting, ct) is { } quietUntil)
        {
            await Finish(id).ExecuteUpdateAsync(set => set
                .SetProperty(d => d.Status, DeliveryStatus.Pending)
                .SetProperty(d => d.ClaimedAt, (DateTimeOffset?)null)
                .SetProperty(d => d.NextAttemptAt, quietUntil), ct);
            return true;
        }

        Func<CancellationToken, Task>? send;
        try
        {
            send = await ComposeAsync(delivery, ct);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await FailAsync(delivery, exception.Message, null, ct);
            return true;
        }

        if (send is null)
        {
            await Finish(id).ExecuteUpdateAsync(set => set
                .SetProperty(d => d.Status, DeliveryStatus.Failed)
                .SetProperty(d => d.LastError, delivery.Channel switch
                {
                    NotificationChannel.Sms => "Mottakeren har ikke lenger et mobilnummer.",
                    NotificationChannel.Push => "Mottakeren har ikke lenger en enhet med varsler på.",
                    _ => "Mottakeren har ikke lenger en e-postadresse.",
                }), ct);
            return true;
        }

        try
        {
            await send(ct);
        }
        catch (PushSubscriptionsGoneException gone)
        {
            // Every device unsubscribed (the push service answered 404 or 410): nothing to try again.
            await Finish(id).ExecuteUpdateAsync(set => set
                .SetProperty(d => d.Status, DeliveryStatus.Failed)
                .SetProperty(d => d.LastError, gone.Message), ct);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning("Notification {DeliveryId} ({Channel}) failed on attempt {Attempt}: {Error}",
                id, delivery.Channel, delivery.Attempts + 1, exception.Message);
            await FailAsync(delivery, exception.Message, (exception as SmsGatewayException)?.RetryAfter ?? (exception as WebPushException)?.RetryAfter, ct);
            return true;
        }

        var sentAt = time.GetUtcNow();
        if (await Finish(id).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.Status, DeliveryStatus.Sent)
            .SetProperty(d => d.SentAt, sentAt), ct) == 1)
        {
            telemetry.RecordDelivery(delivery.Channel switch
            {
                NotificationChannel.Sms => "sms",
                NotificationChannel.Push => "push",
                _ => "email",
            }, sentAt - delivery.CreatedAt);
        }

        return true;
    }

    /// <summary>Whether the recipient has read the message the delivery is about (a bulk message's copy, or the thread up to the message).</summary>
    private async Task<bool> HasReadAsync(NotificationDelivery delivery, CancellationToken ct) => delivery.SourceKind switch
    {
        NotificationSource.BulkMessage => await db.BulkMessageRecipients.AnyAsync(
            r => r.BulkMessageId == delivery.SourceId && r.GuardianId == delivery.PersonId && r.ReadAt != null, ct),
        NotificationSource.ThreadMessage => await db.ThreadMessages.Where(m => m.Id == delivery.SourceId).AnyAsync(m => db.ThreadParticipants.Any(p =>
            p.ThreadId == m.ThreadId && (p.GuardianId == delivery.PersonId || p.StaffId == delivery.PersonId) && p.LastReadAt >= m.SentAt), ct),
        _ => false,
    };

    /// <summary>When the recipient's quiet hours end, for a non-urgent SMS or push claimed during them; null when it may go now.</summary>
    private async Task<DateTimeOffset?> QuietUntilAsync(NotificationDelivery delivery, NotificationSetting setting, CancellationToken ct)
    {
        if (delivery.Urgent || delivery.Channel == NotificationChannel.Email)
        {
            return null;
        }

        var zone = (await clock.ProfileAsync(delivery.MunicipalityId, ct)).TimeZone;
        return setting.QuietUntil(time.GetUtcNow(), zone);
    }

    private IQueryable<NotificationDelivery> Finish(Guid id) =>
        db.NotificationDeliveries.Where(d => d.Id == id && d.Status == DeliveryStatus.Sending);

    /// <summary>
    /// Counts the attempt and schedules the next one after 1, 4, 16, 64 … minutes (at most a day) — or later, when the
    /// gateway asked for a longer wait (Retry-After, at most a day) — or gives up.
    /// </summary>
    private async Task FailAsync(NotificationDelivery delivery, string error, TimeSpan? retryAfter, CancellationToken ct)
    {
        var attempts = delivery.Attempts + 1;
        var status = attempts >= options.Value.MaxAttempts ? DeliveryStatus.Failed : DeliveryStatus.Pending;
        var wait = Backoff(attempts);
        if (retryAfter is { } asked && asked > wait)
        {
            wait = asked < TimeSpan.FromDays(1) ? asked : TimeSpan.FromDays(1);
        }

        var next = time.GetUtcNow().Add(wait);
        var lastError = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        await Finish(delivery.Id).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.Attempts, attempts)
            .SetProperty(d => d.Status, status)
            .SetProperty(d => d.NextAttemptAt, next)
            .SetProperty(d => d.LastError, lastError), ct);
    }

    /// <summary>
    /// Asks the job server to deliver now rather than at the next sweep. A failure here loses nothing (the rows are committed
    /// and the sweeper finds them), so it is logged, not thrown.
    /// </summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(Math.Pow(4, attempts - 1), 24 * 60));

    /// <summary>
    /// The e-mail or SMS about the delivery's message, in the recipient's language, as the send to make; null when the
    /// recipient has no address (or mobile number) for the channel now.
    /// </summary>
    private async Task<Func<CancellationToken, Task>?> ComposeAsync(NotificationDelivery delivery, CancellationToken ct)
    {
        var chosen = await db.NotificationSettings.Where(s => s.PersonId == delivery.PersonId).Select(s => s.Language).SingleOrDefaultAsync(ct);
        var recipient = delivery.GuardianId is { } guardianId
            ? await db.Guardians.AsNoTracking().Where(g => g.Id == guardianId)
                .Select(g => new { g.Email, g.Mobile, Language = NotificationSetting.LanguageOf(chosen, g.PreferredLanguage) }).SingleAsync(ct)
            : await db.Staff.AsNoTracking().Where(s => s.Id == delivery.StaffId)
                .Select(s => new { s.Email, s.Mobile, Language = NotificationSetting.LanguageOf(chosen, null) }).SingleAsync(ct);
        if (delivery.Channel == NotificationChannel.Push)
        {
            return await PushAsync(delivery, recipient.Language, ct);
        }

        var address = delivery.Channel == NotificationChannel.Sms ? recipient.Mobile : recipient.Email;
        if (string.IsNullOrWhiteSpace(address))
        {
            return null;
        }

        if (delivery.SourceKind == NotificationSource.Digest)
        {
            var items = await DigestItemsAsync(delivery.SourceId, ct);
            if (delivery.Channel == NotificationChannel.Sms)
            {
                var digestSms = NotificationTexts.DigestSms(recipient.Language, items.Count, MessagesLink);
                return token => sms.SendAsync(new Sms(delivery.Id.ToString("N"), address, digestSms), token);
            }

            var digestMail = NotificationTexts.DigestEmail(address, recipient.Language, items, MessagesLink);
            return token => email.SendAsync(digestMail, token);
        }

        if (delivery.SourceKind is NotificationSource.SfoCheckIn or NotificationSource.SfoCheckOut)
        {
            return await SfoAttendanceAsync(delivery, address, recipient.Language, ct);
        }

        if (delivery.SourceKind == NotificationSource.ConsentClosed)
        {
            var closed = await SummaryAsync(delivery.SourceKind, delivery.SourceId, ct);
            if (delivery.Channel == NotificationChannel.Sms)
            {
                var closedSms = NotificationTexts.ConsentClosedSms(recipient.Language, closed.Sender, closed.Link);
                return token => sms.SendAsync(new Sms(delivery.Id.ToString("N"), address, closedSms), token);
            }

            var closedMail = NotificationTexts.ConsentClosedEmail(address, recipient.Language, closed.Sender, closed.Subject, closed.Link);
            return token => email.SendAsync(closedMail, token);
        }

        if (delivery.SourceKind is NotificationSource.ConsentRequest or NotificationSource.ConsentReminder)
        {
            // Consent requests are told by e-mail only.
            if (delivery.Channel != NotificationChannel.Email)
            {
                return null;
            }

            var consent = await SummaryAsync(delivery.SourceKind, delivery.SourceId, ct);
            var consentMail = NotificationTexts.ConsentEmail(address, recipient.Language, consent.Sender, consent.Subject,
                consent.Deadline!.Value, delivery.SourceKind == NotificationSource.ConsentReminder, consent.Link);
            return token => email.SendAsync(consentMail, token);
        }

        if (delivery.SourceKind == NotificationSource.PickupLateChange)
        {
            var link = web.Value.PublicBaseUrl;
            if (delivery.Channel == NotificationChannel.Sms)
            {
                var late = NotificationTexts.PickupLateChangeSms(recipient.Language, link);
                return token => sms.SendAsync(new Sms(delivery.Id.ToString("N"), address, late), token);
            }

            var pickupMail = NotificationTexts.PickupLateChangeEmail(address, recipient.Language, link);
            return token => email.SendAsync(pickupMail, token);
        }

        var (_, sender, subject, _, _) = await SummaryAsync(delivery.SourceKind, delivery.SourceId, ct);
        if (delivery.Channel == NotificationChannel.Sms)
        {
            var text = NotificationTexts.MessageSms(recipient.Language, delivery.Urgent, sender, MessagesLink);
            // The delivery's id: the same on every attempt, so that a gateway that already sent it does not send it again.
            return token => sms.SendAsync(new Sms(delivery.Id.ToString("N"), address, text), token);
        }

        var mail = NotificationTexts.MessageEmail(address, recipient.Language, sender, subject, web.Value.PublicBaseUrl);
        return token => email.SendAsync(mail, token);
    }

    /// <summary>
    /// The SMS or e-mail that tells a guardian the child arrived at or left SFO ("Hentet av bestemor 15:42"); nothing when the
    /// check-in or check-out was undone before it went out.
    /// </summary>
    private async Task<Func<CancellationToken, Task>?> SfoAttendanceAsync(NotificationDelivery delivery, string address, string language, CancellationToken ct)
    {
        if (await SfoStatusAsync(delivery.SourceId, ct) is not { } sfo)
        {
            return null;
        }

        if (delivery.Channel == NotificationChannel.Sms)
        {
            var text = NotificationTexts.SfoSms(sfo.Child, sfo.Unit, sfo.Status);
            return token => sms.SendAsync(new Sms(delivery.Id.ToString("N"), address, text), token);
        }

        var mail = NotificationTexts.SfoEmail(address, language, sfo.Child, sfo.Unit, sfo.Status, web.Value.PublicBaseUrl);
        return token => email.SendAsync(mail, token);
    }

    /// <summary>The child's given name, the SFO unit and the status line of a check-in or check-out; null when it was undone.</summary>
    private async Task<(string Child, string Unit, string Status)?> SfoStatusAsync(Guid attendanceId, CancellationToken ct)
    {
        var row = await db.SfoAttendances.AsNoTracking().Where(a => a.Id == attendanceId)
            .Select(a => new
            {
                a.Kind, a.Method, a.PickedUpByName, a.OccurredAt, a.MunicipalityId, a.UndoneAt,
                Child = db.Pupils.Where(p => p.Id == a.PupilId).Select(p => p.GivenName).Single(),
                Unit = db.SfoUnits.Where(u => u.Id == a.SfoUnitId).Select(u => u.Name).Single(),
            })
            .SingleAsync(ct);
        if (row.UndoneAt is not null)
        {
            return null;
        }

        var zone = (await clock.ProfileAsync(row.MunicipalityId, ct)).TimeZone;
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(row.OccurredAt, zone).DateTime);
        return (row.Child, row.Unit, Sfo.SfoTexts.Summary(row.Kind, row.Method, row.PickedUpByName, local));
    }

    /// <summary>
    /// The Web Push notification about the delivery's source, to every device the person has subscribed; null when they
    /// have none (or it is about something push does not tell). A device whose push service answers 404 or 410 has gone
    /// and is removed; when none is left, <see cref="PushSubscriptionsGoneException"/>. Any other refusal fails the attempt
    /// after the other devices were tried: a retry reaches them again with the same tag, which replaces the notification.
    /// </summary>
    private async Task<Func<CancellationToken, Task>?> PushAsync(NotificationDelivery delivery, string language, CancellationToken ct)
    {
        var devices = await db.PushSubscriptions.AsNoTracking().Where(s => s.PersonId == delivery.PersonId).ToListAsync(ct);
        if (devices.Count == 0)
        {
            return null;
        }

        var link = MessagesLink;
        (string Title, string Body) text;
        switch (delivery.SourceKind)
        {
            case NotificationSource.ThreadMessage or NotificationSource.BulkMessage:
                var message = await SummaryAsync(delivery.SourceKind, delivery.SourceId, ct);
                text = NotificationTexts.MessagePush(language, delivery.Urgent, message.Sender);
                break;
            case NotificationSource.Digest:
                text = NotificationTexts.DigestPush(language, (await DigestItemsAsync(delivery.SourceId, ct)).Count);
                break;
            case NotificationSource.ConsentClosed:
                var closed = await SummaryAsync(delivery.SourceKind, delivery.SourceId, ct);
                text = NotificationTexts.ConsentClosedPush(language, closed.Sender);
                link = closed.Link;
                break;
            case NotificationSource.PickupLateChange:
                text = NotificationTexts.PickupLateChangePush(language);
                link = web.Value.PublicBaseUrl;
                break;
            case NotificationSource.SfoCheckIn or NotificationSource.SfoCheckOut:
                if (await SfoStatusAsync(delivery.SourceId, ct) is not { } sfo)
                {
                    return null;
                }

                text = NotificationTexts.SfoPush(sfo.Child, sfo.Unit, sfo.Status);
                link = web.Value.PublicBaseUrl;
                break;
            default:
                return null;
        }

        var notification = new PushNotification(text.Title, text.Body, link, delivery.Id.ToString("N"));
        return async token =>
        {
            var reached = 0;
            WebPushException? refused = null;
            foreach (var device in devices)
            {
                try
                {
                    if (await push.SendAsync(device, notification, delivery.Urgent, token))
                    {
                        reached++;
                    }
                    else
                    {
                        await db.PushSubscriptions.Where(s => s.Id == device.Id).ExecuteDeleteAsync(token);
                    }
                }
                catch (WebPushException exception)
                {
                    refused ??= exception;
                }
            }

            if (refused is not null)
            {
                throw refused;
            }

            if (reached == 0)
            {
                throw new PushSubscriptionsGoneException();
            }
        };
    }

    /// <summary>The messages page, where the SMS sends the reader.</summary>
    private string MessagesLink => web.Value.PublicBaseUrl.TrimEnd('/') + Messages.Pages.MessagePaths.Inbox;

    /// <summary>The notifications a daily digest gathered, oldest first, as the lines it lists.</summary>
    private async Task<List<NotificationSummary>> DigestItemsAsync(Guid digestId, CancellationToken ct)
    {
        var gathered = await db.NotificationDeliveries.AsNoTracking().Where(d => d.DigestId == digestId)
            .OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).Select(d => new { d.SourceKind, d.SourceId }).ToListAsync(ct);
        var items = new List<NotificationSummary>(gathered.Count);
        foreach (var item in gathered)
        {
            items.Add(await SummaryAsync(item.SourceKind, item.SourceId, ct));
        }

        return items;
    }

    /// <summary>Who sent the thread message, bulk message or consent request (or its reminder or closing), its subject or title and its page.</summary>
    private async Task<NotificationSummary> SummaryAsync(NotificationSource kind, Guid sourceId, CancellationToken ct)
    {
        var baseUrl = web.Value.PublicBaseUrl.TrimEnd('/');
        switch (kind)
        {
            case NotificationSource.ThreadMessage:
                var message = await db.ThreadMessages.AsNoTracking().Where(m => m.Id == sourceId)
                    .Select(m => new
                    {
                        m.ThreadId,
                        Subject = db.MessageThreads.Where(t => t.Id == m.ThreadId).Select(t => t.Subject).Single(),
                        Author = db.ThreadParticipants.Where(p => p.Id == m.AuthorParticipantId).Select(p => new { p.GuardianId, p.StaffId, p.AdministratorId }).Single(),
                    })
                    .SingleAsync(ct);
                return new NotificationSummary(kind, await NameAsync(message.Author.GuardianId, message.Author.StaffId, message.Author.AdministratorId, ct),
                    message.Subject, baseUrl + Messages.Pages.MessagePaths.Thread(message.ThreadId));
            case NotificationSource.BulkMessage:
                var bulk = await db.BulkMessages.AsNoTracking().Where(m => m.Id == sourceId)
                    .Select(m => new { m.Subject, m.SenderStaffId, m.SenderAdministratorId }).SingleAsync(ct);
                return new NotificationSummary(kind, await NameAsync(null, bulk.SenderStaffId, bulk.SenderAdministratorId, ct),
                    bulk.Subject, baseUrl + Messages.Pages.MessagePaths.Received(sourceId));
            case NotificationSource.ConsentRequest or NotificationSource.ConsentReminder or NotificationSource.ConsentClosed:
                var requestId = kind switch
                {
                    NotificationSource.ConsentRequest => sourceId,
                    NotificationSource.ConsentReminder => await db.ConsentReminders.Where(r => r.Id == sourceId).Select(r => r.RequestId).SingleAsync(ct),
                    _ => await db.ConsentRequests.Where(r => r.ClosedNoticeId == sourceId).Select(r => r.Id).SingleAsync(ct),
                };
                var request = await db.ConsentRequests.AsNoTracking().Where(r => r.Id == requestId)
                    .Select(r => new { r.Title, r.Deadline, r.CreatedByStaffId }).SingleAsync(ct);
                return new NotificationSummary(kind, await NameAsync(null, request.CreatedByStaffId, null, ct), request.Title,
                    baseUrl + Consents.Pages.ConsentPaths.GuardianRequest(requestId), request.Deadline);
            default:
                throw new InvalidOperationException($"Varsler om {kind} har ikke emne og avsender.");
        }
    }

    private Task<string> NameAsync(Guid? guardianId, Guid? staffId, Guid? administratorId, CancellationToken ct) =>
        guardianId is { } g ? db.Guardians.Where(x => x.Id == g).Select(x => x.GivenName + " " + x.FamilyName).SingleAsync(ct)
        : staffId is { } s ? db.Staff.Where(x => x.Id == s).Select(x => x.GivenName + " " + x.FamilyName).SingleAsync(ct)
        : db.MunicipalityAdministrators.Where(x => x.Id == administratorId).Select(x => x.GivenName + " " + x.FamilyName).SingleAsync(ct);
}
