using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Meldebok.Server.Tests.Infrastructure;

namespace Meldebok.Server.Tests.Access;

/// <summary>
/// Bad input for every operation of the OpenAPI document, generated from its schemas, sent by an actor
/// the operation admits: never a 5xx, refusals as ProblemDetails, and a 400 names a field.
/// </summary>
public sealed class BadInputTests(AccessWorld world) : IClassFixture<AccessWorld>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] HostileStrings =
    [
        "<script>alert(1)</script>", "' OR 1=1 --", "nul\u0000byte", "\u202Eevil\u202C", "../../etc/passwd", "{{7*7}}",
    ];

    public static TheoryData<string> Operations() => new(AccessMatrix.Rows.Keys.Order(StringComparer.Ordinal));

    /// <summary>One request to send, and what the answer must be.</summary>
    private sealed record Probe(string Name, Func<HttpRequestMessage> Request, Expect Expect, string? Field = null);

    private enum Expect
    {
        /// <summary>4xx ProblemDetails; a 400 names at least one field (or <see cref="Probe.Field"/>).</summary>
        Refused,
        /// <summary>Never a 5xx; a refusal is ProblemDetails. For free text that may hold any characters.</summary>
        NoServerError,
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Bad_input_is_refused_as_a_problem_and_never_breaks_the_server(string operation)
    {
        var document = await DocumentAsync();
        var (method, template) = AccessMatrix.Split(operation);
        var spec = OperationSpec(document, method, template);
        var actor = AccessMatrix.Rows[operation].First(a => a.Value is Outcome.Allowed or Outcome.Written).Key;
        var client = world.ClientAs(actor);

        var failures = new List<string>();
        foreach (var probe in Probes(document, operation, spec))
        {
            using var request = probe.Request();
            using var response = await client.SendAsync(request, Ct);
            if (await Judge(probe, response) is { } failure)
            {
                failures.Add($"{probe.Name}: {failure}");
            }
        }

        Assert.True(failures.Count == 0, $"{operation} as {actor}:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task A_query_value_that_does_not_bind_is_named_in_the_errors()
    {
        using var response = await world.ClientAs(Actor.MunicipalityAdmin).GetAsync("/api/v1/admin/pupils?schoolId=abc", Ct);

        var errors = await response.ValidationProblemAsync("schoolId");
        Assert.Equal("Verdien har feil format eller type.", errors.GetProperty("schoolId")[0].GetString());
    }

    private static async Task<string?> Judge(Probe probe, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(Ct);
        var summary = $"{status} {Truncate(body)}";
        if (status >= 500)
        {
            return "server error " + summary;
        }

        if (status < 400)
        {
            return probe.Expect == Expect.Refused ? "accepted " + summary : null;
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return "not application/problem+json: " + summary;
        }

        if (status == 400 && probe.Expect == Expect.Refused)
        {
            var problem = JsonDocument.Parse(body).RootElement;
            if (!problem.TryGetProperty("errors", out var errors) || !errors.EnumerateObject().Any())
            {
                return "400 names no field: " + summary;
            }

            if (probe.Field is { } field && !errors.EnumerateObject().Any(e => e.Name.Equals(field, StringComparison.Ordinal)))
            {
                return $"400 does not name {field}: " + summary;
            }
        }

        return null;
    }

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private async Task<JsonElement> DocumentAsync() =>
        await world.ClientAs(Actor.Anonymous).GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);

    private static JsonElement OperationSpec(JsonElement document, string method, string template)
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.TrimEnd('/') == template))
        {
            if (path.Value.TryGetProperty(method.ToLowerInvariant(), out var operation))
            {
                return operation;
            }
        }

        throw new InvalidOperationException($"{method} {template} is not in the OpenAPI document; see AuthorizationMatrixTests.");
    }

    /// <summary>
    /// Removals that answer 204 for an id that is not there (already removed, or not the caller's, which is left alone),
    /// so that a device turning push off can repeat it; their own tests cover that (PushNotificationTests).
    /// </summary>
    private static readonly HashSet<string> IdempotentRemovals = new(StringComparer.Ordinal) { "DELETE /api/v1/me/push-subscriptions/{id}" };

    private IEnumerable<Probe> Probes(JsonElement document, string operation, JsonElement spec)
    {
        var (method, template) = AccessMatrix.Split(operation);
        var path = AccessMatrix.Path(world, template);
        HttpRequestMessage Send(string url, HttpContent? content) => new(new HttpMethod(method), url) { Content = content };
        HttpContent? ExampleContent() => AccessMatrix.ExampleRequest(world, operation).Content;

        if (template.Contains("{id}", StringComparison.Ordinal) && !IdempotentRemovals.Contains(operation))
        {
            yield return new Probe("unknown id in the path", () => Send(AccessMatrix.Path(world, template, Guid.NewGuid()), ExampleContent()), Expect.Refused);
        }

        foreach (var parameter in Parameters(spec, "query"))
        {
            var name = parameter.GetProperty("name").GetString()!;
            var schema = Resolve(document, parameter.GetProperty("schema"));
            if (IsString(schema) && !schema.TryGetProperty("format", out _) && !schema.TryGetProperty("enum", out _))
            {
                foreach (var value in HostileStrings.Append(new string('x', 10_000)))
                {
                    yield return new Probe($"query {name}={Truncate(value)}", () => Send($"{path}?{name}={Uri.EscapeDataString(value)}", ExampleContent()), Expect.NoServerError);
                }
            }
            else
            {
                yield return new Probe($"query {name}=abc", () => Send($"{path}?{name}=abc", ExampleContent()), Expect.Refused, name);
            }
        }

        if (!spec.TryGetProperty("requestBody", out var requestBody))
        {
            yield break;
        }

        var content = requestBody.GetProperty("content");
        if (content.TryGetProperty("multipart/form-data", out _))
        {
            yield return new Probe("multipart without files", () => Send(path, new MultipartFormDataContent { { new StringContent("full"), "mode" } }), Expect.Refused);
            yield return new Probe("multipart with a garbage file", () => Send(path, new MultipartFormDataContent
            {
                { new ByteArrayContent(Enumerable.Range(0, 4096).Select(i => (byte)(i * 31 % 251)).ToArray()), "files", "orgs.csv" },
            }), Expect.Refused);
            yield return new Probe("JSON instead of a form", () => Send(path, JsonContent.Create(new { files = "x" })), Expect.Refused);
            yield break;
        }

        var schemaRoot = Resolve(document, content.GetProperty("application/json").GetProperty("schema"));
        var example = AccessMatrix.ExampleBody(world, operation)
            ?? throw new InvalidOperationException($"Add an example body to AccessMatrix.ExampleBody for {operation}.");
        HttpRequestMessage SendJson(string body) => Send(path, new StringContent(body, Encoding.UTF8, "application/json"));
        HttpRequestMessage SendWith(Action<JsonObject> change)
        {
            var body = AccessMatrix.ExampleBody(world, operation)!;
            change(body);
            return SendJson(body.ToJsonString());
        }

        yield return new Probe("malformed JSON", () => SendJson("{\"a\":"), Expect.Refused);
        yield return new Probe("a JSON array instead of an object", () => SendJson("[1,2,3]"), Expect.Refused);
        yield return new Probe("an empty body", () => SendJson(""), Expect.Refused);

        // The document lists nullable record parameters as required too; only a non-nullable one must be sent.
        foreach (var required in schemaRoot.TryGetProperty("required", out var list) ? list.EnumerateArray().Select(r => r.GetString()!) : [])
        {
            if (Types(Resolve(document, schemaRoot.GetProperty("properties").GetProperty(required))).Contains("null"))
            {
                continue;
            }

            yield return new Probe($"{required} missing", () => SendWith(b => b.Remove(required)), Expect.Refused);
        }

        var firstString = default(string);
        foreach (var property in schemaRoot.GetProperty("properties").EnumerateObject())
        {
            var name = property.Name;
            var schema = Resolve(document, property.Value);
            if (IsString(schema))
            {
                firstString ??= name;
                yield return new Probe($"{name} as a number", () => SendWith(b => b[name] = 12345), Expect.Refused, name);
                yield return new Probe($"{name} of 10 000 characters", () => SendWith(b => b[name] = new string('a', 10_000)), Expect.Refused, name);
                if (IsUuid(schema))
                {
                    yield return new Probe($"{name} unknown", () => SendWith(b => b[name] = Guid.NewGuid().ToString()), Expect.Refused, name);
                }

                foreach (var hostile in HostileStrings)
                {
                    yield return new Probe($"{name}={Truncate(hostile)}", () => SendWith(b => b[name] = hostile), Expect.NoServerError);
                }
            }
            else
            {
                yield return new Probe($"{name} as a string", () => SendWith(b => b[name] = "feil type"), Expect.Refused, name);
                if (IsArray(schema) && schema.TryGetProperty("items", out var items) && IsUuid(Resolve(document, items)))
                {
                    yield return new Probe($"{name} with an unknown id", () => SendWith(b => b[name] = new JsonArray(Guid.NewGuid().ToString())), Expect.Refused, name);
                }
            }
        }

        if (firstString is { } big)
        {
            yield return new Probe($"a 1 MB body ({big})", () => SendWith(b => b[big] = new string('a', 1_048_576)), Expect.Refused);
        }
    }

    private static IEnumerable<JsonElement> Parameters(JsonElement spec, string location) =>
        spec.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == location)
            : [];

    /// <summary>Follows <c>$ref</c> into components/schemas.</summary>
    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        while (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(name);
        }

        return schema;
    }

    private static IEnumerable<string> Types(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return schema.TryGetProperty("enum", out _) ? ["string"] : [];
        }

        return type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!) : [type.GetString()!];
    }

    private static bool IsString(JsonElement schema) => Types(schema).Contains("string") && !Types(schema).Any(t => t is "integer" or "number");
    private static bool IsArray(JsonElement schema) => Types(schema).Contains("array");
    private static bool IsUuid(JsonElement schema) => schema.TryGetProperty("format", out var format) && format.GetString() == "uuid";
}
