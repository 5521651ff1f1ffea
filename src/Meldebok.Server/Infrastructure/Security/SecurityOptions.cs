using System.ComponentModel.DataAnnotations;

namespace Meldebok.Server.Infrastructure.Security;

/// <summary>Request limits (section <c>RateLimits</c>); each window is a fixed window in seconds.</summary>
internal sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sign-in attempts (POST /konto/logg-inn and /connect/token) per client IP address.</summary>
    [Range(1, 1_000_000)] public int SignInPermitLimit { get; set; } = 10;
    [Range(1, 86_400)] public int SignInWindowSeconds { get; set; } = 60;

    /// <summary>Guardian writes per account (policy <c>guardian-writes</c>).</summary>
    [Range(1, 1_000_000)] public int GuardianWritesPermitLimit { get; set; } = 60;
    [Range(1, 86_400)] public int GuardianWritesWindowSeconds { get; set; } = 60;
}

/// <summary>Cross-origin settings (section <c>Cors</c>); no origins, no CORS.</summary>
internal sealed class CorsSettings
{
    public const string Section = "Cors";

    /// <summary>Origins (scheme, host and port) allowed to call /api and /connect from a browser.</summary>
    public string[] AllowedOrigins { get; set; } = [];
}
