namespace Meldebok.Server.Features.Consents.Pages;

/// <summary>The addresses of the consent pages.</summary>
internal static class ConsentPaths
{
    public const string Guardian = "/samtykker";
    public const string Staff = "/ansatt/samtykker";
    public const string New = "/ansatt/samtykker/ny";

    /// <summary>One request for the guardian, where the notification e-mail leads.</summary>
    public const string GuardianRequestRoute = "/samtykker/{Id:guid}";
    /// <summary>The evidence export for the web UI (signed in with the cookie; the API takes bearer tokens only).</summary>
    public const string ExportRoute = "/ansatt/samtykker/{id:guid}/eksport";

    public static string Status(Guid id) => $"/ansatt/samtykker/{id}";

    public static string GuardianRequest(Guid id) => $"/samtykker/{id}";

    public static string Export(Guid id) => $"/ansatt/samtykker/{id}/eksport";
}
