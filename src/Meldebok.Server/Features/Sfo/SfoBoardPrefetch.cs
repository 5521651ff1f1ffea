using System.Text.Json;
using Meldebok.Server.Infrastructure.Realtime;

namespace Meldebok.Server.Features.Sfo;

/// <summary>
/// Starts the shared read of a changed child's board row (<see cref="SfoBoardDeltaReads.Prefetch"/>) as a check-in, check-out,
/// undo or missing-child alert is pushed to a unit's staff connected to this process. Each live board asks for that row a moment
/// later (<c>?since=</c>); its own access checks then run while the row is read, instead of before it. Nothing is read when
/// none of the unit's staff (SFO staff of the unit, the school office) is connected here: no board is open to ask.
/// </summary>
internal sealed class SfoBoardPrefetch(SfoBoardDeltaReads reads, RealtimeConnections connections) : IRealtimePushObserver
{
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
            reads.Prefetch(row.SfoUnitId, date, message.Sequence, row.PupilId);
        }
    }

    /// <summary>What the SFO staff events above have in common: the unit, the child and the day.</summary>
    private sealed record ChangedRow(Guid SfoUnitId, Guid PupilId, DateOnly? Date);
}
