using System.Text.Json;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Infrastructure.Realtime;

/// <summary>
/// Adds real-time events to the unit of work of the request: they are saved by the feature's own
/// <c>SaveChangesAsync</c>, so an event exists exactly when the change it describes was committed.
/// </summary>
internal sealed class Outbox(MeldebokDbContext db, TimeProvider time, IOptions<JsonOptions> json)
{
    public void Enqueue<TPayload>(string type, Guid? municipalityId, IEnumerable<string> audiences, TPayload payload)
    {
        var to = audiences.Distinct(StringComparer.Ordinal).ToArray();
        if (to.Length == 0)
        {
            return;
        }

        db.OutboxEvents.Add(new OutboxEvent
        {
            Type = type,
            MunicipalityId = municipalityId,
            Audiences = to,
            Payload = JsonSerializer.Serialize(payload, json.Value.SerializerOptions),
            CreatedAt = time.GetUtcNow(),
        });
    }
}
