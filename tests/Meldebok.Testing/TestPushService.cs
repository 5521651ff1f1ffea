using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Meldebok.Testing;

/// <summary>
/// A stand-in for a browser vendor's push service on 127.0.0.1 (Kestrel) that speaks the real protocol, and the browsers
/// behind it. <see cref="Subscribe"/> does what a browser's <c>pushManager.subscribe</c> does: a P-256 key pair and 16
/// random bytes of auth secret, and an endpoint on this service. A push (<c>POST /push/{device}</c>) is checked as a push
/// service checks it — the <c>Authorization: vapid t=…, k=…</c> header: the JWT's ES256 signature with the key in <c>k</c>,
/// which must be the application server key the device subscribed with, its audience (this service's origin), expiry
/// (in the future, at most 24 hours ahead by the given clock) and subject (mailto: or https:) — and then decrypted as
/// the browser would (RFC 8291, aes128gcm) with the device's private key and auth secret, so tests assert what the device
/// would show. It can be told to answer the next pushes with an error (429/5xx with Retry-After), or a device to be gone (410).
/// </summary>
public sealed class TestPushService(string applicationServerKey, Func<DateTimeOffset> now) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Device> devices = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(HttpStatusCode Status, TimeSpan? RetryAfter)> failNext = new();
    private readonly ConcurrentQueue<Push> pushes = new();
    private WebApplication? app;
    private string origin = "";

    /// <summary>A subscribed browser: what it posts to Meldebok (endpoint, p256dh, auth), and its private key (kept here).</summary>
    public sealed record Device(string Id, string Endpoint, string P256dh, string Auth, ECDiffieHellman PrivateKey, byte[] PublicKey, byte[] AuthSecret)
    {
        public bool Gone { get; set; }
    }

    /// <summary>
    /// One push as the service received it: the status it answered, why it refused (null when it accepted), the headers
    /// that matter and — when it could be decrypted — the payload the device would get.
    /// </summary>
    public sealed record Push(string DeviceId, HttpStatusCode Answered, string? Refusal, string? Urgency, string? Ttl, JsonElement? Payload);

    /// <summary>Every push, in order of arrival.</summary>
    public IReadOnlyList<Push> Pushes => [.. pushes];

    /// <summary>The pushes a device accepted (decrypted and verified).</summary>
    public IReadOnlyList<Push> DeliveredTo(Device device) =>
        [.. pushes.Where(p => p.DeviceId == device.Id && p.Answered == HttpStatusCode.Created)];

    /// <summary>Answer the next push with <paramref name="status"/> (and a Retry-After delay, if given) instead of delivering it.</summary>
    public void FailNext(HttpStatusCode status, TimeSpan? retryAfter = null) => failNext.Enqueue((status, retryAfter));

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        app.MapPost("/push/{device}", ReceiveAsync);
        await app.StartAsync();
        origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
    }

    /// <summary>A new browser subscription on this service, as <c>pushManager.subscribe</c> creates one.</summary>
    public Device Subscribe()
    {
        var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var q = key.ExportParameters(false).Q;
        byte[] publicKey = [0x04, .. q.X!, .. q.Y!];
        var auth = RandomNumberGenerator.GetBytes(16);
        var id = Guid.NewGuid().ToString("N");
        var device = new Device(id, $"{origin}/push/{id}", Base64Url.EncodeToString(publicKey), Base64Url.EncodeToString(auth), key, publicKey, auth);
        devices[id] = device;
        return device;
    }

    private async Task<IResult> ReceiveAsync(string device, HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var urgency = request.Headers["Urgency"].ToString();
        var ttl = request.Headers["TTL"].ToString();

        IResult Answer(HttpStatusCode status, string? refusal, JsonElement? payload = null, TimeSpan? retryAfter = null)
        {
            pushes.Enqueue(new Push(device, status, refusal, urgency, ttl, payload));
            if (retryAfter is { } wait)
            {
                request.HttpContext.Response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return status == HttpStatusCode.Created ? Results.Created() : Results.Problem(statusCode: (int)status, detail: refusal);
        }

        if (!devices.TryGetValue(device, out var subscribed))
        {
            return Answer(HttpStatusCode.NotFound, "unknown subscription");
        }

        if (subscribed.Gone)
        {
            return Answer(HttpStatusCode.Gone, "subscription expired");
        }

        if (VapidRefusal(request.Headers.Authorization.ToString()) is { } unauthorized)
        {
            return Answer(HttpStatusCode.Unauthorized, unauthorized);
        }

        if (request.Headers.ContentEncoding.ToString() != "aes128gcm")
        {
            return Answer(HttpStatusCode.UnsupportedMediaType, "Content-Encoding must be aes128gcm");
        }

        if (string.IsNullOrEmpty(ttl))
        {
            return Answer(HttpStatusCode.BadRequest, "TTL header missing");
        }

        if (failNext.TryDequeue(out var failure))
        {
            return Answer(failure.Status, "told to fail", retryAfter: failure.RetryAfter);
        }

        try
        {
            var plaintext = Decrypt(body, subscribed);
            return Answer(HttpStatusCode.Created, null, JsonSerializer.Deserialize<JsonElement>(plaintext));
        }
        catch (Exception exception) when (exception is CryptographicException or JsonException or InvalidDataException)
        {
            return Answer(HttpStatusCode.BadRequest, "cannot decrypt: " + exception.Message);
        }
    }

    /// <summary>Why the VAPID header is not acceptable, or null when it is.</summary>
    private string? VapidRefusal(string authorization)
    {
        if (!authorization.StartsWith("vapid ", StringComparison.Ordinal))
        {
            return "Authorization is not the vapid scheme";
        }

        var parameters = authorization["vapid ".Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parameters.TryGetValue("t", out var token) || !parameters.TryGetValue("k", out var key))
        {
            return "vapid needs t and k";
        }

        if (key != applicationServerKey)
        {
            return "k is not the application server key the subscription was made with";
        }

        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return "t is not a JWT";
        }

        var header = JsonSerializer.Deserialize<JsonElement>(Base64Url.DecodeFromChars(parts[0]));
        if (header.GetProperty("alg").GetString() != "ES256")
        {
            return "JWT alg is not ES256";
        }

        var point = Base64Url.DecodeFromChars(key);
        using var verifier = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = point[1..33], Y = point[33..] },
        });
        if (!verifier.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]),
                HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            return "JWT signature does not verify with k";
        }

        var claims = JsonSerializer.Deserialize<JsonElement>(Base64Url.DecodeFromChars(parts[1]));
        if (claims.GetProperty("aud").GetString() != origin)
        {
            return $"aud is not {origin}";
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(claims.GetProperty("exp").GetInt64());
        var current = now();
        if (expires <= current || expires > current.AddHours(24))
        {
            return "exp is not within the next 24 hours";
        }

        var subject = claims.GetProperty("sub").GetString() ?? "";
        return subject.StartsWith("mailto:", StringComparison.Ordinal) || subject.StartsWith("https:", StringComparison.Ordinal)
            ? null
            : "sub is neither mailto: nor https:";
    }

    /// <summary>What the browser does with an aes128gcm push (RFC 8188 header, RFC 8291 keys), for a single record.</summary>
    private static byte[] Decrypt(byte[] body, Device device)
    {
        if (body.Length < 21)
        {
            throw new InvalidDataException("body shorter than the aes128gcm header");
        }

        var salt = body[..16];
        var recordSize = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16, 4));
        var keyIdLength = body[20];
        var senderKey = body[21..(21 + keyIdLength)];
        var record = body[(21 + keyIdLength)..];
        if (keyIdLength != 65 || record.Length > recordSize || record.Length < 17)
        {
            throw new InvalidDataException("not one aes128gcm record with a P-256 key id");
        }

        using var sender = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = senderKey[1..33], Y = senderKey[33..] },
        });
        var shared = device.PrivateKey.DeriveRawSecretAgreement(sender.PublicKey);
        var prkKey = HMACSHA256.HashData(device.AuthSecret, shared);
        byte[] keyInfo = [.. Encoding.ASCII.GetBytes("WebPush: info"), 0, .. device.PublicKey, .. senderKey, 1];
        var ikm = HMACSHA256.HashData(prkKey, keyInfo);
        var prk = HMACSHA256.HashData(salt, ikm);
        var cek = HMACSHA256.HashData(prk, (byte[])[.. Encoding.ASCII.GetBytes("Content-Encoding: aes128gcm"), 0, 1])[..16];
        var nonce = HMACSHA256.HashData(prk, (byte[])[.. Encoding.ASCII.GetBytes("Content-Encoding: nonce"), 0, 1])[..12];
        var plaintext = new byte[record.Length - 16];
        using (var aes = new AesGcm(cek, 16))
        {
            aes.Decrypt(nonce, record[..^16], record[^16..], plaintext);
        }

        // Padding is zeros after the delimiter; the last record's delimiter is 0x02.
        var end = Array.FindLastIndex(plaintext, b => b != 0);
        if (end < 0 || plaintext[end] != 0x02)
        {
            throw new InvalidDataException("the last record does not end with the 0x02 delimiter");
        }

        return plaintext[..end];
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        foreach (var device in devices.Values)
        {
            device.PrivateKey.Dispose();
        }
    }
}
