using System.Diagnostics;

namespace Meldebok.Server.Tests.Infrastructure;

/// <summary>
/// Counts the commands (round trips) sent to PostgreSQL in the counter's own trace, from Npgsql's tracing activities (one per
/// command or batch): the test's own calls, and the server's work for requests that carry <see cref="TraceParent"/> (the
/// ASP.NET Core request activity joins the trace from the header). The host's background work on the same database (outbox
/// publisher, jobs) is in other traces and not counted, nor is the opening of a physical connection. EF Core's diagnostic events are not used: EF caches for a while
/// whether anyone listens, so a listener that subscribes just before the queries can miss them.
/// </summary>
internal sealed class NpgsqlCommandCounter : IDisposable
{
    private readonly ActivityListener listener;
    private readonly Activity trace = new Activity("meldebok-command-count").Start();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> statements = new();
    private int count;

    public NpgsqlCommandCounter()
    {
        var traceId = trace.TraceId;
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                // Not a physical connection's opening (Npgsql traces it as "CONNECT …"): whether the pool has an idle one is
                // not the request's doing.
                if (activity.Source.Name == "Npgsql" && activity.TraceId == traceId && !activity.DisplayName.StartsWith("CONNECT", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref count);
                    statements.Enqueue((activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement") ?? activity.DisplayName)?.ToString() ?? "");
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    public int Count => Volatile.Read(ref count);

    /// <summary>The text of every counted command, oldest first: for the message of a failed count.</summary>
    public string Statements => string.Join("\n---\n", statements);

    /// <summary>The W3C <c>traceparent</c> header value that puts a request's server-side work in this counter's trace.</summary>
    public string TraceParent => $"00-{trace.TraceId}-{trace.SpanId}-01";

    /// <summary>The commands the server sends for one request through <paramref name="client"/>.</summary>
    public async Task<(T Result, int Commands)> CountAsync<T>(HttpClient client, Func<HttpClient, Task<T>> send)
    {
        client.DefaultRequestHeaders.Add("traceparent", TraceParent);
        try
        {
            var before = Count;
            var result = await send(client);
            return (result, Count - before);
        }
        finally
        {
            client.DefaultRequestHeaders.Remove("traceparent");
        }
    }

    public void Dispose()
    {
        listener.Dispose();
        trace.Stop();
    }
}
