using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Features.Notifications;

/// <summary>
/// Delivers the notifications that are due: enqueued after a message commits, and every minute as a sweeper for what is
/// still pending (a crash between commit and enqueue, retries after a failure, claims of a worker that died). Each
/// delivery is claimed with one conditional UPDATE before it is sent, so two workers never send the same one; it is
/// marked sent once the mail server accepted it. A failure counts an attempt, keeps the error and waits longer each
/// time, up to <see cref="NotificationOptions.MaxAttempts"/>.
/// </summary>
internal sealed class NotificationDeliveryJob(
    MeldebokDbContext db, EmailChannel email, IOptions<NotificationOptions> options, IOptions<WebOptions> web, TimeProvider time,
    ILogger<NotificationDeliveryJob> logger)
{
    public const string Id = "notification-delivery";
    public const int MaxErrorLength = 1000;
    private const int BatchSize = 200;

    public async Task RunAsync(CancellationToken ct)
    {
        if (!email.IsEnabled)
        {
            return;
        }

        // Batches until nothing is due, so a large bulk message is delivered in one run.
        while (true)
        {
            var now = time.GetUtcNow();
            var staleBefore = now.AddMinutes(-options.Value.ClaimTimeoutMinutes);
            var due = await Due(now, staleBefore).OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).Select(d => d.Id).Take(BatchSize).ToListAsync(ct);
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
        Email? mail;
        try
        {
            mail = await ComposeAsync(delivery, ct);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await FailAsync(delivery, exception.Message, ct);
            return true;
        }

        if (mail is null)
        {
            await Finish(id).ExecuteUpdateAsync(set => set
                .SetProperty(d => d.Status, DeliveryStatus.Failed)
                .SetProperty(d => d.LastError, "Mottakeren har ikke lenger en e-postadresse."), ct);
            return true;
        }

        try
        {
            await email.SendAsync(mail, ct);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning("Notification {DeliveryId} failed on attempt {Attempt}: {Error}", id, delivery.Attempts + 1, exception.Message);
            await FailAsync(delivery, exception.Message, ct);
            return true;
        }

        await Finish(id).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.Status, DeliveryStatus.Sent)
            .SetProperty(d => d.SentAt, time.GetUtcNow()), ct);
        return true;
    }

    private IQueryable<NotificationDelivery> Finish(Guid id) =>
        db.NotificationDeliveries.Where(d => d.Id == id && d.Status == DeliveryStatus.Sending);

    /// <summary>Counts the attempt and schedules the next one after 1, 4, 16, 64 … minutes (at most a day), or gives up.</summary>
    private async Task FailAsync(NotificationDelivery delivery, string error, CancellationToken ct)
    {
        var attempts = delivery.Attempts + 1;
        var status = attempts >= options.Value.MaxAttempts ? DeliveryStatus.Failed : DeliveryStatus.Pending;
        var next = time.GetUtcNow().Add(Backoff(attempts));
        var lastError = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        await Finish(delivery.Id).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.Attempts, attempts)
            .SetProperty(d => d.Status, status)
            .SetProperty(d => d.NextAttemptAt, next)
            .SetProperty(d => d.LastError, lastError), ct);
    }

    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(Math.Pow(4, attempts - 1), 24 * 60));

    /// <summary>The e-mail about the delivery's message, in the recipient's language; null when the recipient has no address now.</summary>
    private async Task<Email?> ComposeAsync(NotificationDelivery delivery, CancellationToken ct)
    {
        var recipient = delivery.GuardianId is { } guardianId
            ? await db.Guardians.AsNoTracking().Where(g => g.Id == guardianId).Select(g => new { g.Email, Language = g.PreferredLanguage }).SingleAsync(ct)
            : await db.Staff.AsNoTracking().Where(s => s.Id == delivery.StaffId).Select(s => new { s.Email, Language = "nb" }).SingleAsync(ct);
        if (string.IsNullOrWhiteSpace(recipient.Email))
        {
            return null;
        }

        switch (delivery.SourceKind)
        {
            case NotificationSource.ConsentRequest or NotificationSource.ConsentReminder:
            {
                var requestId = delivery.SourceKind == NotificationSource.ConsentRequest
                    ? delivery.SourceId
                    : await db.ConsentReminders.Where(r => r.Id == delivery.SourceId).Select(r => r.RequestId).SingleAsync(ct);
                var request = await db.ConsentRequests.AsNoTracking().Where(r => r.Id == requestId)
                    .Select(r => new { r.Title, r.Deadline, r.CreatedByStaffId }).SingleAsync(ct);
                return NotificationTexts.ConsentEmail(recipient.Email, recipient.Language, await NameAsync(null, request.CreatedByStaffId, null, ct), request.Title,
                    request.Deadline, delivery.SourceKind == NotificationSource.ConsentReminder, web.Value.PublicBaseUrl);
            }

            default:
            {
                var (sender, subject) = delivery.SourceKind == NotificationSource.ThreadMessage
                    ? await ThreadMessageAsync(delivery.SourceId, ct)
                    : await BulkMessageAsync(delivery.SourceId, ct);
                return NotificationTexts.MessageEmail(recipient.Email, recipient.Language, sender, subject, web.Value.PublicBaseUrl);
            }
        }
    }

    private async Task<(string Sender, string Subject)> ThreadMessageAsync(Guid messageId, CancellationToken ct)
    {
        var message = await db.ThreadMessages.AsNoTracking().Where(m => m.Id == messageId)
            .Select(m => new
            {
                Subject = db.MessageThreads.Where(t => t.Id == m.ThreadId).Select(t => t.Subject).Single(),
                Author = db.ThreadParticipants.Where(p => p.Id == m.AuthorParticipantId).Select(p => new { p.GuardianId, p.StaffId, p.AdministratorId }).Single(),
            })
            .SingleAsync(ct);
        return (await NameAsync(message.Author.GuardianId, message.Author.StaffId, message.Author.AdministratorId, ct), message.Subject);
    }

    private async Task<(string Sender, string Subject)> BulkMessageAsync(Guid bulkMessageId, CancellationToken ct)
    {
        var message = await db.BulkMessages.AsNoTracking().Where(m => m.Id == bulkMessageId)
            .Select(m => new { m.Subject, m.SenderStaffId, m.SenderAdministratorId }).SingleAsync(ct);
        return (await NameAsync(null, message.SenderStaffId, message.SenderAdministratorId, ct), message.Subject);
    }

    private Task<string> NameAsync(Guid? guardianId, Guid? staffId, Guid? administratorId, CancellationToken ct) =>
        guardianId is { } g ? db.Guardians.Where(x => x.Id == g).Select(x => x.GivenName + " " + x.FamilyName).SingleAsync(ct)
        : staffId is { } s ? db.Staff.Where(x => x.Id == s).Select(x => x.GivenName + " " + x.FamilyName).SingleAsync(ct)
        : db.MunicipalityAdministrators.Where(x => x.Id == administratorId).Select(x => x.GivenName + " " + x.FamilyName).SingleAsync(ct);
}
