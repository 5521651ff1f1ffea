using System.Collections.Concurrent;

namespace Meldebok.Server.Features.Sfo;

/// <summary>
/// The rows of a board delta, read once for all the boards of a unit that ask for the same change: at pickup time every tablet
/// of an SFO is told of each check-out at once and asks for the delta in the same instant (bench/afternoon-rush: ten boards).
/// <para>
/// A read is shared by the unit, the day and the newest event about the changed children (<c>upTo</c>), when it covers at
/// least the children a board asks for (a board further behind asks for more: it starts a read of them all, which the boards
/// after it share). That is safe whatever each board's own cursor: every event up to <c>upTo</c> was published, so what it
/// describes was committed, before the shared read began; a later change to one of those children publishes a later event to
/// the unit's staff, which gives a new key. Access is not shared: each caller's own access to the board is checked before it
/// gets here. A read is kept for <see cref="Kept"/> (a change that publishes no event to the unit, such as a new weekly pickup
/// rule, shows at most that much later in a delta; the whole board always reads afresh), and the undo flags are set as of
/// each answer.
/// </para>
/// <para>
/// The first such read of an event is started by <see cref="SfoBoardPrefetch"/> as the event is pushed, so that it runs while
/// the boards' requests go through their own access checks (<see cref="Prefetch"/>).
/// </para>
/// </summary>
internal sealed partial class SfoBoardDeltaReads(IServiceScopeFactory scopes, ILogger<SfoBoardDeltaReads> logger)
{
    /// <summary>How long a finished read answers the same request of another board.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromSeconds(2);

    /// <summary>Above this many reads kept, the ones older than <see cref="Kept"/> are dropped on the next new read.</summary>
    private const int PruneAbove = 64;

    private sealed record Key(Guid UnitId, DateOnly Date, long UpTo);

    /// <summary>A read of the rows of <paramref name="Children"/>, begun at <paramref name="StartedAt"/> (milliseconds of uptime).</summary>
    private sealed record Read(long StartedAt, IReadOnlySet<Guid> Children, Lazy<Task<List<SfoBoardRow>>> Rows);

    private readonly ConcurrentDictionary<Key, Read> _reads = new();

    /// <summary>
    /// The rows of <paramref name="changed"/> on the unit's board for <paramref name="date"/>, as of a moment after event
    /// <paramref name="upTo"/> (the newest event naming one of them): from a read another board started for the same event and
    /// at least these children, else from a new read of these children and those of the read it replaces.
    /// </summary>
    public async Task<List<SfoBoardRow>> RowsAsync(Guid unitId, DateOnly date, long upTo, IReadOnlyCollection<Guid> changed, CancellationToken ct)
    {
        var key = new Key(unitId, date, upTo);
        var now = Environment.TickCount64;
        var read = _reads.AddOrUpdate(key,
            _ => Start(unitId, date, changed.ToHashSet(), now),
            (_, kept) => !Fresh(kept, now) ? Start(unitId, date, changed.ToHashSet(), now)
                : changed.All(kept.Children.Contains) ? kept
                // A board further behind names more children: one read of them all, for it and the boards after it.
                : Start(unitId, date, kept.Children.Union(changed).ToHashSet(), now));
        if (_reads.Count > PruneAbove)
        {
            Prune(now);
        }

        try
        {
            // The read runs to its end for the other boards even when this caller goes away.
            var rows = await read.Rows.Value.WaitAsync(ct);
            return read.Children.Count == changed.Count ? rows : [.. rows.Where(r => changed.Contains(r.PupilId))];
        }
        catch (Exception) when (read.Rows.Value.IsFaulted)
        {
            // A failed read is not kept: the next board reads again.
            _reads.TryRemove(new KeyValuePair<Key, Read>(key, read));
            throw;
        }
    }

    /// <summary>
    /// Starts the read the boards will ask for after event <paramref name="upTo"/>, of <paramref name="children"/> (the child it
    /// names and those of the unit's events just before it, for boards a little behind), and returns at once. A failure is
    /// logged; the boards then read for themselves.
    /// </summary>
    public void Prefetch(Guid unitId, DateOnly date, long upTo, IReadOnlyCollection<Guid> children) =>
        _ = RowsAsync(unitId, date, upTo, children, CancellationToken.None).ContinueWith(
            read => LogPrefetchFailed(logger, read.Exception!.GetBaseException(), unitId, upTo),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the board rows of SFO unit {UnitId} for event {Sequence} ahead of its boards failed")]
    private static partial void LogPrefetchFailed(ILogger logger, Exception exception, Guid unitId, long sequence);

    private static bool Fresh(Read read, long now) => now - read.StartedAt <= (long)Kept.TotalMilliseconds;

    private Read Start(Guid unitId, DateOnly date, HashSet<Guid> children, long now) =>
        new(now, children, new Lazy<Task<List<SfoBoardRow>>>(() => Task.Run(async () =>
        {
            // Its own scope and connection: the read outlives the request that started it.
            await using var scope = scopes.CreateAsyncScope();
            var rows = scope.ServiceProvider.GetRequiredService<SfoBoardRows>();
            return (await rows.ReadAsync(unitId, date, children, CancellationToken.None)).Rows;
        })));

    private void Prune(long now)
    {
        foreach (var (key, read) in _reads)
        {
            if (!Fresh(read, now))
            {
                _reads.TryRemove(new KeyValuePair<Key, Read>(key, read));
            }
        }
    }
}
