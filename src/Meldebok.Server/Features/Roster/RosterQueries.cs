namespace Meldebok.Server.Features.Roster;

/// <summary>Small helpers the roster services share.</summary>
internal static class RosterQueries
{
    /// <summary>Escapes LIKE wildcards in user input so that a search for "50%" finds "50%".</summary>
    public static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);

    public static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
