using Meldebok.Browser.Tests.Infrastructure;
using Meldebok.IdentityStandIn;
using Meldebok.Server.Features.Demo;
using Meldebok.Server.Features.Identity.External;
using Microsoft.AspNetCore.Hosting;

namespace Meldebok.Browser.Tests.Identity;

/// <summary>
/// The demo municipality with its demo accounts (password <see cref="DemoSignIns.Password"/>, created as the
/// Development start creates them), served on Kestrel with <c>Auth:IdPorten</c> and <c>Auth:Feide</c> configured and
/// pointing at stand-ins on loopback, so that the sign-in page offers both providers.
/// </summary>
public sealed class DemoSignInApp : BrowserApp
{
    private const string ClientId = "meldebok-browser-test";
    private const string ClientSecret = "nettleser-test-hemmelighet";

    private readonly int _port;

    public DemoSignInApp(PostgresServer postgres) : this(postgres, FreeLoopbackPort())
    {
    }

    private DemoSignInApp(PostgresServer postgres, int port) : base(postgres, port) => _port = port;

    internal StandInIdentityProvider IdPorten { get; private set; } = null!;
    internal StandInIdentityProvider Feide { get; private set; } = null!;
    internal IReadOnlyList<DemoSignIn> SignIns { get; private set; } = [];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        // The browser judges cookie expiry by the real clock: the provider sign-in's correlation cookie, dated by the
        // server's clock, must not be born expired, so this app's clock starts at the real time.
        if (Time.GetUtcNow() < DateTimeOffset.UtcNow)
        {
            Time.SetUtcNow(DateTimeOffset.UtcNow);
        }

        IdPorten = await StartStandInAsync(IdentityProviderKind.IdPorten, ExternalProvider.IdPorten);
        Feide = await StartStandInAsync(IdentityProviderKind.Feide, ExternalProvider.Feide);
        SignIns = await DemoData.SeedWithAccountsAsync(this);
    }

    private Task<StandInIdentityProvider> StartStandInAsync(IdentityProviderKind kind, ExternalProvider provider) =>
        StandInIdentityProvider.StartAsync(new StandInOptions
        {
            Kind = kind,
            TimeProvider = Time,
            Clients = [new StandInClient(ClientId, ClientSecret, [$"http://127.0.0.1:{_port}{provider.CallbackPath}"])],
        }, TestContext.Current.CancellationToken);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseExternalProviders(IdPorten.Issuer, Feide.Issuer, ClientId, ClientSecret);
    }

    /// <summary>The demo person with <paramref name="key"/> (<see cref="DemoSignIns"/>).</summary>
    internal DemoSignIn Demo(string key) => SignIns.Single(s => s.Key == key);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await IdPorten.DisposeAsync();
        await Feide.DisposeAsync();
    }
}
