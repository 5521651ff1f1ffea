using System.Globalization;
using System.Threading.RateLimiting;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Web;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Infrastructure.Security;

/// <summary>
/// Rate limits. <c>sign-in</c> is enforced by <see cref="SignInRateLimitMiddleware"/> ahead of
/// authentication, because OpenIddict answers most /connect/token requests inside the authentication
/// middleware, before endpoint routing would apply a policy. <c>guardian-writes</c> is an endpoint
/// policy (<c>.RequireRateLimiting(RateLimitPolicies.GuardianWrites)</c>) keyed on the signed-in account.
/// </summary>
internal static class RateLimitPolicies
{
    public const string SignIn = "sign-in";
    public const string GuardianWrites = "guardian-writes";

    public static void AddMeldebokRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<SignInRateLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((options, limits) =>
        {
            options.OnRejected = (context, cancellationToken) => WriteRejectionAsync(context.HttpContext, context.Lease, cancellationToken);
            options.AddPolicy(GuardianWrites, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.AccountId()?.ToString() ?? ClientAddress(context),
                _ => FixedWindow(limits.Value.GuardianWritesPermitLimit, limits.Value.GuardianWritesWindowSeconds)));
        });
    }

    internal static FixedWindowRateLimiterOptions FixedWindow(int permits, int windowSeconds) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromSeconds(windowSeconds),
        QueueLimit = 0,
    };

    internal static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>429 as ProblemDetails, with <c>Retry-After</c> when the limiter knows when to come back.</summary>
    internal static async ValueTask WriteRejectionAsync(HttpContext context, RateLimitLease lease, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "For mange forespørsler",
                Detail = "Du har sendt for mange forespørsler på kort tid. Vent litt og prøv igjen.",
            },
        });
    }
}

/// <summary>The <c>sign-in</c> limiter: per client IP address, for password sign-ins and the token endpoint.</summary>
internal sealed class SignInRateLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext> limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        RateLimitPartition.GetFixedWindowLimiter(
            RateLimitPolicies.ClientAddress(context),
            _ => RateLimitPolicies.FixedWindow(options.Value.SignInPermitLimit, options.Value.SignInWindowSeconds)));

    public static bool Applies(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (request.Path.Equals(WebPaths.SignIn, StringComparison.OrdinalIgnoreCase)
            || request.Path.Equals("/connect/token", StringComparison.OrdinalIgnoreCase));

    public ValueTask<RateLimitLease> AcquireAsync(HttpContext context) => limiter.AcquireAsync(context, 1, context.RequestAborted);

    public void Dispose() => limiter.Dispose();
}

internal sealed class SignInRateLimitMiddleware(RequestDelegate next, SignInRateLimiter limiter)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!SignInRateLimiter.Applies(context.Request))
        {
            await next(context);
            return;
        }

        using var lease = await limiter.AcquireAsync(context);
        if (!lease.IsAcquired)
        {
            await RateLimitPolicies.WriteRejectionAsync(context, lease, context.RequestAborted);
            return;
        }

        await next(context);
    }
}
