using Hangfire;
using Meldebok.Server.Features.Attachments;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Features.Messages;

/// <summary>
/// Bulk messages (beskjeder): staff to groups, an SFO unit or (office and principal) a school; administrators also to
/// the whole municipality. Recipients are the guardians who may receive messages about a pupil in the target, resolved
/// from the roster at sending time, after the undo window or at the scheduled time, by <see cref="BulkFanOutJob"/>. The sender sees the read rate
/// and who has not read, and reminds them; a guardian's reply starts a private thread with the sender only.
/// </summary>
internal sealed class BulkMessageService(
    MeldebokDbContext db, AccessScope scope, MessagePeople people, MessageThreadService threads, BulkTargets targets, Outbox outbox,
    AttachmentClaims attachments, IBackgroundJobClient jobs, IOptions<MessageOptions> options, TimeProvider time, ILogger<BulkMessageService> logger)
{
    /// <summary>Who would receive a message to the target; null when the target is out of the caller's reach.</summary>
    public async Task<BulkPreviewResponse?> PreviewAsync(BulkPreviewRequest request, PageRequest page, CancellationToken ct)
    {
        var sender = await targets.SenderAsync(request.Target!, ct);
        if (await targets.ResolveAsync(sender, request.Target!, ct) is not { } target)
        {
            return null;
        }

        var recipients = people.ReceivingLinks(target.Pupils);
        var pupilCount = await target.Pupils.CountAsync(ct);
        var guardians = await db.Guardians.AsNoTracking()
            .Where(g => recipients.Any(r => r.GuardianId == g.Id))
            .OrderBy(g => g.FamilyName).ThenBy(g => g.GivenName).ThenBy(g => g.Id)
            .Select(g => new { g.Id, Name = g.GivenName + " " + g.FamilyName })
            .ToPageAsync(page, ct);
        var ids = guardians.Items.Select(g => g.Id).ToList();
        var children = await recipients.Where(r => ids.Contains(r.GuardianId))
            .Join(db.Pupils, r => r.PupilId, p => p.Id, (r, p) => new { r.GuardianId, p.GivenName, p.FamilyName })
            .ToListAsync(ct);
        var items = guardians.Items.Select(g => new BulkRecipientPreview(g.Id, g.Name, children
            .Where(c => c.GuardianId == g.Id).Select(c => $"{c.GivenName} {c.FamilyName}").Distinct().Order(StringComparer.Ordinal).ToList())).ToList();
        return new BulkPreviewResponse(guardians.TotalCount, pupilCount, new Paged<BulkRecipientPreview>(items, guardians.Page, guardians.PageSize, guardians.TotalCount));
    }

    /// <summary>
    /// Sends a bulk message: stores it and answers at once (state Queued, or Scheduled with <c>sendAt</c>); the fan-out job
    /// stores the recipients' copies when the undo window (or the scheduled time) has passed. Null when the target is out
    /// of the caller's reach; 409 when nobody would receive it now.
    /// </summary>
    public async Task<BulkMessageStatusResponse?> SendAsync(BulkMessageRequest request, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var sendAt = request.SendAt is { } at ? ValidSendAt(at, now) : (DateTimeOffset?)null;
        if (await ReachableTargetAsync(request.Target!, ct) is not { } reached)
        {
            return null;
        }

        var (sender, target) = reached;

        var message = new BulkMessage
        {
            MunicipalityId = sender.MunicipalityId,
            SenderStaffId = sender.StaffId,
            SenderAdministratorId = sender.AdministratorId,
            SchoolId = target.SchoolId,
            TargetKind = target.Kind,
            TargetIds = target.Ids,
            Subject = request.Subject!.Trim(),
            Body = request.Body!.Trim(),
            Urgent = request.Urgent,
            CreatedAt = now,
            SentAt = sendAt ?? now.Add(options.Value.UndoWindow),
            State = sendAt is null ? BulkMessageState.Queued : BulkMessageState.Scheduled,
        };

        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            db.BulkMessages.Add(message);
            await attachments.ClaimAsync(request.AttachmentIds, AttachmentOwner.BulkMessage(message.Id), ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        ScheduleFanOut(message.Id, message.SentAt);
        return await StatusAsync(message.Id, ct);
    }

    /// <summary>
    /// The sender cancels a bulk message within its undo window, or a scheduled one before its time: nobody ever receives it.
    /// Null when not theirs; 409 naming the rule when it has gone out (or was cancelled already).
    /// </summary>
    public async Task<BulkMessageStatusResponse?> CancelAsync(Guid id, CancellationToken ct)
    {
        if (await (await SentByMeAsync(ct)).AsNoTracking().Select(m => new { m.Id, m.State }).SingleOrDefaultAsync(m => m.Id == id, ct) is not { } message)
        {
            return null;
        }

        var now = time.GetUtcNow();
        // The fan-out claims only messages whose time has come, so a cancel before it and a fan-out never both succeed.
        var cancelled = await Waiting(now).Where(m => m.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(m => m.State, BulkMessageState.Cancelled)
            .SetProperty(m => m.CancelledAt, now), ct);
        if (cancelled == 0)
        {
            throw new RuleConflictException(message.State == BulkMessageState.Cancelled ? MessageTexts.AlreadyCancelled : MessageTexts.UndoWindowPassed);
        }

        return await StatusAsync(id, ct);
    }

    /// <summary>
    /// The target resolved for the caller, by the rules of sending and editing alike: null when it is out of their reach
    /// (404), 403 for a municipality-wide message from staff, 409 when nobody would receive it now.
    /// </summary>
    private async Task<(BulkSender Sender, ResolvedTarget Target)?> ReachableTargetAsync(BulkTarget requested, CancellationToken ct)
    {
        var sender = await targets.SenderAsync(requested, ct);
        if (await targets.ResolveAsync(sender, requested, ct) is not { } target)
        {
            return null;
        }

        if (!await people.ReceivingLinks(target.Pupils).AnyAsync(ct))
        {
            throw new RuleConflictException(MessageTexts.NoRecipients);
        }

        return (sender, target);
    }

    /// <summary>
    /// The sender changes a scheduled bulk message before its time: subject, text, urgency and time, and — when given — its
    /// target (checked as when sending) and its attachments. Null when the message is not theirs or the new target is out
    /// of their reach; 409 when it is not (or no longer) scheduled, e.g. once the fan-out has started.
    /// </summary>
    public async Task<BulkMessageStatusResponse?> UpdateScheduledAsync(Guid id, BulkMessageUpdateRequest request, CancellationToken ct)
    {
        if (await (await SentByMeAsync(ct)).AsNoTracking().Select(m => new { m.Id, m.State }).SingleOrDefaultAsync(m => m.Id == id, ct) is not { } existing)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var sendAt = ValidSendAt(request.SendAt!.Value, now);
        var subject = request.Subject!.Trim();
        var body = request.Body!.Trim();
        (BulkSender Sender, ResolvedTarget Target)? retarget = null;
        if (request.Target is { } requested && (retarget = await ReachableTargetAsync(requested, ct)) is null)
        {
            return null;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The fan-out claims a message with a conditional UPDATE too: this one waits for it or it for this, never both.
        var waiting = Waiting(now).Where(m => m.Id == id && m.State == BulkMessageState.Scheduled);
        var (newSender, newTarget) = retarget ?? default;
        var updated = retarget is not null
            ? await waiting.ExecuteUpdateAsync(set => set
                .SetProperty(m => m.Subject, subject)
                .SetProperty(m => m.Body, body)
                .SetProperty(m => m.Urgent, request.Urgent)
                .SetProperty(m => m.SentAt, sendAt)
                .SetProperty(m => m.SenderStaffId, newSender!.StaffId)
                .SetProperty(m => m.SenderAdministratorId, newSender!.AdministratorId)
                .SetProperty(m => m.SchoolId, newTarget!.SchoolId)
                .SetProperty(m => m.TargetKind, newTarget!.Kind)
                .SetProperty(m => m.TargetIds, newTarget!.Ids), ct)
            : await waiting.ExecuteUpdateAsync(set => set
                .SetProperty(m => m.Subject, subject)
                .SetProperty(m => m.Body, body)
                .SetProperty(m => m.Urgent, request.Urgent)
                .SetProperty(m => m.SentAt, sendAt), ct);
        if (updated == 0)
        {
            throw new RuleConflictException(existing.State is BulkMessageState.Sending or BulkMessageState.Sent or BulkMessageState.Scheduled
                ? MessageTexts.AlreadyGoingOut
                : MessageTexts.OnlyScheduledEditable);
        }

        if (request.AttachmentIds is { } attachmentIds)
        {
            await attachments.ReplaceAsync(attachmentIds, AttachmentOwner.BulkMessage(id), ct);
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        ScheduleFanOut(id, sendAt);
        return await StatusAsync(id, ct);
    }

    /// <summary>Messages that have not gone out and whose time has not come: they may still be cancelled (and, when scheduled, edited).</summary>
    private IQueryable<BulkMessage> Waiting(DateTimeOffset now) =>
        db.BulkMessages.Where(m => (m.State == BulkMessageState.Queued || m.State == BulkMessageState.Scheduled) && m.SentAt > now);

    private DateTimeOffset ValidSendAt(DateTimeOffset sendAt, DateTimeOffset now)
    {
        if (sendAt <= now)
        {
            throw new FieldValidationException("sendAt", MessageTexts.SendAtInPast);
        }

        if (sendAt > now.AddDays(options.Value.MaxScheduleDays))
        {
            throw new FieldValidationException("sendAt", MessageTexts.SendAtTooFar(options.Value.MaxScheduleDays));
        }

        return sendAt;
    }

    /// <summary>
    /// Asks the job server to fan the message out at its time. A job that runs early finds it not due and does nothing; one
    /// that is lost (or a restart) is covered by the minute sweeper, so a failure here is logged, not thrown at the sender.
    /// </summary>
    private void ScheduleFanOut(Guid id, DateTimeOffset at)
    {
        try
        {
            var delay = at - time.GetUtcNow();
            if (delay > TimeSpan.Zero)
            {
                jobs.Schedule<BulkFanOutJob>(job => job.FanOutAsync(id, CancellationToken.None), delay);
            }
            else
            {
                jobs.Enqueue<BulkFanOutJob>(job => job.FanOutAsync(id, CancellationToken.None));
            }
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not schedule the fan-out of bulk message {BulkMessageId}; the sweeper will send it.", id);
        }
    }

    /// <summary>The caller's bulk messages, newest first, with read rates.</summary>
    public async Task<Paged<BulkMessageStatusResponse>> ListSentAsync(PageRequest page, CancellationToken ct)
    {
        var sent = await StatusResponses((await SentByMeAsync(ct)).OrderByDescending(m => m.SentAt).ThenBy(m => m.Id)).ToPageAsync(page, ct);
        var attached = await attachments.OfAsync(AttachmentOwnerKind.BulkMessage, [.. sent.Items.Select(m => m.Id)], ct);
        return sent with { Items = [.. sent.Items.Select(m => m with { Attachments = [.. attached[m.Id]] })] };
    }

    /// <summary>One of the caller's bulk messages with its read status; null when not theirs.</summary>
    public async Task<BulkMessageStatusResponse?> StatusAsync(Guid id, CancellationToken ct) =>
        await StatusResponses((await SentByMeAsync(ct)).Where(m => m.Id == id)).SingleOrDefaultAsync(ct) is { } message
            ? message with { Attachments = [.. (await attachments.OfAsync(AttachmentOwnerKind.BulkMessage, [id], ct))[id]] }
            : null;

    /// <summary>Whether the caller sent the bulk message or received a copy about a child they still reach: the rule for its attachments.</summary>
    public async Task<bool> CanReadAsync(Guid id, CancellationToken ct) =>
        await (await SentByMeAsync(ct)).AnyAsync(m => m.Id == id, ct) || await (await MyCopiesAsync(ct)).AnyAsync(r => r.BulkMessageId == id, ct);

    /// <summary>The recipients of one of the caller's bulk messages, unread first; null when not theirs.</summary>
    public async Task<Paged<BulkRecipientResponse>?> RecipientsAsync(Guid id, BulkRecipientFilter filter, PageRequest page, CancellationToken ct)
    {
        if (!await (await SentByMeAsync(ct)).AnyAsync(m => m.Id == id, ct))
        {
            return null;
        }

        var query = db.BulkMessageRecipients.AsNoTracking().Where(r => r.BulkMessageId == id);
        if (filter.Read is { } read) query = read ? query.Where(r => r.ReadAt != null) : query.Where(r => r.ReadAt == null);
        return await query
            .Join(db.Guardians, r => r.GuardianId, g => g.Id, (r, g) => new { r, g.GivenName, g.FamilyName })
            .OrderBy(x => x.r.ReadAt != null).ThenBy(x => x.FamilyName).ThenBy(x => x.GivenName).ThenBy(x => x.r.GuardianId)
            .Select(x => new BulkRecipientResponse(x.r.GuardianId, x.GivenName + " " + x.FamilyName, x.r.DeliveredAt, x.r.ReadAt, x.r.RemindedAt))
            .ToPageAsync(page, ct);
    }

    /// <summary>Reminds every recipient who has not read one of the caller's bulk messages; null when not theirs.</summary>
    public async Task<BulkReminderResponse?> RemindAsync(Guid id, CancellationToken ct)
    {
        if (await (await SentByMeAsync(ct)).AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct) is not { } message)
        {
            return null;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var unread = await db.BulkMessageRecipients.Where(r => r.BulkMessageId == id && r.ReadAt == null).Select(r => r.GuardianId).ToListAsync(ct);
        var now = time.GetUtcNow();
        await db.BulkMessageRecipients.Where(r => r.BulkMessageId == id && r.ReadAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.RemindedAt, now), ct);
        outbox.Enqueue(MessageEvents.BulkReminded, message.MunicipalityId, unread.Select(Audiences.Guardian), new { bulkMessageId = id, urgent = message.Urgent });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new BulkReminderResponse(unread.Count);
    }

    /// <summary>The bulk messages delivered to the calling guardian, about children the guardian still reaches, newest first.</summary>
    public async Task<Paged<ReceivedBulkMessageResponse>> ListReceivedAsync(PageRequest page, CancellationToken ct)
    {
        var received = await Received(await MyCopiesAsync(ct), newestFirst: true).ToPageAsync(page, ct);
        var attached = await attachments.OfAsync(AttachmentOwnerKind.BulkMessage, [.. received.Items.Select(m => m.Id)], ct);
        return received with { Items = [.. received.Items.Select(m => m with { Attachments = [.. attached[m.Id]] })] };
    }

    public async Task<ReceivedBulkMessageResponse?> GetReceivedAsync(Guid id, CancellationToken ct) =>
        await Received((await MyCopiesAsync(ct)).Where(r => r.BulkMessageId == id)).SingleOrDefaultAsync(ct) is { } message
            ? message with { Attachments = [.. (await attachments.OfAsync(AttachmentOwnerKind.BulkMessage, [id], ct))[id]] }
            : null;

    /// <summary>The guardian has read the message (the first read counts); the sender's read rate moves live.</summary>
    public async Task<ReceivedBulkMessageResponse?> MarkReadAsync(Guid id, CancellationToken ct)
    {
        var copies = await (await MyCopiesAsync(ct)).AsTracking().Where(r => r.BulkMessageId == id && r.ReadAt == null).ToListAsync(ct);
        if (copies.Count > 0)
        {
            foreach (var copy in copies)
            {
                copy.ReadAt = time.GetUtcNow();
            }

            var message = await db.BulkMessages.AsNoTracking().SingleAsync(m => m.Id == id, ct);
            var readCount = await db.BulkMessageRecipients.CountAsync(r => r.BulkMessageId == id && r.ReadAt != null, ct) + copies.Count;
            var senderAudience = message.SenderStaffId is { } s ? Audiences.Staff(s) : Audiences.Administrator(message.SenderAdministratorId!.Value);
            outbox.Enqueue(MessageEvents.BulkProgress, message.MunicipalityId, [senderAudience],
                new { bulkMessageId = id, recipientCount = message.RecipientCount, readCount });
            var first = copies[0];
            var schoolId = await db.Pupils.Where(p => p.Id == first.PupilId).Select(p => (Guid?)p.SchoolId).SingleAsync(ct);
            await people.RecordUsageAsync(UsageActions.MessageRead, message.MunicipalityId, schoolId, first.GuardianId, null, null, ct);
            await db.SaveChangesAsync(ct);
        }

        return await GetReceivedAsync(id, ct);
    }

    /// <summary>
    /// A guardian answers a bulk message: privately to the sender, in a thread of their own about the child it reached them
    /// through (the same thread for later answers). Null when the guardian did not receive it.
    /// </summary>
    public async Task<ThreadResponse?> ReplyAsync(Guid id, ReplyRequest request, CancellationToken ct)
    {
        if (await (await MyCopiesAsync(ct)).AsNoTracking().OrderBy(r => r.GuardianId).FirstOrDefaultAsync(r => r.BulkMessageId == id, ct) is not { } copy)
        {
            return null;
        }

        var existing = await db.MessageThreads.AsNoTracking()
            .Where(t => t.BulkMessageId == id && db.ThreadParticipants.Any(p => p.ThreadId == t.Id && p.GuardianId == copy.GuardianId))
            .Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct);
        if (existing is { } threadId)
        {
            await threads.ReplyAsync(threadId, request with { Urgent = false }, ct);
            return await threads.GetAsync(threadId, ct);
        }

        var message = await db.BulkMessages.AsNoTracking().SingleAsync(m => m.Id == id, ct);
        var schoolId = await db.Pupils.Where(p => p.Id == copy.PupilId).Select(p => p.SchoolId).SingleAsync(ct);
        var subject = ("Sv: " + message.Subject) is var s && s.Length > MessageLimits.Subject ? s[..MessageLimits.Subject] : s;
        var sender = new ThreadParticipant { StaffId = message.SenderStaffId, AdministratorId = message.SenderAdministratorId };
        return await threads.StartAsync(message.MunicipalityId, schoolId, copy.PupilId, subject, ThreadAddressee.BulkReply, id,
            new ThreadParticipant { GuardianId = copy.GuardianId }, [sender], request.Body!, false, request.AttachmentIds, ct);
    }

    private async Task<IQueryable<BulkMessageRecipient>> MyCopiesAsync(CancellationToken ct)
    {
        var guardianIds = (await scope.RolesAsync(ct)).GuardianIds.ToList();
        var reachable = scope.ReachableAsGuardian(guardianIds);
        return db.BulkMessageRecipients.Where(r => guardianIds.Contains(r.GuardianId) && reachable.Any(p => p.Id == r.PupilId));
    }

    private IQueryable<ReceivedBulkMessageResponse> Received(IQueryable<BulkMessageRecipient> copies, bool newestFirst = false)
    {
        var joined = copies.Join(db.BulkMessages, r => r.BulkMessageId, m => m.Id, (r, m) => new { r, m });
        if (newestFirst)
        {
            joined = joined.OrderByDescending(x => x.m.SentAt).ThenBy(x => x.m.Id);
        }

        return joined.Select(x => new ReceivedBulkMessageResponse(
                x.m.Id,
                x.m.SenderStaffId != null
                    ? db.Staff.Where(s => s.Id == x.m.SenderStaffId).Select(s => s.GivenName + " " + s.FamilyName).First()
                    : db.MunicipalityAdministrators.Where(a => a.Id == x.m.SenderAdministratorId).Select(a => a.GivenName + " " + a.FamilyName).First(),
                x.m.Subject, x.m.Body, x.m.Urgent, x.m.SentAt, x.r.ReadAt, Array.Empty<AttachmentResponse>()));
    }

    private async Task<IQueryable<BulkMessage>> SentByMeAsync(CancellationToken ct)
    {
        var roles = await scope.RolesAsync(ct);
        var staffId = roles.StaffId;
        var administratorId = roles.AdministratorId;
        return db.BulkMessages.Where(m => (staffId != null && m.SenderStaffId == staffId) || (administratorId != null && m.SenderAdministratorId == administratorId));
    }

    private IQueryable<BulkMessageStatusResponse> StatusResponses(IQueryable<BulkMessage> messages) =>
        messages.AsNoTracking().Select(m => new
        {
            m,
            Read = db.BulkMessageRecipients.Count(r => r.BulkMessageId == m.Id && r.ReadAt != null),
        }).Select(x => new BulkMessageStatusResponse(
            x.m.Id, x.m.Subject, x.m.Body, x.m.Urgent, x.m.TargetKind, x.m.TargetIds, x.m.SentAt, x.m.RecipientCount, x.Read,
            x.m.RecipientCount == 0 ? 0 : (double)x.Read / x.m.RecipientCount, Array.Empty<AttachmentResponse>(),
            x.m.State, x.m.CreatedAt, x.m.StoredCount));
}
