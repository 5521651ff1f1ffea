using System.Globalization;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Meldebok.Server.Infrastructure.Idempotency;

/// <summary>
/// The one-transaction path of <see cref="IdempotencyFilter"/> for endpoints marked <see cref="OneTransactionIdempotency"/>:
/// the key's claim, the endpoint's change (saved through the request's DbContext) and the stored response commit together in
/// one transaction on the request's connection. A concurrent retry with the same key waits on the uncommitted key row (up to
/// <see cref="IdempotencyOptions.InFlightWaitMilliseconds"/>, then 409) and afterwards sees the stored response; a failure or
/// a crash before the commit leaves neither the change nor the key, so a retry runs anew. The transaction is opened with the
/// claim's own statement (<c>BEGIN</c> goes in the same round trip) and committed with the stored response's (one round
/// trip), so the path costs no round trip more than the three-step one and one commit instead of three. EF Core does not
/// see the transaction: saves run with <see cref="AutoTransactionBehavior.Never"/> inside it, which is why an endpoint that
/// opens a transaction of its own must not be marked. Work the endpoint registers with <see cref="AfterCommit"/> (enqueueing the
/// delivery of the notifications it recorded) is held while the transaction is open, runs after its commit and is dropped on
/// a rollback.
/// </summary>
internal sealed class IdempotentUnitOfWork(MeldebokDbContext db, OutboxSignal outbox, AfterCommit afterCommit, TimeProvider time, ILogger logger)
    : IAsyncDisposable
{
    private AutoTransactionBehavior savedBehavior;
    private bool connectionOpened;
    private bool inTransaction;

    /// <summary>The last claim waited longer than allowed for another request's uncommitted claim of the key (answer 409).</summary>
    public bool WaitedTooLong { get; private set; }

    /// <summary>
    /// Claims the key inside the transaction (opening it with the first claim); false when a committed record for the key
    /// exists, or when an uncommitted claim of the same key did not end within <paramref name="waitMilliseconds"/>
    /// (<see cref="WaitedTooLong"/>; the transaction is then rolled back).
    /// </summary>
    public async Task<bool> TryClaimAsync(string caller, string key, string method, string path, string requestHash, DateTimeOffset expires, int waitMilliseconds)
    {
        if (!connectionOpened)
        {
            // Kept open until the end: EF Core would otherwise return the connection (and roll the transaction back) after each command.
            await db.Database.OpenConnectionAsync();
            connectionOpened = true;
            savedBehavior = db.Database.AutoTransactionBehavior;
            db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        }

        var begin = inTransaction ? "" : "BEGIN; ";
        inTransaction = true;
        afterCommit.Hold();
        // lock_timeout 0 would mean "wait for ever": the shortest wait stands for "do not wait".
        var wait = Math.Max(1, waitMilliseconds).ToString(CultureInfo.InvariantCulture);
        var sql = begin + "SET LOCAL lock_timeout = " + wait + """
            ;
            INSERT INTO idempotency_records (caller, key, method, path, request_hash, created_at, expires_at)
            VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6})
            ON CONFLICT (caller, key) DO NOTHING;
            SET LOCAL lock_timeout TO DEFAULT
            """;
        try
        {
            return await db.Database.ExecuteSqlRawAsync(sql, caller, key, method, path, requestHash, time.GetUtcNow(), expires) == 1;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            await RollBackAsync();
            WaitedTooLong = true;
            return false;
        }
    }

    /// <summary>
    /// Stores the response and commits it with the endpoint's change, in one round trip; then wakes the outbox publisher and
    /// runs the work held for after the commit.
    /// </summary>
    public async Task CommitAsync(string caller, string key, StoredOutcome outcome)
    {
        var now = time.GetUtcNow();
        await db.Database.ExecuteSqlAsync($"""
            UPDATE idempotency_records SET response_status = {outcome.Status}, response_content_type = {outcome.ContentType},
                response_location = {outcome.Location}, response_body = {outcome.Body}, completed_at = {now}
            WHERE caller = {caller} AND key = {key};
            COMMIT
            """);
        inTransaction = false;
        // The save's own wake came before this commit, when the publisher could not see the events yet.
        outbox.NotifyIfEnqueued(db);
        afterCommit.Committed();
    }

    /// <summary>Rolls the claim and the endpoint's change back.</summary>
    public async Task RollBackAsync()
    {
        // Also when the commit's outcome is unknown: what it would have enqueued is pending in the database, and the sweeps find it.
        afterCommit.RolledBack();
        if (!inTransaction)
        {
            return;
        }

        inTransaction = false;
        try
        {
            await db.Database.ExecuteSqlRawAsync("ROLLBACK");
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // A broken connection: PostgreSQL ends the transaction with the session, and Npgsql rolls back a connection that
            // goes back to its pool inside a transaction.
            logger.LogWarning(ex, "Rolling back an idempotent unit of work failed");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await RollBackAsync();
        if (connectionOpened)
        {
            db.Database.AutoTransactionBehavior = savedBehavior;
            await db.Database.CloseConnectionAsync();
        }
    }
}

/// <summary>What a keyed request answered, as stored for its retries.</summary>
internal sealed record StoredOutcome(int Status, string? ContentType, string? Location, byte[] Body);

/// <summary>
/// Endpoint metadata: the idempotency record is claimed and completed in the same transaction as the endpoint's change
/// (<see cref="IdempotentUnitOfWork"/>). Only for endpoints that write through the request's DbContext and open no
/// transaction of their own.
/// </summary>
internal sealed class OneTransactionIdempotency
{
    public static readonly OneTransactionIdempotency Instance = new();
}
