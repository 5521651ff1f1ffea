namespace Meldebok.Server.Features.Sfo.Pickup.Pages;

/// <summary>The addresses of the pickup pages.</summary>
internal static class PickupPaths
{
    public const string Guardian = "/henting";
}
