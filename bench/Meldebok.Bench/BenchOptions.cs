using System.Globalization;

namespace Meldebok.Bench;

/// <summary>What the benchmark runs against and how hard.</summary>
internal sealed record BenchOptions
{
    public const string Usage =
        "Usage: Meldebok.Bench --server URL --database CONNECTION_STRING --wrk-script rush.lua " +
        "[--guardians 1000] [--seconds 20] [--connections 32] [--rate 300] [--rate-seconds 20] [--out results.md] [--json results.json]";

    public required Uri Server { get; init; }
    public required string Database { get; init; }
    public required string WrkScript { get; init; }
    public int Guardians { get; init; } = 1000;
    public int Seconds { get; init; } = 20;
    public int Connections { get; init; } = 32;
    public int Rate { get; init; } = 300;
    public int RateSeconds { get; init; } = 20;
    public string? Out { get; init; }
    public string? Json { get; init; }

    /// <summary>The password every benchmark account gets; the accounts exist only in the benchmark's database.</summary>
    public const string Password = "Benchmark-passord-2026";
    /// <summary>The public client the benchmark signs in with (registered through Auth:Clients by run.sh).</summary>
    public const string ClientId = "meldebok-bench";
    public const string RedirectUri = "http://127.0.0.1/bench-callback";

    public static BenchOptions? Parse(string[] args)
    {
        if (BenchArgs.Parse(args) is not { } values
            || !values.TryGetValue("server", out var server) || !values.TryGetValue("database", out var database)
            || !values.TryGetValue("wrk-script", out var script))
        {
            return null;
        }

        return new BenchOptions
        {
            Server = new Uri(server),
            Database = database,
            WrkScript = script,
            Guardians = BenchArgs.Number(values, "guardians", 1000),
            Seconds = BenchArgs.Number(values, "seconds", 20),
            Connections = BenchArgs.Number(values, "connections", 32),
            Rate = BenchArgs.Number(values, "rate", 300),
            RateSeconds = BenchArgs.Number(values, "rate-seconds", 20),
            Out = values.GetValueOrDefault("out"),
            Json = values.GetValueOrDefault("json"),
        };
    }
}

/// <summary>Command-line arguments of the benchmark scenarios: <c>--name value</c> pairs.</summary>
internal static class BenchArgs
{
    /// <summary>The pairs by name, or null when an argument is not of the form <c>--name value</c>.</summary>
    public static Dictionary<string, string>? Parse(string[] args)
    {
        if (args.Length % 2 != 0)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return null;
            }
            values[args[i][2..]] = args[i + 1];
        }

        return values;
    }

    public static int Number(Dictionary<string, string> values, string name, int fallback) =>
        values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
