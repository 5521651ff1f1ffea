using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Meldebok.Bench;

/// <summary>What one phase measured.</summary>
internal sealed record LoadResult(string Name, long Requests, double Seconds, double P50Ms, double P99Ms, long Created, long Failed)
{
    public double RequestsPerSecond => Requests / Seconds;
}

/// <summary>The two ways the benchmark loads a target: wrk as fast as it goes, and a fixed rate from here.</summary>
internal static class Load
{
    /// <summary>wrk, closed loop: <paramref name="connections"/> connections, each sending its next report as soon as the last is answered.</summary>
    public static async Task<LoadResult> WrkAsync(
        string name, string script, Uri target, string requestsFile, string date, int connections, int seconds, string runId)
    {
        const int threads = 2;
        var start = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
        {
            "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{seconds}s", "--timeout", "10s", "-s", script, $"{target.GetLeftPart(UriPartial.Authority)}",
            "--", requestsFile, target.AbsolutePath, date, threads.ToString(CultureInfo.InvariantCulture), runId,
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (apt-get install wrk).");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        var errors = await wrk.StandardError.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no result: {output} {errors}");
        using var json = JsonDocument.Parse(line["RESULT ".Length..]);
        var root = json.RootElement;
        var statuses = root.GetProperty("statuses").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        var created = statuses.GetValueOrDefault("201");
        return new LoadResult(
            name,
            root.GetProperty("requests").GetInt64(),
            root.GetProperty("durationUs").GetInt64() / 1e6,
            root.GetProperty("p50Us").GetInt64() / 1e3,
            root.GetProperty("p99Us").GetInt64() / 1e3,
            created,
            root.GetProperty("requests").GetInt64() - created);
    }

    /// <summary>The absence report of the morning rush at a fixed rate: <see cref="FixedRateAsync(string, int, int, Func{int, Task{HttpStatusCode}})"/>.</summary>
    public static async Task<LoadResult> FixedRateAsync(
        string name, Uri target, IReadOnlyList<(string Token, Guid PupilId)> lines, string date, int rate, int seconds, string runId)
    {
        using var client = NewClient();
        return await FixedRateAsync(name, rate, seconds, async index =>
        {
            var (token, pupilId) = lines[index % lines.Count];
            using var request = new HttpRequestMessage(HttpMethod.Post, target)
            {
                Content = new StringContent(
                    $$"""{"pupilId":"{{pupilId}}","firstDate":"{{date}}","lastDate":"{{date}}","toSchool":true,"toSfo":false,"reason":"Illness"}""",
                    Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", $"rate-{runId}-{index}");
            if (token.Length > 0)
            {
                request.Headers.Authorization = new("Bearer", token);
            }

            using var response = await client.SendAsync(request);
            return response.StatusCode;
        });
    }

    /// <summary>
    /// Open loop at a fixed rate: request i is due at start + i/rate whatever the earlier ones are doing, and its
    /// latency is counted from when it was due, so a stalled server cannot hide its queue (no coordinated omission).
    /// <paramref name="send"/> sends request i and answers its status (201 counts as created).
    /// </summary>
    public static async Task<LoadResult> FixedRateAsync(string name, int rate, int seconds, Func<int, Task<HttpStatusCode>> send)
    {
        var total = rate * seconds;
        var latencies = new double[total];
        var statuses = new HttpStatusCode[total];
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var dueMs = i * 1000.0 / rate;
            var wait = dueMs - clock.Elapsed.TotalMilliseconds;
            if (wait > 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait));
            }

            var index = i;
            inFlight.Add(Task.Run(async () =>
            {
                try
                {
                    statuses[index] = await send(index);
                }
                catch (HttpRequestException)
                {
                    statuses[index] = 0;
                }
                catch (TaskCanceledException)
                {
                    statuses[index] = HttpStatusCode.RequestTimeout;
                }

                latencies[index] = clock.Elapsed.TotalMilliseconds - dueMs;
            }));
        }

        await Task.WhenAll(inFlight);
        var elapsed = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        var created = statuses.LongCount(s => s == HttpStatusCode.Created);
        return new LoadResult(name, total, elapsed, Percentile(latencies, 50), Percentile(latencies, 99), created, total - created);
    }

    /// <summary>An HTTP client for many concurrent requests to one server.</summary>
    public static HttpClient NewClient() =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };

    public static void Log(string message) => Console.Error.WriteLine($"[{DateTimeOffset.UtcNow:HH:mm:ss}] {message}");

    public static double Percentile(double[] sorted, double percent) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
