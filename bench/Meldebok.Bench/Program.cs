using System.Globalization;
using Meldebok.Bench;

// The benchmarks of bench/: the morning rush (guardians reporting absence; bench/morning-rush/README.md) and, by the
// first argument, the SFO afternoon rush (`afternoon-rush`), the fan-out (`fan-out`), the connection scale
// (`connection-scale`) and the roster import (`roster-import`), each measured beside a baseline on the same database in
// the same run; `report` assembles bench/report.sh's report from their JSON results (--json).
if (args is ["afternoon-rush", .. var rest])
{
    var afternoon = AfternoonRushOptions.Parse(rest);
    if (afternoon is null)
    {
        await Console.Error.WriteLineAsync(AfternoonRushOptions.Usage);
        return 2;
    }

    return await AfternoonRush.RunAsync(afternoon);
}

// How many hub connections one server process holds (bench/connection-scale/README.md), and its baseline's server.
if (args is ["connection-scale", .. var scaleArgs])
{
    var scale = ConnectionScaleOptions.Parse(scaleArgs);
    if (scale is null)
    {
        await Console.Error.WriteLineAsync(ConnectionScaleOptions.Usage);
        return 2;
    }

    return await ConnectionScale.RunAsync(scale);
}

// The roster import through the API beside a COPY of the same files (bench/roster-import/README.md).
if (args is ["roster-import", .. var importArgs])
{
    return await RosterImportBench.RunAsync(importArgs);
}

// bench/report.sh: report.md and report.json from the scenarios' JSON results.
if (args is ["report", .. var reportArgs])
{
    return await BenchReport.RunAsync(reportArgs);
}

if (args is [WebSocketBaseline.Verb])
{
    return await WebSocketBaseline.ServeAsync();
}

// The fan-out: one message to every guardian of the largest municipality with live hub clients (bench/fan-out/README.md).
if (args.Length > 0 && args[0] == "fan-out")
{
    var named = args.Skip(1).Chunk(2).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
    if (!named.TryGetValue("--server", out var server) || !named.TryGetValue("--database", out var database))
    {
        await Console.Error.WriteLineAsync("Usage: Meldebok.Bench fan-out --server URL --database CONNECTION_STRING [--live-clients 2000] [--out results.md] [--json results.json]");
        return 2;
    }

    var clients = named.TryGetValue("--live-clients", out var n) ? int.Parse(n, CultureInfo.InvariantCulture) : 2000;
    return await FanOut.RunAsync(new Uri(server), database, clients, named.GetValueOrDefault("--out"), named.GetValueOrDefault("--json"));
}

// The morning rush: guardians reporting absence concurrently through the whole stack, beside a bare raw-Npgsql
// insert endpoint on the same database, measured in the same run. bench/morning-rush/README.md says how to run it.
var options = BenchOptions.Parse(args);
if (options is null)
{
    await Console.Error.WriteLineAsync(BenchOptions.Usage);
    return 2;
}

return await MorningRush.RunAsync(options);
