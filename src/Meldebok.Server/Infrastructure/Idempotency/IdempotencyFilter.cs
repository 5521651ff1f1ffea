using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Meldebok.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Infrastructure.Idempotency;

/// <summary>
/// Idempotent POSTs (IETF draft-ietf-httpapi-idempotency-key-header): a POST carrying an
/// <c>Idempotency-Key</c> header from a signed-in caller is processed once per caller and key. The first
/// request claims the key, runs, and its response (status, content type, Location, body) is stored; a retry
/// with the same key and the same request (method, path and body bytes) gets that response again, marked
/// <c>Idempotent-Replayed: true</c>. The same key with another request answers 422; a retry while the first
/// is still running waits briefly for it and then answers 409. A 5xx or an exception forgets the key so that
/// the client may retry; when the database fails to store the outcome, <see cref="IdempotencySettlements"/> stores it
/// once the database answers again. Endpoints marked <see cref="OneTransactionIdempotency"/> instead claim the key, save
/// their change and store the response in one transaction (<see cref="IdempotentUnitOfWork"/>). Keys expire after <see cref="IdempotencyOptions.ExpiryHours"/> (default 24 h).
/// Anonymous POSTs and requests without the header are processed as usual.
/// </summary>
internal sealed class IdempotencyFilter(IOptions<IdempotencyOptions> options) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;
    private static readonly TimeSpan InFlightPoll = TimeSpan.FromMilliseconds(50);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsPost(http.Request.Method)
            || !http.Request.Headers.TryGetValue(Header, out var values)
            || Caller(http.User) is not { } caller)
        {
            return await next(context);
        }

        if (values.Count != 1 || Unquote(values[0]) is not { Length: > 0 and <= MaxKeyLength } key)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [Header] = [$"Idempotency-Key må være én verdi på 1 til {MaxKeyLength} tegn."],
            });
        }

        var method = http.Request.Method;
        var path = (http.Request.Path + http.Request.QueryString).ToString();
        var hash = await FingerprintAsync(http.Request, method, path);
        var store = http.RequestServices.GetRequiredService<IdempotencyStore>();
        var storedPath = path.Length > 512 ? path[..512] : path;
        var waitUntil = DateTime.UtcNow.AddMilliseconds(options.Value.InFlightWaitMilliseconds);
        await using var unitOfWork = http.GetEndpoint()?.Metadata.GetMetadata<OneTransactionIdempotency>() is null ? null : store.UnitOfWork();
        while (!await TryClaimAsync(store, unitOfWork, caller, key, method, storedPath, hash))
        {
            if (unitOfWork is not null && unitOfWork.WaitedTooLong)
            {
                return InFlight();
            }

            var existing = await store.FindAsync(caller, key, http.RequestAborted);
            if (existing is null || await store.RemoveIfExpiredAsync(caller, key))
            {
                continue;
            }

            if (existing.RequestHash != hash)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    detail: "Idempotency-Key er allerede brukt for en annen forespørsel. Bruk en ny nøkkel for en ny forespørsel.");
            }

            if (existing.ResponseStatus is not null)
            {
                return new StoredResponse(existing);
            }

            if (DateTime.UtcNow >= waitUntil)
            {
                return InFlight();
            }

            await Task.Delay(InFlightPoll, http.RequestAborted);
        }

        if (unitOfWork is not null)
        {
            // Claim, change and stored response commit together; a failure before the commit leaves none of them.
            return await RunAndSettleAsync(context, next, unitOfWork.RollBackAsync, outcome => CommitOrRollBackAsync(unitOfWork, caller, key, outcome));
        }

        // If the database fails while the outcome is settled (after the endpoint's own change committed), the client still
        // gets its answer and the record is completed in the background once the database answers again.
        var settlements = http.RequestServices.GetRequiredService<IdempotencySettlements>();
        return await RunAndSettleAsync(context, next,
            () => settlements.SettleAsync(store, caller, key, "release", s => s.ReleaseAsync(caller, key)),
            outcome => settlements.SettleAsync(store, caller, key, "completion", s => s.CompleteAsync(caller, key, outcome)));
    }

    private Task<bool> TryClaimAsync(IdempotencyStore store, IdempotentUnitOfWork? unitOfWork, string caller, string key, string method, string path, string hash) =>
        unitOfWork is null
            ? store.TryClaimAsync(caller, key, method, path, hash)
            : unitOfWork.TryClaimAsync(caller, key, method, path, hash, store.ExpiresAt(), options.Value.InFlightWaitMilliseconds);

    private static ProblemHttpResult InFlight() => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        detail: "En forespørsel med samme Idempotency-Key behandles fortsatt. Prøv igjen om litt.");

    private static async Task CommitOrRollBackAsync(IdempotentUnitOfWork unitOfWork, string caller, string key, StoredOutcome outcome)
    {
        try
        {
            await unitOfWork.CommitAsync(caller, key, outcome);
        }
        catch
        {
            // Also when the commit's outcome is unknown: the retry then finds the stored answer or runs anew.
            await unitOfWork.RollBackAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs the endpoint and executes its result into a buffer, so that exactly what the client gets is stored; then
    /// <paramref name="store"/> keeps the outcome, or <paramref name="forget"/> drops the key after a 5xx or an exception.
    /// </summary>
    private static async Task<IResult> RunAndSettleAsync(
        EndpointFilterInvocationContext context, EndpointFilterDelegate next, Func<Task> forget, Func<StoredOutcome, Task> store)
    {
        var http = context.HttpContext;
        var responseBody = http.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var buffer = new MemoryStream();
        try
        {
            var result = AsResult(await next(context));
            http.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
            try
            {
                await result.ExecuteAsync(http);
            }
            finally
            {
                http.Features.Set(responseBody);
            }
        }
        catch
        {
            await forget();
            throw;
        }

        var response = http.Response;
        if (response.StatusCode >= 500)
        {
            await forget();
        }
        else
        {
            await store(new StoredOutcome(response.StatusCode, response.ContentType,
                response.Headers.Location.ToString() is { Length: > 0 } location ? location : null, buffer.ToArray()));
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(response.Body, http.RequestAborted);
        return TypedResults.Empty;
    }

    /// <summary>The account (<c>sub</c>) or, for an integration, its client id; null for callers whose requests are not idempotent.</summary>
    private static string? Caller(ClaimsPrincipal user)
    {
        if (user.AccountId() is { } accountId)
        {
            return "account:" + accountId.ToString("D", CultureInfo.InvariantCulture);
        }

        return user.IsInRole(Roles.Integration) && user.FindFirstValue(MeldebokClaims.Subject) is { Length: > 0 } clientId ? "client:" + clientId : null;
    }

    /// <summary>The draft sends the key as a structured-field string ("…"); a bare token is accepted too.</summary>
    private static string? Unquote(string? value)
    {
        var trimmed = value?.Trim();
        return trimmed is { Length: >= 2 } && trimmed[0] == '"' && trimmed[^1] == '"' ? trimmed[1..^1] : trimmed;
    }

    /// <summary>SHA-256 of method, path and the body bytes (buffered by <see cref="IdempotencySetup"/> before the endpoint read it).</summary>
    private static async Task<string> FingerprintAsync(HttpRequest request, string method, string path)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(method + " " + path + "\n"));
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                hash.AppendData(chunk, 0, read);
            }

            request.Body.Position = 0;
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static IResult AsResult(object? result) => result switch
    {
        IResult executable => executable,
        null => TypedResults.Empty,
        string text => TypedResults.Text(text),
        var value => TypedResults.Json(value),
    };

    /// <summary>The stored response of the first request, replayed.</summary>
    private sealed class StoredResponse(IdempotencyRecord record) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = record.ResponseStatus!.Value;
            response.Headers[ReplayedHeader] = "true";
            if (record.ResponseContentType is { } contentType)
            {
                response.ContentType = contentType;
            }

            if (record.ResponseLocation is { } location)
            {
                response.Headers.Location = location;
            }

            if (record.ResponseBody is { Length: > 0 } body)
            {
                await response.Body.WriteAsync(body, httpContext.RequestAborted);
            }
        }
    }
}

