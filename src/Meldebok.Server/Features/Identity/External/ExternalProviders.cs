using System.ComponentModel.DataAnnotations;

namespace Meldebok.Server.Features.Identity.External;

/// <summary>An OpenID Connect provider people sign in with: ID-porten (guardians) or Feide (staff and administrators).</summary>
/// <param name="Name">The name in addresses and in the OpenIddict registration, e.g. <c>idporten</c>.</param>
/// <param name="Section">The configuration section, e.g. <c>Auth:IdPorten</c>.</param>
/// <param name="DefaultScopes">The scopes asked for when the configuration names none.</param>
/// <param name="IdentifierClaim">The claim the person is found by in the roster.</param>
/// <param name="DevelopmentPort">The loopback port of the stand-in that Development uses when the provider is not configured.</param>
internal sealed record ExternalProvider(string Name, string Section, string[] DefaultScopes, string IdentifierClaim, int DevelopmentPort)
{
    public static readonly ExternalProvider IdPorten = new("idporten", "Auth:IdPorten", ["openid", "profile"], "pid", 5081);

    public static readonly ExternalProvider Feide = new("feide", "Auth:Feide", ["openid", "profile", "email", "userid-feide"],
        "https://n.feide.no/claims/eduPersonPrincipalName", 5082);

    public static readonly ExternalProvider[] All = [IdPorten, Feide];

    /// <summary>Where the provider sends the browser back, relative to the site's root.</summary>
    public string CallbackPath => $"/konto/ekstern/{Name}/callback";

    public static ExternalProvider? Find(string? name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One provider's settings (sections <c>Auth:IdPorten</c> and <c>Auth:Feide</c>, as named options).</summary>
internal sealed class ExternalProviderOptions : IValidatableObject
{
    /// <summary>The issuer (authority), e.g. <c>https://idporten.no</c>; its discovery document is read from there.</summary>
    [Required] public string Issuer { get; set; } = "";
    [Required] public string ClientId { get; set; } = "";
    [Required] public string ClientSecret { get; set; } = "";
    /// <summary>The scopes to ask for; the provider's defaults when empty.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>Set by the host: Development and Testing may use a plain-HTTP issuer on loopback.</summary>
    public bool AllowHttpIssuer { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(Issuer, UriKind.Absolute, out var issuer) || (issuer.Scheme != Uri.UriSchemeHttps && !(AllowHttpIssuer && issuer.Scheme == Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult($"'{Issuer}' is not an absolute https URI.", [nameof(Issuer)]);
        }

        if (!Scopes.Contains("openid", StringComparer.Ordinal) && Scopes.Count > 0)
        {
            yield return new ValidationResult("the scopes must include 'openid'.", [nameof(Scopes)]);
        }
    }
}
