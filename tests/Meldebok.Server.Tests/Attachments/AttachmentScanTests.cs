using System.Net;
using System.Net.Sockets;
using Meldebok.Server.Features.Attachments;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Attachments;

/// <summary>The virus-scan hook with <see cref="ClamdScanner"/> against a loopback clamd stand-in: infected files are never stored.</summary>
public sealed class AttachmentScanTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> GuardianOfHostScanningAtAsync(int port)
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var host = app.WithWebHostBuilder(builder => builder
            .UseSetting("Attachments:ClamdHost", "127.0.0.1")
            .UseSetting("Attachments:ClamdPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return host.ClientFor(TestUser.Account(await app.GuardianAccountIdAsync(world.Roster.GuardianA)));
    }

    [Fact]
    public async Task A_clean_file_is_scanned_and_stored_and_an_infected_one_is_refused_and_never_stored()
    {
        await using var clamd = new ClamdStandIn();
        var guardian = await GuardianOfHostScanningAtAsync(clamd.Port);
        var pdf = TestFiles.Pdf();

        var clean = await (await AttachmentTests.UploadAsync(guardian, pdf, "ren.pdf")).ReadAsync<AttachmentResponse>(HttpStatusCode.Created);

        Assert.Equal(AttachmentScanStatus.Clean, clean.ScanStatus);
        Assert.Equal(pdf, clamd.LastScanned);
        var rows = await app.WithDbAsync(db => db.Attachments.CountAsync(Ct));
        var blobs = Directory.EnumerateFiles(app.AttachmentsPath, "*", SearchOption.AllDirectories).Count();

        var infected = TestFiles.Pdf().Concat(ClamdStandIn.Eicar).ToArray();
        var errors = await (await AttachmentTests.UploadAsync(guardian, infected, "virus.pdf")).ValidationProblemAsync("file");

        Assert.Equal("Filen ble stoppet av virusskanningen og er ikke lagret.", errors.GetProperty("file")[0].GetString());
        Assert.Equal(2, clamd.Scans);
        Assert.Equal(rows, await app.WithDbAsync(db => db.Attachments.CountAsync(Ct)));
        Assert.Equal(blobs, Directory.EnumerateFiles(app.AttachmentsPath, "*", SearchOption.AllDirectories).Count());
    }

    [Fact]
    public async Task When_the_scanner_does_not_answer_the_upload_is_refused_with_503()
    {
        // A port that nobody listens on: taken, then released.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var guardian = await GuardianOfHostScanningAtAsync(port);
        var rows = await app.WithDbAsync(db => db.Attachments.CountAsync(Ct));

        var problem = await (await AttachmentTests.UploadAsync(guardian, TestFiles.Pdf(), "plan.pdf")).ProblemAsync(HttpStatusCode.ServiceUnavailable);

        Assert.Equal("Virusskanningen svarer ikke akkurat nå, så filen er ikke lagret. Prøv igjen om litt.", problem.GetProperty("detail").GetString());
        Assert.Equal(rows, await app.WithDbAsync(db => db.Attachments.CountAsync(Ct)));
    }
}
