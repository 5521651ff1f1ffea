using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Meldebok.Server.Tests.Notifications;

/// <summary>
/// A stand-in for the municipality's SMS gateway on 127.0.0.1 (Kestrel), speaking the protocol of docs/sms-gateway.md:
/// <c>POST {base}/sms</c> with a bearer API key and a JSON body. It records every request with the status it answered,
/// refuses a wrong key with 401, and answers the next requests with the statuses it is told to (503, 429 …), as a
/// failing gateway would. A reference it has accepted before is answered 200 again without sending a second SMS.
/// </summary>
public sealed class TestSmsGateway : IAsyncDisposable
{
    public const string ApiKey = "test-sms-gateway-key-0123456789";
    private const string PathPrefix = "/gateway";

    private readonly ConcurrentQueue<(HttpStatusCode Status, TimeSpan? RetryAfter)> failNext = new();
    private readonly ConcurrentQueue<SmsRequest> requests = new();
    private readonly ConcurrentDictionary<string, bool> accepted = new(StringComparer.Ordinal);
    private WebApplication? app;

    /// <summary>What Meldebok is configured with (<c>Notifications:Sms:BaseUrl</c>); the gateway takes messages at <c>{BaseUrl}/sms</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>One request as the gateway received it, with the status it answered.</summary>
    public sealed record SmsRequest(
        string? Authorization, string? IdempotencyKey, string? ContentType, string Reference, string Sender, string To, string Text, HttpStatusCode Answered);

    /// <summary>Every request, in order of arrival.</summary>
    public IReadOnlyList<SmsRequest> Requests => [.. requests];

    /// <summary>The requests to one phone number.</summary>
    public IReadOnlyList<SmsRequest> To(string phone) => [.. requests.Where(r => r.To == phone)];

    /// <summary>The SMS actually sent to one phone number: accepted, and not a repeat of an accepted reference.</summary>
    public IReadOnlyList<SmsRequest> SentTo(string phone) =>
        [.. requests.Where(r => r.To == phone && r.Answered == HttpStatusCode.Accepted)];

    /// <summary>Answer the next request with <paramref name="status"/> (and a Retry-After delay, if given) instead of sending.</summary>
    public void FailNext(HttpStatusCode status, TimeSpan? retryAfter = null) => failNext.Enqueue((status, retryAfter));

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        app.MapPost(PathPrefix + "/sms", ReceiveAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseUrl = address + PathPrefix + "/";
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
        string Field(string name) => body.TryGetProperty(name, out var value) ? value.GetString() ?? "" : "";
        var authorization = request.Headers.Authorization.ToString();
        TimeSpan? retryAfter = null;
        HttpStatusCode status;
        if (authorization != $"Bearer {ApiKey}")
        {
            status = HttpStatusCode.Unauthorized;
        }
        else if (failNext.TryDequeue(out var failure))
        {
            (status, retryAfter) = failure;
        }
        else
        {
            status = accepted.TryAdd(Field("reference"), true) ? HttpStatusCode.Accepted : HttpStatusCode.OK;
        }

        requests.Enqueue(new SmsRequest(authorization, request.Headers["Idempotency-Key"].ToString(), request.ContentType,
            Field("reference"), Field("sender"), Field("to"), Field("text"), status));
        if (retryAfter is not null)
        {
            request.HttpContext.Response.Headers.RetryAfter = ((int)retryAfter.Value.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return status is HttpStatusCode.Accepted or HttpStatusCode.OK
            ? Results.Json(new { id = Field("reference"), status = "accepted" }, statusCode: (int)status)
            : Results.Problem(statusCode: (int)status, title: "Testgatewayen avviser meldingen");
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
