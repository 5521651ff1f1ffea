using System.Net;
using Meldebok.Server.Features.Messages;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Roster;
using Meldebok.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Tests.Messages;

/// <summary>Sending a bulk message as the product does it: 202 Queued, the undo window passes, the fan-out job runs.</summary>
internal static class BulkSending
{
    public const string Bulk = "/api/v1/bulk-messages";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The host's undo window (Messages:UndoWindowSeconds).</summary>
    public static TimeSpan UndoWindow(this MeldebokApp app) => app.Services.GetRequiredService<IOptions<MessageOptions>>().Value.UndoWindow;

    /// <summary>One run of the fan-out sweeper, as Hangfire's minute job would start it.</summary>
    public static async Task FanOutAsync(this MeldebokApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<BulkFanOutJob>().RunAsync(Ct);
    }

    /// <summary>Sends (202, Queued), lets the undo window pass, runs the fan-out and returns the sender's view of the sent message.</summary>
    public static async Task<BulkMessageStatusResponse> SendBulkAsync(this MeldebokApp app, HttpClient sender, BulkMessageRequest request)
    {
        var queued = await (await sender.PostJsonAsync(Bulk, request)).ReadAsync<BulkMessageStatusResponse>(HttpStatusCode.Accepted);
        Assert.Equal(BulkMessageState.Queued, queued.State);
        app.Time.Advance(app.UndoWindow());
        await app.FanOutAsync();
        var sent = await sender.GetJsonAsync<BulkMessageStatusResponse>($"{Bulk}/{queued.Id}");
        Assert.Equal(BulkMessageState.Sent, sent.State);
        return sent;
    }
}
