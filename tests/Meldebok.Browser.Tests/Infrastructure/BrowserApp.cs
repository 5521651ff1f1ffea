using System.Net;
using System.Net.Sockets;
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
public class BrowserApp : MeldebokApp
{
    public BrowserApp(PostgresServer postgres) : this(postgres, 0)
    {
    }

    /// <summary>Listens on <paramref name="port"/> of 127.0.0.1; 0 takes a free one when the server starts.</summary>
    protected BrowserApp(PostgresServer postgres, int port) : base(postgres)
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, port));
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

    /// <summary>
    /// A loopback port free right now, for a server whose address others must know before it starts (an identity
    /// provider's registered redirect URIs).
    /// </summary>
    protected static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
