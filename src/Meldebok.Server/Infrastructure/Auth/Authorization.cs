using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Meldebok.Server.Infrastructure.Auth;

/// <summary>The claims Meldebok reads from a signed-in principal.</summary>
internal static class MeldebokClaims
{
    /// <summary>The municipality (tenant) the person acts within.</summary>
    public const string Municipality = "meldebok:municipality";
    /// <summary>The roster id of the person (guardian, staff or administrator).</summary>
    public const string Person = "meldebok:person";
    public const string Role = ClaimTypes.Role;
}

/// <summary>Role names carried in role claims.</summary>
internal static class Roles
{
    public const string Guardian = "guardian";
    public const string Staff = "staff";
    public const string MunicipalityAdmin = "municipality-admin";
    /// <summary>The operator of the platform, who creates municipalities (tenants).</summary>
    public const string PlatformOperator = "platform-operator";
}

/// <summary>Named authorization policies; every endpoint names one.</summary>
internal static class Policies
{
    public const string MunicipalityAdmin = "MunicipalityAdmin";
    public const string PlatformOperator = "PlatformOperator";

    public static void AddMeldebokAuthorization(this IServiceCollection services)
    {
        services.AddAuthentication(NoSignInHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, NoSignInHandler>(NoSignInHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(MunicipalityAdmin, policy => policy
                .RequireAuthenticatedUser()
                .RequireRole(Roles.MunicipalityAdmin)
                .RequireClaim(MeldebokClaims.Municipality))
            .AddPolicy(PlatformOperator, policy => policy
                .RequireAuthenticatedUser()
                .RequireRole(Roles.PlatformOperator));
    }
}

internal static class ClaimsPrincipalExtensions
{
    /// <summary>The caller's municipality. Only call behind a policy that requires the claim.</summary>
    public static Guid MunicipalityId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(MeldebokClaims.Municipality)
            ?? throw new InvalidOperationException("The principal has no municipality claim; the endpoint's policy must require it."));
}

/// <summary>
/// The default scheme until sign-in is configured: it authenticates nobody and answers a challenge
/// with 401 and a forbidden request with 403, both as ProblemDetails. The sign-in feature registers
/// the real schemes in front of it.
/// </summary>
internal sealed class NoSignInHandler(
    Microsoft.Extensions.Options.IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IProblemDetailsService problemDetails)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Meldebok.NoSignIn";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => WriteProblem(StatusCodes.Status401Unauthorized);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => WriteProblem(StatusCodes.Status403Forbidden);

    private async Task WriteProblem(int status)
    {
        Response.StatusCode = status;
        await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status },
        });
    }
}
