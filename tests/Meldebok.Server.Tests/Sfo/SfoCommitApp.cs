using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Tests.Identity;
using Meldebok.Server.Tests.Idempotency;
using Meldebok.Server.Tests.Notifications;
using Meldebok.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Sfo;

/// <summary>
/// The notification host (e-mail, SMS and push on) for the check-in and check-out on the one-transaction path: the phone app's
/// client for bearer tokens (<see cref="TokenFlowApp.RegisterTestClient"/>), database commands that can be made to fail
/// (<see cref="Failures"/>) and a job client that records — and can refuse — what is enqueued (<see cref="Jobs"/>).
/// </summary>
public class SfoCommitApp(PostgresServer postgres) : NotificationApp(postgres)
{
    public FailingCommands Failures { get; } = new();

    public RecordingJobClient Jobs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        TokenFlowApp.RegisterTestClient(builder);
        builder.ConfigureTestServices(services =>
        {
            services.ConfigureDbContext<MeldebokDbContext>(options => options.AddInterceptors(Failures));
            services.AddSingleton<IBackgroundJobClient>(Jobs);
        });
    }
}

/// <summary>
/// A job client that records the jobs enqueued (the test hosts run no job server; tests run the jobs themselves) and, when
/// armed, refuses them as a job storage that does not answer would.
/// </summary>
public sealed class RecordingJobClient : IBackgroundJobClient
{
    private int deliveries;
    private int refuse;

    /// <summary>How many times the notification delivery job was enqueued (refused ones not counted).</summary>
    public int DeliveriesEnqueued => Volatile.Read(ref deliveries);

    /// <summary>The next <paramref name="times"/> jobs are refused with an exception.</summary>
    public void RefuseNext(int times) => Volatile.Write(ref refuse, times);

    public string Create(Job job, IState state)
    {
        if (Interlocked.Decrement(ref refuse) >= 0)
        {
            throw new InvalidOperationException("The test's job storage refuses the job.");
        }

        Interlocked.Exchange(ref refuse, 0);
        if (job.Type == typeof(NotificationDeliveryJob))
        {
            Interlocked.Increment(ref deliveries);
        }

        return Guid.NewGuid().ToString("N");
    }

    public bool ChangeState(string jobId, IState state, string expectedState) => true;
}
