using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Meldebok.Bench;

/// <summary>
/// The fan-out benchmark (bench/fan-out/README.md): a municipality administrator sends one message to every guardian of
/// the largest municipality while guardians are connected live to the hub; measures until every recipient row exists
/// and every live client has its event, beside a raw binary COPY of as many rows into the same table in the same run.
/// </summary>
internal static class FanOut
{
    private const int SignInParallelism = 4;
    private const int ConnectParallelism = 16;

    public static async Task<int> RunAsync(Uri server, string database, int liveClients, string? outPath, string? jsonPath)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var loadStart = BenchResult.LoadAverage();
        await using var db = NpgsqlDataSource.Create(database);
        var clock = Stopwatch.StartNew();
        var world = await BenchWorld.PrepareAsync(db, liveClients, maxStaff: 0);
        var admin = await BenchWorld.AdministratorAccountAsync(db);
        Log($"Chose {world.Guardians.Count} live guardians and an administrator ({clock.Elapsed.TotalSeconds:F1} s).");

        var adminToken = await TokenClient.SignInAsync(server, admin, CancellationToken.None);
        var tokens = new string[world.Guardians.Count];
        await Parallel.ForAsync(0, tokens.Length, new ParallelOptions { MaxDegreeOfParallelism = SignInParallelism },
            async (i, ct) => tokens[i] = await TokenClient.SignInAsync(server, world.Guardians[i].UserName, ct));
        Log($"Signed in through authorization code + PKCE ({clock.Elapsed.TotalSeconds:F1} s).");

        await using var guardians = await HubClients.OpenAsync(server, tokens, "bulkMessageId", ConnectParallelism, CancellationToken.None);
        await using var sender = await HubClients.OpenAsync(server, [adminToken], "bulkMessageId", 1, CancellationToken.None);
        Log($"{guardians.Count} guardians and the sender connected to /hubs/meldebok ({clock.Elapsed.TotalSeconds:F1} s).");

        using var http = new HttpClient { BaseAddress = server };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        var posted = DateTimeOffset.UtcNow;
        var response = await http.PostAsJsonAsync("/api/v1/bulk-messages", new
        {
            target = new { kind = "Municipality" },
            subject = "Skolene er stengt i morgen",
            body = "Alle skoler og SFO-er i kommunen holder stengt i morgen på grunn av uværet.",
            urgent = true,
        });
        var answered = DateTimeOffset.UtcNow;
        if ((int)response.StatusCode != 202)
        {
            throw new InvalidOperationException($"POST /api/v1/bulk-messages answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var messageId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var (sent, recipients, claimedAt) = await WaitUntilSentAsync(db, messageId, TimeSpan.FromMinutes(5));
        var waited = Stopwatch.StartNew();
        while (guardians.Arrivals("bulk.delivered", messageId).Any(a => a is null) && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(20);
        }

        var arrivals = guardians.Arrivals("bulk.delivered", messageId);
        var lastClient = arrivals.OfType<DateTimeOffset>().DefaultIfEmpty(answered).Max();
        var senderSent = sender.Arrivals("bulk.fanout-progress", messageId)[0];

        var copySeconds = await RawCopyAsync(db, messageId, recipients);
        var fanOutSeconds = (sent - claimedAt).TotalSeconds;
        var report = Report(world.Guardians.Count, recipients, posted, answered, claimedAt, sent, lastClient, arrivals.Count(a => a is not null), senderSent,
            fanOutSeconds, copySeconds);
        Console.WriteLine(report);
        if (outPath is not null)
        {
            await File.WriteAllTextAsync(outPath, report);
        }

        await Result(startedAt, loadStart, world.Guardians.Count, recipients, posted, answered, claimedAt, sent, lastClient,
            arrivals.Count(a => a is not null), fanOutSeconds, copySeconds).WriteAsync(jsonPath);

        return arrivals.All(a => a is not null) ? 0 : 1;
    }

    /// <summary>
    /// Polls the message until it is sent; returns when (seen by this poll), its recipient count and when its fan-out
    /// began (the moment its worker last took it; the column is cleared when it is sent, so it is read while sending).
    /// </summary>
    private static async Task<(DateTimeOffset Sent, int Recipients, DateTimeOffset ClaimedAt)> WaitUntilSentAsync(NpgsqlDataSource db, Guid id, TimeSpan patience)
    {
        DateTimeOffset? claimedAt = null;
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < patience)
        {
            await using var command = db.CreateCommand("SELECT state, recipient_count, fan_out_claimed_at FROM bulk_messages WHERE id = $1");
            command.Parameters.AddWithValue(id);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var state = reader.GetString(0);
            if (claimedAt is null && !reader.IsDBNull(2))
            {
                claimedAt = reader.GetFieldValue<DateTimeOffset>(2);
            }

            if (state == "Sent")
            {
                var now = DateTimeOffset.UtcNow;
                return (now, reader.GetInt32(1), claimedAt ?? now);
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"Bulk message {id} was not sent within {patience}.");
    }

    /// <summary>
    /// The baseline: the same (guardian, pupil) rows copied by one binary COPY into bulk_message_recipients for a copy of
    /// the message row, timed alone; then removed again.
    /// </summary>
    private static async Task<double> RawCopyAsync(NpgsqlDataSource db, Guid messageId, int expected)
    {
        var rows = new List<(Guid Guardian, Guid Pupil)>(expected);
        await using (var command = db.CreateCommand("SELECT guardian_id, pupil_id FROM bulk_message_recipients WHERE bulk_message_id = $1"))
        {
            command.Parameters.AddWithValue(messageId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetGuid(0), reader.GetGuid(1)));
            }
        }

