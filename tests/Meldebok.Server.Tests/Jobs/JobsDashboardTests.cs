using System.Net;
using Hangfire;
using Meldebok.Server.Infrastructure.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Jobs;

/// <summary>The Hangfire dashboard at /jobs: administrators and the platform operator, signed in to the web UI.</summary>
public sealed class JobsDashboardTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Platform_operator_sees_the_dashboard()
    {
        var response = await app.ClientFor(TestUser.PlatformOperator()).GetAsync("/jobs", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Hangfire", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Municipality_admin_sees_the_recurring_jobs_read_only()
    {
        var admin = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        var operatorClient = app.ClientFor(TestUser.PlatformOperator());
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<PruneTokensJob>(
            PruneTokensJob.Id, job => job.RunAsync(CancellationToken.None), Cron.Daily());

        var adminPage = await admin.GetAsync("/jobs/recurring", Ct);
        var operatorPage = await operatorClient.GetAsync("/jobs/recurring", Ct);

        Assert.Equal(HttpStatusCode.OK, adminPage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, operatorPage.StatusCode);
        // The command buttons (trigger, delete) appear only for those who may use them.
        Assert.DoesNotContain("js-jobs-list-command", await adminPage.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("js-jobs-list-command", await operatorPage.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_caller_is_refused_with_401()
    {
        var response = await app.ClientFor(null).GetAsync("/jobs", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Guardian_and_staff_are_refused_with_403()
    {
        var municipality = await app.CreateMunicipalityAsync();

        var guardian = await app.ClientFor(TestUser.Guardian(municipality, Guid.NewGuid())).GetAsync("/jobs", Ct);
        var staff = await app.ClientFor(TestUser.Staff(municipality, Guid.NewGuid())).GetAsync("/jobs/recurring", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, guardian.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, staff.StatusCode);
    }
}
