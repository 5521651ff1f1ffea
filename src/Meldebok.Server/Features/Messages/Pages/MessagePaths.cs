namespace Meldebok.Server.Features.Messages.Pages;

/// <summary>The addresses of the message pages.</summary>
internal static class MessagePaths
{
    public const string Inbox = "/meldinger";
    public const string NewThread = "/meldinger/ny";
    public const string NewBulk = "/ansatt/meldinger/ny";

    public static string Thread(Guid id) => $"/meldinger/{id}";

    public static string Received(Guid id) => $"/meldinger/beskjed/{id}";

    public static string BulkStatus(Guid id) => $"/ansatt/meldinger/beskjed/{id}";
}