        var baselineId = Guid.CreateVersion7();
        await using var connection = await db.OpenConnectionAsync();
        await using (var copyRow = new NpgsqlCommand("""
            INSERT INTO bulk_messages (id, municipality_id, sender_staff_id, sender_administrator_id, school_id, target_kind, target_ids, subject, body,
                                       urgent, created_at, sent_at, state, recipient_count, stored_count)
            SELECT $2, municipality_id, sender_staff_id, sender_administrator_id, school_id, target_kind, target_ids, subject, body,
                   urgent, created_at, sent_at, 'Cancelled', 0, 0
            FROM bulk_messages WHERE id = $1
            """, connection))
        {
            copyRow.Parameters.AddWithValue(messageId);
            copyRow.Parameters.AddWithValue(baselineId);
            await copyRow.ExecuteNonQueryAsync();
        }

        var now = DateTimeOffset.UtcNow;
        var timer = Stopwatch.StartNew();
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY bulk_message_recipients (bulk_message_id, guardian_id, pupil_id, delivered_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (guardian, pupil) in rows)
            {
                importer.StartRow();
                importer.Write(baselineId, NpgsqlDbType.Uuid);
                importer.Write(guardian, NpgsqlDbType.Uuid);
                importer.Write(pupil, NpgsqlDbType.Uuid);
                importer.Write(now, NpgsqlDbType.TimestampTz);
            }

