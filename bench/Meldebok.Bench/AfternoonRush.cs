using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Meldebok.Bench;

/// <summary>What the afternoon rush runs against and how hard.</summary>
internal sealed record AfternoonRushOptions
{
    public const string Usage =
        "Usage: Meldebok.Bench afternoon-rush --server URL --database CONNECTION_STRING " +
        "[--unit-children 300] [--boards 10] [--rate 50] [--seconds 20] [--warm-up-seconds 10] [--check-in-rate 100] [--out results.md] [--json results.json]";

    public required Uri Server { get; init; }
    public required string Database { get; init; }
    /// <summary>Children with a place today at the unit whose boards are watched.</summary>
    public int UnitChildren { get; init; } = 300;
    /// <summary>Live boards (tablets) of that unit.</summary>
    public int Boards { get; init; } = 10;
    /// <summary>Check-outs per second across the municipality (README: the national afternoon peak).</summary>
    public int Rate { get; init; } = 50;
    public int Seconds { get; init; } = 20;
    /// <summary>Check-outs (then undone) at the same rate before the measured phase, so the server's check-out path is compiled.</summary>
    public int WarmUpSeconds { get; init; } = 10;
    public int CheckInRate { get; init; } = 100;
    public string? Out { get; init; }
    public string? Json { get; init; }

    public static AfternoonRushOptions? Parse(string[] args)
    {
        if (BenchArgs.Parse(args) is not { } values
            || !values.TryGetValue("server", out var server) || !values.TryGetValue("database", out var database))
        {
            return null;
        }

        return new AfternoonRushOptions
        {
            Server = new Uri(server),
            Database = database,
            UnitChildren = BenchArgs.Number(values, "unit-children", 300),
            Boards = BenchArgs.Number(values, "boards", 10),
            Rate = BenchArgs.Number(values, "rate", 50),
            Seconds = BenchArgs.Number(values, "seconds", 20),
            WarmUpSeconds = BenchArgs.Number(values, "warm-up-seconds", 10),
            CheckInRate = BenchArgs.Number(values, "check-in-rate", 100),
            Out = values.GetValueOrDefault("out"),
            Json = values.GetValueOrDefault("json"),
        };
    }
}

/// <summary>
/// The SFO afternoon rush: every child checked in, then check-outs at the national peak rate across the municipality
/// while a big unit's boards are live and the children's guardians are connected — through the whole stack, beside
/// the same work done with raw Npgsql (one board query, insert + NOTIFY) on the same database in the same run.
/// </summary>
internal static class AfternoonRush
{
    private const string BaselineUnitChannel = "bench_sfo_unit";
    private const string BaselineGuardianChannel = "bench_sfo_guardian";

    /// <summary>What one phase measured: the check-out requests, the board reads, and the guardians told.</summary>
    private sealed record Phase(string Name, LoadResult CheckOuts, double[] BoardMs, long BoardFailures, long GuardiansExpected,
        double[] NotifyMs, double[] RequestToNotifyMs);

    public static async Task<int> RunAsync(AfternoonRushOptions options)
    {
        var startedAt = DateTimeOffset.UtcNow;
        await using var db = NpgsqlDataSource.Create(options.Database);
        var oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
        var localNow = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, oslo);
        var today = DateOnly.FromDateTime(localNow.DateTime);
        // SFO places run Monday to Friday: on a Saturday or Sunday nobody is expected, and the children are checked in
        // without a place, with a reason — the board then lists them from their check-ins instead of their places.
        var weekend = today.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        if (weekend)
        {
            Log($"{today:yyyy-MM-dd} is a {today.DayOfWeek} in Oslo: no place runs today, so every child is checked in without a place, with a reason.");
        }

