using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Meldebok.Server.Features.Identity;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.RosterImport;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Roster;
using Meldebok.Server.Tests.RosterImport;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Meldebok.Server.Tests.Identity;

/// <summary>
/// A municipality with an integration registered for client credentials. The integration must name an existing
/// municipality when the host starts, so the host serving the tests starts after the municipality is created.
/// </summary>
public sealed class IntegrationClientApp(PostgresServer postgres) : MeldebokApp(postgres)
{
    public const string ClientId = "test-sas";
    public const string ClientSecret = "test-sas-hemmelighet-0123456789";

    private WebApplicationFactory<Program>? _host;

    public Guid MunicipalityId { get; private set; }

    /// <summary>The host with the integration registered.</summary>
    public WebApplicationFactory<Program> Host => _host ?? throw new InvalidOperationException("Not initialised.");

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        MunicipalityId = await CreateMunicipalityAsync("Integrasjonsvik kommune");
        var organisationNumber = await WithDbAsync(db => Task.FromResult(db.Municipalities.Single(m => m.Id == MunicipalityId).OrganisationNumber));
        _host = WithWebHostBuilder(builder => builder.UseRosterIntegration(ClientId, ClientSecret, organisationNumber));
    }

    /// <summary>POSTs <paramref name="form"/> to <paramref name="path"/> of the host.</summary>
    public Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> form) =>
        Host.CreateClient().PostAsync(path, new FormUrlEncodedContent(form), TestContext.Current.CancellationToken);

    /// <summary>The integration's client-credentials token request, with <paramref name="overrides"/> applied.</summary>
    public static Dictionary<string, string> TokenRequest(params (string Name, string Value)[] overrides)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = ClientId,
            ["client_secret"] = ClientSecret,
            ["scope"] = ApiScopes.RosterImport,
        };
        foreach (var (name, value) in overrides) form[name] = value;
        return form;
    }

    /// <summary>A fresh access token of the integration.</summary>
    public async Task<string> AccessTokenAsync()
    {
        var response = await PostFormAsync("/connect/token", TokenRequest());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"The integration got no token: {body}");
        return body.GetProperty("access_token").GetString()!;
    }

    /// <summary>A client of the host sending <paramref name="accessToken"/> as a bearer token.</summary>
    public HttpClient BearerClient(string accessToken)
    {
        var client = Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}

