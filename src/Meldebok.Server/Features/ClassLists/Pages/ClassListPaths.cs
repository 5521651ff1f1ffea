namespace Meldebok.Server.Features.ClassLists.Pages;

/// <summary>The addresses of the class-list pages.</summary>
internal static class ClassListPaths
{
    public const string Guardian = "/klasseliste";
    public const string Staff = "/ansatt/klasselister";
    public const string PrintRoute = "/ansatt/klasselister/{GroupId:guid}/utskrift";
    /// <summary>The CSV download for the web UI (signed in with the cookie; the API takes bearer tokens only).</summary>
    public const string ExportRoute = "/ansatt/klasselister/{groupId:guid}/eksport";

    public static string Print(Guid groupId) => $"/ansatt/klasselister/{groupId}/utskrift";

    public static string Export(Guid groupId) => $"/ansatt/klasselister/{groupId}/eksport";
}
