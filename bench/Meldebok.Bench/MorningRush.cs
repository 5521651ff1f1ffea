using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;

namespace Meldebok.Bench;

/// <summary>Runs the phases of the morning rush and prints the figures beside the baseline's.</summary>
internal static class MorningRush
{
    private const int MaxStaffInboxes = 200;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var loadStart = BenchResult.LoadAverage();
        await using var db = NpgsqlDataSource.Create(options.Database);
        var clock = Stopwatch.StartNew();

        var world = await BenchWorld.PrepareAsync(db, options.Guardians, MaxStaffInboxes);
        Log($"Chose {world.Guardians.Count} guardians and {world.StaffUserNames.Count} staff inboxes ({clock.Elapsed.TotalSeconds:F1} s).");

        var guardianTokens = await TokenClient.SignInAllAsync(options.Server, [.. world.Guardians.Select(g => g.UserName)]);
        var staffTokens = await TokenClient.SignInAllAsync(options.Server, world.StaffUserNames);
        Log($"Signed in through authorization code + PKCE ({clock.Elapsed.TotalSeconds:F1} s).");

        await using var inboxes = await HubListeners.OpenAsync(options.Server, staffTokens, "absence.reported", "noticeId", onEvent: null, CancellationToken.None);
        await using var baseline = await BaselineServer.StartAsync(db);
        var baselineTarget = new Uri(baseline.Urls.First() + BaselineServer.Path);
        var apiTarget = new Uri(options.Server, "/api/v1/absences");
        Log($"{staffTokens.Count} staff inboxes connected to /hubs/meldebok; baseline at {baselineTarget}.");

