using System.Threading.Channels;
using Hangfire;

namespace Meldebok.Server.Features.Notifications;

/// <summary>
/// Starts a delivery run when new notifications have been committed. Where this process runs the job server, the run happens
/// in the process itself (<see cref="NotificationDeliveryPump"/>): the signals are coalesced — however many arrive while a run
/// is going, one more run follows it — so a rush of check-outs makes a handful of runs instead of one Hangfire job each (an
/// enqueue, a fetch and three state changes in PostgreSQL per check-out). Elsewhere (a web-only replica, the tests) it
/// enqueues the job as before. Either way nothing is lost: the notifications are committed rows, and the minutely
/// <c>notification-delivery</c> sweep sends what a crash or a failed signal left pending.
/// </summary>
internal sealed class NotificationDeliveryTrigger(
    IBackgroundJobClient jobs, ILogger<NotificationDeliveryTrigger> logger, NotificationDeliveryPump? pump = null)
{
    public void Soon()
    {
        if (pump is not null)
        {
            pump.Signal();
            return;
        }

        try
        {
            jobs.Enqueue<NotificationDeliveryJob>(job => job.RunAsync(CancellationToken.None));
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not enqueue notification delivery; the sweeper will deliver the pending notifications.");
        }
    }
}

/// <summary>
/// The in-process delivery runs of a process that runs the job server (see <see cref="NotificationDeliveryTrigger"/>). A signal
/// sent after a commit always leads to a run that starts after it and therefore sees that commit: a signal arriving during a
/// run is kept (one at most) and starts the next run. Runs claim each delivery with the same conditional update as the
/// Hangfire job, so they never send what a job on this or another replica sends.
/// </summary>
internal sealed class NotificationDeliveryPump(IServiceScopeFactory scopes, ILogger<NotificationDeliveryPump> logger) : BackgroundService
{
    private readonly Channel<bool> signals = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Signal() => signals.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var _ in signals.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<NotificationDeliveryJob>().RunAsync(stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(exception, "A delivery run failed; the sweeper will deliver the pending notifications.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is pending waits for the sweep of whichever replica runs next.
        }
    }
}
