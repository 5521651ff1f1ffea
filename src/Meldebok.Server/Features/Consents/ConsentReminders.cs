using System.ComponentModel.DataAnnotations;
using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Features.Consents;

/// <summary>Settings of consents (section <c>Consents</c>).</summary>
internal sealed class ConsentOptions
{
    public const string Section = "Consents";

    /// <summary>How many days before the deadline the guardians who have not answered are reminded automatically (once).</summary>
    [Range(1, 60, ErrorMessage = "Consents:ReminderDaysBeforeDeadline must be between 1 and 60.")]
    public int ReminderDaysBeforeDeadline { get; set; } = 2;
}

/// <summary>
/// Reminds the guardians of pending pupils who have not answered (guardians with parental responsibility without a current
/// answer): a <see cref="ConsentReminder"/> row, a real-time event to each and an e-mail notification, in one unit of work.
/// </summary>
internal sealed class ConsentReminders(MeldebokDbContext db, ConsentStates states, Outbox outbox, NotificationRecorder notifications, TimeProvider time)
{
    /// <summary>Reminds them now and returns how many were reminded; call inside the caller's transaction, then <see cref="NotificationRecorder.DeliverSoon"/>.</summary>
    public async Task<int> RemindAsync(ConsentRequest request, bool automatic, CancellationToken ct)
    {
        var guardians = (await states.PupilsAsync(request, ct))
            .Where(p => p.Status == ConsentStatus.Pending)
            .SelectMany(p => p.Guardians.Where(g => g.Answer is null).Select(g => g.GuardianId))
            .Distinct()
            .ToList();
        if (guardians.Count == 0)
        {
            return 0;
        }

        var reminder = new ConsentReminder { RequestId = request.Id, SentAt = time.GetUtcNow(), Automatic = automatic, RecipientCount = guardians.Count };
        db.ConsentReminders.Add(reminder);
        outbox.Enqueue(ConsentEvents.Reminded, request.MunicipalityId, guardians.Select(Audiences.Guardian), new { consentRequestId = request.Id });
        await notifications.RecordConsentAsync(request.MunicipalityId, NotificationSource.ConsentReminder, reminder.Id, guardians, ct);
        await db.SaveChangesAsync(ct);
        return guardians.Count;
    }
}

/// <summary>
/// The automatic reminder: every hour, open requests (not closed early) whose deadline is within <see cref="ConsentOptions.ReminderDaysBeforeDeadline"/>
/// days and that have not had it are claimed (one conditional UPDATE, so two servers never both send) and reminded, in
/// the claim's transaction: it goes out exactly once, also when nobody was left to remind.
/// </summary>
internal sealed class ConsentReminderJob(MeldebokDbContext db, ConsentReminders reminders, NotificationRecorder notifications, IOptions<ConsentOptions> options, TimeProvider time)
{
    public const string Id = "consent-reminders";

    public async Task RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var horizon = now.AddDays(options.Value.ReminderDaysBeforeDeadline);
        var due = await db.ConsentRequests.AsNoTracking()
            .Where(r => r.AutomaticReminderSentAt == null && r.ClosedAt == null && r.Deadline > now && r.Deadline <= horizon)
            .OrderBy(r => r.Deadline).ThenBy(r => r.Id)
            .ToListAsync(ct);
        foreach (var request in due)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.ConsentRequests.Where(r => r.Id == request.Id && r.AutomaticReminderSentAt == null && r.ClosedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.AutomaticReminderSentAt, now), ct);
            if (claimed == 0)
            {
                continue;
            }

            await reminders.RemindAsync(request, automatic: true, ct);
            await transaction.CommitAsync(ct);
        }

        notifications.DeliverSoon();
    }
}
