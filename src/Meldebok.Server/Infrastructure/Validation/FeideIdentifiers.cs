using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Meldebok.Server.Infrastructure.Validation;

/// <summary>
/// Feide identifiers: the eduPersonPrincipalName a staff member signs in with, <c>user@realm</c>,
/// where the realm is the organisation's domain (e.g. <c>kari.larsen@trondheim.kommune.no</c>).
/// </summary>
internal static partial class FeideIdentifiers
{
    /// <summary>A user part without spaces or @, an @, and a realm of at least two dot-separated DNS labels.</summary>
    public static bool IsValid(string? value) => value is not null && PrincipalName().IsMatch(value);

    /// <summary>
    /// The form we store and compare: trimmed and lower case. The eduPerson schema compares
    /// eduPersonPrincipalName case-insensitively, so <c>Kari@Skole.no</c> and <c>kari@skole.no</c> are one person.
    /// </summary>
    public static string? Normalise(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();

    [GeneratedRegex(@"^[^@\s]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PrincipalName();
}

/// <summary>Validates a Feide identifier (eduPersonPrincipalName); empty values are left to [Required].</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
internal sealed class FeideIdAttribute : ValidationAttribute
{
    public FeideIdAttribute() : base("Feide-id-en må ha formen brukernavn@organisasjon.no, for eksempel kari.larsen@trondheim.kommune.no.") { }

    public override bool IsValid(object? value) =>
        value is null || (value is string text && (string.IsNullOrWhiteSpace(text) || FeideIdentifiers.IsValid(text.Trim())));
}
