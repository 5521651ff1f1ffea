using System.ComponentModel.DataAnnotations;

namespace Meldebok.Server.Features.Identity;

/// <summary>Sign-in and token settings (section <c>Auth</c>).</summary>
internal sealed class AuthOptions : IValidatableObject
{
    public const string Section = "Auth";

    [Range(1, 1440)] public int AccessTokenLifetimeMinutes { get; set; } = 15;
    [Range(1, 1440)] public int IdentityTokenLifetimeMinutes { get; set; } = 15;
    [Range(1, 365)] public int RefreshTokenLifetimeDays { get; set; } = 14;
    /// <summary>How long a used refresh token may be presented again (network retries) before reuse revokes the chain.</summary>
    [Range(0, 300)] public int RefreshTokenReuseLeewaySeconds { get; set; } = 30;

    /// <summary>Failed password attempts before the account is locked, and for how long.</summary>
    [Range(3, 20)] public int LockoutMaxFailedAttempts { get; set; } = 5;
    [Range(1, 1440)] public int LockoutMinutes { get; set; } = 15;

    /// <summary>
    /// PKCS#12 (.pfx) certificates, base64-encoded, that sign and encrypt tokens. Required outside
    /// Development and Testing, where development keys are used. Every replica must use the same.
    /// </summary>
    public string? SigningCertificate { get; set; }
    public string? EncryptionCertificate { get; set; }
    public string? CertificatePassword { get; set; }

    /// <summary>Set by the host: Development and Testing may use generated keys.</summary>
    public bool AllowDevelopmentKeys { get; set; }

    /// <summary>API clients (apps and integrations), synchronised into the OpenIddict store at start-up.</summary>
    public List<ClientRegistration> Clients { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!AllowDevelopmentKeys && (string.IsNullOrEmpty(SigningCertificate) || string.IsNullOrEmpty(EncryptionCertificate)))
        {
            yield return new ValidationResult(
                "Auth:SigningCertificate and Auth:EncryptionCertificate (base64 PKCS#12) are required outside Development.",
                [nameof(SigningCertificate), nameof(EncryptionCertificate)]);
        }

        foreach (var (client, index) in Clients.Select((c, i) => (c, i)))
        {
            var context = new ValidationContext(client);
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(client, context, results, validateAllProperties: true);
            foreach (var result in results.Concat(client.Validate(context)))
            {
                yield return new ValidationResult($"Auth:Clients:{index} ({client.ClientId}): {result.ErrorMessage}");
            }
        }
    }
}

/// <summary>One API client. Public clients (apps) use code + PKCE; confidential ones may use client credentials.</summary>
internal sealed class ClientRegistration : IValidatableObject
{
    [Required, RegularExpression("^[a-z0-9][a-z0-9._-]{2,63}$")] public string ClientId { get; set; } = "";
    [Required] public string DisplayName { get; set; } = "";
    /// <summary>Set for confidential clients (integrations); never for apps on devices.</summary>
    public string? ClientSecret { get; set; }
    /// <summary>Redirect URIs for code + PKCE; empty for pure integrations.</summary>
    public List<string> RedirectUris { get; set; } = [];
    public List<string> PostLogoutRedirectUris { get; set; } = [];
    /// <summary>For client-credentials integrations: the municipality they act for, and what they may do.</summary>
    public string? MunicipalityOrganisationNumber { get; set; }
    public List<string> Scopes { get; set; } = [];

    public bool IsConfidential => !string.IsNullOrEmpty(ClientSecret);
    public bool UsesClientCredentials => IsConfidential && MunicipalityOrganisationNumber is not null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RedirectUris.Count == 0 && !UsesClientCredentials)
        {
            yield return new ValidationResult("a client needs redirect URIs (apps) or a secret and MunicipalityOrganisationNumber (integrations).");
        }

        foreach (var uri in RedirectUris.Concat(PostLogoutRedirectUris))
        {
            if (!Uri.TryCreate(uri, UriKind.Absolute, out _))
            {
                yield return new ValidationResult($"'{uri}' is not an absolute URI.");
            }
        }

        foreach (var scope in Scopes.Where(s => !ApiScopes.All.Contains(s)))
        {
            yield return new ValidationResult($"unknown scope '{scope}'; known: {string.Join(", ", ApiScopes.All)}.");
        }
    }
}

/// <summary>Scopes of the Meldebok API beyond the OpenID Connect ones.</summary>
internal static class ApiScopes
{
    /// <summary>The API on behalf of a signed-in person.</summary>
    public const string Api = "meldebok.api";
    /// <summary>Import rosters on behalf of a municipality (client credentials).</summary>
    public const string RosterImport = "meldebok.roster";

    public static readonly string[] All = [Api, RosterImport];
}
