using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace Meldebok.Server.Infrastructure.Realtime;

/// <summary>A real-time event, as pushed to the hub's <c>event</c> method and as returned by the catch-up endpoint.</summary>
/// <param name="Sequence">Strictly increasing in publish order; ask for events after the last one seen.</param>
/// <param name="Type">Event name, e.g. <c>absence.reported</c>.</param>
/// <param name="OccurredAt">When the change was committed.</param>
/// <param name="Data">Ids and flags of what changed; re-fetch the object through the API.</param>
public sealed record RealtimeEvent(long Sequence, string Type, DateTimeOffset OccurredAt, JsonElement Data);

/// <summary>Sent once to a new hub connection when it is in its groups.</summary>
/// <param name="LastSequence">The newest published sequence: events after it are pushed; a reconnecting client fetches those it missed up to here.</param>
public sealed record RealtimeConnected(long LastSequence);

/// <summary>The events a reconnecting client missed.</summary>
/// <param name="Items">Events after the requested sequence within the caller's access, oldest first.</param>
/// <param name="LastSequence">The sequence to ask after next time: the last item's, or the requested one when there is none.</param>
public sealed record RealtimeEventsResponse(IReadOnlyList<RealtimeEvent> Items, long LastSequence);

/// <summary>Query of the catch-up endpoint: <c>?after=120&amp;limit=100</c>.</summary>
internal sealed record RealtimeEventsQuery
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    /// <summary>The last sequence the client saw; 0 for everything still kept.</summary>
    [FromQuery(Name = "after"), Range(0, long.MaxValue, ErrorMessage = "after må være 0 eller større.")]
    public long? After { get; init; }

    /// <summary>At most this many events, 1 to 500 (default 100).</summary>
    [FromQuery(Name = "limit"), Range(1, MaxLimit, ErrorMessage = "limit må være mellom 1 og 500.")]
    public int? Limit { get; init; }
}
