using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Features.Notifications;

/// <summary>An SMS as the channel sends it. <see cref="Reference"/> is the same on every attempt of one notification.</summary>
internal sealed record Sms(string Reference, string To, string Text);

/// <summary>The JSON body the gateway receives (docs/sms-gateway.md).</summary>
internal sealed record SmsGatewayRequest(string Reference, string Sender, string To, string Text);

/// <summary>The gateway did not accept an SMS; <see cref="RetryAfter"/> is its own wish for the next attempt, if it said.</summary>
internal sealed class SmsGatewayException(string message, TimeSpan? retryAfter) : Exception(message)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Sends SMS through the municipality's HTTP gateway: one JSON POST per message with a bearer API key and the delivery's
/// reference as <c>Idempotency-Key</c>. Off (and never pretending to send) when no base URL is configured. It does not
/// retry by itself: a failure is an attempt of the delivery job, which tries again later.
/// </summary>
internal sealed class SmsChannel(HttpClient http, IOptions<SmsOptions> options)
{
    public bool IsEnabled => options.Value.IsEnabled;

    /// <summary>Returns once the gateway answered 2xx; throws <see cref="SmsGatewayException"/> when it did not.</summary>
    public async Task SendAsync(Sms sms, CancellationToken ct)
    {
        var settings = options.Value;
        if (!settings.IsEnabled)
        {
            throw new InvalidOperationException("SMS er slått av: Notifications:Sms:BaseUrl er ikke satt.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, settings.MessagesUri())
        {
            Content = JsonContent.Create(new SmsGatewayRequest(sms.Reference, settings.Sender, sms.To, sms.Text)),
        };
        request.Headers.Authorization = new("Bearer", settings.ApiKey);
        request.Headers.Add("Idempotency-Key", sms.Reference);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException exception)
        {
            throw new SmsGatewayException($"SMS-tjenesten svarte ikke: {exception.Message}", null);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new SmsGatewayException("SMS-tjenesten svarte ikke i tide.", null);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            // Only the delay form of Retry-After: a date would need the gateway's clock to agree with ours.
            var retryAfter = response.Headers.RetryAfter?.Delta;
            throw new SmsGatewayException(
                $"SMS-tjenesten svarte {(int)response.StatusCode} ({response.ReasonPhrase ?? response.StatusCode.ToString()}).",
                response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable ? retryAfter : null);
        }
    }
}