            await importer.CompleteAsync();
        }

        var seconds = timer.Elapsed.TotalSeconds;
        foreach (var sql in new[] { "DELETE FROM bulk_message_recipients WHERE bulk_message_id = $1", "DELETE FROM bulk_messages WHERE id = $1" })
        {
            await using var cleanUp = new NpgsqlCommand(sql, connection);
            cleanUp.Parameters.AddWithValue(baselineId);
            await cleanUp.ExecuteNonQueryAsync();
        }

        return seconds;
    }

    private static string Report(
        int clients, int recipients, DateTimeOffset posted, DateTimeOffset answered, DateTimeOffset claimedAt, DateTimeOffset sent,
        DateTimeOffset lastClient, int clientsTold, DateTimeOffset? senderSent, double fanOutSeconds, double copySeconds)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        var fanOutRate = recipients / Math.Max(fanOutSeconds, 1e-6);
        var copyRate = recipients / Math.Max(copySeconds, 1e-6);
        var ratio = fanOutRate / copyRate;
        var endToEnd = (Max(sent, lastClient) - claimedAt).TotalSeconds;
        text.AppendLine(inv, $"Fan-out, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {BenchResult.Processor()}, {Environment.ProcessorCount} cores, load average {BenchResult.LoadAverage()}: one message to the whole municipality, {recipients} recipients, {clients} live clients on the hub.");
        text.AppendLine();
        text.AppendLine("| step | time |");
        text.AppendLine("|---|---:|");
        text.AppendLine(inv, $"| `POST /api/v1/bulk-messages` answered (202 Queued) | {(answered - posted).TotalMilliseconds:F0} ms |");
        text.AppendLine(inv, $"| answer → fan-out job started (job server pick-up) | {(claimedAt - answered).TotalMilliseconds:F0} ms |");
        text.AppendLine(inv, $"| fan-out: recipients resolved and every row stored (state Sent) | {fanOutSeconds * 1000:F0} ms |");
        text.AppendLine(inv, $"| fan-out start → every live client has `bulk.delivered` ({clientsTold} of {clients}) | {(lastClient - claimedAt).TotalMilliseconds:F0} ms |");
        text.AppendLine(inv, $"| the sender's first `bulk.fanout-progress` (recipients resolved, first batch stored) | {(senderSent is { } s ? $"{(s - claimedAt).TotalMilliseconds:F0} ms after the start" : "not received")} |");
        text.AppendLine(inv, $"| baseline: raw binary COPY of {recipients} rows into the same table | {copySeconds * 1000:F0} ms |");
        text.AppendLine();
        text.AppendLine(inv, $"- Rows per second: fan-out {fanOutRate:F0}, raw COPY {copyRate:F0}; fan-out / COPY = {ratio:P0} (target at least 30 %: {(ratio >= 0.3 ? "met" : "NOT met")}).");
        text.AppendLine(inv, $"- Whole municipality fanned out, live clients included, from the job's start: {endToEnd:F2} s (target under 5 s: {(endToEnd < 5 ? "met" : "NOT met")}); from the POST: {(Max(sent, lastClient) - posted).TotalSeconds:F2} s.");
        return text.ToString();
    }

    private static BenchResult Result(
        DateTimeOffset startedAt, string loadStart, int clients, int recipients, DateTimeOffset posted, DateTimeOffset answered, DateTimeOffset claimedAt,
        DateTimeOffset sent, DateTimeOffset lastClient, int clientsTold, double fanOutSeconds, double copySeconds)
    {
        var ratio = (recipients / Math.Max(fanOutSeconds, 1e-6)) / (recipients / Math.Max(copySeconds, 1e-6));
        var endToEnd = (Max(sent, lastClient) - claimedAt).TotalSeconds;
        return new BenchResult(
            "fan-out",
            "Fan-out: one message to every guardian of the municipality with live hub clients",
            startedAt,
            DateTimeOffset.UtcNow,
            loadStart,
            BenchResult.LoadAverage(),
            new Dictionary<string, string>
            {
                ["recipients"] = recipients.ToString(CultureInfo.InvariantCulture),
                ["live clients"] = clients.ToString(CultureInfo.InvariantCulture),
            },
            [
                new BenchRow($"baseline: raw binary COPY of {recipients} rows", true, new Dictionary<string, double?>
                {
                    ["storeMs"] = BenchResult.Figure(copySeconds * 1000, 0),
                    ["rowsPerSecond"] = BenchResult.Figure(recipients / Math.Max(copySeconds, 1e-6), 0),
                }),
                new BenchRow("Meldebok: POST /api/v1/bulk-messages and the fan-out job", false, new Dictionary<string, double?>
                {
                    ["postMs"] = BenchResult.Figure((answered - posted).TotalMilliseconds, 0),
                    ["storeMs"] = BenchResult.Figure(fanOutSeconds * 1000, 0),
                    ["rowsPerSecond"] = BenchResult.Figure(recipients / Math.Max(fanOutSeconds, 1e-6), 0),
                    ["startToLastClientMs"] = BenchResult.Figure((lastClient - claimedAt).TotalMilliseconds, 0),
                    ["clientsTold"] = clientsTold,
                }),
            ],
            [
                new BenchTarget("recipients stored, fan-out / raw COPY rate", "at least 30 %", BenchResult.Figure(ratio * 100), "%", ratio >= 0.3),
                new BenchTarget("whole municipality fanned out, live clients included, from the job's start", "under 5 s", BenchResult.Figure(endToEnd, 2), "s",
                    endToEnd < 5 && clientsTold == clients),
            ],
            [$"From the POST to the last live client: {(Max(sent, lastClient) - posted).TotalSeconds:F2} s."]);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static void Log(string message) => Console.Error.WriteLine($"[{DateTimeOffset.UtcNow:HH:mm:ss}] {message}");
}