internal static class IdempotencySetup
{
    public static void AddMeldebokIdempotency(this IServiceCollection services)
    {
        services.AddOptions<IdempotencyOptions>()
            .BindConfiguration(IdempotencyOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<IdempotencyStore>();
        services.AddSingleton<IdempotencySettlements>();
        services.AddHostedService(provider => provider.GetRequiredService<IdempotencySettlements>());
        // The fingerprint needs the body bytes after model binding has read them: buffer keyed POSTs first.
        services.AddTransient<IStartupFilter, BufferKeyedRequests>();
    }

    /// <summary>
    /// Claims the key, saves the endpoint's change and stores the response in one transaction (<see cref="IdempotentUnitOfWork"/>):
    /// for endpoints that write through the request's DbContext and open no transaction of their own.
    /// </summary>
    public static TBuilder WithOneTransactionIdempotency<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(OneTransactionIdempotency.Instance);

    /// <summary>Makes every <c>/api/v1</c> POST group endpoint idempotent when the client sends a key.</summary>
    public static TBuilder AddIdempotency<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, IdempotencyFilter>();

    private sealed class BufferKeyedRequests : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (HttpMethods.IsPost(context.Request.Method) && context.Request.Headers.ContainsKey(IdempotencyFilter.Header))
                {
                    context.Request.EnableBuffering();
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
