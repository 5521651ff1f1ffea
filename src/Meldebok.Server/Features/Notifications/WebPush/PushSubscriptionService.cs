using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Notifications.WebPush;

/// <summary>
/// The signed-in person's devices that take notifications by Web Push. A device is stored for every guardian and staff
/// record the account stands for (as the settings are), at most <see cref="MaxDevices"/> of them; subscribing the same
/// endpoint again replaces its keys. Someone who is neither guardian nor staff has none: null (404).
/// </summary>
internal sealed class PushSubscriptionService(
    MeldebokDbContext db, NotificationSettingsService settings, WebPushChannel push, IHostEnvironment environment, TimeProvider time)
{
    public const int MaxDevices = 10;

    public PushPublicKeyResponse PublicKey() => new(push.IsEnabled, push.PublicKey);

    /// <summary>Stores the device (or renews its keys); null for someone who is neither guardian nor staff.</summary>
    public async Task<PushSubscriptionResponse?> SubscribeAsync(PushSubscriptionRequest request, CancellationToken ct)
    {
        var endpoint = request.Endpoint?.Trim();
        var errors = new FieldErrors();
        if (string.IsNullOrEmpty(endpoint))
        {
            errors.Add("endpoint", PushSubscriptionMessages.EndpointRequired);
        }
        else if (!AcceptsEndpoint(endpoint))
        {
            errors.Add("endpoint", PushSubscriptionMessages.EndpointInvalid);
        }

        if (WebPushCrypto.FromBase64Url(request.P256dh) is not { } key || WebPushCrypto.PublicParameters(key) is null)
        {
            errors.Add("p256dh", PushSubscriptionMessages.P256dhInvalid);
        }

        if (WebPushCrypto.FromBase64Url(request.Auth) is not { Length: 16 })
        {
            errors.Add("auth", PushSubscriptionMessages.AuthInvalid);
        }

        errors.ThrowIfAny();
        var people = await settings.PeopleAsync(ct);
        if (people.Count == 0)
        {
            return null;
        }

        if (!push.IsEnabled)
        {
            throw new RuleConflictException(PushSubscriptionMessages.Off);
        }

        var ids = people.Select(p => p.Id).ToList();
        var stored = await db.PushSubscriptions.Where(s => ids.Contains(s.PersonId)).ToListAsync(ct);
        var devices = stored.Where(s => s.Endpoint != endpoint).Select(s => s.Endpoint).Distinct(StringComparer.Ordinal).Count();
        if (devices >= MaxDevices)
        {
            throw new RuleConflictException(PushSubscriptionMessages.TooMany);
        }

        var now = time.GetUtcNow();
        var p256dh = request.P256dh!.Trim().TrimEnd('=');
        var auth = request.Auth!.Trim().TrimEnd('=');
        foreach (var person in people)
        {
            if (stored.FirstOrDefault(s => s.PersonId == person.Id && s.Endpoint == endpoint) is { } existing)
            {
                existing.P256dh = p256dh;
                existing.Auth = auth;
                existing.UpdatedAt = now;
            }
            else
            {
                db.PushSubscriptions.Add(new PushSubscription
                {
                    GuardianId = person.GuardianId, StaffId = person.StaffId, PersonId = person.Id, Endpoint = endpoint!,
                    P256dh = p256dh, Auth = auth, CreatedAt = now, UpdatedAt = now,
                });
            }
        }

        await db.SaveChangesAsync(ct);
        var first = await db.PushSubscriptions.AsNoTracking().SingleAsync(s => s.PersonId == people[0].Id && s.Endpoint == endpoint, ct);
        return new PushSubscriptionResponse(first.Id, first.Endpoint, first.CreatedAt);
    }

    /// <summary>
    /// Turns push off on the device the subscription <paramref name="id"/> is (for every record of the account). Repeating it,
    /// or naming a subscription that is not the caller's, changes nothing; false only for someone who is neither guardian nor staff.
    /// </summary>
    public async Task<bool> UnsubscribeAsync(Guid id, CancellationToken ct)
    {
        var people = await settings.PeopleAsync(ct);
        if (people.Count == 0)
        {
            return false;
        }

        var ids = people.Select(p => p.Id).ToList();
        var endpoint = await db.PushSubscriptions.Where(s => s.Id == id && ids.Contains(s.PersonId)).Select(s => s.Endpoint).FirstOrDefaultAsync(ct);
        if (endpoint is not null)
        {
            await UnsubscribeEndpointAsync(ids, endpoint, ct);
        }

        return true;
    }

    /// <summary>Turns push off on the device with <paramref name="endpoint"/> for the signed-in person (the page's switch).</summary>
    public async Task UnsubscribeEndpointAsync(string endpoint, CancellationToken ct) =>
        await UnsubscribeEndpointAsync((await settings.PeopleAsync(ct)).Select(p => p.Id).ToList(), endpoint, ct);

    private Task<int> UnsubscribeEndpointAsync(List<Guid> personIds, string endpoint, CancellationToken ct) =>
        db.PushSubscriptions.Where(s => personIds.Contains(s.PersonId) && s.Endpoint == endpoint).ExecuteDeleteAsync(ct);

    /// <summary>An https address; plain http only to the machine itself in Development and the tests (a local push service).</summary>
    private bool AcceptsEndpoint(string endpoint) =>
        endpoint.Length <= PushSubscription.MaxEndpointLength
        && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
        && string.IsNullOrEmpty(uri.UserInfo)
        && (uri.Scheme == Uri.UriSchemeHttps
            || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback && (environment.IsDevelopment() || environment.IsEnvironment("Testing"))));
}
