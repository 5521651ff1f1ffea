using System.Collections.Concurrent;
using System.Text.Json;
using Meldebok.Server.Infrastructure.Realtime;

namespace Meldebok.Server.Features.Sfo;

/// <summary>
/// Starts the shared read of a changed child's board row (<see cref="SfoBoardDeltaReads.Prefetch"/>) as a check-in, check-out,
/// undo or missing-child alert is pushed to a unit's staff connected to this process. Each live board asks for that row a moment
/// later (<c>?since=</c>); its own access checks then run while the row is read, instead of before it. A board still fetching
/// the previous change asks for that child too, so the read also holds the children of the unit's events pushed in the
/// <see cref="Recent"/> before (at most <see cref="MostChildren"/>). Nothing is read when none of the unit's staff (SFO staff of
/// the unit, the school office) is connected here: no board is open to ask.
/// </summary>
internal sealed class SfoBoardPrefetch(SfoBoardDeltaReads reads, RealtimeConnections connections, TimeProvider time) : IRealtimePushObserver
{
    /// <summary>How far back a read ahead reaches for the children of the unit's earlier events.</summary>
    public static readonly TimeSpan Recent = TimeSpan.FromMilliseconds(500);

    /// <summary>The most children one read ahead holds.</summary>
    public const int MostChildren = 8;

    private readonly ConcurrentDictionary<Guid, List<Pushed>> pushedByUnit = new();

    public void Pushing(PublishedEvent published)
    {
        var (message, audiences) = published;
        if (message.Type is not (SfoEvents.CheckedIn or SfoEvents.CheckedOut or SfoEvents.Undone or SfoEvents.Missing)
            || message.Data.Deserialize<ChangedRow>(JsonSerializerOptions.Web) is not { Date: { } date } row)
        {
            return;
        }

        var staff = Audiences.SfoStaff(row.SfoUnitId);
        // The unit's staff audiences only (not the guardians an undo also goes to): a board is open to staff alone.
        if (audiences.Any(a => (a == staff || a.StartsWith(Audiences.SchoolOfficePrefix, StringComparison.Ordinal)) && connections.AnyIn(a)))
        {
            reads.Prefetch(row.SfoUnitId, date, message.Sequence, ChildrenWith(row.SfoUnitId, date, row.PupilId));
        }
    }

    /// <summary>The child and those of the unit's events on the same day pushed within <see cref="Recent"/>, newest kept.</summary>
    private Guid[] ChildrenWith(Guid unitId, DateOnly date, Guid pupilId)
    {
        var now = time.GetUtcNow();
        var pushed = pushedByUnit.GetOrAdd(unitId, _ => []);
        lock (pushed)
        {
            pushed.RemoveAll(p => p.PupilId == pupilId || p.Date != date || now - p.At > Recent);
            pushed.Add(new Pushed(pupilId, date, now));
            if (pushed.Count > MostChildren)
            {
                pushed.RemoveRange(0, pushed.Count - MostChildren);
            }

            return [.. pushed.Select(p => p.PupilId)];
        }
    }

    /// <summary>What the SFO staff events above have in common: the unit, the child and the day.</summary>
    private sealed record ChangedRow(Guid SfoUnitId, Guid PupilId, DateOnly? Date);

    /// <summary>A child whose event to the unit was pushed at <paramref name="At"/>.</summary>
    private sealed record Pushed(Guid PupilId, DateOnly Date, DateTimeOffset At);
}
