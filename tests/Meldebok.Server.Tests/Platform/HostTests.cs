using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Meldebok.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Platform;

public sealed class HostTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    [Fact]
    public async Task Readiness_is_healthy_when_the_database_answers()
    {
        var response = await app.ClientFor(null).GetAsync("/health/ready", TestContext.Current.CancellationToken);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void A_migration_timeout_out_of_range_stops_the_host_naming_it()
    {
        using var host = app.WithWebHostBuilder(builder => builder.UseSetting("Database:MigrationCommandTimeoutSeconds", "5"));

        var failure = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains("MigrationCommandTimeoutSeconds", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Liveness_answers_without_checking_dependencies()
    {
        var response = await app.ClientFor(null).GetAsync("/health/live", TestContext.Current.CancellationToken);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_statement_run_often_is_prepared_on_the_server_once_per_connection()
    {
        var dataSource = app.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        Assert.Equal(Server.Infrastructure.Data.DatabaseOptions.DefaultMaxAutoPrepare,
            new Npgsql.NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare);

        await using var connection = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        for (var i = 0; i < 6; i++)
        {
            await using var command = new Npgsql.NpgsqlCommand("SELECT @n::int + 40 AS auto_prepare_probe", connection);
            command.Parameters.AddWithValue("n", i);
            Assert.Equal(40 + i, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }

        await using var prepared = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%auto_prepare_probe%' AND statement NOT LIKE '%pg_prepared%'",
            connection);
        Assert.Equal(1L, await prepared.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("Host=db;Database=meldebok", 128)]
    [InlineData("Host=db;Database=meldebok;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=meldebok;maxautoprepare=20", 20)]
    public void A_max_auto_prepare_in_the_connection_string_wins_over_the_setting(string connectionString, int expected)
    {
        var result = Server.Infrastructure.Data.DatabaseSetup.WithAutoPrepare(connectionString, 128);
        Assert.Equal(expected, new Npgsql.NpgsqlConnectionStringBuilder(result).MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Host=db;Database=meldebok", true)]
    [InlineData("Host=db;Database=meldebok;No Reset On Close=false", false)]
    [InlineData("Host=db;Database=meldebok;noresetonclose=true", true)]
    public void Connections_go_back_to_the_pool_without_a_reset_unless_the_connection_string_says_otherwise(string connectionString, bool expected)
    {
        var result = Server.Infrastructure.Data.DatabaseSetup.WithoutResetOnClose(connectionString);
        Assert.Equal(expected, new Npgsql.NpgsqlConnectionStringBuilder(result).NoResetOnClose);
    }

    [Fact]
    public void The_applications_connections_go_back_to_the_pool_without_a_reset()
    {
        var dataSource = app.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        Assert.True(new Npgsql.NpgsqlConnectionStringBuilder(dataSource.ConnectionString).NoResetOnClose);
    }

    [Fact]
    public async Task The_application_sessions_run_without_jit_compilation()
    {
        var dataSource = app.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var show = new Npgsql.NpgsqlCommand("SHOW jit", connection);
        Assert.Equal("off", await show.ExecuteScalarAsync(TestContext.Current.CancellationToken));

        // The server's own default is on: the option, not the cluster, turns it off.
        await using var other = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(dataSource.ConnectionString) { Options = null }.ConnectionString);
        await other.OpenAsync(TestContext.Current.CancellationToken);
        await using var showOther = new Npgsql.NpgsqlCommand("SHOW jit", other);
        Assert.Equal("on", await showOther.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("Host=db;Database=meldebok", "-c jit=off")]
    [InlineData("Host=db;Database=meldebok;Options=-c statement_timeout=5000", "-c statement_timeout=5000 -c jit=off")]
    [InlineData("Host=db;Database=meldebok;Options=-c jit=on", "-c jit=on")]
    public void A_jit_option_in_the_connection_string_wins(string connectionString, string expected)
    {
        var result = Server.Infrastructure.Data.DatabaseSetup.WithoutJit(connectionString);
        Assert.Equal(expected, new Npgsql.NpgsqlConnectionStringBuilder(result).Options);
    }

    [Fact]
    public async Task Unknown_api_route_answers_404_problem_details()
    {
        var response = await app.ClientFor(null).GetAsync("/api/v1/does-not-exist", TestContext.Current.CancellationToken);
        var problem = await response.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("/api/v1/does-not-exist", problem.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task Anonymous_admin_call_answers_401_problem_details()
    {
        var response = await app.ClientFor(null).GetAsync("/api/v1/admin/schools", TestContext.Current.CancellationToken);
        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Malformed_json_answers_400_problem_details()
    {
        var municipality = await app.CreateMunicipalityAsync();
        var client = app.ClientFor(TestUser.MunicipalityAdmin(municipality));
        var response = await client.PostAsync("/api/v1/admin/schools",
            new StringContent("{\"name\": \"Lia", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Value_of_the_wrong_type_is_named_in_the_problem()
    {
        var municipality = await app.CreateMunicipalityAsync();
        var client = app.ClientFor(TestUser.MunicipalityAdmin(municipality));
        var response = await client.PostAsync("/api/v1/admin/schools",
            new StringContent("{\"name\": 42}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        await response.ValidationProblemAsync("name");
    }

    [Fact]
    public async Task Wrong_content_type_answers_415_problem_details()
    {
        var municipality = await app.CreateMunicipalityAsync();
        var client = app.ClientFor(TestUser.MunicipalityAdmin(municipality));
        var response = await client.PostAsync("/api/v1/admin/schools",
            new StringContent("name=Lia", Encoding.UTF8, "text/plain"), TestContext.Current.CancellationToken);
        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task OpenApi_document_lists_every_api_endpoint()
    {
        var document = await app.ClientFor(null).GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);
        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => $"{op.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet();

        var endpoints = app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(method => $"{method} {NormaliseRoute(e.RoutePattern.RawText!)}"))
            .ToList();

        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, endpoint => Assert.Contains(endpoint, documented));

        // Every operation says what it does.
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                Assert.True(operation.Value.TryGetProperty("summary", out _), $"{operation.Name} {path.Name} has no summary");
            }
        }
    }

    [Fact]
    public async Task Api_reference_is_served()
    {
        var response = await app.ClientFor(null).GetAsync("/api/docs/", TestContext.Current.CancellationToken);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var page = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("<title>Meldebok API</title>", page, StringComparison.Ordinal);
        // Scalar resolves the source against the site's base path: /openapi/v1.json.
        Assert.Contains("\"url\":\"openapi/v1.json\"", page, StringComparison.Ordinal);
    }

    // "/api/v1/admin/schools/{id:guid}" in routing is "/api/v1/admin/schools/{id}" in OpenAPI.
    private static string NormaliseRoute(string route) =>
        System.Text.RegularExpressions.Regex.Replace(route.TrimEnd('/'), @"\{(\w+)(:[^}]*)?\}", "{$1}");
}
