using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Meldebok.Server.Tests.Access;

/// <summary>Every operation of the API, as every actor, against <see cref="AccessMatrix"/>.</summary>
public sealed class AuthorizationMatrixTests(AccessWorld world) : IClassFixture<AccessWorld>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, Actor> Cases()
    {
        var data = new TheoryData<string, Actor>();
        foreach (var operation in AccessMatrix.Rows.Keys.Order(StringComparer.Ordinal))
        {
            foreach (var actor in Enum.GetValues<Actor>())
            {
                data.Add(operation, actor);
            }
        }

        return data;
    }

    /// <summary>The operations of the published OpenAPI document, as "METHOD /path".</summary>
    internal static async Task<Dictionary<string, JsonElement>> DocumentOperationsAsync(HttpClient client)
    {
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);
        var operations = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                operations[$"{operation.Name.ToUpperInvariant()} {path.Name.TrimEnd('/')}"] = operation.Value;
            }
        }

        return operations;
    }

    [Fact]
    public async Task Every_operation_of_the_OpenAPI_document_has_a_row_and_every_row_an_operation()
    {
        var documented = await DocumentOperationsAsync(world.ClientAs(Actor.Anonymous));

        var missing = documented.Keys.Where(o => !AccessMatrix.Rows.ContainsKey(o)).Order(StringComparer.Ordinal).ToList();
        var stale = AccessMatrix.Rows.Keys.Where(o => !documented.ContainsKey(o)).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, "Add a row to AccessMatrix.Rows for: " + string.Join(", ", missing));
        Assert.True(stale.Count == 0, "AccessMatrix.Rows has rows for operations that no longer exist: " + string.Join(", ", stale));
        Assert.All(AccessMatrix.Rows, row => Assert.Equal(Enum.GetValues<Actor>().Length, row.Value.Count));
    }

    [Fact]
    public async Task Every_operation_with_a_JSON_body_has_an_example_body()
    {
        var documented = await DocumentOperationsAsync(world.ClientAs(Actor.Anonymous));

        var withoutExample = documented
            .Where(o => o.Value.TryGetProperty("requestBody", out var body)
                && body.GetProperty("content").TryGetProperty("application/json", out _)
                && AccessMatrix.ExampleBody(world, o.Key) is null)
            .Select(o => o.Key)
            .ToList();

        Assert.True(withoutExample.Count == 0, "Add an example body to AccessMatrix.ExampleBody for: " + string.Join(", ", withoutExample));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Actor_gets_the_declared_outcome(string operation, Actor actor)
    {
        var expected = AccessMatrix.Rows[operation][actor];
        using var request = AccessMatrix.ExampleRequest(world, operation);

        using var response = await world.ClientAs(actor).SendAsync(request, Ct);

        var status = (int)response.StatusCode;
        var matches = expected switch
        {
            Outcome.Allowed => status is >= 200 and < 300,
            Outcome.Written => status is (>= 200 and < 300) or 400 or 409,
            Outcome.Invalid => response.StatusCode == HttpStatusCode.BadRequest,
            Outcome.Unauthorized => response.StatusCode == HttpStatusCode.Unauthorized,
            Outcome.Forbidden => response.StatusCode == HttpStatusCode.Forbidden,
            Outcome.NotFound => response.StatusCode == HttpStatusCode.NotFound,
            _ => false,
        };
        Assert.True(matches,
            $"{operation} as {actor}: expected {expected} but got {status}: {await response.Content.ReadAsStringAsync(Ct)}");
        if (status >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
