using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Meldebok.Server.Features.Identity;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Notifications;
using Meldebok.Server.Tests.ScaleOut;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Processes;

/// <summary>
/// The tests of real server processes run one at a time and alone: each starts processes that take both cores for a while,
/// and the fault drills measure recovery times.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerProcessesDefinition : ICollectionFixture<ProcessCluster>
{
    public const string Name = "Server processes";
}

/// <summary>
/// An in-process host on a database that server processes use, for arranging data with the tests' usual helpers (it
/// neither publishes events nor runs jobs: that is the processes' work) and for looking at rows.
/// </summary>
public sealed class ProcessArranger(PostgresServer postgres, string database) : MeldebokApp(postgres)
{
    public string Database => database;

    public override ValueTask InitializeAsync()
    {
        // Start the host now, so that it has done its start-up work before any process starts.
        _ = Services;
        return ValueTask.CompletedTask;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConnectionStrings:Meldebok", database);
        builder.UseSetting("Realtime:PublisherEnabled", "false");
    }

    /// <summary>Gives the account <paramref name="accountId"/> the password <see cref="ProcessSignIn.Password"/>; returns its user name.</summary>
    public async Task<string> SetPasswordAsync(Guid accountId)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MeldebokUser>>();
        var user = (await users.FindByIdAsync(accountId.ToString()))!;
        if (await users.HasPasswordAsync(user))
        {
            await users.RemovePasswordAsync(user);
        }

        Assert.True((await users.AddPasswordAsync(user, ProcessSignIn.Password)).Succeeded);
        return user.UserName!;
    }
}

/// <summary>
/// Replicas A and B: two server processes on one PostgreSQL database (cloned from the test run's template) and one Redis,
/// with the same token certificates and pseudonym key, e-mail to a <see cref="TestSmtpServer"/> and SMS to a
/// <see cref="TestSmsGateway"/> of the fixture — what two production replicas share, and nothing else.
/// </summary>
public sealed class ProcessCluster(PostgresServer postgres) : IAsyncLifetime
{
    private RedisServer? redis;

    public ProcessArranger Arranger { get; private set; } = null!;
    public ServerProcess A { get; private set; } = null!;
    public ServerProcess B { get; private set; } = null!;
    public TestSmtpServer Smtp { get; } = new();
    public TestSmsGateway Sms { get; } = new();

    /// <summary>Skips (fails in CI) the calling test when there is no <c>redis-server</c>.</summary>
    public void RequireRedis() => redis!.Require();

    /// <summary>The output of both processes, for a failing test's message.</summary>
    public string Output => A.Output + "\n" + B.Output;

    public async ValueTask InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        await Smtp.StartAsync();
        await Sms.StartAsync();
        Arranger = new ProcessArranger(postgres, await postgres.CreateDatabaseAsync());
        await Arranger.InitializeAsync();

        var settings = ProcessSettings.Common(Arranger.Database);
        settings["Realtime:RedisChannelPrefix"] = "meldebok-process-" + Guid.NewGuid().ToString("N");
        if (redis.ConnectionString is { } connectionString)
        {
            settings["Realtime:Redis"] = connectionString;
        }

        settings["Notifications:Smtp:Host"] = "127.0.0.1";
        settings["Notifications:Smtp:Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture);
        settings["Notifications:Smtp:UseTls"] = "false";
        settings["Notifications:Smtp:From"] = $"Meldebok <{NotificationApp.From}>";
        settings["Notifications:Sms:BaseUrl"] = Sms.BaseUrl;
        settings["Notifications:Sms:ApiKey"] = TestSmsGateway.ApiKey;
        settings["Notifications:UrgentSmsFallbackMinutes"] = "0";
        // The fan-out drill: no undo window, small batches, and a dead worker's claim taken over after a minute.
        settings["Messages:UndoWindowSeconds"] = "0";
        settings["Messages:FanOutBatchSize"] = "100";
        settings["Messages:FanOutClaimTimeoutMinutes"] = "1";
        settings["Jobs:InvisibilityTimeoutMinutes"] = "1";

        A = new ServerProcess("replica A", settings);
        B = new ServerProcess("replica B", settings);
        // One after the other: each registers the API client at start-up.
        await A.StartAsync();
        await B.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (A is not null)
        {
            await A.DisposeAsync();
        }

        if (B is not null)
        {
            await B.DisposeAsync();
        }

        if (Arranger is not null)
        {
            await Arranger.DisposeAsync();
        }

        await Smtp.DisposeAsync();
        await Sms.DisposeAsync();
        if (redis is not null)
        {
            await redis.DisposeAsync();
        }
    }
}

/// <summary>The settings every server process of the tests gets, as environment variables.</summary>
internal static class ProcessSettings
{
    private static readonly Lazy<(string Signing, string Encryption)> Certificates = new(() => (
        TestCertificates.Pkcs12Base64("Meldebok process tests signing", X509KeyUsageFlags.DigitalSignature),
        TestCertificates.Pkcs12Base64("Meldebok process tests encryption", X509KeyUsageFlags.KeyEncipherment)));

    public static Dictionary<string, string> Common(string connectionString)
    {
        var settings = new Dictionary<string, string>
        {
            // "Testing": cookies without the Secure flag over plain HTTP on loopback; everything else as in Production.
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ConnectionStrings:Meldebok"] = connectionString,
            // The same token keys on every process, as Auth:SigningCertificate/EncryptionCertificate are in production.
            ["Auth:SigningCertificate"] = Certificates.Value.Signing,
            ["Auth:EncryptionCertificate"] = Certificates.Value.Encryption,
            ["Usage:PseudonymKey"] = MeldebokApp.TestPseudonymKey,
            ["Attachments:StoragePath"] = Path.Combine(Path.GetTempPath(), "meldebok-process-tests", "attachments"),
            ["Jobs:SchedulePollingIntervalSeconds"] = "1",
            ["Realtime:PollIntervalMilliseconds"] = "200",
            ["RateLimits:SignInPermitLimit"] = "100000",
            ["RateLimits:GuardianWritesPermitLimit"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (name, value) in ProcessSignIn.ClientSettings())
        {
            settings[name] = value;
        }

        return settings;
    }
}
