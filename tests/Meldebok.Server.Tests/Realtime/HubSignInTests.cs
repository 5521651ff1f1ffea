using System.Net;
using System.Text.Json;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Features.Identity;
using Meldebok.Server.Infrastructure.Realtime;
using Meldebok.Server.Tests.Web;
using Meldebok.Server.Web;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Realtime;

/// <summary>The hub accepts the web UI's sign-in cookie, and a query-string token only when it is valid.</summary>
public sealed class HubSignInTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private const string Password = "Et-langt-testpassord-1";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Web_ui_sign_in_cookie_connects_and_receives_the_accounts_events()
    {
        var userName = $"hub-{Guid.NewGuid():N}@example.test";
        Guid accountId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<MeldebokUser>>();
            var (created, errors) = await LocalAccounts.CreateAsync(users, app.Time, new NewAccount(userName, "Test Testesen"), Password);
            Assert.True(created, string.Join(" ", errors));
            accountId = (await users.FindByNameAsync(userName))!.Id;
        }

        var cookies = new CookieContainer();
        var browser = app.CreateDefaultClient(new CookieContainerHandler(cookies));
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var (_, html) = await browser.GetPageAsync(WebPaths.SignIn);
        var signIn = await browser.PostAsync(WebPaths.SignIn, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = WebPageClient.AntiforgeryToken(html),
            ["Input.Username"] = userName,
            ["Input.Password"] = Password,
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, RealtimeSetup.HubPath), options =>
            {
                options.Transports = HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => new CookieContainerHandler(cookies) { InnerHandler = app.Server.CreateHandler() };
            })
            .Build();
        var pushed = new TaskCompletionSource<RealtimeEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<RealtimeEvent>(MeldebokHub.EventMethod, e => pushed.TrySetResult(e));
        connection.On<RealtimeConnected>(MeldebokHub.ConnectedMethod, _ => connected.TrySetResult());
        await using (connection)
        {
            await connection.StartAsync(Ct);
            await connected.Task.WaitAsync(TimeSpan.FromSeconds(15), Ct);
            var marker = await app.EnqueueAsync(null, Audiences.Account(accountId));

            Assert.Equal(marker, HubClient.Marker(await pushed.Task.WaitAsync(TimeSpan.FromSeconds(15), Ct)));
        }
    }

    [Fact]
    public async Task Access_token_in_the_query_string_is_accepted_by_the_hub_only()
    {
        const string clientId = "hub-integration", secret = "et-langt-hemmelig-testpassord";
        var municipalityId = await app.CreateMunicipalityAsync();
        var organisationNumber = await app.WithDbAsync(db => Task.FromResult(db.Municipalities.Single(m => m.Id == municipalityId).OrganisationNumber));
        await using var host = app.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Auth:Clients:0:ClientId", clientId);
            builder.UseSetting("Auth:Clients:0:DisplayName", "Skoleadministrativt system");
            builder.UseSetting("Auth:Clients:0:ClientSecret", secret);
            builder.UseSetting("Auth:Clients:0:MunicipalityOrganisationNumber", organisationNumber);
            builder.UseSetting("Auth:Clients:0:Scopes:0", ApiScopes.RosterImport);
        });
        var tokenResponse = await host.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = ApiScopes.RosterImport,
        }), Ct);
        var token = (await tokenResponse.ReadAsync<JsonElement>()).GetProperty("access_token").GetString()!;

        Assert.NotNull(await ConnectWithQueryTokenAsync(host, token));
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => ConnectWithQueryTokenAsync(host, "not-a-token"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        // Under /api only the Authorization header counts.
        await (await host.CreateClient().GetAsync($"/api/v1/events?after=0&access_token={token}", Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    /// <summary>Connects with the token in the URL, as browsers do for WebSockets; returns the welcome.</summary>
    private static async Task<RealtimeConnected> ConnectWithQueryTokenAsync(WebApplicationFactory<Program> host, string token)
    {
        var connected = new TaskCompletionSource<RealtimeConnected>(TaskCreationOptions.RunContinuationsAsynchronously);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.Server.BaseAddress, $"{RealtimeSetup.HubPath}?access_token={Uri.EscapeDataString(token)}"), options =>
            {
                options.Transports = HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => host.Server.CreateHandler();
            })
            .Build();
        connection.On<RealtimeConnected>(MeldebokHub.ConnectedMethod, c => connected.TrySetResult(c));
        await using (connection)
        {
            await connection.StartAsync(Ct);
            return await connected.Task.WaitAsync(TimeSpan.FromSeconds(15), Ct);
        }
    }
}
