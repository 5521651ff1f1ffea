using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Meldebok.Server.Features.Identity;

/// <summary>
/// Makes the OpenIddict application store match <c>Auth:Clients</c> at start-up, so that API clients
/// are registered through configuration (and secrets through the environment), reviewed like code.
/// </summary>
internal sealed class ClientRegistrationSync(IServiceProvider services, IOptions<AuthOptions> options, ILogger<ClientRegistrationSync> logger)
    : IHostedService
{
    /// <summary>Property on an application holding the municipality a client-credentials integration acts for.</summary>
    public const string MunicipalityProperty = "meldebok_municipality";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var db = scope.ServiceProvider.GetRequiredService<MeldebokDbContext>();

        foreach (var client in options.Value.Clients)
        {
            var descriptor = await DescribeAsync(client, db, cancellationToken);
            var existing = await manager.FindByClientIdAsync(client.ClientId, cancellationToken);
            if (existing is null)
            {
                await manager.CreateAsync(descriptor, cancellationToken);
                logger.LogInformation("Registered API client {ClientId}", client.ClientId);
            }
            else
            {
                await manager.UpdateAsync(existing, descriptor, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task<OpenIddictApplicationDescriptor> DescribeAsync(ClientRegistration client, MeldebokDbContext db, CancellationToken ct)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            DisplayName = client.DisplayName,
            ClientType = client.IsConfidential ? ClientTypes.Confidential : ClientTypes.Public,
            ClientSecret = client.ClientSecret,
            ConsentType = ConsentTypes.Implicit,
        };

        if (client.RedirectUris.Count > 0)
        {
            descriptor.Permissions.UnionWith([
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile, Permissions.Prefixes.Scope + ApiScopes.Api,
            ]);
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
            foreach (var uri in client.RedirectUris) descriptor.RedirectUris.Add(new Uri(uri));
            foreach (var uri in client.PostLogoutRedirectUris) descriptor.PostLogoutRedirectUris.Add(new Uri(uri));
        }

        if (client.IsConfidential)
        {
            descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.Endpoints.Introspection, Permissions.Endpoints.Revocation]);
        }

        if (client.UsesClientCredentials)
        {
            var municipalityId = await db.Municipalities
                .Where(m => m.OrganisationNumber == client.MunicipalityOrganisationNumber)
                .Select(m => (Guid?)m.Id)
                .SingleOrDefaultAsync(ct)
                ?? throw new OptionsValidationException(AuthOptions.Section, typeof(AuthOptions),
                    [$"Auth:Clients ({client.ClientId}): no municipality has organisation number {client.MunicipalityOrganisationNumber}."]);
            descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
            descriptor.Properties[MunicipalityProperty] = System.Text.Json.JsonSerializer.SerializeToElement(municipalityId.ToString());
        }

        foreach (var scope in client.Scopes)
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }

        return descriptor;
    }
}