        var clock = Stopwatch.StartNew();
        var load = Math.Round(double.Parse((await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[0], CultureInfo.InvariantCulture), 2);
        var total = options.Rate * options.Seconds;
        var world = await SfoWorld.PrepareAsync(db, options.UnitChildren, Math.Max(total, options.UnitChildren), today);
        Log($"Load average {load}. {world.Children.Count} children with a place today at {world.DeskStaffByUnit.Count} units; board unit {world.BoardUnitId} ({clock.Elapsed.TotalSeconds:F1} s).");

        var guardianIds = world.GuardianNins.Keys.ToList();
        var guardianTokens = await TokenClient.SignInAllAsync(options.Server, [.. guardianIds.Select(BenchWorld.GuardianUserName)]);
        // Only those who act: one staff member per unit at its desk, and the watched unit's staff on its boards.
        var staffIds = world.DeskStaffByUnit.Values.Concat(world.BoardStaff.Take(options.Boards)).Distinct().ToList();
        var staffTokens = (await TokenClient.SignInAllAsync(options.Server, [.. staffIds.Select(BenchWorld.StaffUserName)]))
            .Select((t, i) => (staffIds[i], t)).ToDictionary(x => x.Item1, x => x.t);
        Log($"Signed in {guardianTokens.Count} guardians and {staffTokens.Count} staff through authorization code + PKCE ({clock.Elapsed.TotalSeconds:F1} s).");

        using var http = Load.NewClient();
        var date = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string Board(Guid unitId) => new Uri(options.Server, $"/api/v1/sfo-units/{unitId}/board/{date}/").ToString();
        // Each check-in and check-out carries an Idempotency-Key, as a tablet that retries on a flaky network sends it: the path
        // where the key, the change and the stored answer commit in one transaction.
        var runId = Guid.NewGuid().ToString("N")[..8];
        async Task<HttpStatusCode> PostAsync(SfoChild child, string path, object body, string? keyPrefix = null, Action<JsonElement>? onAnswer = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Board(child.UnitId) + path) { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new("Bearer", staffTokens[world.DeskStaffByUnit[child.UnitId]]);
            request.Headers.Add("Idempotency-Key", $"{keyPrefix ?? path}-{runId}-{child.PupilId:N}");
            using var response = await http.SendAsync(request);
            if (response.IsSuccessStatusCode && onAnswer is not null)
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                onAnswer(json.RootElement);
            }

            return response.StatusCode;
        }

        // Every child arrives (the world cleared the day of earlier runs' check-ins and check-outs).
        var checkIns = await Load.FixedRateAsync("Meldebok: check-ins", options.CheckInRate, (world.Children.Count + options.CheckInRate - 1) / options.CheckInRate,
            i => i >= world.Children.Count ? Task.FromResult(HttpStatusCode.Created)
                : PostAsync(world.Children[i], "check-ins", new { pupilId = world.Children[i].PupilId, reason = weekend ? "Benchmark på en helgedag" : null }));
        Log($"Checked in: {checkIns.Created} created, {checkIns.Failed} other (p50 {checkIns.P50Ms:F0} ms, p99 {checkIns.P99Ms:F0} ms).");

        // The check-outs come in a shuffled order, so the watched unit's children leave among everyone else's.
        var leaving = world.Children.OrderBy(c => HashCode.Combine(c.PupilId, 17)).Take(total).ToList();

        var baseline = await BaselinePhaseAsync(db, options, world, today, leaving);
        Log($"Baseline done ({clock.Elapsed.TotalSeconds:F1} s).");

        await using var guardians = await HubListeners.OpenAsync(options.Server, guardianTokens, "sfo.child-checked-out", "pupilId", onEvent: null, CancellationToken.None);
        var boardToken = Enumerable.Range(0, options.Boards).Select(i => staffTokens[world.BoardStaff[i % world.BoardStaff.Count]]).ToList();
        // Each board reads the whole day once, then on every event only what changed since the board's lastEventId
        // (?since=), as a tablet would; the poller keeps it to one fetch at a time per board.
        long wholeAgain = 0;
        var boards = boardToken.Select(token =>
        {
            long? since = null;
            return new BoardPoller(async () =>
            {
                var url = since is { } after ? $"{Board(world.BoardUnitId)}?since={after.ToString(CultureInfo.InvariantCulture)}" : Board(world.BoardUnitId);
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Authorization = new("Bearer", token);
                using var response = await http.SendAsync(request);
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync();
                using var json = await JsonDocument.ParseAsync(body);
                if (since is not null && json.RootElement.GetProperty("full").GetBoolean())
                {
                    Interlocked.Increment(ref wholeAgain);
                }

                since = json.RootElement.GetProperty("lastEventId").GetInt64();
            });
        }).ToList();
        await using var boardHubs = await HubListeners.OpenAsync(options.Server, boardToken, "sfo.checked-out", "pupilId", i => boards[i].Poke(), CancellationToken.None);
        Log($"{guardianTokens.Count} guardians and {boards.Count} boards connected to /hubs/meldebok ({clock.Elapsed.TotalSeconds:F1} s).");
        await WarmUpAsync(boards);
        await WarmUpCheckOutsAsync(options, leaving, PostAsync);
        await guardians.WaitForQuietAsync();
        await Task.WhenAll(boards.Select(b => b.DrainAsync()));
        guardians.Forget();
        var warmUpReads = boards.Select(b => b.LatenciesMs().Length).ToList();

