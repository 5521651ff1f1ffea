using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Observability;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Meldebok.Server.Features.Messages;

/// <summary>
/// Sends a bulk message out once its undo window or scheduled time has passed: resolves the recipients from the roster
/// as it is then, stores their copies in batches (one set-based <c>INSERT … SELECT FROM unnest(…) ON CONFLICT DO
/// NOTHING</c> per batch, never one INSERT per recipient), tells each batch's guardians live and the sender the
/// progress, and finally records the notifications and marks the message sent. Idempotent per message: it is claimed
/// with one conditional UPDATE, a batch stores only the copies that do not exist yet (and tells only their guardians),
/// and a claim older than <see cref="MessageOptions.FanOutClaimTimeoutMinutes"/> (a worker that died mid-way) is taken
/// over and finishes the rest. Scheduled as a delayed Hangfire job at the message's time, and every minute as a sweeper
/// for what is due (a restart, a lost job, a taken-over claim).
/// </summary>
internal sealed class BulkFanOutJob(
    MeldebokDbContext db, MessagePeople people, BulkTargets targets, Outbox outbox, NotificationRecorder notifications,
    IOptions<MessageOptions> options, TimeProvider time, MeldebokTelemetry telemetry, ILogger<BulkFanOutJob> logger)
{
    public const string Id = "bulk-fan-out";

    /// <summary>The sweeper: fans out every bulk message that is due.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var due = await Due(time.GetUtcNow()).OrderBy(m => m.SentAt).ThenBy(m => m.Id).Select(m => m.Id).Take(100).ToListAsync(ct);
        foreach (var id in due)
        {
            await FanOutAsync(id, ct);
        }
    }

    /// <summary>Fans out one bulk message if it is due and no live worker has it; false when there was nothing to do.</summary>
    public async Task<bool> FanOutAsync(Guid id, CancellationToken ct)
    {
        // The id of the request that sent the message, when this runs as its delayed job (not as the sweeper).
        using var correlation = CorrelationId.BeginScope(logger);
        using var activity = MeldebokTelemetry.Source.StartActivity("bulk-message fan-out");
        activity?.SetTag("meldebok.bulk_message.id", id);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var now = time.GetUtcNow();
        var claimed = await Due(now).Where(m => m.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(m => m.State, BulkMessageState.Sending)
            .SetProperty(m => m.FanOutClaimedAt, now), ct);
        if (claimed == 0)
        {
            return false;
        }

        var message = await db.BulkMessages.AsNoTracking().SingleAsync(m => m.Id == id, ct);
        var sender = new BulkSender(message.MunicipalityId, message.SenderStaffId, message.SenderAdministratorId);
        var recipients = await ResolveAsync(message, sender, ct);
        var stored = message.StoredCount;
        await db.BulkMessages.Where(m => m.Id == id).ExecuteUpdateAsync(set => set.SetProperty(m => m.RecipientCount, recipients.Count), ct);
        Progress(message, sender, BulkMessageState.Sending, recipients.Count, stored);
        await db.SaveChangesAsync(ct);

        foreach (var batch in recipients.Chunk(options.Value.FanOutBatchSize))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var delivered = await InsertCopiesAsync(id, batch, time.GetUtcNow(), ct);
            stored += delivered.Count;
            await db.BulkMessages.Where(m => m.Id == id).ExecuteUpdateAsync(set => set
                .SetProperty(m => m.StoredCount, m => m.StoredCount + delivered.Count)
                .SetProperty(m => m.FanOutClaimedAt, time.GetUtcNow()), ct);
            outbox.Enqueue(MessageEvents.BulkDelivered, message.MunicipalityId, delivered.Select(Audiences.Guardian),
                new { bulkMessageId = id, urgent = message.Urgent });
            Progress(message, sender, BulkMessageState.Sending, recipients.Count, stored);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var total = await db.BulkMessageRecipients.CountAsync(r => r.BulkMessageId == id, ct);
            await db.BulkMessages.Where(m => m.Id == id && m.State == BulkMessageState.Sending).ExecuteUpdateAsync(set => set
                .SetProperty(m => m.State, BulkMessageState.Sent)
                .SetProperty(m => m.RecipientCount, total)
                .SetProperty(m => m.StoredCount, total)
                .SetProperty(m => m.FanOutClaimedAt, (DateTimeOffset?)null), ct);
            Progress(message, sender, BulkMessageState.Sent, total, total);
            outbox.Enqueue(MessageEvents.BulkProgress, message.MunicipalityId, [sender.Audience],
                new { bulkMessageId = id, recipientCount = total, readCount = 0 });
            await people.RecordUsageAsync(UsageActions.MessageSent, message.MunicipalityId, message.SchoolId, null, message.SenderStaffId, message.SenderAdministratorId, ct);
            await notifications.RecordBulkMessageAsync(message.MunicipalityId, id, message.Urgent, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        notifications.DeliverSoon();
        telemetry.RecordFanOut(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        activity?.SetTag("meldebok.bulk_message.recipients", recipients.Count);
        logger.LogInformation("Bulk message {BulkMessageId} fanned out to {RecipientCount} recipients.", id, recipients.Count);
        return true;
    }

    private IQueryable<BulkMessage> Due(DateTimeOffset now)
    {
        var staleBefore = now.AddMinutes(-options.Value.FanOutClaimTimeoutMinutes);
        return db.BulkMessages.Where(m =>
            ((m.State == BulkMessageState.Queued || m.State == BulkMessageState.Scheduled) && m.SentAt <= now)
            || (m.State == BulkMessageState.Sending && m.FanOutClaimedAt < staleBefore));
    }

    private void Progress(BulkMessage message, BulkSender sender, BulkMessageState state, int recipientCount, int storedCount) =>
        outbox.Enqueue(MessageEvents.FanOutProgress, message.MunicipalityId, [sender.Audience],
            new { bulkMessageId = message.Id, state, recipientCount, storedCount });

    /// <summary>
    /// The guardians who may receive messages about a pupil in the message's target now, each with one child (the first by
    /// name) for the reply thread; none when the target is gone or out of the sender's reach by now.
    /// </summary>
    private async Task<List<(Guid GuardianId, Guid PupilId)>> ResolveAsync(BulkMessage message, BulkSender sender, CancellationToken ct)
    {
        var target = BulkTarget.Stored(message.TargetKind, message.TargetIds);
        ResolvedTarget? resolved;
        try
        {
            resolved = await targets.ResolveAsync(sender, target, ct);
        }
        catch (RoleDeniedException)
        {
            resolved = null;
        }

        if (resolved is null)
        {
            logger.LogWarning("Bulk message {BulkMessageId}: its target is no longer within the sender's reach; nobody receives it.", message.Id);
            return [];
        }

        return await people.FirstChildPerGuardianAsync(resolved.Pupils, ct);
    }

    /// <summary>Stores the copies that do not exist yet, in one statement; the guardians whose copy is new.</summary>
    private async Task<List<Guid>> InsertCopiesAsync(Guid bulkMessageId, (Guid GuardianId, Guid PupilId)[] batch, DateTimeOffset now, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand("""
            INSERT INTO bulk_message_recipients (bulk_message_id, guardian_id, pupil_id, delivered_at)
            SELECT @message, x.guardian_id, x.pupil_id, @now FROM unnest(@guardians, @pupils) AS x(guardian_id, pupil_id)
            ON CONFLICT (bulk_message_id, guardian_id) DO NOTHING
            RETURNING guardian_id
            """, connection, (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
        command.Parameters.Add(new NpgsqlParameter<Guid>("message", bulkMessageId));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        command.Parameters.Add(new NpgsqlParameter("guardians", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = batch.Select(r => r.GuardianId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("pupils", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = batch.Select(r => r.PupilId).ToArray() });
        var delivered = new List<Guid>(batch.Length);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            delivered.Add(reader.GetGuid(0));
        }

        return delivered;
    }
}
