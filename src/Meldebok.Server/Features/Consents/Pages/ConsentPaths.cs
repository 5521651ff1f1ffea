namespace Meldebok.Server.Features.Consents.Pages;

/// <summary>The addresses of the consent pages.</summary>
internal static class ConsentPaths
{
    public const string Guardian = "/samtykker";
    public const string Staff = "/ansatt/samtykker";
    public const string New = "/ansatt/samtykker/ny";

    public static string Status(Guid id) => $"/ansatt/samtykker/{id}";
}