        var measuredFrom = Stopwatch.GetTimestamp();
        var measuredAt = DateTimeOffset.UtcNow;
        var sentAt = new DateTimeOffset[leaving.Count];
        var checkOuts = await Load.FixedRateAsync("Meldebok: POST …/check-outs", options.Rate, options.Seconds, i =>
        {
            sentAt[i] = DateTimeOffset.UtcNow;
            return PostAsync(leaving[i], "check-outs", new { pupilId = leaving[i].PupilId, method = "PickedUp", pickedUpByName = "Bente Benk", confirmUnlistedPickup = true });
        });
        await WaitForAsync(() => leaving.All(c => guardians.PushDelayMs(c.PupilId) is not null));
        await Task.WhenAll(boards.Select(b => b.DrainAsync()));
        Log($"Board deltas answered with the whole day (since too old or unknown): {Interlocked.Read(ref wholeAgain)}.");
        LogBoardReadsOverTime(boards, warmUpReads, measuredFrom, measuredAt);
        var product = new Phase("Meldebok", checkOuts,
            [.. boards.SelectMany((b, i) => b.LatenciesMs().Skip(warmUpReads[i])).Order()], boards.Sum(b => b.Failures), leaving.Count,
            [.. leaving.Select(c => guardians.PushDelayMs(c.PupilId)).OfType<double>().Order()],
            [.. leaving.Select((c, i) => guardians.ReceivedAt(c.PupilId) is { } at ? (at - sentAt[i]).TotalMilliseconds : (double?)null).OfType<double>().Order()]);

        var report = Report(options, world, load, today, baseline, product);
        Console.WriteLine(report);
        if (options.Out is { } path)
        {
            await File.WriteAllTextAsync(path, report);
        }