        var oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, oslo).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var lines = world.Guardians.Select((g, i) => (Token: guardianTokens[i], g.PupilId)).ToList();
        var baselineLines = lines.Select(l => (Token: "", l.PupilId)).ToList();
        var apiFile = await WriteRequestsFileAsync(lines);
        var baselineFile = await WriteRequestsFileAsync(baselineLines);
        var runId = Guid.NewGuid().ToString("N")[..8];

        try
        {
            Log("Warming up both targets (5 s each).");
            await Load.WrkAsync("warm-up", options.WrkScript, baselineTarget, baselineFile, today, options.Connections, 5, runId + "w");
            await Load.WrkAsync("warm-up", options.WrkScript, apiTarget, apiFile, today, options.Connections, 5, runId + "w");
            await inboxes.WaitForQuietAsync();

            Log($"Throughput: wrk, {options.Connections} connections, {options.Seconds} s per target.");
            var baselineMax = await Load.WrkAsync("Baseline: raw Npgsql insert", options.WrkScript, baselineTarget, baselineFile, today, options.Connections, options.Seconds, runId);
            var since = DateTimeOffset.UtcNow;
            var apiMax = await Load.WrkAsync("Meldebok: POST /api/v1/absences", options.WrkScript, apiTarget, apiFile, today, options.Connections, options.Seconds, runId);
            var pushMax = await PushesAsync(db, inboxes, since);

            Log($"Fixed rate: {options.Rate} reports/s for {options.RateSeconds} s per target.");
            var baselineRate = await Load.FixedRateAsync("Baseline: raw Npgsql insert", baselineTarget, baselineLines, today, options.Rate, options.RateSeconds, runId);
            since = DateTimeOffset.UtcNow;
            var apiRate = await Load.FixedRateAsync("Meldebok: POST /api/v1/absences", apiTarget, lines, today, options.Rate, options.RateSeconds, runId);
            var pushRate = await PushesAsync(db, inboxes, since);

            var report = Report(options, world, baselineMax, apiMax, pushMax, baselineRate, apiRate, pushRate);
            Console.WriteLine(report);
            if (options.Out is { } path)
            {
                await File.WriteAllTextAsync(path, report);
            }

            await Result(options, world, startedAt, loadStart, baselineMax, apiMax, pushMax, baselineRate, apiRate, pushRate).WriteAsync(options.Json);

            // Every answered report is stored (wrk may cut off a few in flight, which are stored but not counted),
            // and every stored notice reached a staff inbox.
            var allStored = pushMax.Stored >= apiMax.Created && pushRate.Stored == apiRate.Created;
            var allPushed = pushMax.Seen == pushMax.Stored && pushRate.Seen == pushRate.Stored;
            return allStored && allPushed && apiMax.Failed == 0 && apiRate.Failed == 0 ? 0 : 1;
        }
        finally
        {
            File.Delete(apiFile);
            File.Delete(baselineFile);
        }
    }

    private static async Task<string> WriteRequestsFileAsync(IEnumerable<(string Token, Guid PupilId)> lines)
    {
        var path = Path.Combine(Path.GetTempPath(), $"meldebok-rush-{Guid.NewGuid():N}.tsv");
        await File.WriteAllLinesAsync(path, lines.Select(l => $"{l.Token}\t{l.PupilId}"));
        return path;
    }

    /// <summary>A phase's notices as stored, how many of them reached a staff inbox, and how late.</summary>
    private sealed record Pushes(long Stored, long Seen, double P50Ms, double P99Ms);

    /// <summary>
    /// Reads the digital notices stored since <paramref name="since"/> (after the requests still in flight have
    /// landed) and waits, up to 60 s, until the staff inboxes have been told of each.
    /// </summary>
    private static async Task<Pushes> PushesAsync(NpgsqlDataSource db, HubListeners inboxes, DateTimeOffset since)
    {
        await Task.Delay(TimeSpan.FromSeconds(2));
        var stored = new List<Guid>();
        await using (var command = db.CreateCommand("SELECT id FROM absence_notices WHERE created_at >= $1 AND channel = 'Digital'"))
        {
            command.Parameters.AddWithValue(since);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored.Add(reader.GetGuid(0));
            }
        }

        var waited = Stopwatch.StartNew();
        while (stored.Any(id => inboxes.PushDelayMs(id) is null) && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(200);
        }

        var delays = stored.Select(inboxes.PushDelayMs).OfType<double>().Order().ToArray();
        return new Pushes(stored.Count, delays.Length, Load.Percentile(delays, 50), Load.Percentile(delays, 99));
    }

    private static string Report(
        BenchOptions options, BenchWorld world, LoadResult baselineMax, LoadResult apiMax, Pushes pushMax,
        LoadResult baselineRate, LoadResult apiRate, Pushes pushRate)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"Morning rush, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {BenchResult.Processor()}, {Environment.ProcessorCount} cores: {world.Guardians.Count} guardians (real access tokens), {world.StaffUserNames.Count} staff inboxes on the hub.");
        text.AppendLine();
        text.AppendLine("| phase | target | requests | req/s | p50 ms | p99 ms | 201 | other |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (phase, result) in new[]
        {
            ($"wrk, {options.Connections} connections, {options.Seconds} s", baselineMax),
            ($"wrk, {options.Connections} connections, {options.Seconds} s", apiMax),
            ($"fixed {options.Rate}/s, {options.RateSeconds} s", baselineRate),
            ($"fixed {options.Rate}/s, {options.RateSeconds} s", apiRate),
        })
        {
            text.AppendLine(inv, $"| {phase} | {result.Name} | {result.Requests} | {result.RequestsPerSecond:F0} | {result.P50Ms:F1} | {result.P99Ms:F1} | {result.Created} | {result.Failed} |");
        }

        text.AppendLine();
        var ratio = apiMax.RequestsPerSecond / baselineMax.RequestsPerSecond;
        text.AppendLine(inv, $"- Throughput, Meldebok / baseline: {ratio:P0} (target at least 50 %: {(ratio >= 0.5 ? "met" : "NOT met")}).");
        text.AppendLine(inv, $"- p99 at {options.Rate} reports/s: {apiRate.P99Ms:F1} ms (target under 100 ms: {(apiRate.P99Ms < 100 ? "met" : "NOT met")}).");
        text.AppendLine(inv, $"- Stored: wrk phase {pushMax.Stored} notices for {apiMax.Created} answered 201 (the rest were in flight when wrk stopped); fixed-rate phase {pushRate.Stored} for {apiRate.Created}.");
        text.AppendLine(inv, $"- Live push to the staff inboxes (commit → hub client): wrk phase {pushMax.Seen} of {pushMax.Stored} notices, p50 {pushMax.P50Ms:F0} ms, p99 {pushMax.P99Ms:F0} ms; fixed-rate phase {pushRate.Seen} of {pushRate.Stored}, p50 {pushRate.P50Ms:F0} ms, p99 {pushRate.P99Ms:F0} ms.");
        return text.ToString();
    }

    private static BenchResult Result(
        BenchOptions options, BenchWorld world, DateTimeOffset startedAt, string loadStart, LoadResult baselineMax, LoadResult apiMax, Pushes pushMax,
        LoadResult baselineRate, LoadResult apiRate, Pushes pushRate)
    {
        static BenchRow Row(string phase, LoadResult r, bool baseline, Pushes? pushes) => new($"{r.Name}, {phase}", baseline, new Dictionary<string, double?>
        {
            ["requests"] = r.Requests,
            ["perSecond"] = BenchResult.Figure(r.RequestsPerSecond, 0),
            ["p50Ms"] = BenchResult.Figure(r.P50Ms),
            ["p99Ms"] = BenchResult.Figure(r.P99Ms),
            ["created"] = r.Created,
            ["other"] = r.Failed,
            ["pushedToInbox"] = pushes?.Seen,
            ["pushP50Ms"] = pushes is { } p ? BenchResult.Figure(p.P50Ms, 0) : null,
            ["pushP99Ms"] = pushes is { } q ? BenchResult.Figure(q.P99Ms, 0) : null,
        });

        var wrk = $"wrk {options.Connections} connections {options.Seconds} s";
        var rate = $"fixed {options.Rate}/s {options.RateSeconds} s";
        var ratio = apiMax.RequestsPerSecond / baselineMax.RequestsPerSecond;
        return new BenchResult(
            "morning-rush",
            "Morning rush: guardians reporting absence through the whole stack",
            startedAt,
            DateTimeOffset.UtcNow,
            loadStart,
            BenchResult.LoadAverage(),
            new Dictionary<string, string>
            {
                ["guardians"] = world.Guardians.Count.ToString(CultureInfo.InvariantCulture),
                ["staff inboxes"] = world.StaffUserNames.Count.ToString(CultureInfo.InvariantCulture),
                ["wrk"] = wrk,
                ["fixed rate"] = rate,
            },
            [Row(wrk, baselineMax, true, null), Row(wrk, apiMax, false, pushMax), Row(rate, baselineRate, true, null), Row(rate, apiRate, false, pushRate)],
            [
                new BenchTarget("throughput, Meldebok / baseline", "at least 50 %", BenchResult.Figure(ratio * 100), "%", ratio >= 0.5),
                new BenchTarget($"p99 at {options.Rate} reports/s", "under 100 ms", BenchResult.Figure(apiRate.P99Ms), "ms", apiRate.P99Ms < 100),
            ],
            [
                "Baseline: a bare endpoint inserting one row with raw Npgsql into the same database.",
                $"Stored: wrk phase {pushMax.Stored} notices for {apiMax.Created} answered 201; fixed-rate phase {pushRate.Stored} for {apiRate.Created}.",
            ]);
    }

    private static void Log(string message) => Load.Log(message);
}
