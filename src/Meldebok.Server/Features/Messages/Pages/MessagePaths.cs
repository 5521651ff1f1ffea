namespace Meldebok.Server.Features.Messages.Pages;

/// <summary>The addresses of the message pages.</summary>
internal static class MessagePaths
{
    public const string Inbox = "/meldinger";
    public const string NewThread = "/meldinger/ny";
    public const string NewBulk = "/ansatt/meldinger/ny";

    public static string Thread(Guid id) => $"/meldinger/{id}";

    public static string Received(Guid id) => $"/meldinger/beskjed/{id}";

    public const string BulkStatusTemplate = "/ansatt/meldinger/beskjed/{Id:guid}";
    public const string EditBulkTemplate = "/ansatt/meldinger/beskjed/{Id:guid}/endre";

    public static string BulkStatus(Guid id) => $"/ansatt/meldinger/beskjed/{id}";

    /// <summary>The status page after an edit was saved: it says so.</summary>
    public static string BulkStatusEdited(Guid id) => $"{BulkStatus(id)}?endret=1";

    public static string EditBulk(Guid id) => $"/ansatt/meldinger/beskjed/{id}/endre";
}