        await Result(options, world, startedAt, load, today, baseline, product).WriteAsync(options.Json);
        var allTold = product.NotifyMs.Length == leaving.Count;
        return allTold && checkOuts.Failed == 0 && product.BoardFailures == 0 ? 0 : 1;
    }

    /// <summary>
    /// The same afternoon with raw Npgsql: a check-out is one INSERT and two NOTIFYs in one implicit transaction (the
    /// notifications go out on commit); each board LISTENs on its own connection and reads the unit's day once with one SQL
    /// query (the children with a place today or a check-in today, their names, the latest attendance and the latest
    /// baseline check-out per child, and the newest check-out's number as its cursor), then on each of its unit's
    /// notifications one SQL query for the rows of the children checked out after its cursor — the delta, as the product's
    /// boards ask <c>?since=</c>; the guardians LISTEN on one connection.
    /// </summary>
    private static async Task<Phase> BaselinePhaseAsync(NpgsqlDataSource db, AfternoonRushOptions options, SfoWorld world, DateOnly today, List<SfoChild> leaving)
    {
        await using (var create = db.CreateCommand("""
            CREATE TABLE IF NOT EXISTS bench_sfo_checkouts (id uuid PRIMARY KEY, unit_id uuid NOT NULL, pupil_id uuid NOT NULL, method text NOT NULL, at timestamptz NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_bench_sfo_checkouts_unit_pupil ON bench_sfo_checkouts (unit_id, pupil_id, at);
            ALTER TABLE bench_sfo_checkouts ADD COLUMN IF NOT EXISTS seq bigint GENERATED ALWAYS AS IDENTITY;
            CREATE INDEX IF NOT EXISTS ix_bench_sfo_checkouts_unit_seq ON bench_sfo_checkouts (unit_id, seq);
            """))
        {
            await create.ExecuteNonQueryAsync();
        }

        // The place's bit of today (none on a Saturday or Sunday, as in the product).
        var weekdayBit = today.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0 : 1 << ((int)today.DayOfWeek - 1);
        var boards = Enumerable.Range(0, options.Boards).Select(_ =>
        {
            long? since = null;
            return new BoardPoller(async () =>
            {
                if (since is { } after)
                {
                    since = await BaselineDeltaAsync(db, world.BoardUnitId, today, after);
                    return;
                }

                since = await BaselineDayAsync(db, world.BoardUnitId, today, weekdayBit);
            });
        }).ToList();

        var told = new System.Collections.Concurrent.ConcurrentDictionary<Guid, (double DelayMs, DateTimeOffset At)>();
        using var stop = new CancellationTokenSource();
        var listeners = new List<Task>();
        var connections = new List<NpgsqlConnection>();
        async Task ListenAsync(string channel, NotificationEventHandler handler)
        {
            var connection = await db.OpenConnectionAsync();
            connections.Add(connection);
            connection.Notification += handler;
            await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
            {
                await listen.ExecuteNonQueryAsync();
            }

            listeners.Add(Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        await connection.WaitAsync(stop.Token);
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }));
        }

        var unit = world.BoardUnitId.ToString();
        foreach (var board in boards)
        {
            await ListenAsync(BaselineUnitChannel, (_, e) =>
            {
                if (e.Payload == unit)
                {
                    board.Poke();
                }
            });
        }

        await ListenAsync(BaselineGuardianChannel, (_, e) =>
        {
            var now = DateTimeOffset.UtcNow;
            var parts = e.Payload.Split('|');
            var committedAt = new DateTimeOffset(long.Parse(parts[1], CultureInfo.InvariantCulture), TimeSpan.Zero);
            told.TryAdd(Guid.Parse(parts[0]), ((now - committedAt).TotalMilliseconds, now));
        });

        await WarmUpAsync(boards);
        var warmUpReads = boards.Select(b => b.LatenciesMs().Length).ToList();
        var sentAt = new DateTimeOffset[leaving.Count];
        var checkOuts = await Load.FixedRateAsync("Baseline: INSERT + NOTIFY", options.Rate, options.Seconds, async i =>
        {
            var child = leaving[i];
            sentAt[i] = DateTimeOffset.UtcNow;
            await using var batch = db.CreateBatch();
            batch.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO bench_sfo_checkouts (id, unit_id, pupil_id, method, at) VALUES ($1, $2, $3, 'PickedUp', now())")
            {
                Parameters = { new() { Value = Guid.CreateVersion7() }, new() { Value = child.UnitId }, new() { Value = child.PupilId } },
            });
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{BaselineUnitChannel}', $1), pg_notify('{BaselineGuardianChannel}', $2)")
            {
                Parameters =
                {
                    new() { Value = child.UnitId.ToString() },
                    // Taken before the commit, as the outbox event's occurredAt is.
                    new() { Value = $"{child.PupilId}|{DateTimeOffset.UtcNow.UtcTicks.ToString(CultureInfo.InvariantCulture)}" },
                },
            });
            await batch.ExecuteNonQueryAsync();
            return HttpStatusCode.Created;
        });
        await WaitForAsync(() => leaving.All(c => told.ContainsKey(c.PupilId)));
        await Task.WhenAll(boards.Select(b => b.DrainAsync()));
        await stop.CancelAsync();
        await Task.WhenAll(listeners);
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        return new Phase("Baseline", checkOuts,
            [.. boards.SelectMany((b, i) => b.LatenciesMs().Skip(warmUpReads[i])).Order()], boards.Sum(b => b.Failures), leaving.Count,
            [.. leaving.Select(c => told.TryGetValue(c.PupilId, out var t) ? t.DelayMs : (double?)null).OfType<double>().Order()],
            [.. leaving.Select((c, i) => told.TryGetValue(c.PupilId, out var t) ? (t.At - sentAt[i]).TotalMilliseconds : (double?)null).OfType<double>().Order()]);
    }

    /// <summary>
    /// The baseline board's whole day in one query: the children with a place today or a check-in today, their names, the latest
    /// attendance and the latest baseline check-out per child, and the newest baseline check-out's number (the cursor, read in
    /// the same statement). Returns the cursor.
    /// </summary>
    private static async Task<long> BaselineDayAsync(NpgsqlDataSource db, Guid unitId, DateOnly today, int weekdayBit)
    {
        await using var query = db.CreateCommand("""
            WITH children AS (
                SELECT e.pupil_id FROM sfo_enrolments e
                WHERE e.sfo_unit_id = $1 AND e.start_date <= $2 AND (e.end_date IS NULL OR e.end_date >= $2) AND (e.weekdays & $3) <> 0
                UNION
                SELECT s.pupil_id FROM sfo_attendances s WHERE s.sfo_unit_id = $1 AND s.date = $2 AND s.undone_at IS NULL)
            SELECT p.id, p.given_name, p.family_name, a.kind, a.occurred_at, a.method, b.at,
                   (SELECT coalesce(max(x.seq), 0) FROM bench_sfo_checkouts x) AS cursor
            FROM children c
            JOIN pupils p ON p.id = c.pupil_id AND p.is_active
            LEFT JOIN LATERAL (SELECT s.kind, s.occurred_at, s.method FROM sfo_attendances s
                               WHERE s.sfo_unit_id = $1 AND s.pupil_id = c.pupil_id AND s.date = $2 AND s.undone_at IS NULL
                               ORDER BY s.occurred_at DESC LIMIT 1) a ON true
            LEFT JOIN LATERAL (SELECT x.at FROM bench_sfo_checkouts x WHERE x.unit_id = $1 AND x.pupil_id = c.pupil_id
                               ORDER BY x.at DESC LIMIT 1) b ON true
            ORDER BY p.given_name, p.family_name, p.id
            """);
        query.Parameters.AddWithValue(unitId);
        query.Parameters.AddWithValue(today);
        query.Parameters.AddWithValue(weekdayBit);
        await using var reader = await query.ExecuteReaderAsync();
        long cursor = 0;
        while (await reader.ReadAsync())
        {
            cursor = reader.GetInt64(7);
        }

        // A day with no child on the board still moves the cursor.
        if (cursor == 0)
        {
            await using var newest = db.CreateCommand("SELECT coalesce(max(seq), 0) FROM bench_sfo_checkouts");
            cursor = (long)(await newest.ExecuteScalarAsync())!;
        }

        return cursor;
    }

    /// <summary>
    /// The baseline board's delta in one query: the rows (name, latest attendance, the check-out) of the children of the unit
    /// checked out after <paramref name="since"/>. Returns the new cursor. (Numbers are taken at insert, so a check-out that
    /// commits after a later-numbered one can be passed over: the baseline measures the cost of a delta read, not the
    /// product's guarantee, which the outbox's publish order gives.)
    /// </summary>
    private static async Task<long> BaselineDeltaAsync(NpgsqlDataSource db, Guid unitId, DateOnly today, long since)
    {
        await using var query = db.CreateCommand("""
            SELECT p.id, p.given_name, p.family_name, a.kind, a.occurred_at, a.method, x.at, x.seq
            FROM bench_sfo_checkouts x
            JOIN pupils p ON p.id = x.pupil_id AND p.is_active
            LEFT JOIN LATERAL (SELECT s.kind, s.occurred_at, s.method FROM sfo_attendances s
                               WHERE s.sfo_unit_id = $1 AND s.pupil_id = x.pupil_id AND s.date = $2 AND s.undone_at IS NULL
                               ORDER BY s.occurred_at DESC LIMIT 1) a ON true
            WHERE x.unit_id = $1 AND x.seq > $3
            ORDER BY x.seq
            """);
        query.Parameters.AddWithValue(unitId);
        query.Parameters.AddWithValue(today);
        query.Parameters.AddWithValue(since);
        await using var reader = await query.ExecuteReaderAsync();
        var cursor = since;
        while (await reader.ReadAsync())
        {
            cursor = reader.GetInt64(7);
        }

        return cursor;
    }

    /// <summary>
    /// The measured board reads' p99 per <see cref="Slice"/> of the measured phase, in the log: whether slow reads are spread
    /// over the phase or bunched in part of it (a start still warming, a moment PostgreSQL's autovacuum analysed a table).
    /// </summary>
    private static void LogBoardReadsOverTime(List<BoardPoller> boards, List<int> warmUpReads, long measuredFrom, DateTimeOffset measuredAt)
    {
        var slices = boards.SelectMany((b, i) => b.Timed().Skip(warmUpReads[i]))
            .GroupBy(r => (int)(Stopwatch.GetElapsedTime(measuredFrom, r.StartedAt) / Slice))
            .OrderBy(g => g.Key)
            .Select(g => string.Create(CultureInfo.InvariantCulture,
                $"{g.Key * Slice.TotalSeconds:F0} s: {Load.Percentile([.. g.Select(r => r.Ms).Order()], 99):F0}"));
        Log($"Board read p99 (ms) per {Slice.TotalSeconds:F0} s from the first measured check-out ({measuredAt:HH:mm:ss.f} UTC): {string.Join(", ", slices)}.");
    }

    private static readonly TimeSpan Slice = TimeSpan.FromSeconds(2);

    /// <summary>Each board reads itself 20 times before the measured phase (JIT, query plans, connection pools).</summary>
    private static async Task WarmUpAsync(List<BoardPoller> boards)
    {
        for (var i = 0; i < 20; i++)
        {
            boards.ForEach(b => b.Poke());
            await Task.WhenAll(boards.Select(b => b.DrainAsync()));
        }
    }

    /// <summary>
    /// Checks children out at the measured rate for <see cref="AfternoonRushOptions.WarmUpSeconds"/> and undoes each check-out,
    /// so the measured phase meets a server whose check-out path — the endpoint, its queries, the pushes to boards and
    /// guardians — has been compiled, as at 15:00 after the day's first pickups. Without it the runtime's tiered JIT worked on
    /// half a core through the first 8 s of the measured 20 (perf, 2026-12-07). The children stay checked in.
    /// </summary>
    private static async Task WarmUpCheckOutsAsync(AfternoonRushOptions options, List<SfoChild> leaving, BoardPost post)
    {
        if (options.WarmUpSeconds <= 0)
        {
            return;
        }

        var warming = leaving.Take(options.Rate * options.WarmUpSeconds).ToList();
        var ids = new Guid?[warming.Count];
        var outs = await Load.FixedRateAsync("Warm-up: check-outs", options.Rate, options.WarmUpSeconds, i => i >= warming.Count
            ? Task.FromResult(HttpStatusCode.Created)
            // A key of its own: the measured check-out of the same child must not replay this one's answer.
            : post(warming[i], "check-outs", new { pupilId = warming[i].PupilId, method = "PickedUp", pickedUpByName = "Bente Benk", confirmUnlistedPickup = true },
                "warm-up-check-outs", created => ids[i] = created.GetProperty("id").GetGuid()));
        var undoneCount = new int[1];
        await Load.FixedRateAsync("Warm-up: undo", options.Rate, options.WarmUpSeconds, async i =>
        {
            if (i >= warming.Count || ids[i] is not { } id)
            {
                return HttpStatusCode.OK;
            }

            var status = await post(warming[i], $"check-outs/{id}/undo", new { });
            if (status == HttpStatusCode.OK)
            {
                Interlocked.Increment(ref undoneCount[0]);
            }

            return status;
        });
        Log($"Warm-up: {outs.Created} check-outs (p50 {outs.P50Ms:F0} ms, p99 {outs.P99Ms:F0} ms), {undoneCount[0]} of them undone.");
    }

    /// <summary>
    /// A POST to the board of the child's unit as its desk staff, with an <c>Idempotency-Key</c> of <paramref name="keyPrefix"/>
    /// (the path by default), the run and the child; <paramref name="onAnswer"/> gets the answer's JSON when it succeeds.
    /// </summary>
    private delegate Task<HttpStatusCode> BoardPost(SfoChild child, string path, object body, string? keyPrefix = null, Action<JsonElement>? onAnswer = null);

    /// <summary>Waits, up to 60 s, until <paramref name="done"/> holds.</summary>
    private static async Task WaitForAsync(Func<bool> done)
    {
        var waited = Stopwatch.StartNew();
        while (!done() && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(200);
        }
    }

    private static string Report(AfternoonRushOptions options, SfoWorld world, double load, DateOnly today, Phase baseline, Phase product)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"Afternoon rush, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC (SFO day {today:yyyy-MM-dd}, {today.DayOfWeek}), {BenchResult.Processor()}, {Environment.ProcessorCount} cores, load average {load} at the start: {world.Children.Count} children checked in at {world.DeskStaffByUnit.Count} SFO units ({options.UnitChildren} at the watched unit), {options.Boards} live boards of that unit, check-outs at {options.Rate}/s for {options.Seconds} s with each child's guardian connected to the hub.");
        text.AppendLine();
        text.AppendLine("| target | check-outs | per s | check-out p50 ms | p99 ms | board reads | board p50 ms | board p99 ms | guardians told | commit → guardian p50 ms | p99 ms | request → guardian p99 ms |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var phase in new[] { baseline, product })
        {
            var c = phase.CheckOuts;
            text.AppendLine(inv, $"| {c.Name} | {c.Created} of {c.Requests} | {c.RequestsPerSecond:F0} | {c.P50Ms:F1} | {c.P99Ms:F1} | {phase.BoardMs.Length} | {Load.Percentile(phase.BoardMs, 50):F1} | {Load.Percentile(phase.BoardMs, 99):F1} | {phase.NotifyMs.Length} of {phase.GuardiansExpected} | {Load.Percentile(phase.NotifyMs, 50):F0} | {Load.Percentile(phase.NotifyMs, 99):F0} | {Load.Percentile(phase.RequestToNotifyMs, 99):F0} |");
        }

        text.AppendLine();
        var boardP99 = Load.Percentile(product.BoardMs, 99);
        var notifyP99 = Load.Percentile(product.NotifyMs, 99);
        text.AppendLine(inv, $"- Board query p99 under load: {boardP99:F1} ms (target under 50 ms: {(boardP99 < 50 ? "met" : "NOT met")}); failed board reads: {product.BoardFailures}.");
        text.AppendLine(inv, $"- Check-out → guardian's live event p99: {notifyP99:F0} ms (target under 1000 ms: {(notifyP99 < 1000 && product.NotifyMs.Length == product.GuardiansExpected ? "met" : "NOT met")}); guardians told {product.NotifyMs.Length} of {product.GuardiansExpected}.");
        return text.ToString();
    }

    private static BenchResult Result(AfternoonRushOptions options, SfoWorld world, DateTimeOffset startedAt, double load, DateOnly today, Phase baseline, Phase product)
    {
        static BenchRow Row(Phase phase, bool isBaseline) => new(phase.CheckOuts.Name, isBaseline, new Dictionary<string, double?>
        {
            ["checkOuts"] = phase.CheckOuts.Requests,
            ["created"] = phase.CheckOuts.Created,
            ["perSecond"] = BenchResult.Figure(phase.CheckOuts.RequestsPerSecond, 0),
            ["checkOutP50Ms"] = BenchResult.Figure(phase.CheckOuts.P50Ms),
            ["checkOutP99Ms"] = BenchResult.Figure(phase.CheckOuts.P99Ms),
            ["boardReads"] = phase.BoardMs.Length,
            ["boardP50Ms"] = BenchResult.Figure(Load.Percentile(phase.BoardMs, 50)),
            ["boardP99Ms"] = BenchResult.Figure(Load.Percentile(phase.BoardMs, 99)),
            ["guardiansTold"] = phase.NotifyMs.Length,
            ["guardiansExpected"] = phase.GuardiansExpected,
            ["notifyP50Ms"] = BenchResult.Figure(Load.Percentile(phase.NotifyMs, 50), 0),
            ["notifyP99Ms"] = BenchResult.Figure(Load.Percentile(phase.NotifyMs, 99), 0),
        });

        var boardP99 = Load.Percentile(product.BoardMs, 99);
        var notifyP99 = Load.Percentile(product.NotifyMs, 99);
        return new BenchResult(
            "afternoon-rush",
            "Afternoon rush: SFO check-outs, live boards and guardians told",
            startedAt,
            DateTimeOffset.UtcNow,
            load.ToString(CultureInfo.InvariantCulture),
            BenchResult.LoadAverage(),
            new Dictionary<string, string>
            {
                ["SFO day"] = $"{today:yyyy-MM-dd} ({today.DayOfWeek})",
                ["children checked in"] = world.Children.Count.ToString(CultureInfo.InvariantCulture),
                ["children at the watched unit"] = options.UnitChildren.ToString(CultureInfo.InvariantCulture),
                ["boards"] = options.Boards.ToString(CultureInfo.InvariantCulture),
                ["check-outs"] = $"{options.Rate}/s for {options.Seconds} s",
            },
            [Row(baseline, true), Row(product, false)],
            [
                new BenchTarget("board query p99 under load", "under 50 ms", BenchResult.Figure(boardP99), "ms", boardP99 < 50),
                new BenchTarget("check-out → guardian's live event p99", "under 1000 ms, every guardian told", BenchResult.Figure(notifyP99, 0), "ms",
                    notifyP99 < 1000 && product.NotifyMs.Length == product.GuardiansExpected),
            ],
            ["Baseline: raw Npgsql, one INSERT and two pg_notify per check-out; boards LISTEN, read the unit's day once and then, per notification, one SQL query for the children checked out since their cursor; guardians LISTEN.",
             "Meldebok: boards read GET …/board/{date} once and then, per event, GET …/board/{date}?since={lastEventId}."]);
    }

    private static void Log(string message) => Load.Log(message);
}
