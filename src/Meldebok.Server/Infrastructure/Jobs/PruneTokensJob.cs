using OpenIddict.Abstractions;

namespace Meldebok.Server.Infrastructure.Jobs;

/// <summary>
/// Daily: removes OpenIddict tokens and authorizations that are no longer usable (expired, revoked,
/// redeemed) and were created more than <see cref="RetentionDays"/> days ago.
/// </summary>
internal sealed class PruneTokensJob(IOpenIddictTokenManager tokens, IOpenIddictAuthorizationManager authorizations, TimeProvider time)
{
    public const string Id = "prune-tokens";
    public const int RetentionDays = 14;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var threshold = time.GetUtcNow().AddDays(-RetentionDays);
        await tokens.PruneAsync(threshold, cancellationToken);
        await authorizations.PruneAsync(threshold, cancellationToken);
    }
}
