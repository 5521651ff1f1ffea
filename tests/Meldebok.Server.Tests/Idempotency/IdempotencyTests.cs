using System.Net;
using System.Net.Http.Json;
using System.Text;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Idempotency;
using Meldebok.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Idempotency;

public sealed class IdempotencyTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private const string Schools = "/api/v1/admin/schools";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An administrator acting through an account, so that keys are scoped to that account; of <paramref name="host"/> when given.</summary>
    private async Task<(HttpClient Client, Guid MunicipalityId)> AdminAsync(Guid? municipalityId = null, WebApplicationFactory<Program>? host = null)
    {
        var municipality = municipalityId ?? await app.CreateMunicipalityAsync();
        return ((host ?? app).ClientFor(TestUser.MunicipalityAdmin(municipality) with { AccountId = Guid.NewGuid() }), municipality);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string json, string? key, string path = Schools)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(IdempotencyFilter.Header, key);
        }

        return client.SendAsync(request, Ct);
    }

    private static string School(string name) => $$"""{"name":"{{name}}"}""";

    private static bool Replayed(HttpResponseMessage response) =>
        response.Headers.TryGetValues(IdempotencyFilter.ReplayedHeader, out var values) && values.Single() == "true";

    private Task<int> SchoolsNamedAsync(Guid municipalityId, string name) =>
        app.WithDbAsync(db => db.Schools.CountAsync(s => s.MunicipalityId == municipalityId && s.Name == name, Ct));

    [Fact]
    public async Task Fifty_concurrent_retries_with_one_key_create_one_school_and_all_get_the_same_answer()
    {
        // The retries wait for the first request however long a loaded machine takes (the 409 after the wait has its own test).
        await using var patient = app.WithWebHostBuilder(builder => builder.UseSetting("Idempotency:InFlightWaitMilliseconds", "30000"));
        var (admin, municipality) = await AdminAsync(host: patient);
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => PostAsync(admin, School("Samtidig skole"), key)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync(Ct)));
        Assert.Single(bodies.Distinct());
        Assert.Single(responses.Select(r => r.Headers.Location!.ToString()).Distinct());
        Assert.Equal(49, responses.Count(Replayed));
        Assert.Equal(1, await SchoolsNamedAsync(municipality, "Samtidig skole"));
        var school = await responses[0].ReadAsync<SchoolResponse>(HttpStatusCode.Created);
        Assert.Equal($"{Schools}/{school.Id}", responses[0].Headers.Location!.ToString());
    }

    [Fact]
    public async Task Replay_returns_the_stored_status_content_type_location_and_body()
    {
        var (admin, municipality) = await AdminAsync();
        var key = $"\"{Guid.NewGuid()}\"";
        var first = await PostAsync(admin, School("Gjentatt skole"), key);
        var retry = await PostAsync(admin, School("Gjentatt skole"), key);

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.False(Replayed(first));
        Assert.True(Replayed(retry));
        Assert.Equal(first.Content.Headers.ContentType, retry.Content.Headers.ContentType);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await retry.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, await SchoolsNamedAsync(municipality, "Gjentatt skole"));
    }

    [Fact]
    public async Task Same_key_with_another_body_is_rejected_with_422()
    {
        var (admin, municipality) = await AdminAsync();
        var key = Guid.NewGuid().ToString();
        await (await PostAsync(admin, School("Første skole"), key)).ShouldHaveStatusAsync(HttpStatusCode.Created);

        var problem = await (await PostAsync(admin, School("Andre skole"), key)).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("Idempotency-Key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await SchoolsNamedAsync(municipality, "Andre skole"));
    }

    [Fact]
    public async Task Same_key_on_another_path_is_rejected_with_422()
    {
        var (admin, _) = await AdminAsync();
        var key = Guid.NewGuid().ToString();
        await (await PostAsync(admin, School("Stiskole"), key)).ShouldHaveStatusAsync(HttpStatusCode.Created);

        await (await PostAsync(admin, """{"givenName":"Kari","familyName":"Larsen"}""", key, "/api/v1/admin/staff")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Retry_while_the_first_request_is_in_flight_is_rejected_with_409()
    {
        var (admin, municipality) = await AdminAsync();
        var key = Guid.NewGuid().ToString();
        await (await PostAsync(admin, School("Underveis skole"), key)).ShouldHaveStatusAsync(HttpStatusCode.Created);
        // As if the first request were still running: its record has no response yet.
        await app.WithDbAsync(db => db.IdempotencyRecords.Where(r => r.Key == key).ExecuteUpdateAsync(set => set
            .SetProperty(r => r.ResponseStatus, (int?)null).SetProperty(r => r.ResponseBody, (byte[]?)null).SetProperty(r => r.CompletedAt, (DateTimeOffset?)null), Ct));

        var problem = await (await PostAsync(admin, School("Underveis skole"), key)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("behandles fortsatt", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await SchoolsNamedAsync(municipality, "Underveis skole"));
    }

    [Fact]
    public async Task Expired_key_is_processed_as_a_new_request()
    {
        var (admin, municipality) = await AdminAsync();
        var key = Guid.NewGuid().ToString();
        var first = await (await PostAsync(admin, School("Utløpt skole"), key)).ReadAsync<SchoolResponse>(HttpStatusCode.Created);
        app.Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));

        var again = await PostAsync(admin, School("Utløpt skole"), key);
        var second = await again.ReadAsync<SchoolResponse>(HttpStatusCode.Created);
        Assert.False(Replayed(again));
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(2, await SchoolsNamedAsync(municipality, "Utløpt skole"));
    }

    [Fact]
    public async Task Keys_are_scoped_per_caller()
    {
        var (first, municipality) = await AdminAsync();
        var (second, _) = await AdminAsync(municipality);
        var key = Guid.NewGuid().ToString();

        await (await PostAsync(first, School("Egen skole"), key)).ShouldHaveStatusAsync(HttpStatusCode.Created);
        var other = await PostAsync(second, School("Egen skole"), key);
        await other.ShouldHaveStatusAsync(HttpStatusCode.Created);
        Assert.False(Replayed(other));
        Assert.Equal(2, await SchoolsNamedAsync(municipality, "Egen skole"));
        var otherBody = await PostAsync(second, School("Annen skole"), key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherBody.StatusCode);
    }

    [Fact]
    public async Task Validation_error_is_stored_and_replayed()
    {
        var (admin, _) = await AdminAsync();
        var key = Guid.NewGuid().ToString();
        var first = await PostAsync(admin, School(""), key);
        await first.ValidationProblemAsync("name");

        var retry = await PostAsync(admin, School(""), key);
        await retry.ValidationProblemAsync("name");
        Assert.True(Replayed(retry));
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await retry.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Without_a_key_every_post_is_processed()
    {
        var (admin, municipality) = await AdminAsync();
        var first = await PostAsync(admin, School("Nøkkelløs skole"), key: null);
        var second = await PostAsync(admin, School("Nøkkelløs skole"), key: null);

        Assert.NotEqual((await first.ReadAsync<SchoolResponse>(HttpStatusCode.Created)).Id, (await second.ReadAsync<SchoolResponse>(HttpStatusCode.Created)).Id);
        Assert.False(Replayed(second));
        Assert.Equal(2, await SchoolsNamedAsync(municipality, "Nøkkelløs skole"));
    }

    [Theory]
    [InlineData("  ")]
    [InlineData("\"\"")]
    public async Task Empty_key_is_rejected_naming_the_header(string key)
    {
        var (admin, municipality) = await AdminAsync();
        await (await PostAsync(admin, School("Tomnøkkel skole"), key)).ValidationProblemAsync(IdempotencyFilter.Header);
        Assert.Equal(0, await SchoolsNamedAsync(municipality, "Tomnøkkel skole"));
    }

    [Fact]
    public async Task Key_longer_than_255_characters_is_rejected_naming_the_header()
    {
        var (admin, _) = await AdminAsync();
        await (await PostAsync(admin, School("Langnøkkel skole"), new string('k', 256))).ValidationProblemAsync(IdempotencyFilter.Header);
        await (await PostAsync(admin, School("Langnøkkel skole"), new string('k', 255))).ShouldHaveStatusAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Anonymous_post_with_a_key_gets_401_and_stores_nothing()
    {
        var key = Guid.NewGuid().ToString();
        await (await PostAsync(app.ClientFor(null), School("Anonym skole"), key)).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.False(await app.WithDbAsync(db => db.IdempotencyRecords.AnyAsync(r => r.Key == key, Ct)));
    }
}
