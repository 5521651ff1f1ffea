using Meldebok.Server.Features.Absence;
using Meldebok.Server.Features.Attachments;
using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Messages;

/// <summary>
/// Threads between guardians and staff. A guardian who reaches a child writes to the child's contact teachers, the
/// school office or the child's SFO; staff write to one, several or all guardians of a pupil in their reach (protected
/// pupils only through an assignment to one of their groups). Only participants read a thread or write to it; anyone
/// else gets 404. Read receipts are per participant (the time each last read the thread).
/// </summary>
internal sealed class MessageThreadService(
    MeldebokDbContext db, AccessScope scope, MessagePeople people, AbsenceNoticeRules placement, Outbox outbox,
    NotificationRecorder notifications, AttachmentClaims attachments, TimeProvider time)
{
    /// <summary>A guardian starts a thread; null when the guardian does not reach the pupil.</summary>
    public async Task<ThreadResponse?> StartAsGuardianAsync(GuardianThreadRequest request, CancellationToken ct)
    {
        var pupilId = request.PupilId!.Value;
        if (!await (await scope.GuardianPupilsAsync(ct)).AnyAsync(p => p.Id == pupilId, ct))
        {
            return null;
        }

        var pupil = await db.Pupils.AsNoTracking().Where(p => p.Id == pupilId).Select(p => new { p.MunicipalityId, p.SchoolId }).SingleAsync(ct);
        var to = request.To!.Value;
        var staffIds = await people.StaffFor(pupilId, pupil.SchoolId, to).ToListAsync(ct);
        if (staffIds.Count == 0)
        {
            throw new RuleConflictException(MessageTexts.NoStaffToReceive);
        }

        var guardianId = await placement.ActingGuardianAsync(pupilId, ct);
        var addressee = to switch
        {
            GuardianAddressee.ContactTeacher => ThreadAddressee.ContactTeacher,
            GuardianAddressee.Office => ThreadAddressee.Office,
            _ => ThreadAddressee.Sfo,
        };
        var author = new ThreadParticipant { GuardianId = guardianId };
        var others = staffIds.Select(id => new ThreadParticipant { StaffId = id });
        return await StartAsync(pupil.MunicipalityId, pupil.SchoolId, pupilId, request.Subject!, addressee, null, author, others, request.Body!, false,
            request.AttachmentIds, ct);
    }

    /// <summary>
    /// A staff member starts a thread with guardians of a pupil; null when the pupil, or one of the named guardians, is out
    /// of the staff member's reach.
    /// </summary>
    public async Task<ThreadResponse?> StartAsStaffAsync(StaffThreadRequest request, CancellationToken ct)
    {
        var pupilId = request.PupilId!.Value;
        var staffId = (await scope.RolesAsync(ct)).StaffId;
        if (staffId is null || !await (await scope.PupilsWithGuardianContactsAsync(ct)).AnyAsync(p => p.Id == pupilId, ct))
        {
            return null;
        }

        var allowed = await people.GuardiansOf(pupilId).Select(g => g.Id).ToListAsync(ct);
        var wanted = request.GuardianIds is { Count: > 0 } named ? named.Distinct().ToList() : allowed;
        if (wanted.Except(allowed).Any())
        {
            return null;
        }

        if (wanted.Count == 0)
        {
            throw new RuleConflictException(MessageTexts.NoGuardiansToReceive);
        }

        var pupil = await db.Pupils.AsNoTracking().Where(p => p.Id == pupilId).Select(p => new { p.MunicipalityId, p.SchoolId }).SingleAsync(ct);
        var author = new ThreadParticipant { StaffId = staffId };
        var others = wanted.Select(id => new ThreadParticipant { GuardianId = id });
        return await StartAsync(pupil.MunicipalityId, pupil.SchoolId, pupilId, request.Subject!, ThreadAddressee.Guardians, null, author, others,
            request.Body!, request.Urgent, request.AttachmentIds, ct);
    }

    /// <summary>Starts a thread with its participants and first message, in one transaction with its event.</summary>
    public async Task<ThreadResponse> StartAsync(
        Guid municipalityId, Guid schoolId, Guid pupilId, string subject, ThreadAddressee addressee, Guid? bulkMessageId,
        ThreadParticipant author, IEnumerable<ThreadParticipant> others, string body, bool urgent, IReadOnlyList<Guid>? attachmentIds, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var thread = new MessageThread
        {
            MunicipalityId = municipalityId,
            SchoolId = schoolId,
            PupilId = pupilId,
            Subject = subject.Trim(),
            Addressee = addressee,
            BulkMessageId = bulkMessageId,
            CreatedAt = now,
            LastMessageAt = now,
        };
        db.MessageThreads.Add(thread);
        var authorRow = new ThreadParticipant
        {
            ThreadId = thread.Id, GuardianId = author.GuardianId, StaffId = author.StaffId, AdministratorId = author.AdministratorId, LastReadAt = now,
        };
        var participants = others.Select(o => new ThreadParticipant { ThreadId = thread.Id, GuardianId = o.GuardianId, StaffId = o.StaffId, AdministratorId = o.AdministratorId })
            .Prepend(authorRow).ToList();
        db.ThreadParticipants.AddRange(participants);
        var message = new ThreadMessage { ThreadId = thread.Id, AuthorParticipantId = authorRow.Id, Body = body.Trim(), Urgent = urgent, SentAt = now };
        db.ThreadMessages.Add(message);
        await attachments.ClaimAsync(attachmentIds, AttachmentOwner.ThreadMessage(message.Id), ct);
        outbox.Enqueue(MessageEvents.Posted, municipalityId, participants.Select(AudienceOf),
            new { threadId = thread.Id, messageId = message.Id, urgent });
        await people.RecordUsageAsync(UsageActions.MessageSent, municipalityId, schoolId, author.GuardianId, author.StaffId, author.AdministratorId, ct);
        await notifications.RecordThreadMessageAsync(municipalityId, message.Id, urgent, participants.Skip(1).Select(p => (p.GuardianId, p.StaffId)), ct);
        await db.SaveChangesAsync(ct);
        notifications.DeliverSoon();
        return (await GetAsync(thread.Id, ct))!;
    }

    /// <summary>The caller's threads, newest activity first, with unread counts.</summary>
    public async Task<Paged<ThreadResponse>> ListAsync(PageRequest page, CancellationToken ct)
    {
        var me = await people.MeAsync(ct);
        var ids = await db.MessageThreads.AsNoTracking()
            .Where(t => me.Any(p => p.ThreadId == t.Id))
            .OrderByDescending(t => t.LastMessageAt).ThenBy(t => t.Id)
            .Select(t => t.Id)
            .ToPageAsync(page, ct);
        var items = new List<ThreadResponse>(ids.Items.Count);
        foreach (var id in ids.Items)
        {
            items.Add((await GetAsync(id, ct))!);
        }

        return new Paged<ThreadResponse>(items, ids.Page, ids.PageSize, ids.TotalCount);
    }

    /// <summary>One thread of the caller's, with participants and read receipts; null when the caller is not in it.</summary>
    public async Task<ThreadResponse?> GetAsync(Guid id, CancellationToken ct)
    {
        if (await MyParticipantIdAsync(id, ct) is not { } myId)
        {
            return null;
        }

        var thread = await db.MessageThreads.AsNoTracking().Where(t => t.Id == id)
            .Select(t => new { t, PupilName = db.Pupils.Where(p => p.Id == t.PupilId).Select(p => p.GivenName + " " + p.FamilyName).First() })
            .SingleAsync(ct);
        var participants = (await people.Participants(id).ToListAsync(ct)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        var myLastRead = participants.Single(p => p.Id == myId).LastReadAt;
        var unread = await db.ThreadMessages.CountAsync(m => m.ThreadId == id && m.AuthorParticipantId != myId
            && (myLastRead == null || m.SentAt > myLastRead), ct);
        return new ThreadResponse(
            thread.t.Id, thread.t.PupilId, thread.PupilName, thread.t.Subject, thread.t.Addressee, thread.t.BulkMessageId,
            thread.t.CreatedAt, thread.t.LastMessageAt, unread,
            [.. participants.Select(p => new ParticipantResponse(p.Id, p.Name, p.Kind, p.Id == myId, p.LastReadAt))]);
    }

    /// <summary>The messages of a thread of the caller's, newest first; null when the caller is not in it.</summary>
    public async Task<Paged<ThreadMessageResponse>?> MessagesAsync(Guid id, PageRequest page, CancellationToken ct)
    {
        if (await MyParticipantIdAsync(id, ct) is null)
        {
            return null;
        }

        var messages = await db.ThreadMessages.AsNoTracking()
            .Where(m => m.ThreadId == id)
            .OrderByDescending(m => m.SentAt).ThenByDescending(m => m.Id)
            .ToPageAsync(page, ct);
        var participants = await people.Participants(id).ToListAsync(ct);
        var attached = await attachments.OfAsync(AttachmentOwnerKind.ThreadMessage, [.. messages.Items.Select(m => m.Id)], ct);
        return new Paged<ThreadMessageResponse>([.. messages.Items.Select(m => Response(m, participants, attached))], messages.Page, messages.PageSize, messages.TotalCount);
    }

    /// <summary>A message with its author's name, whether every other participant has read it, and its attachments.</summary>
    private static ThreadMessageResponse Response(ThreadMessage m, IReadOnlyList<ParticipantRow> participants, ILookup<Guid, AttachmentResponse> attached) => new(
        m.Id, m.AuthorParticipantId, participants.Single(p => p.Id == m.AuthorParticipantId).Name, m.Body, m.Urgent, m.SentAt,
        participants.Where(p => p.Id != m.AuthorParticipantId).All(p => p.LastReadAt >= m.SentAt), [.. attached[m.Id]]);

    /// <summary>Whether the caller may read the thread (is a participant whose link still allows it): the rule for its attachments too.</summary>
    public async Task<bool> CanReadAsync(Guid threadId, CancellationToken ct) => await MyParticipantIdAsync(threadId, ct) is not null;

    /// <summary>A participant writes in a thread; null when the caller is not in it (a message is never added by an outsider).</summary>
    public async Task<ThreadMessageResponse?> ReplyAsync(Guid id, ReplyRequest request, CancellationToken ct)
    {
        if (await MyParticipantIdAsync(id, ct) is not { } myId)
        {
            return null;
        }

        var me = await db.ThreadParticipants.SingleAsync(p => p.Id == myId, ct);
        var thread = await db.MessageThreads.SingleAsync(t => t.Id == id, ct);
        var now = time.GetUtcNow();
        // Only staff mark messages urgent; a guardian's urgent flag is ignored.
        var urgent = request.Urgent && me.GuardianId is null;
        var message = new ThreadMessage { ThreadId = id, AuthorParticipantId = myId, Body = request.Body!.Trim(), Urgent = urgent, SentAt = now };
        db.ThreadMessages.Add(message);
        await attachments.ClaimAsync(request.AttachmentIds, AttachmentOwner.ThreadMessage(message.Id), ct);
        thread.LastMessageAt = now;
        me.LastReadAt = now;
        var audiences = await people.Participants(id).ToListAsync(ct);
        outbox.Enqueue(MessageEvents.Posted, thread.MunicipalityId, audiences.Select(p => p.Audience), new { threadId = id, messageId = message.Id, urgent });
        await people.RecordUsageAsync(UsageActions.MessageSent, thread.MunicipalityId, thread.SchoolId, me.GuardianId, me.StaffId, me.AdministratorId, ct);
        await notifications.RecordThreadMessageAsync(thread.MunicipalityId, message.Id, urgent, audiences.Where(p => p.Id != myId).Select(p => (p.GuardianId, p.StaffId)), ct);
        await db.SaveChangesAsync(ct);
        notifications.DeliverSoon();
        return Response(message, await people.Participants(id).ToListAsync(ct), await attachments.OfAsync(AttachmentOwnerKind.ThreadMessage, [message.Id], ct));
    }

    /// <summary>The caller has read the thread up to now; null when the caller is not in it.</summary>
    public async Task<ThreadResponse?> MarkReadAsync(Guid id, CancellationToken ct)
    {
        if (await MyParticipantIdAsync(id, ct) is not { } myId)
        {
            return null;
        }

        var me = await db.ThreadParticipants.SingleAsync(p => p.Id == myId, ct);
        me.LastReadAt = time.GetUtcNow();
        var thread = await db.MessageThreads.AsNoTracking().SingleAsync(t => t.Id == id, ct);
        var audiences = await people.Participants(id).ToListAsync(ct);
        outbox.Enqueue(MessageEvents.ThreadRead, thread.MunicipalityId, audiences.Select(p => p.Audience), new { threadId = id, participantId = myId });
        await people.RecordUsageAsync(UsageActions.MessageRead, thread.MunicipalityId, thread.SchoolId, me.GuardianId, me.StaffId, me.AdministratorId, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    private async Task<Guid?> MyParticipantIdAsync(Guid threadId, CancellationToken ct) =>
        await (await people.MeAsync(ct)).Where(p => p.ThreadId == threadId)
            .OrderBy(p => p.StaffId == null).ThenBy(p => p.Id)
            .Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);

    private static string AudienceOf(ThreadParticipant p) =>
        p.GuardianId is { } g ? Audiences.Guardian(g) : p.StaffId is { } s ? Audiences.Staff(s) : Audiences.Administrator(p.AdministratorId!.Value);
}