/// <summary>The client-credentials flow of an integration (scope <c>meldebok.roster</c>), and introspection and revocation of its tokens.</summary>
public sealed class ClientCredentialsTests(IntegrationClientApp app) : IClassFixture<IntegrationClientApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Integration_imports_the_roster_of_its_own_municipality()
    {
        var client = app.BearerClient(await app.AccessTokenAsync());

        var result = await (await client.PostAsync("/api/v1/admin/roster-imports", RosterFiles.Valid().Form(), Ct)).ReadAsync<RosterImportResult>();

        Assert.Equal(new RosterRecordCounts(2, 0, 0, 0), result.Schools);
        // The schools landed in the integration's municipality, and only there.
        var admin = app.Host.ClientFor(TestUser.MunicipalityAdmin(app.MunicipalityId));
        Assert.Equal(2, (await admin.GetJsonAsync<Paged<SchoolResponse>>("/api/v1/admin/schools")).TotalCount);
        var otherAdmin = app.Host.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync("Annenvik kommune")));
        Assert.Equal(0, (await otherAdmin.GetJsonAsync<Paged<SchoolResponse>>("/api/v1/admin/schools")).TotalCount);
    }

    [Theory]
    [InlineData("GET", "/api/v1/admin/schools")]
    [InlineData("POST", "/api/v1/admin/schools")]
    [InlineData("GET", "/api/v1/admin/guardians")]
    [InlineData("GET", "/api/v1/admin/audit")]
    [InlineData("GET", "/api/v1/admin/pupils")]
    public async Task Integration_is_refused_everywhere_else_in_the_api(string method, string path)
    {
        var client = app.BearerClient(await app.AccessTokenAsync());
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { name = "Snikskolen" });
        }

        var response = await client.SendAsync(request, Ct);

        await response.ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Wrong_secret_unknown_client_and_a_scope_not_granted_get_no_token()
    {
        var wrongSecret = await app.PostFormAsync("/connect/token", IntegrationClientApp.TokenRequest(("client_secret", "feil-hemmelighet")));
        var unknown = await app.PostFormAsync("/connect/token", IntegrationClientApp.TokenRequest(("client_id", "finnes-ikke")));
        var apiScope = await app.PostFormAsync("/connect/token", IntegrationClientApp.TokenRequest(("scope", ApiScopes.Api)));

        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        Assert.Equal("invalid_client", await ErrorAsync(wrongSecret));
        Assert.Equal("invalid_client", await ErrorAsync(unknown));
        Assert.Equal(HttpStatusCode.BadRequest, apiScope.StatusCode);
        var scopeError = await apiScope.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("invalid_request", scopeError.GetProperty("error").GetString());
        Assert.Contains("scope", scopeError.GetProperty("error_description").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Introspection_describes_an_active_token_to_its_client_and_nothing_to_a_caller_without_the_secret()
    {
        var token = await app.AccessTokenAsync();

        var introspection = await IntrospectAsync(token);
        var withoutSecret = await app.PostFormAsync("/connect/introspect", new() { ["client_id"] = IntegrationClientApp.ClientId, ["token"] = token });

        Assert.True(Claim(introspection, "active").GetBoolean());
        Assert.Equal(IntegrationClientApp.ClientId, Claim(introspection, "client_id").GetString());
        Assert.Equal(IntegrationClientApp.ClientId, Claim(introspection, "sub").GetString());
        Assert.Equal(app.Time.GetUtcNow().AddMinutes(15).ToUnixTimeSeconds(), Claim(introspection, "exp").GetInt64());
        Assert.True(withoutSecret.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"{withoutSecret.StatusCode}");
        var refusal = await withoutSecret.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("invalid_client", refusal.GetProperty("error").GetString());
        Assert.False(refusal.TryGetProperty("active", out _));
    }

    [Fact]
    public async Task Revoked_access_token_is_refused_by_the_api_at_once_and_introspects_as_inactive()
    {
        var token = await app.AccessTokenAsync();
        var client = app.BearerClient(token);
        var imports = RosterFiles.Valid();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/admin/roster-imports", imports.Form(("dryRun", "true")), Ct)).StatusCode);

        var revoked = await app.PostFormAsync("/connect/revoke", new()
        {
            ["client_id"] = IntegrationClientApp.ClientId,
            ["client_secret"] = IntegrationClientApp.ClientSecret,
            ["token"] = token,
            ["token_type_hint"] = "access_token",
        });

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        await (await client.PostAsync("/api/v1/admin/roster-imports", imports.Form(("dryRun", "true")), Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
        var introspection = await IntrospectAsync(token);
        Assert.False(introspection.GetProperty("active").GetBoolean());
        Assert.False(introspection.TryGetProperty("sub", out _));
        // A fresh token works again: revocation hit that one token only.
        Assert.Equal(HttpStatusCode.OK, (await app.BearerClient(await app.AccessTokenAsync())
            .PostAsync("/api/v1/admin/roster-imports", imports.Form(("dryRun", "true")), Ct)).StatusCode);
    }

    [Fact]
    public async Task Expired_token_introspects_as_inactive_and_is_refused()
    {
        var token = await app.AccessTokenAsync();

        // The other tests of the class take fresh tokens, so moving the clock on does not disturb them.
        app.Time.Advance(TimeSpan.FromMinutes(16));

        Assert.False((await IntrospectAsync(token)).GetProperty("active").GetBoolean());
        await (await app.BearerClient(token).PostAsync("/api/v1/admin/roster-imports", RosterFiles.Valid().Form(("dryRun", "true")), Ct))
            .ProblemAsync(HttpStatusCode.Unauthorized);
    }

    private async Task<JsonElement> IntrospectAsync(string token)
    {
        var response = await app.PostFormAsync("/connect/introspect", new()
        {
            ["client_id"] = IntegrationClientApp.ClientId,
            ["client_secret"] = IntegrationClientApp.ClientSecret,
            ["token"] = token,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    /// <summary>The member <paramref name="name"/> of an introspection answer; fails showing the whole answer when it is missing.</summary>
    private static JsonElement Claim(JsonElement introspection, string name) =>
        introspection.TryGetProperty(name, out var value) ? value : throw new Xunit.Sdk.XunitException($"No '{name}' in {introspection}");

    private static async Task<string?> ErrorAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("error").GetString();
}
