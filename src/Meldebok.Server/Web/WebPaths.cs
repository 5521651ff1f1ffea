namespace Meldebok.Server.Web;

/// <summary>The addresses of the web UI, so that links and pages name them in one place.</summary>
internal static class WebPaths
{
    public const string Home = "/";
    /// <summary>
    /// The header <c>wwwroot/js/live.js</c> sends when it re-fetches a page for its live region: a page may then skip what it
    /// renders outside the region (the script keeps only the region).
    /// </summary>
    public const string LiveRefreshHeader = "X-Meldebok-Live";
    public const string AccessibilityStatement = "/tilgjengelighet";
    public const string SignIn = "/konto/logg-inn";
    public const string SignOut = "/konto/logg-ut";
    public const string NotRegistered = "/konto/ikke-registrert";
    public const string AccessDenied = "/konto/ingen-tilgang";
    public const string NotFound = "/feil/ikke-funnet";
    public const string Language = "/sprak";
    public const string ApiDocumentation = "/api/docs";

    /// <summary>Addresses that answer programs, not people: their errors stay ProblemDetails JSON.</summary>
    private static readonly PathString[] MachinePaths = ["/api", "/openapi", "/health", "/hubs"];

    /// <summary>True for addresses a person opens in a browser, whose errors are HTML pages.</summary>
    public static bool IsPage(PathString path) => !MachinePaths.Any(path.StartsWithSegments);
}
