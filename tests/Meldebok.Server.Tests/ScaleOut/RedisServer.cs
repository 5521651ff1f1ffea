using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Meldebok.Server.Tests.ScaleOut;

/// <summary>
/// A throwaway Redis for the scale-out tests: Debian's <c>redis-server</c> on a free loopback port with a temporary folder,
/// no persistence, stopped with the fixture. Without <c>redis-server</c> the tests that need it are skipped with a note on
/// how to install it, except in CI (<c>CI=true</c>), where they fail.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private const string Executable = "/usr/bin/redis-server";
    private readonly Process? process;
    private readonly string? directory;

    private RedisServer(Process? process, string? directory, int port)
    {
        this.process = process;
        this.directory = directory;
        ConnectionString = process is null ? null : $"127.0.0.1:{port}";
    }

    /// <summary>The StackExchange.Redis connection string, or null when no <c>redis-server</c> is installed.</summary>
    public string? ConnectionString { get; }

    public static async Task<RedisServer> StartAsync()
    {
        var path = File.Exists(Executable) ? Executable : FindOnPath("redis-server");
        if (path is null)
        {
            return new RedisServer(null, null, 0);
        }

        var directory = Directory.CreateTempSubdirectory("meldebok-redis-").FullName;
        var port = FreePort();
        var process = Process.Start(new ProcessStartInfo(path)
        {
            ArgumentList = { "--bind", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--dir", directory,
                "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--daemonize", "no", "--loglevel", "warning" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await AnswersPingAsync(port))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"redis-server did not start on 127.0.0.1:{port} (exit code {(process.HasExited ? process.ExitCode : -1)}).");
            }

            await Task.Delay(50);
        }

        return new RedisServer(process, directory, port);
    }

    /// <summary>Skips the calling test when there is no Redis (fails instead in CI); returns the connection string.</summary>
    public string Require()
    {
        if (ConnectionString is { } connectionString)
        {
            return connectionString;
        }

        const string message = "redis-server is not installed (Debian: apt-get install redis-server); the scale-out tests need it.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
        return "";
    }

    private static async Task<bool> AnswersPingAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return System.Text.Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A loopback port nobody listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        if (directory is not null && Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
