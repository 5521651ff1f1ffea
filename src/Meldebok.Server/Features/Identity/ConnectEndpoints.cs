using System.Security.Claims;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Auth;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Meldebok.Server.Features.Identity;

/// <summary>
/// The passthrough halves of the OpenID Connect endpoints: OpenIddict has validated the request
/// (client, redirect URI, PKCE, grant) before these run; they decide who is signed in.
/// </summary>
internal static class ConnectEndpoints
{
    public static void MapConnect(this IEndpointRouteBuilder app)
    {
        var connect = app.MapGroup("/connect").ExcludeFromDescription().AllowAnonymous();
        connect.MapMethods("/authorize", ["GET", "POST"], AuthorizeAsync).DisableAntiforgery();
        connect.MapPost("/token", TokenAsync).DisableAntiforgery();
        connect.MapMethods("/logout", ["GET", "POST"], LogoutAsync).DisableAntiforgery();
        connect.MapMethods("/userinfo", ["GET", "POST"], UserInfoAsync).DisableAntiforgery();
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext context, UserManager<MeldebokUser> users, UsageSignIns usage)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        // The person signs in with the web UI's session (local password, ID-porten or Feide).
        var session = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (!session.Succeeded || request.HasPromptValue(PromptValues.Login))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Forbid(Errors.LoginRequired, "Innlogging kreves.");
            }

            var returnUrl = context.Request.PathBase + context.Request.Path + QueryString.Create(
                context.Request.HasFormContentType ? [.. context.Request.Form] : [.. context.Request.Query]);
            return Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [IdentityConstants.ApplicationScheme]);
        }

        var user = await users.GetUserAsync(session.Principal);
        if (user is null || await users.IsLockedOutAsync(user))
        {
            return Forbid(Errors.AccessDenied, "Kontoen kan ikke brukes.");
        }

        // The session's own sign-in was counted where it happened; only a session without one counts here.
        if (session.Properties?.IssuedUtc is { } sessionStarted)
        {
            await usage.RecordUnlessRecordedSinceAsync(user.Id, UsageSignIns.ChannelOfMethod(session.Principal.FindFirstValue(ClaimTypes.AuthenticationMethod)),
                sessionStarted, context.RequestAborted);
        }

        var method = UsageSignIns.ChannelOfMethod(session.Principal.FindFirstValue(ClaimTypes.AuthenticationMethod));
        return Results.SignIn(await CreatePrincipalAsync(user, users, request.GetScopes(), method), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> TokenAsync(HttpContext context, UserManager<MeldebokUser> users, IOpenIddictApplicationManager applications)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        if (request.IsClientCredentialsGrantType())
        {
            var application = await applications.FindByClientIdAsync(request.ClientId!)
                ?? throw new InvalidOperationException("The application cannot be found.");
            var properties = await applications.GetPropertiesAsync(application);
            if (!properties.TryGetValue(ClientRegistrationSync.MunicipalityProperty, out var municipality))
            {
                return Forbid(Errors.UnauthorizedClient, "Klienten er ikke knyttet til en kommune.");
            }

            var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, request.ClientId)
                .SetClaim(Claims.Name, await applications.GetDisplayNameAsync(application))
                .SetClaim(MeldebokClaims.Municipality, municipality.GetString())
                .SetClaims(Claims.Role, [Roles.Integration]);
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(_ => [Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var user = result.Principal?.GetClaim(Claims.Subject) is { } subject ? await users.FindByIdAsync(subject) : null;
            if (user is null || await users.IsLockedOutAsync(user))
            {
                return Forbid(Errors.InvalidGrant, "Innloggingen er ikke lenger gyldig.");
            }

            return Results.SignIn(await CreatePrincipalAsync(user, users, result.Principal!.GetScopes(), result.Principal!.GetClaim(MeldebokClaims.SignInMethod)),
                authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        return Forbid(Errors.UnsupportedGrantType, "Grant-typen støttes ikke.");
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, SignInManager<MeldebokUser> signIn)
    {
        await signIn.SignOutAsync();
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static async Task<IResult> UserInfoAsync(HttpContext context, UserManager<MeldebokUser> users)
    {
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var user = result.Principal?.GetClaim(Claims.Subject) is { } subject ? await users.FindByIdAsync(subject) : null;
        if (user is null)
        {
            return Results.Challenge(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        return Results.Ok(new Dictionary<string, object?>
        {
            [Claims.Subject] = user.Id.ToString(),
            [Claims.Name] = user.DisplayName,
        });
    }

    /// <summary>The identity behind a person's tokens: who they are; what they may do is derived per request.</summary>
    private static async Task<ClaimsPrincipal> CreatePrincipalAsync(MeldebokUser user, UserManager<MeldebokUser> users, IEnumerable<string> scopes, string? signInMethod)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        // The sign-in method travels with the token (and its refreshes): consents keep it as evidence of how an answer was given.
        identity.SetClaim(Claims.Subject, await users.GetUserIdAsync(user))
            .SetClaim(Claims.Name, user.DisplayName)
            .SetClaim(MeldebokClaims.SignInMethod, signInMethod);
        identity.SetScopes(scopes);
        identity.SetDestinations(claim => claim.Type == Claims.Name && identity.HasScope(Scopes.Profile)
            ? [Destinations.AccessToken, Destinations.IdentityToken]
            : [Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }

    private static IResult Forbid(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
