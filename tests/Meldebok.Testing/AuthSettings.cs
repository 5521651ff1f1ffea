using Meldebok.Server.Features.Identity;
using Microsoft.AspNetCore.Hosting;

namespace Meldebok.Testing;

/// <summary>Settings of <c>Auth:*</c> that several test hosts share.</summary>
public static class AuthSettings
{
    /// <summary>Enables ID-porten and Feide, both at stand-ins that know the client <paramref name="clientId"/>.</summary>
    public static IWebHostBuilder UseExternalProviders(this IWebHostBuilder builder, string idPortenIssuer, string feideIssuer, string clientId, string clientSecret) =>
        builder.UseSetting("Auth:IdPorten:Issuer", idPortenIssuer)
            .UseSetting("Auth:IdPorten:ClientId", clientId)
            .UseSetting("Auth:IdPorten:ClientSecret", clientSecret)
            .UseSetting("Auth:Feide:Issuer", feideIssuer)
            .UseSetting("Auth:Feide:ClientId", clientId)
            .UseSetting("Auth:Feide:ClientSecret", clientSecret);

    /// <summary>Registers a school administration system for client credentials with scope <c>meldebok.roster</c>.</summary>
    public static IWebHostBuilder UseRosterIntegration(this IWebHostBuilder builder, string clientId, string clientSecret, string municipalityOrganisationNumber) =>
        builder.UseSetting("Auth:Clients:0:ClientId", clientId)
            .UseSetting("Auth:Clients:0:DisplayName", "Skoleadministrativt system")
            .UseSetting("Auth:Clients:0:ClientSecret", clientSecret)
            .UseSetting("Auth:Clients:0:MunicipalityOrganisationNumber", municipalityOrganisationNumber)
            .UseSetting("Auth:Clients:0:Scopes:0", ApiScopes.RosterImport);
}
