using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using OpenIddict.Validation.AspNetCore;

namespace Meldebok.Server.Infrastructure.Auth;

/// <summary>The claims Meldebok reads from a signed-in principal.</summary>
internal static class MeldebokClaims
{
    /// <summary>The account id (OpenID Connect <c>sub</c>).</summary>
    public const string Subject = "sub";
    public const string Name = "name";
    /// <summary>The municipality (tenant) the person or integration acts within.</summary>
    public const string Municipality = "meldebok:municipality";
    /// <summary>The roster id of the person (guardian, staff or administrator) where there is one.</summary>
    public const string Person = "meldebok:person";
    /// <summary>Set on principals whose roles were derived from the roster in this request.</summary>
    public const string RolesDerived = "meldebok:roles-derived";
    /// <summary>How the person signed in to the session the token was issued from: <c>local</c>, <c>idporten</c> or <c>feide</c>.</summary>
    public const string SignInMethod = "meldebok:signin";
    public const string Role = "role";
    public const string Scope = "scope";
}

/// <summary>Role names carried in role claims.</summary>
internal static class Roles
{
    public const string Guardian = "guardian";
    public const string Staff = "staff";
    public const string MunicipalityAdmin = "municipality-admin";
    /// <summary>The operator of the platform, who creates municipalities (tenants).</summary>
    public const string PlatformOperator = "platform-operator";
    /// <summary>A system acting through client credentials, e.g. the school administration system.</summary>
    public const string Integration = "integration";
    /// <summary>A member of the municipality's portfolio board (porteføljestyre): reads benefit plans and usage statistics, writes nothing.</summary>
    public const string PortfolioBoard = "portfolio-board";

    /// <summary>Those the benefit and usage pages let in (the services decide the rest): staff, administrators and the portfolio board.</summary>
    public const string BenefitPageReaders = Staff + "," + MunicipalityAdmin + "," + PortfolioBoard;
}

/// <summary>Named authorization policies; every endpoint names one.</summary>
internal static class Policies
{
    public const string MunicipalityAdmin = "MunicipalityAdmin";
    public const string PlatformOperator = "PlatformOperator";
    public const string Guardian = "Guardian";
    public const string Staff = "Staff";
    /// <summary>Staff or a municipality administrator: those who send bulk messages.</summary>
    public const string MessageSender = "MessageSender";
    /// <summary>Any signed-in person (not an integration).</summary>
    public const string Person = "Person";
    /// <summary>Roster import: an administrator, or an integration holding the roster scope.</summary>
    public const string RosterImport = "RosterImport";
    /// <summary>Usage statistics: municipality administrators, the portfolio board, and staff (the service lets only principals through).</summary>
    public const string UsageReader = "UsageReader";
    /// <summary>Benefit plans, read only: municipality administrators, the portfolio board, and staff (the service lets principals and benefit owners through).</summary>
    public const string BenefitReader = "BenefitReader";
    /// <summary>Manual measurements and extractions: administrators, and staff (the service lets a benefit's owner through for that benefit); never the portfolio board.</summary>
    public const string BenefitRecorder = "BenefitRecorder";

    /// <summary>SFO places: staff and municipality administrators (the service lets SFO leaders, office, principal and administrators through).</summary>
    public const string SfoEnrolments = "SfoEnrolments";

