using System.Diagnostics;
using System.Threading.Channels;

namespace Meldebok.Server.Infrastructure.Idempotency;

/// <summary>
/// The completions and releases of idempotency records that failed because the database did not answer (a restart, a
/// failover), retried in the background until it answers again. Without them a key would stay claimed with no answer
/// (every retry would get 409 until the key expires), or a completed change would lose its stored response. Settled one
/// at a time: when one fails, the database is down for all of them. A process that dies before settling leaves its key
/// claimed until it expires (see the README, "Sanntid og idempotens").
/// </summary>
internal sealed class IdempotencySettlements(IServiceScopeFactory scopes, ILogger<IdempotencySettlements> logger) : BackgroundService
{
    /// <summary>How long a settlement is retried before it is given up (the key then waits for its expiry).</summary>
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromHours(1);
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(5);

    private readonly Channel<Settlement> pending = Channel.CreateUnbounded<Settlement>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Runs <paramref name="settle"/> now on the request's store; if the database fails, queues it for the background.</summary>
    public async Task SettleAsync(IdempotencyStore store, string caller, string key, string what, Func<IdempotencyStore, Task> settle)
    {
        try
        {
            await settle(store);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Idempotency-Key {Key} of {Caller}: the {What} failed; retried in the background until the database answers", key, caller, what);
            pending.Writer.TryWrite(new Settlement(caller, key, what, settle));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var settlement in pending.Reader.ReadAllAsync(stoppingToken))
        {
            await RetryAsync(settlement, stoppingToken);
        }
    }

    private async Task RetryAsync(Settlement settlement, CancellationToken stoppingToken)
    {
        var elapsed = Stopwatch.StartNew();
        var delay = FirstDelay;
        while (true)
        {
            await Task.Delay(delay, stoppingToken);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await settlement.Settle(scope.ServiceProvider.GetRequiredService<IdempotencyStore>());
                logger.LogInformation("Idempotency-Key {Key} of {Caller}: the {What} succeeded after {Seconds:0.0} s",
                    settlement.Key, settlement.Caller, settlement.What, elapsed.Elapsed.TotalSeconds);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                if (elapsed.Elapsed > GiveUpAfter)
                {
                    logger.LogError(ex, "Idempotency-Key {Key} of {Caller}: the {What} was given up after {Minutes} minutes; the key waits for its expiry",
                        settlement.Key, settlement.Caller, settlement.What, (int)GiveUpAfter.TotalMinutes);
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestDelay.Ticks));
            }
        }
    }

    private sealed record Settlement(string Caller, string Key, string What, Func<IdempotencyStore, Task> Settle);
}
