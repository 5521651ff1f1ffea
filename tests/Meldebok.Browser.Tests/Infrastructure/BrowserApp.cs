using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Browser.Tests.Infrastructure;

/// <summary>
/// The server under test for a browser: a <see cref="MeldebokApp"/> (own database, fake clock, test
/// sign-in) served by Kestrel on a free port of 127.0.0.1 instead of the in-memory test server.
/// Use as <c>IClassFixture&lt;BrowserApp&gt;</c>.
/// </summary>
public sealed class BrowserApp : MeldebokApp
{
    public BrowserApp(PostgresServer postgres) : base(postgres)
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234</c>; starts it on first use.</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
            return new Uri(addresses.Single());
        }
    }
}
