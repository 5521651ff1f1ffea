using System.Data.Common;
using System.Net;
using System.Text;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Idempotency;
using Meldebok.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Idempotency;

/// <summary>
/// The database fails while a keyed request stores its outcome (as during a PostgreSQL restart): the outcome is stored
/// once the database answers again, so a retry with the same key gets the first answer or runs anew — never 409 until the
/// key expires.
/// </summary>
public sealed class IdempotencySettlementTests(FailingWritesApp app) : IClassFixture<FailingWritesApp>
{
    private const string Schools = "/api/v1/admin/schools";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string name, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Schools) { Content = new StringContent($$"""{"name":"{{name}}"}""", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation(IdempotencyFilter.Header, key);
        return client.SendAsync(request, Ct);
    }

    private static bool Replayed(HttpResponseMessage response) =>
        response.Headers.TryGetValues(IdempotencyFilter.ReplayedHeader, out var values) && values.Single() == "true";

    private async Task WaitForRecordAsync(string key, Func<IdempotencyRecord?, bool> settled)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!settled(await app.WithDbAsync(db => db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Key == key, Ct))))
        {
            Assert.True(DateTime.UtcNow < until, "The idempotency record was not settled within 30 s.");
            await Task.Delay(100, Ct);
        }
    }

    [Fact]
    public async Task A_completion_the_database_refused_is_stored_later_and_a_retry_gets_the_first_answer()
    {
        var municipality = await app.CreateMunicipalityAsync();
        var admin = app.ClientFor(TestUser.MunicipalityAdmin(municipality) with { AccountId = Guid.NewGuid() });
        var key = Guid.NewGuid().ToString();
        app.Failures.Fail("UPDATE idempotency_records", times: 1);

        var first = await PostAsync(admin, "Skole under omstart", key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(0, app.Failures.Remaining("UPDATE idempotency_records"));
        await WaitForRecordAsync(key, r => r?.ResponseStatus == 201);
        var retry = await PostAsync(admin, "Skole under omstart", key);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.True(Replayed(retry));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await retry.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, await app.WithDbAsync(db => db.Schools.CountAsync(s => s.MunicipalityId == municipality, Ct)));
    }

    [Fact]
    public async Task A_release_the_database_refused_happens_later_and_a_retry_runs_the_request()
    {
        var municipality = await app.CreateMunicipalityAsync();
        var admin = app.ClientFor(TestUser.MunicipalityAdmin(municipality) with { AccountId = Guid.NewGuid() });
        var key = Guid.NewGuid().ToString();
        app.Failures.Fail("INSERT INTO schools", times: 1);
        app.Failures.Fail("DELETE FROM idempotency_records", times: 1);

        var first = await PostAsync(admin, "Skole etter feil", key);

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(0, app.Failures.Remaining("DELETE FROM idempotency_records"));
        await WaitForRecordAsync(key, r => r is null);
        var retry = await PostAsync(admin, "Skole etter feil", key);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.False(Replayed(retry));
        Assert.Equal(1, await app.WithDbAsync(db => db.Schools.CountAsync(s => s.MunicipalityId == municipality, Ct)));
    }
}

/// <summary>The app whose database refuses chosen commands a given number of times, as during a restart.</summary>
public sealed class FailingWritesApp(PostgresServer postgres) : MeldebokApp(postgres)
{
    public FailingCommands Failures { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.ConfigureDbContext<MeldebokDbContext>(options => options.AddInterceptors(Failures)));
    }
}

/// <summary>Throws, before they reach PostgreSQL, commands whose text contains an armed fragment, as often as armed.</summary>
public sealed class FailingCommands : DbCommandInterceptor
{
    private readonly Dictionary<string, int> armed = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public void Fail(string fragment, int times)
    {
        lock (gate)
        {
            armed[fragment] = times;
        }
    }

    public int Remaining(string fragment)
    {
        lock (gate)
        {
            return armed.GetValueOrDefault(fragment);
        }
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ThrowIfArmed(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        ThrowIfArmed(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void ThrowIfArmed(DbCommand command)
    {
        string? refused = null;
        lock (gate)
        {
            refused = armed.FirstOrDefault(a => a.Value > 0 && command.CommandText.Contains(a.Key, StringComparison.Ordinal)).Key;
            if (refused is not null)
            {
                armed[refused]--;
            }
        }

        if (refused is not null)
        {
            throw new InvalidOperationException($"The test database refuses: {refused}");
        }
    }
}
