using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Meldebok.Server.Infrastructure.Realtime;

/// <summary>
/// Publishes the outbox after commit: gives unpublished events their <see cref="OutboxEvent.Sequence"/> in
/// id order, marks them published and pushes each once to every connection in one of its audiences.
/// Sequences are assigned under a transaction-scoped advisory lock and committed before the lock is
/// released, so across processes they increase in commit order and a client that catches up after
/// sequence N never misses an event later given a smaller number. Woken right after a save that added
/// events (<see cref="OutboxWakeInterceptor"/>); polls as well, for events committed by other processes and
/// for those a stopped process left unpublished. An event committed as published but not pushed (the
/// process stopped in between) reaches clients through the catch-up endpoint.
/// </summary>
internal sealed partial class OutboxPublisher(
    NpgsqlDataSource dataSource,
    OutboxSignal signal,
    IRealtimeFanout fanout,
    IOptions<RealtimeOptions> options,
    TimeProvider time,
    ILogger<OutboxPublisher> logger) : BackgroundService
{
    /// <summary>Advisory lock key held while sequences are assigned ("MELDOUTX").</summary>
    internal const long SequenceLock = 0x4D454C444F555458;

    private const string ClaimSql = """
        WITH pending AS (
            SELECT id FROM outbox_events WHERE sequence IS NULL ORDER BY id LIMIT $1 FOR UPDATE
        ), numbered AS (
            SELECT id, (SELECT coalesce(max(sequence), 0) FROM outbox_events) + row_number() OVER (ORDER BY id) AS next_sequence
            FROM pending
        )
        UPDATE outbox_events e SET sequence = n.next_sequence, published_at = $2
        FROM numbered n WHERE e.id = n.id
        RETURNING e.sequence, e.type, e.audiences, e.payload::text, e.created_at
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.PublisherEnabled)
        {
            return;
        }

        var interval = TimeSpan.FromMilliseconds(options.Value.PollIntervalMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await PublishBatchAsync(stoppingToken) == options.Value.BatchSize)
                {
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogPublishFailed(logger, exception);
            }

            await signal.WaitAsync(interval, stoppingToken);
        }
    }

    /// <summary>Publishes up to one batch; returns how many events it published.</summary>
    private async Task<int> PublishBatchAsync(CancellationToken ct)
    {
        var published = new List<(RealtimeEvent Event, string[] Audiences)>();
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
            {
                lockCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = SequenceLock });
                await lockCommand.ExecuteNonQueryAsync(ct);
            }

            await using var claim = new NpgsqlCommand(ClaimSql, connection, transaction);
            claim.Parameters.Add(new NpgsqlParameter<int> { TypedValue = options.Value.BatchSize });
            claim.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = time.GetUtcNow(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await using (var reader = await claim.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    published.Add((
                        new RealtimeEvent(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(4), JsonSerializer.Deserialize<JsonElement>(reader.GetString(3))),
                        reader.GetFieldValue<string[]>(2)));
                }
            }

            await transaction.CommitAsync(ct);
        }

        if (published.Count > 0)
        {
            await fanout.PublishAsync([.. published.OrderBy(p => p.Event.Sequence).Select(p => new PublishedEvent(p.Event, p.Audiences))], ct);
        }

        return published.Count;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Publishing the outbox failed; retrying at the next poll")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception);
}

/// <summary>Wakes the <see cref="OutboxPublisher"/>; signals coalesce while it is busy.</summary>
internal sealed class OutboxSignal
{
    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => wake.Writer.TryWrite(true);

    /// <summary>Wakes the publisher when <paramref name="context"/> saved outbox events that are not published yet.</summary>
    public void NotifyIfEnqueued(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries<OutboxEvent>().Any(e => e.Entity.Sequence is null))
        {
            Notify();
        }
    }

    /// <summary>Waits for a signal or <paramref name="timeout"/>, whichever comes first (real time: the poll must run even under a test clock).</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        try
        {
            await wake.Reader.WaitToReadAsync(timer.Token);
            wake.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The poll interval passed without a signal.
        }
    }
}

/// <summary>
/// Wakes the publisher after a save that wrote outbox events. A singleton: the DbContext is pooled, so its
/// options (and interceptors) are built once. A save inside an explicit transaction wakes it before the
/// commit; the publisher then finds nothing yet and the poll picks the events up, unless whoever commits wakes it
/// again (<see cref="Idempotency.IdempotentUnitOfWork"/> does).
/// </summary>
internal sealed class OutboxWakeInterceptor(OutboxSignal signal) : SaveChangesInterceptor
{
    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        signal.NotifyIfEnqueued(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        signal.NotifyIfEnqueued(eventData.Context);
        return ValueTask.FromResult(result);
    }
}
