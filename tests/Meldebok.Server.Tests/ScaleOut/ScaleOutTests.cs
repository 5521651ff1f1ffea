using System.Net;
using Meldebok.Server.Features.Identity;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Realtime;
using Meldebok.Server.Tests.Sfo;
using Meldebok.Server.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.ScaleOut;

/// <summary>
/// One replica of the server in a scale-out test. Each replica is its own host with its own service provider — its own
/// SignalR hub and connections, outbox publisher, data-protection key ring cache, token keys and Hangfire server — so the
/// replicas share only what production replicas share: the PostgreSQL database and Redis.
/// </summary>
public sealed class ScaleOutReplica(PostgresServer postgres, string? redis, string? sharedDatabase, string channelPrefix) : MeldebokApp(postgres)
{
    /// <summary>The first replica creates the database; the others join it.</summary>
    public override ValueTask InitializeAsync() => sharedDatabase is null ? base.InitializeAsync() : ValueTask.CompletedTask;

    public string Database => sharedDatabase ?? ConnectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConnectionStrings:Meldebok", Database);
        if (redis is not null)
        {
            builder.UseSetting("Realtime:Redis", redis);
            builder.UseSetting("Realtime:RedisChannelPrefix", channelPrefix);
            builder.UseSetting("Jobs:RunServer", "true");
            builder.UseSetting("Jobs:SchedulePollingIntervalSeconds", "1");
        }
    }
}

/// <summary>
/// Replicas A and B on one database and one Redis, and an outsider C on a database of its own (its own data-protection
/// keys) that shows what a replica that shares nothing does with A's and B's cookies.
/// </summary>
public sealed class ScaleOutCluster(PostgresServer postgres) : IAsyncLifetime
{
    private RedisServer? redis;

    public ScaleOutReplica A { get; private set; } = null!;
    public ScaleOutReplica B { get; private set; } = null!;
    public ScaleOutReplica Outsider { get; private set; } = null!;

    public string RequireRedis() => redis!.Require();

    public async ValueTask InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        var prefix = "meldebok-test-" + Guid.NewGuid().ToString("N");
        A = new ScaleOutReplica(postgres, redis.ConnectionString, null, prefix);
        await A.InitializeAsync();
        B = new ScaleOutReplica(postgres, redis.ConnectionString, A.ConnectionString, prefix);
        await B.InitializeAsync();
        Outsider = new ScaleOutReplica(postgres, null, null, prefix);
        await Outsider.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Outsider.DisposeAsync();
        await B.DisposeAsync();
        await A.DisposeAsync();
        if (redis is not null)
        {
            await redis.DisposeAsync();
        }
    }
}

/// <summary>Two replicas behind one database and one Redis behave as one server.</summary>
public sealed class ScaleOutTests(ScaleOutCluster cluster) : IClassFixture<ScaleOutCluster>
{
    private const string Password = "Et-langt-skaleringspassord-1";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_guardian_signed_in_through_one_replica_and_connected_to_the_other_receives_a_check_out_made_on_the_second()
    {
        cluster.RequireRedis();
        var (a, b) = (cluster.A, cluster.B);
        var world = await a.ArrangeSfoWorldAsync();
        var day = a.NextWeekday(new TimeOnly(14, 0));
        b.SetLocalTime(day, new TimeOnly(14, 0));
        await world.EnrolAsync(world.PupilA, day.AddDays(-30));

        // The guardian opens the sign-in form on A and posts it to B: B accepts A's antiforgery token and issues the sign-in cookie.
        var userName = await SetPasswordAsync(a, await a.GuardianAccountIdAsync(world.Absence.Roster.GuardianA));
        var cookies = new CookieContainer();
        var (browserA, browserB, outsider) = (Browser(a, cookies), Browser(b, cookies), Browser(cluster.Outsider, cookies));
        var form = await (await browserA.GetAsync(WebPaths.SignIn, Ct)).Content.ReadAsStringAsync(Ct);
        var signedIn = await browserB.PostAsync(WebPaths.SignIn, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = Web.WebPageClient.AntiforgeryToken(form),
            ["Input.Username"] = userName,
            ["Input.Password"] = Password,
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains(cookies.GetCookies(a.Server.BaseAddress), c => c.Name == "meldebok");

        // A accepts the cookie B issued; a server with keys of its own does not.
        Assert.Contains("Logget inn som ", await (await browserA.GetAsync(WebPaths.Home, Ct)).Content.ReadAsStringAsync(Ct));
        var outsiderHome = await (await outsider.GetAsync(WebPaths.Home, Ct)).Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("Logget inn som ", outsiderHome);
        Assert.Contains($"href=\"{WebPaths.SignIn}\"", outsiderHome);

        // The guardian's hub connection is on A, with the cookie; the SFO staff check the child in and out through B.
        await using var hub = await HubClient.ConnectWithHeadersAsync(a, new Dictionary<string, string> { ["Cookie"] = cookies.GetCookieHeader(a.Server.BaseAddress) });
        var staffOnB = b.CreateClient();
        staffOnB.DefaultRequestHeaders.Authorization = world.SfoStaff.DefaultRequestHeaders.Authorization;
        (await world.CheckInAsync(day, world.PupilA, client: staffOnB)).EnsureSuccessStatusCode();
        await hub.WaitForAsync(SfoEvents.ChildCheckedIn, "pupilId", world.PupilA);
        b.SetLocalTime(day, new TimeOnly(15, 30));
        (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.PupilA, DepartureMethod.WentHomeAlone), staffOnB)).EnsureSuccessStatusCode();

        var checkedOut = await hub.WaitForAsync(SfoEvents.ChildCheckedOut, "pupilId", world.PupilA);
        // Published once: the event carries the same sequence the catch-up endpoint gives, and arrived once.
        Assert.Equal(1, hub.Received.Count(e => e.Sequence == checkedOut.Sequence));
        var inDatabase = await a.WithDbAsync(db => db.OutboxEvents.SingleAsync(e => e.Sequence == checkedOut.Sequence, Ct));
        Assert.Equal(SfoEvents.ChildCheckedOut, inDatabase.Type);
    }

    private static HttpClient Browser(ScaleOutReplica replica, CookieContainer cookies) =>
        new(new CookieContainerHandler(cookies) { InnerHandler = replica.Server.CreateHandler() }) { BaseAddress = replica.Server.BaseAddress };

    private static async Task<string> SetPasswordAsync(ScaleOutReplica app, Guid accountId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MeldebokUser>>();
        var user = (await users.FindByIdAsync(accountId.ToString()))!;
        if (await users.HasPasswordAsync(user))
        {
            await users.RemovePasswordAsync(user);
        }

        Assert.True((await users.AddPasswordAsync(user, Password)).Succeeded);
        return user.UserName!;
    }
}
