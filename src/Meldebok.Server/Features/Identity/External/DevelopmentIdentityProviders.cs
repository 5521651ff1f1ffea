using Meldebok.IdentityStandIn;
using Meldebok.Server.Features.Demo;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Identity.External;

/// <summary>
/// Development only: stand-ins for ID-porten and Feide on fixed loopback ports (5081, 5082), offering the demo
/// municipality's guardians, staff and administrators, so that <c>dotnet run</c> has working sign-in buttons. They start
/// once the server listens, because their registered redirect URIs are the server's own addresses.
/// </summary>
internal sealed class DevelopmentIdentityProviders(
    DevelopmentIdentityProviders.Settings settings,
    IServer server,
    IServiceScopeFactory scopes,
    ILogger<DevelopmentIdentityProviders> logger) : IHostedLifecycleService, IAsyncDisposable
{
    /// <summary>The providers to stand in for and the client settings the registrations use.</summary>
    internal sealed record Settings(IReadOnlyList<(ExternalProvider Provider, ExternalProviderOptions Options)> Providers);

    private readonly List<StandInIdentityProvider> _started = [];

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var origins = server.Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(a => a.Replace("://+:", "://localhost:", StringComparison.Ordinal).Replace("://*:", "://localhost:", StringComparison.Ordinal)
                .Replace("://0.0.0.0:", "://localhost:", StringComparison.Ordinal).Replace("://[::]:", "://localhost:", StringComparison.Ordinal).TrimEnd('/'))
            .ToList() ?? [];
        if (origins.Count == 0)
        {
            // An in-memory test server has no address a provider could send a browser back to.
            logger.LogInformation("No listening address; the development stand-ins for ID-porten and Feide are not started");
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MeldebokDbContext>();
        foreach (var (provider, options) in settings.Providers)
        {
            var users = provider == ExternalProvider.IdPorten
                ? await GuardiansAsync(db, cancellationToken)
                : await StaffAndAdministratorsAsync(db, cancellationToken);
            var standIn = await StandInIdentityProvider.StartAsync(new StandInOptions
            {
                Kind = provider == ExternalProvider.IdPorten ? IdentityProviderKind.IdPorten : IdentityProviderKind.Feide,
                Port = provider.DevelopmentPort,
                Clients = [new StandInClient(options.ClientId, options.ClientSecret, [.. origins.Select(o => o + provider.CallbackPath)])],
                Users = users,
            }, cancellationToken);
            _started.Add(standIn);
            logger.LogInformation("Development stand-in for {Provider} at {Issuer} with {Count} demo users", provider.Name, standIn.Issuer, users.Count);
        }
    }

    private static async Task<List<StandInUser>> GuardiansAsync(MeldebokDbContext db, CancellationToken ct)
    {
        var demo = await DemoSignIns.ListAsync(db, null, ct);
        var ids = demo.Select(d => d.PersonId).ToList();
        var numbers = await db.Guardians.AsNoTracking().Where(g => ids.Contains(g.Id))
            .ToDictionaryAsync(g => g.Id, g => g.NationalIdentityNumber, ct);
        return [.. demo.Where(d => numbers.ContainsKey(d.PersonId)).Select(d => StandInUser.IdPorten(numbers[d.PersonId], d.Name))];
    }

    private static async Task<List<StandInUser>> StaffAndAdministratorsAsync(MeldebokDbContext db, CancellationToken ct)
    {
        var demo = await DemoSignIns.ListAsync(db, null, ct);
        var ids = demo.Select(d => d.PersonId).ToList();
        var staff = await db.Staff.AsNoTracking().Where(s => ids.Contains(s.Id) && s.FeideId != null)
            .Select(s => new { s.Id, FeideId = s.FeideId!, s.Email }).ToListAsync(ct);
        var administrators = await db.MunicipalityAdministrators.AsNoTracking().Where(a => ids.Contains(a.Id) && a.FeideId != null)
            .Select(a => new { a.Id, FeideId = a.FeideId!, Email = (string?)a.Email }).ToListAsync(ct);
        var board = await db.PortfolioBoardMembers.AsNoTracking().Where(a => ids.Contains(a.Id) && a.FeideId != null)
            .Select(a => new { a.Id, FeideId = a.FeideId!, Email = (string?)a.Email }).ToListAsync(ct);
        var feide = staff.Concat(administrators).Concat(board).ToDictionary(p => p.Id);
        return [.. demo.Where(d => feide.ContainsKey(d.PersonId))
            .Select(d => StandInUser.Feide(feide[d.PersonId].FeideId, d.Name, feide[d.PersonId].Email ?? feide[d.PersonId].FeideId))];
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var standIn in _started)
        {
            await standIn.DisposeAsync();
        }

        _started.Clear();
    }
}
