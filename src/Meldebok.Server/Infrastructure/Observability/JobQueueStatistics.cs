using System.Diagnostics;
using Hangfire;

namespace Meldebok.Server.Infrastructure.Observability;

/// <summary>
/// Hangfire's queue figures for the job gauges, read from its monitoring API at most every <see cref="MaxAge"/> so that a
/// collector scraping often costs the database one set of counts per interval. A failed read keeps the last figures.
/// </summary>
internal sealed class JobQueueStatistics(JobStorage storage, ILogger<JobQueueStatistics> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(15);

    private readonly Lock gate = new();
    private (long Enqueued, long Failed) figures;
    private long readAt = long.MinValue;

    public (long Enqueued, long Failed) Current()
    {
        lock (gate)
        {
            if (readAt != long.MinValue && Stopwatch.GetElapsedTime(readAt) < MaxAge)
            {
                return figures;
            }

            readAt = Stopwatch.GetTimestamp();
            try
            {
                var statistics = storage.GetMonitoringApi().GetStatistics();
                figures = (statistics.Enqueued, statistics.Failed);
            }
            catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
            {
                logger.LogWarning(exception, "Could not read the job queue figures; the job gauges keep their last values.");
            }

            return figures;
        }
    }
}
