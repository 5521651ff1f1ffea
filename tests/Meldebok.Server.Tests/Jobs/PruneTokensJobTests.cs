using Hangfire;
using Hangfire.Storage;
using Meldebok.Server.Infrastructure.Jobs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Meldebok.Server.Tests.Jobs;

/// <summary>The daily <c>prune-tokens</c> job removes dead tokens and authorizations older than 14 days, and only those.</summary>
public sealed class PruneTokensJobTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Prune_removes_revoked_tokens_older_than_fourteen_days_and_keeps_newer_ones()
    {
        var now = app.Time.GetUtcNow();
        var old = await CreateTokenAsync(now.AddDays(-15), Statuses.Revoked);
        var fresh = await CreateTokenAsync(now.AddDays(-13), Statuses.Revoked);
        // OpenIddict compares expiry with the real clock, so the still-valid token expires far in the future.
        var oldValid = await CreateTokenAsync(now.AddDays(-20), Statuses.Valid, expires: now.AddYears(20));

        await RunJobAsync();

        Assert.False(await TokenExistsAsync(old));
        Assert.True(await TokenExistsAsync(fresh));
        Assert.True(await TokenExistsAsync(oldValid));
    }

    [Fact]
    public async Task Prune_removes_revoked_authorizations_older_than_fourteen_days_and_keeps_newer_ones()
    {
        var now = app.Time.GetUtcNow();
        var old = await CreateAuthorizationAsync(now.AddDays(-15));
        var fresh = await CreateAuthorizationAsync(now.AddDays(-1));

        await RunJobAsync();

        await using var scope = app.Services.CreateAsyncScope();
        var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
        Assert.Null(await authorizations.FindByIdAsync(old, Ct));
        Assert.NotNull(await authorizations.FindByIdAsync(fresh, Ct));
    }

    [Fact]
    public async Task Job_server_schedules_prune_tokens_daily()
    {
        using var host = app.WithWebHostBuilder(builder => builder.UseSetting("Jobs:RunServer", "true").UseSetting("Jobs:WorkerCount", "1"));
        host.CreateClient();

        using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == PruneTokensJob.Id);
        Assert.Equal(Cron.Daily(), job.Cron);
        Assert.Equal(nameof(PruneTokensJob.RunAsync), job.Job.Method.Name);
    }

    private async Task RunJobAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PruneTokensJob>().RunAsync(Ct);
    }

    private async Task<string> CreateTokenAsync(DateTimeOffset created, string status, DateTimeOffset? expires = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var token = await tokens.CreateAsync(new OpenIddictTokenDescriptor
        {
            CreationDate = created,
            ExpirationDate = expires ?? created.AddDays(1),
            Status = status,
            Subject = Guid.NewGuid().ToString(),
            Type = TokenTypeHints.RefreshToken,
        }, Ct);
        return (await tokens.GetIdAsync(token, Ct))!;
    }

    private async Task<bool> TokenExistsAsync(string id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().FindByIdAsync(id, Ct) is not null;
    }

    private async Task<string> CreateAuthorizationAsync(DateTimeOffset created)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
        var authorization = await authorizations.CreateAsync(new OpenIddictAuthorizationDescriptor
        {
            CreationDate = created,
            Status = Statuses.Revoked,
            Subject = Guid.NewGuid().ToString(),
            Type = AuthorizationTypes.Permanent,
        }, Ct);
        return (await authorizations.GetIdAsync(authorization, Ct))!;
    }
}
