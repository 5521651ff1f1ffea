using System.Diagnostics;

namespace Meldebok.Bench;

/// <summary>
/// A live board that fetches itself again on every event, as the board page's live.js does: one fetch at a time, and
/// events that arrive during a fetch cause exactly one more fetch after it. Records how long each fetch took.
/// </summary>
internal sealed class BoardPoller(Func<Task> fetch)
{
    private readonly Lock _gate = new();
    private readonly List<(long StartedAt, double Ms)> _reads = [];
    private bool _running;
    private bool _again;
    private long _failures;
    private Task _loop = Task.CompletedTask;

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>An event arrived: fetch now, or once more after the fetch in flight.</summary>
    public void Poke()
    {
        lock (_gate)
        {
            if (_running)
            {
                _again = true;
                return;
            }

            _running = true;
            _loop = Task.Run(LoopAsync);
        }
    }

    /// <summary>The fetch times so far, in milliseconds.</summary>
    public double[] LatenciesMs()
    {
        lock (_gate)
        {
            return [.. _reads.Select(r => r.Ms)];
        }
    }

    /// <summary>The fetch times so far with when each began (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public (long StartedAt, double Ms)[] Timed()
    {
        lock (_gate)
        {
            return [.. _reads];
        }
    }

    /// <summary>Waits for the fetch in flight (and the one it owes) to finish.</summary>
    public async Task DrainAsync()
    {
        while (true)
        {
            Task loop;
            lock (_gate)
            {
                if (!_running)
                {
                    return;
                }

                loop = _loop;
            }

            await loop;
        }
    }

    private async Task LoopAsync()
    {
        while (true)
        {
            var startedAt = Stopwatch.GetTimestamp();
            try
            {
                await fetch();
                lock (_gate)
                {
                    _reads.Add((startedAt, Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds));
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Npgsql.NpgsqlException)
            {
                Interlocked.Increment(ref _failures);
            }

            lock (_gate)
            {
                if (!_again)
                {
                    _running = false;
                    return;
                }

                _again = false;
            }
        }
    }
}
