namespace Meldebok.Server.Features.ClassLists.Pages;

/// <summary>The addresses of the class-list pages.</summary>
internal static class ClassListPaths
{
    public const string Guardian = "/klasseliste";
    public const string Staff = "/ansatt/klasselister";
    public const string PrintRoute = "/ansatt/klasselister/{GroupId:guid}/utskrift";
    /// <summary>The CSV download for the web UI (signed in with the cookie; the API takes bearer tokens only).</summary>
    public const string ExportRoute = "/ansatt/klasselister/{groupId:guid}/eksport";

    /// <summary>The class list of an SFO unit as a whole (<c>?enhet=</c> chooses the unit).</summary>
    public const string Sfo = "/ansatt/klasselister/sfo";
    public const string SfoPrintRoute = "/ansatt/klasselister/sfo/{UnitId:guid}/utskrift";
    public const string SfoExportRoute = "/ansatt/klasselister/sfo/{unitId:guid}/eksport";

    public static string Print(Guid groupId) => $"/ansatt/klasselister/{groupId}/utskrift";

    public static string Export(Guid groupId) => $"/ansatt/klasselister/{groupId}/eksport";

    public static string SfoPrint(Guid unitId) => $"/ansatt/klasselister/sfo/{unitId}/utskrift";

    public static string SfoExport(Guid unitId) => $"/ansatt/klasselister/sfo/{unitId}/eksport";
}
