using System.Diagnostics;
using System.Net;
using Meldebok.Server.Features.Demo;
using Meldebok.Server.Features.Messages;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Messages;
using Meldebok.Server.Tests.Processes;
using Meldebok.Server.Tests.Roster;

namespace Meldebok.Server.Tests.Drills;

/// <summary>
/// Fault drill: every server process is killed (SIGKILL) while a municipality-wide bulk message is being fanned out, and
/// started again. The message reaches every recipient once: one stored copy, one e-mail and one SMS each.
/// </summary>
[Collection(ServerProcessesDefinition.Name)]
public sealed class FanOutKillDrillTests(ProcessCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Killing_every_replica_mid_fan_out_loses_and_doubles_nothing_once_they_are_started_again()
    {
        var admin = (await DemoData.SeedWithAccountsAsync(cluster.Arranger)).Single(s => s.Key == DemoSignIns.MunicipalityAdmin);
        using var client = cluster.A.Client(await ProcessSignIn.AccessTokenAsync(cluster.A.BaseAddress, admin.Username, DemoSignIns.Password));
        var target = new BulkTarget(BulkTargetKind.Municipality);
        var preview = await (await client.PostJsonAsync($"{BulkSending.Bulk}/preview", new BulkPreviewRequest(target))).ReadAsync<BulkPreviewResponse>();
        // Several batches of Messages:FanOutBatchSize (100), so that the kill can land between two of them.
        Assert.True(preview.RecipientCount >= 300, $"The demo municipality has only {preview.RecipientCount} recipients.");

        await using var db = await Sql.OpenAsync(cluster.Arranger.Database);
        // Each batch of copies takes a quarter of a second longer while the drill waits for its moment to kill.
        await Sql.ExecuteAsync(db, """
            CREATE OR REPLACE FUNCTION drill_slow_batch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.25); RETURN NULL; END $$;
            CREATE TRIGGER drill_slow_batch AFTER INSERT ON bulk_message_recipients FOR EACH STATEMENT EXECUTE FUNCTION drill_slow_batch();
            """);
        var subject = "Øvelse " + Guid.NewGuid().ToString("N")[..8];
        var queued = await (await client.PostJsonAsync(BulkSending.Bulk, new BulkMessageRequest(target, subject, "Dette er en øvelse.", Urgent: true)))
            .ReadAsync<BulkMessageStatusResponse>(HttpStatusCode.Accepted);
        var id = ("id", (object)queued.Id);

        var waited = Stopwatch.StartNew();
        while (await Sql.ScalarAsync<int>(db, "SELECT stored_count FROM bulk_messages WHERE id = @id", id) == 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "The fan-out did not store its first batch within 60 s.\n" + cluster.Output);
            await Task.Delay(20, Ct);
        }

        await Task.WhenAll(cluster.A.KillAsync(), cluster.B.KillAsync());
        var storedAtKill = await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM bulk_message_recipients WHERE bulk_message_id = @id", id);
        Assert.Equal("Sending", await Sql.ScalarAsync<string>(db, "SELECT state FROM bulk_messages WHERE id = @id", id));
        Assert.InRange(storedAtKill, 1, preview.RecipientCount - 1);
        Assert.Equal(0, await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM notification_deliveries WHERE source_id = @id", id));
        await Sql.ExecuteAsync(db, "DROP TRIGGER drill_slow_batch ON bulk_message_recipients; DROP FUNCTION drill_slow_batch();");

        var restarted = Stopwatch.StartNew();
        await cluster.A.StartAsync();
        await cluster.B.StartAsync();
        // The dead worker's claim goes stale after Messages:FanOutClaimTimeoutMinutes (1); the minutely sweeper takes it over.
        while (await Sql.ScalarAsync<string>(db, "SELECT state FROM bulk_messages WHERE id = @id", id) != "Sent")
        {
            Assert.True(restarted.Elapsed < TimeSpan.FromSeconds(180), "The fan-out was not finished within 180 s of the restart.\n" + cluster.Output);
            await Task.Delay(250, Ct);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"Fan-out drill: killed at {storedAtKill} of {preview.RecipientCount} copies; sent {restarted.Elapsed.TotalSeconds:0} s after the restart began.");
        var delivering = Stopwatch.StartNew();
        while (await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM notification_deliveries WHERE source_id = @id AND status IN ('Pending', 'Sending')", id) > 0)
        {
            // About 1 800 e-mails and SMS through the stand-ins; minutes on a loaded machine.
            Assert.True(delivering.Elapsed < TimeSpan.FromSeconds(420), "The notifications were not all delivered within 420 s.\n" + cluster.Output);
            await Task.Delay(500, Ct);
        }

        // One copy per recipient, each recipient the preview named.
        Assert.Equal(preview.RecipientCount, await Sql.ScalarAsync<long>(db, "SELECT count(DISTINCT guardian_id) FROM bulk_message_recipients WHERE bulk_message_id = @id", id));
        Assert.Equal(preview.RecipientCount, await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM bulk_message_recipients WHERE bulk_message_id = @id", id));
        Assert.Equal(preview.RecipientCount, await Sql.ScalarAsync<int>(db, "SELECT recipient_count FROM bulk_messages WHERE id = @id", id));

        // Every recipient's e-mail and SMS were sent, each exactly once: the stand-ins count what reached them.
        var deliveries = await Sql.PairsAsync<string, string>(db, """
            SELECT d.channel || ' ' || d.status, CASE d.channel WHEN 'Email' THEN g.email ELSE g.mobile END
            FROM notification_deliveries d JOIN guardians g ON g.id = d.guardian_id WHERE d.source_id = @id
            """, id);
        Assert.DoesNotContain(deliveries, d => d.Item1.EndsWith(" Failed", StringComparison.Ordinal));
        var emails = deliveries.Where(d => d.Item1 == "Email Sent").Select(d => d.Item2).ToList();
        var phones = deliveries.Where(d => d.Item1 == "Sms Sent").Select(d => d.Item2).ToList();
        Assert.True(emails.Count > preview.RecipientCount / 2, $"Only {emails.Count} of {preview.RecipientCount} recipients had an e-mail delivery.");
        Assert.True(phones.Count > preview.RecipientCount / 2, $"Only {phones.Count} of {preview.RecipientCount} recipients had an SMS delivery.");

        var mailed = cluster.Smtp.Received.Where(m => m.Subject?.Contains(subject, StringComparison.Ordinal) == true)
            .SelectMany(m => m.To.Mailboxes.Select(a => a.Address)).ToList();
        Assert.Equal(emails.Order(StringComparer.Ordinal), mailed.Order(StringComparer.Ordinal));
        var smsIds = (await Sql.PairsAsync<Guid, string>(db, "SELECT id, channel FROM notification_deliveries WHERE source_id = @id AND channel = 'Sms'", id))
            .Select(d => d.Item1.ToString("N")).ToHashSet();
        var texted = cluster.Sms.Requests.Where(r => smsIds.Contains(r.Reference) && r.Answered == HttpStatusCode.Accepted).Select(r => r.To).ToList();
        Assert.Equal(phones.Order(StringComparer.Ordinal), texted.Order(StringComparer.Ordinal));
    }
}
