using Meldebok.Server.Infrastructure.Auth;
using OpenIddict.Abstractions;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Validation.OpenIddictValidationEvents;
using static OpenIddict.Validation.OpenIddictValidationHandlerFilters;

namespace Meldebok.Server.Features.Identity;

/// <summary>
/// Restores an API request's access token from its entry and checks the entry and the authorization it was issued under, as
/// OpenIddict's own three handlers for this do (all replaced by this one), but reads the entry in the statement that reads the
/// caller's roles from the roster (<see cref="RosterRoleResolver.ResolveWithTokenAsync"/>): every API request costs one round
/// trip for the token and the roles, not two. A token whose entry is missing or no longer valid (revoked, pruned), or whose
/// authorization is no longer valid (revoked with a reused refresh token), is refused with 401 — here, where OpenIddict
/// restores the entry, and so before the expiry and audience checks, which refuse with 401 too.
/// </summary>
internal sealed class TokenEntryValidation(
    RosterRoleResolver roster, IOpenIddictTokenManager tokens, IOpenIddictAuthorizationManager authorizations) : IOpenIddictValidationHandler<ValidateTokenContext>
{
    /// <summary>In the place of OpenIddict's restoring of the token's entry, with the same filter.</summary>
    public static OpenIddictValidationHandlerDescriptor Descriptor { get; }
        = OpenIddictValidationHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .AddFilter<RequireTokenEntryValidationEnabled>()
            .UseScopedHandler<TokenEntryValidation>()
            .SetOrder(OpenIddictValidationHandlers.Protection.RestoreTokenEntryProperties.Descriptor.Order)
            .SetType(OpenIddictValidationHandlerType.Custom)
            .Build();

    /// <summary>The handlers this one replaces: each reads through OpenIddict's token or authorization manager.</summary>
    public static IEnumerable<OpenIddictValidationHandlerDescriptor> Replaced =>
    [
        OpenIddictValidationHandlers.Protection.RestoreTokenEntryProperties.Descriptor,
        OpenIddictValidationHandlers.Protection.ValidateTokenEntry.Descriptor,
        OpenIddictValidationHandlers.Protection.ValidateAuthorizationEntry.Descriptor,
    ];

    public async ValueTask HandleAsync(ValidateTokenContext context)
    {
        // No token id: the token has no entry to check (OpenIddict's own handler returns alike).
        if (context.Principal is not { } principal || principal.GetTokenId() is not { Length: > 0 } tokenId)
        {
            return;
        }

        var ct = context.Transaction.CancellationToken;
        // A person's token carries the account id; a client's (client credentials) does not, and has no roster roles.
        var entry = Guid.TryParse(principal.GetClaim(Claims.Subject), out var accountId)
            ? await roster.ResolveWithTokenAsync(accountId, tokenId, ct)
            : null;
        entry ??= await ReadAloneAsync(tokenId, ct);

        if (entry is not { Status: Statuses.Valid })
        {
            context.Logger.LogInformation("The token {TokenId} is no longer valid", tokenId);
            context.Reject(Errors.InvalidToken, OpenIddictResources.GetResourceString(OpenIddictResources.ID2019),
                OpenIddictResources.FormatID8000(OpenIddictResources.ID2019));
            return;
        }

        principal.SetCreationDate(Utc(entry.CreationDate))
            .SetExpirationDate(Utc(entry.ExpirationDate))
            .SetAuthorizationId(context.AuthorizationId = entry.AuthorizationId)
            .SetTokenId(context.TokenId = tokenId)
            .SetTokenType(entry.Type);

        if (entry.AuthorizationId is not null && entry.AuthorizationStatus != Statuses.Valid)
        {
            context.Logger.LogInformation("The authorization {AuthorizationId} of token {TokenId} is no longer valid", entry.AuthorizationId, tokenId);
            context.Reject(Errors.InvalidToken, OpenIddictResources.GetResourceString(OpenIddictResources.ID2023),
                OpenIddictResources.FormatID8000(OpenIddictResources.ID2023));
        }
    }

    /// <summary>The token's entry through OpenIddict's managers, for a token without an account in the roster.</summary>
    private async Task<TokenEntry?> ReadAloneAsync(string tokenId, CancellationToken ct)
    {
        if (await tokens.FindByIdAsync(tokenId, ct) is not { } token)
        {
            return null;
        }

        var authorizationId = await tokens.GetAuthorizationIdAsync(token, ct);
        var authorization = authorizationId is null ? null : await authorizations.FindByIdAsync(authorizationId, ct);
        return new TokenEntry(
            await tokens.GetStatusAsync(token, ct),
            (await tokens.GetCreationDateAsync(token, ct))?.UtcDateTime,
            (await tokens.GetExpirationDateAsync(token, ct))?.UtcDateTime,
            await tokens.GetTypeAsync(token, ct),
            authorizationId,
            authorization is null ? null : await authorizations.GetStatusAsync(authorization, ct));
    }

    private static DateTimeOffset? Utc(DateTime? date) => date is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)) : null;
}
