using System.Diagnostics;
using Hangfire;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.Server;

namespace Meldebok.Server.Infrastructure.Observability;

/// <summary>
/// The id that ties a request's log lines, its ProblemDetails (<c>traceId</c>), its response and the jobs it caused together.
/// A well-formed <c>X-Correlation-Id</c> from the caller (at most 64 characters of letters, digits, <c>.</c>, <c>_</c>,
/// <c>-</c>) is kept; otherwise the request's trace id, or a new id, is used.
/// </summary>
internal static class CorrelationId
{
    public const string HeaderName = "X-Correlation-Id";
    /// <summary>The name of the value in the log scope and of the Hangfire job parameter.</summary>
    public const string Name = "CorrelationId";
    public const int MaxLength = 64;

    private static readonly AsyncLocal<string?> current = new();

    /// <summary>The id of the request (or of the request that caused the job) this code runs for; null elsewhere.</summary>
    public static string? Current
    {
        get => current.Value;
        set => current.Value = value;
    }

    public static bool IsWellFormed(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>A log scope with the id, for code that runs outside a request on behalf of one (a job); null when there is no id.</summary>
    public static IDisposable? BeginScope(ILogger logger) =>
        Current is { } id ? logger.BeginScope(new CorrelationScope(id)) : null;

    public static void UseMeldebokCorrelationId(this IApplicationBuilder app) => app.UseMiddleware<CorrelationIdMiddleware>();
}

/// <summary>
/// The log scope with the id: a property <c>CorrelationId</c> to the JSON formatter (and any structured provider),
/// <c>CorrelationId:…</c> to the simple one.
/// </summary>
internal sealed class CorrelationScope(string id) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new(CorrelationId.Name, id) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{CorrelationId.Name}:{id}";
}

/// <summary>
/// Chooses the request's correlation id, makes it the request's <see cref="HttpContext.TraceIdentifier"/> (so the
/// <c>traceId</c> of ProblemDetails and of the error page is the same id), returns it in <c>X-Correlation-Id</c>, tags the
/// request's span with it (<c>meldebok.correlation_id</c>) and opens a log scope with it around everything after.
/// </summary>
internal sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[CorrelationId.HeaderName];
        var id = incoming.Count == 1 && CorrelationId.IsWellFormed(incoming[0])
            ? incoming[0]!
            : Activity.Current is { } activity && activity.TraceId != default ? activity.TraceId.ToHexString() : Guid.NewGuid().ToString("N");
        context.TraceIdentifier = id;
        Activity.Current?.SetTag("meldebok.correlation_id", id);
        // Set when the response starts: the exception handler clears the headers of a response it rewrites.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[CorrelationId.HeaderName] = id;
            return Task.CompletedTask;
        });

        CorrelationId.Current = id;
        using (logger.BeginScope(new CorrelationScope(id)))
        {
            await next(context);
        }
    }
}

/// <summary>
/// Carries the correlation id into the background jobs a request (or a job) enqueues, as a Hangfire job parameter, and back
/// into <see cref="CorrelationId.Current"/> while such a job runs, where the bulk fan-out and the notification delivery put it
/// in their log scope. Stateless and registered once per process: Hangfire's filter list is global.
/// </summary>
internal sealed class CorrelationJobFilter : JobFilterAttribute, IClientFilter, IServerFilter
{
    private static readonly Lock RegisterGate = new();
    private static bool registered;

    public static void Register()
    {
        lock (RegisterGate)
        {
            if (!registered)
            {
                GlobalJobFilters.Filters.Add(new CorrelationJobFilter());
                registered = true;
            }
        }
    }

    public void OnCreating(CreatingContext context)
    {
        if (CorrelationId.Current is { } id)
        {
            context.SetJobParameter(CorrelationId.Name, id);
        }
    }

    public void OnCreated(CreatedContext context)
    {
    }

    public void OnPerforming(PerformingContext context)
    {
        var id = context.GetJobParameter<string>(CorrelationId.Name);
        CorrelationId.Current = CorrelationId.IsWellFormed(id) ? id : null;
    }

    public void OnPerformed(PerformedContext context) => CorrelationId.Current = null;
}
