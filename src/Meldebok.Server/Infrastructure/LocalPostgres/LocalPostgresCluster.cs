using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Meldebok.Server.Infrastructure.LocalPostgres;

/// <summary>
/// A PostgreSQL cluster run from the machine's own PostgreSQL binaries: the development server's
/// embedded database and the tests' throwaway database. PostgreSQL refuses to run as root, so when
/// this process is root the binaries run as the <c>postgres</c> system user.
/// </summary>
internal sealed class LocalPostgresCluster
{
    private const string ServiceUser = "postgres";

    private readonly string _binDirectory;
    private readonly ILogger _logger;
    private readonly Lock _stopping = new();
    private bool _stopped;

    private LocalPostgresCluster(string binDirectory, string dataDirectory, int port, ILogger logger)
    {
        _binDirectory = binDirectory;
        DataDirectory = dataDirectory;
        Port = port;
        _logger = logger;
    }

    public string DataDirectory { get; }
    public int Port { get; }

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username={ServiceUser};Database={database}";

    /// <summary>
    /// Starts the cluster in <paramref name="dataDirectory"/>, creating it on first use. A cluster that
    /// is already running there (a previous process that died) is reused on the port it listens on.
    /// </summary>
    /// <param name="dataDirectory">Where the cluster keeps its files.</param>
    /// <param name="logger">Where progress is logged.</param>
    /// <param name="durable">False for throwaway clusters: fsync off, which is several times faster.</param>
    /// <param name="binDirectory">The PostgreSQL binaries; found on PATH or in Debian's layout when null.</param>
    /// <param name="port">The loopback port to listen on (e.g. the port of a cluster started here before and stopped); a free one when null.</param>
    public static LocalPostgresCluster Start(string dataDirectory, ILogger logger, bool durable = true, string? binDirectory = null, int? port = null)
    {
        var bin = (binDirectory is null ? FindBinDirectory() : HasBinaries(binDirectory) ? binDirectory : null)
            ?? throw new LocalPostgresUnavailableException(
                "No PostgreSQL binaries were found (initdb, pg_ctl and postgres " +
                (binDirectory is null ? "on PATH or under /usr/lib/postgresql/<version>/bin" : $"in {binDirectory}, set by Database:EmbeddedBinDirectory") + "). " +
                "Install them (Debian: apt-get install postgresql) or set the connection string ConnectionStrings:Meldebok " +
                "(environment variable ConnectionStrings__Meldebok) to an existing PostgreSQL database.");

        dataDirectory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        GiveToServiceUser(dataDirectory);

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            logger.LogInformation("Creating a local PostgreSQL cluster in {DataDirectory}", dataDirectory);
            RunTool(bin, "initdb", ["-D", dataDirectory, "-A", "trust", "-U", ServiceUser, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
        }

        var running = RunningPort(bin, dataDirectory);
        if (running is { } existingPort)
        {
            logger.LogInformation("Reusing the local PostgreSQL cluster already running on port {Port}", existingPort);
            return new LocalPostgresCluster(bin, dataDirectory, existingPort, logger);
        }

        port ??= FreeLoopbackPort();
        var serverOptions = $"-p {port} -k {dataDirectory} -c listen_addresses=127.0.0.1 -c max_connections=300"
            + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        RunTool(bin, "pg_ctl", ["-D", dataDirectory, "-o", serverOptions, "-l", Path.Combine(dataDirectory, "server.log"), "-w", "-t", "60", "start"]);
        logger.LogInformation("Started a local PostgreSQL cluster on 127.0.0.1:{Port} with data in {DataDirectory}", port, dataDirectory);
        return new LocalPostgresCluster(bin, dataDirectory, port.Value, logger);
    }

    /// <summary>
    /// Stops the cluster, once; a caller that comes while it is stopping waits until it has stopped. A host may stop
    /// twice (the test host does: once from its owner, once from the program's own run loop), and a late second stop
    /// would otherwise shut down a cluster started since in the same directory (a restarted server).
    /// </summary>
    public void Stop()
    {
        lock (_stopping)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            try
            {
                RunTool(_binDirectory, "pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"]);
                _logger.LogInformation("Stopped the local PostgreSQL cluster on port {Port}", Port);
            }
            catch (LocalPostgresUnavailableException exception)
            {
                _logger.LogWarning(exception, "Could not stop the local PostgreSQL cluster in {DataDirectory}", DataDirectory);
            }
        }
    }

    /// <summary>The directory holding initdb and pg_ctl: PATH first, then Debian's versioned layout, newest first.</summary>
    public static string? FindBinDirectory()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var initdb = Path.Combine(directory, "initdb");
            if (File.Exists(initdb) && File.Exists(Path.Combine(directory, "pg_ctl")))
            {
                // Debian links the tools into PATH; resolve to the real directory so that pg_ctl finds postgres.
                var target = new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb;
                return Path.GetDirectoryName(target);
            }
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (!Directory.Exists(debianRoot))
        {
            return null;
        }

        return Directory.GetDirectories(debianRoot)
            .Select(d => (Directory: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .Where(d => HasBinaries(d.Directory))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Directory)
            .FirstOrDefault();
    }

    private static bool HasBinaries(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl")) && File.Exists(Path.Combine(directory, "postgres"));

    private static int? RunningPort(string bin, string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }

        if (RunTool(bin, "pg_ctl", ["-D", dataDirectory, "status"], throwOnError: false) != 0)
        {
            // A stale pid file from a crashed server; pg_ctl start removes it.
            return null;
        }

        // postmaster.pid: pid, data directory, start time, port, socket directory, ...
        var lines = File.ReadAllLines(pidFile);
        return lines.Length > 3 && int.TryParse(lines[3], CultureInfo.InvariantCulture, out var port) ? port : null;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static void GiveToServiceUser(string directory)
    {
        if (!IsRoot)
        {
            return;
        }

        Run("chown", ["-R", $"{ServiceUser}:", directory]);
        Run("chmod", ["700", directory]);
        if (Run("runuser", ["-u", ServiceUser, "--", "test", "-w", directory], throwOnError: false) != 0)
        {
            throw new LocalPostgresUnavailableException(
                $"The '{ServiceUser}' user cannot reach {directory}. PostgreSQL cannot run as root, so the data directory must lie " +
                "where that user can enter every parent folder. Set Database:EmbeddedDataDirectory to such a place (for example /var/tmp/meldebok) " +
                "or set ConnectionStrings:Meldebok to an existing database.");
        }
    }

    private static int RunTool(string bin, string tool, IReadOnlyList<string> arguments, bool throwOnError = true)
    {
        var executable = Path.Combine(bin, tool);
        return IsRoot
            ? Run("runuser", ["-u", ServiceUser, "--", executable, .. arguments], throwOnError)
            : Run(executable, arguments, throwOnError);
    }

    private static int Run(string fileName, IReadOnlyList<string> arguments, bool throwOnError = true)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new LocalPostgresUnavailableException($"Could not start {fileName}.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new LocalPostgresUnavailableException($"Could not start {fileName}: {exception.Message}", exception);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (throwOnError && process.ExitCode != 0)
            {
                throw new LocalPostgresUnavailableException(
                    $"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {error.Result.Trim()} {output.Result.Trim()}");
            }

            return process.ExitCode;
        }
    }
}

/// <summary>The local PostgreSQL binaries are missing or could not run; the message says what to do.</summary>
internal sealed class LocalPostgresUnavailableException : Exception
{
    public LocalPostgresUnavailableException(string message) : base(message) { }
    public LocalPostgresUnavailableException(string message, Exception inner) : base(message, inner) { }
}
