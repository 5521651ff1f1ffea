using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Meldebok.Server.Tests.Processes;

/// <summary>
/// The built server (<c>Meldebok.Server.dll</c>, next to this test assembly through the project reference) run as a
/// child process: <c>dotnet Meldebok.Server.dll</c> on its own loopback port, configured by environment variables only,
/// as a container is. It can be killed with SIGKILL and started again on the same port with the same settings; what it
/// wrote to stdout and stderr is kept and attached to a failing test's output.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    // Generous: on a loaded 2-core machine a start (JIT, migrations check, Hangfire, Redis) has taken over 90 s.
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(240);
    private readonly IReadOnlyDictionary<string, string> settings;
    private readonly ConcurrentQueue<string> output = new();
    private Process? process;

    internal ServerProcess(string name, IReadOnlyDictionary<string, string> settings)
    {
        Name = name;
        this.settings = settings;
        Port = ScaleOut.RedisServer.FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}");
    }

    public string Name { get; }
    public int Port { get; }
    public Uri BaseAddress { get; }
    public bool IsRunning => process is { HasExited: false };

    /// <summary>The folder of the built server: the test assembly's own output, where the project reference puts it.</summary>
    public static string ServerDirectory => AppContext.BaseDirectory;

    /// <summary>Runs a verb of the server (<c>migrate</c>, <c>seed-demo</c>) to its end; fails with its output when it fails.</summary>
    internal static async Task RunVerbAsync(IReadOnlyDictionary<string, string> settings, params string[] verb)
    {
        var lines = new ConcurrentQueue<string>();
        using var run = Launch(settings, verb, lines);
        using var timeout = new CancellationTokenSource(StartPatience);
        await run.WaitForExitAsync(timeout.Token);
        Assert.True(run.ExitCode == 0, $"`Meldebok.Server {string.Join(' ', verb)}` exited with {run.ExitCode}:\n{string.Join('\n', lines)}");
    }

    /// <summary>Starts the process and waits until <c>/health/ready</c> answers 200.</summary>
    public async Task StartAsync()
    {
        Assert.False(IsRunning, $"{Name} is already running.");
        output.Enqueue($"--- {Name} started at {DateTime.UtcNow:HH:mm:ss.fff} ---");
        process = Launch(settings, ["--urls", BaseAddress.ToString().TrimEnd('/')], output);
        await WaitUntilReadyAsync(StartPatience);
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200; fails with the process's output after <paramref name="patience"/>.</summary>
    public async Task<TimeSpan> WaitUntilReadyAsync(TimeSpan patience)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process is { HasExited: true })
            {
                Assert.Fail($"{Name} exited with {process.ExitCode} before it was ready.\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return clock.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (clock.Elapsed > patience)
            {
                Assert.Fail($"{Name} was not ready within {patience.TotalSeconds:0} s.\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: the process gets no chance to finish anything (no graceful shutdown, no Hangfire requeue).</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false } running)
        {
            running.Kill(entireProcessTree: true);
            await running.WaitForExitAsync();
            output.Enqueue($"--- {Name} killed at {DateTime.UtcNow:HH:mm:ss.fff} ---");
        }
    }

    /// <summary>Everything the process (each of its runs) wrote so far.</summary>
    public string Output => $"=== output of {Name} ({BaseAddress}) ===\n" + string.Join('\n', output);

    /// <summary>An HTTP client for this process; with a bearer token when one is given.</summary>
    public HttpClient Client(string? accessToken = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        }

        return client;
    }

    private static Process Launch(IReadOnlyDictionary<string, string> settings, IEnumerable<string> arguments, ConcurrentQueue<string> lines)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ServerDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(ServerDirectory, "Meldebok.Server.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Only what is set here: the test run's own ASPNETCORE_*/DOTNET_* variables must not leak into the server.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.Contains("__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in settings)
        {
            start.Environment[name.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var launched = Process.Start(start)!;
        launched.OutputDataReceived += (_, e) => Keep(lines, e.Data);
        launched.ErrorDataReceived += (_, e) => Keep(lines, e.Data);
        launched.BeginOutputReadLine();
        launched.BeginErrorReadLine();
        return launched;
    }

    private static void Keep(ConcurrentQueue<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lines.Enqueue(line);
        // A chatty process must not fill the test's memory: keep the last lines.
        while (lines.Count > 2000 && lines.TryDequeue(out _))
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process?.Dispose();
    }
}