    public static void AddMeldebokPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(MunicipalityAdmin, policy => policy.ForApi()
                .RequireRole(Roles.MunicipalityAdmin)
                .RequireClaim(MeldebokClaims.Municipality))
            .AddPolicy(PlatformOperator, policy => policy.ForApi()
                .RequireRole(Roles.PlatformOperator))
            .AddPolicy(Guardian, policy => policy.ForApi().RequireRole(Roles.Guardian))
            .AddPolicy(Staff, policy => policy.ForApi().RequireRole(Roles.Staff).RequireClaim(MeldebokClaims.Municipality))
            .AddPolicy(MessageSender, policy => policy.ForApi()
                .RequireRole(Roles.Staff, Roles.MunicipalityAdmin)
                .RequireClaim(MeldebokClaims.Municipality))
            .AddPolicy(Person, policy => policy.ForApi().RequireClaim(MeldebokClaims.Subject))
            .AddPolicy(UsageReader, policy => policy.ForApi()
                .RequireClaim(MeldebokClaims.Municipality)
                .RequireRole(Roles.MunicipalityAdmin, Roles.PortfolioBoard, Roles.Staff))
            .AddPolicy(BenefitReader, policy => policy.ForApi()
                .RequireClaim(MeldebokClaims.Municipality)
                .RequireRole(Roles.MunicipalityAdmin, Roles.PortfolioBoard, Roles.Staff))
            .AddPolicy(BenefitRecorder, policy => policy.ForApi()
                .RequireClaim(MeldebokClaims.Municipality)
                .RequireRole(Roles.MunicipalityAdmin, Roles.Staff))
            .AddPolicy(SfoEnrolments, policy => policy.ForApi()
                .RequireRole(Roles.Staff, Roles.MunicipalityAdmin)
                .RequireClaim(MeldebokClaims.Municipality))
            .AddPolicy(RosterImport, policy => policy.ForApi()
                .RequireClaim(MeldebokClaims.Municipality)
                .RequireAssertion(context =>
                    context.User.IsInRole(Roles.MunicipalityAdmin)
                    || (context.User.IsInRole(Roles.Integration) && context.User.HasScope(Features.Identity.ApiScopes.RosterImport))));
    }

    private static AuthorizationPolicyBuilder ForApi(this AuthorizationPolicyBuilder policy) =>
        policy.AddAuthenticationSchemes(ApiAuthentication.Scheme).RequireAuthenticatedUser();
}

internal static class ClaimsPrincipalExtensions
{
    /// <summary>The caller's municipality. Only call behind a policy that requires the claim.</summary>
    public static Guid MunicipalityId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(MeldebokClaims.Municipality)
            ?? throw new InvalidOperationException("The principal has no municipality claim; the endpoint's policy must require it."));

    /// <summary>The caller's account id, or null for integrations and anonymous callers.</summary>
    public static Guid? AccountId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(MeldebokClaims.Subject), out var id) && !user.IsInRole(Roles.Integration) ? id : null;

    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        user.FindAll(MeldebokClaims.Scope).Any(c => c.Value.Split(' ').Contains(scope));
}

/// <summary>
/// The API's authentication: bearer tokens issued by this host's OpenIddict server. Cookies are not
/// accepted under /api, so a browser session cannot be used for cross-site requests against it.
/// Challenges and forbids answer 401/403 ProblemDetails.
/// </summary>
internal static class ApiAuthentication
{
    public const string Scheme = "Meldebok.Api";

    public static AuthenticationBuilder AddApiScheme(this AuthenticationBuilder builder)
    {
        builder.AddScheme<AuthenticationSchemeOptions, ApiProblemHandler>(ApiProblemHandler.SchemeName, null);
        builder.AddPolicyScheme(Scheme, "Meldebok API", options =>
        {
            options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || HasHubQueryToken(context.Request)
                    ? OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme
                    : ApiProblemHandler.SchemeName;
            options.ForwardChallenge = ApiProblemHandler.SchemeName;
            options.ForwardForbid = ApiProblemHandler.SchemeName;
        });
        return builder;
    }

    /// <summary>
    /// A token in the <c>access_token</c> query parameter, accepted only for the real-time hub: browsers cannot
    /// set headers on WebSocket and server-sent-event requests. Everywhere else only the header counts.
    /// </summary>
    public static bool HasHubQueryToken(HttpRequest request) =>
        request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase) && request.Query.ContainsKey("access_token");
}

/// <summary>Authenticates nobody; answers challenges with 401 and forbids with 403, as ProblemDetails.</summary>
internal sealed class ApiProblemHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IProblemDetailsService problemDetails)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Meldebok.ApiProblem";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return WriteProblem(StatusCodes.Status401Unauthorized);
    }

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
