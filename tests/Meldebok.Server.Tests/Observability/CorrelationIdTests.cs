using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Meldebok.Server.Features.Messages;
using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Observability;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Messages;
using Meldebok.Server.Tests.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Observability;

/// <summary>
/// The correlation id of a request: taken from a well-formed <c>X-Correlation-Id</c> or made, answered in the same header,
/// the <c>traceId</c> of ProblemDetails, in the scope of the request's log lines and carried into the jobs it enqueues.
/// </summary>
public sealed partial class CorrelationIdTests(ObservabilityApp app) : IClassFixture<ObservabilityApp>
{
    /// <summary>Stands for an id one character longer than allowed.</summary>
    private const string TooLong = "(too long)";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpResponseMessage> GetAsync(string path, string? correlationId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (correlationId is not null)
        {
            request.Headers.TryAddWithoutValidation(CorrelationId.HeaderName, correlationId);
        }

        return await app.CreateClient().SendAsync(request, Ct);
    }

    private static string Answered(HttpResponseMessage response) => response.Headers.GetValues(CorrelationId.HeaderName).Single();

    [Fact]
    public async Task A_well_formed_correlation_id_comes_back_in_the_response()
    {
        var id = "app-7f3a." + Guid.NewGuid().ToString("N")[..12] + "_x";

        var response = await GetAsync("/health/live", id);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal(id, Answered(response));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    [InlineData("<script>")]
    [InlineData(TooLong)]
    [InlineData("")]
    public async Task A_malformed_or_missing_correlation_id_is_replaced_by_a_new_one(string sent)
    {
        sent = sent == TooLong ? new string('a', CorrelationId.MaxLength + 1) : sent;
        var first = Answered(await GetAsync("/health/live", sent.Length == 0 ? null : sent));
        var second = Answered(await GetAsync("/health/live", sent.Length == 0 ? null : sent));

        Assert.NotEqual(sent, first);
        Assert.Matches(TraceIdFormat(), first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task A_failing_request_answers_problem_details_whose_trace_id_is_the_correlation_id_and_logs_the_error_with_it()
    {
        var id = "fault-" + Guid.NewGuid().ToString("N");

        var response = await GetAsync(FaultPaths.Api, id);

        var problem = await response.ProblemAsync(HttpStatusCode.InternalServerError);
        Assert.Equal(id, problem.GetProperty("traceId").GetString());
        Assert.Equal(id, Answered(response));
        var logged = Assert.Single(app.Logs.Entries, e => e.Category == typeof(ProblemDetailsExceptionHandler).FullName && e.ScopeValues(CorrelationId.Name).Contains(id));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, logged.Level);
        Assert.Contains(FaultPaths.Api, logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bulk_message_carries_its_requests_correlation_id_into_the_fan_out_job_its_log_and_the_delivery_job_it_enqueues()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var id = "bulk-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, BulkSending.Bulk)
        {
            Content = JsonContent.Create(new BulkMessageRequest(new BulkTarget(BulkTargetKind.Groups, [world.Absence.Roster.ClassA]), "Turdag", NotificationArrange.BulkBody, false),
                options: HttpAssertions.Json),
        };
        request.Headers.Add(CorrelationId.HeaderName, id);
        var queued = await (await world.Teacher.SendAsync(request, Ct)).ReadAsync<BulkMessageStatusResponse>(HttpStatusCode.Accepted);

        var storage = app.Services.GetRequiredService<JobStorage>();
        using var connection = storage.GetConnection();
        var fanOutJobId = Assert.Single(storage.GetMonitoringApi().ScheduledJobs(0, 1000),
            j => j.Value.Job?.Method.Name == nameof(BulkFanOutJob.FanOutAsync) && j.Value.Job.Args[0] is Guid target && target == queued.Id).Key;
        Assert.Equal(id, Parameter(connection, fanOutJobId));

        // The job as a Hangfire worker runs it: the filter restores the id from the job's parameter around the job.
        app.Time.Advance(app.UndoWindow());
        var context = new PerformContext(storage, connection, new BackgroundJob(fanOutJobId, connection.GetJobData(fanOutJobId).Job, DateTime.UtcNow), new JobCancellationToken(false));
        var filter = new CorrelationJobFilter();
        filter.OnPerforming(new PerformingContext(context));
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            Assert.True(await scope.ServiceProvider.GetRequiredService<BulkFanOutJob>().FanOutAsync(queued.Id, Ct));
        }
        finally
        {
            filter.OnPerformed(new PerformedContext(context, null, false, null));
        }

        Assert.Null(CorrelationId.Current);
        Assert.Single(app.Logs.Entries, e => e.Category == typeof(BulkFanOutJob).FullName
            && e.Message.Contains(queued.Id.ToString(), StringComparison.Ordinal) && e.Message.Contains("fanned out", StringComparison.Ordinal)
            && e.ScopeValues(CorrelationId.Name).Contains(id));
        var deliveryJobs = storage.GetMonitoringApi().EnqueuedJobs("default", 0, 1000)
            .Where(j => j.Value.Job?.Type == typeof(NotificationDeliveryJob)).Select(j => j.Key).ToList();
        Assert.Contains(deliveryJobs, job => Parameter(connection, job) == id);
    }

    private static string? Parameter(Hangfire.Storage.IStorageConnection connection, string jobId) =>
        connection.GetJobParameter(jobId, CorrelationId.Name) is { } raw ? SerializationHelper.Deserialize<string>(raw) : null;

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TraceIdFormat();
}
