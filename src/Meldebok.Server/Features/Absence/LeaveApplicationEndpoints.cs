using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Idempotency;
using Meldebok.Server.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Absence;

/// <summary>Leave applications: the guardians apply and withdraw, the principal decides, the office looks on.</summary>
internal static class LeaveApplicationEndpoints
{
    public static void AddLeaveApplications(this IServiceCollection services) => services.AddScoped<LeaveApplicationService>();

    public static void MapLeaveApplications(this RouteGroupBuilder api)
    {
        var guardian = api.MapGroup("/leave-applications").WithTags("Leave applications").RequireAuthorization(Policies.Guardian);

        guardian.MapPost("/", async Task<Results<Created<LeaveApplicationResponse>, NotFound>> (
                LeaveApplicationRequest request, LeaveApplicationService leave, CancellationToken ct) =>
                await leave.ApplyAsync(request, ct) is { } application
                    ? TypedResults.Created($"/api/v1/leave-applications/{application.Id}", application)
                    : TypedResults.NotFound())
            .WithName("ApplyForLeave")
            .WithOneTransactionIdempotency()
            .WithSummary("Apply for leave for a child the guardian reaches, from today up to Absence:MaxDaysAhead days ahead. The child's guardians and the school's office and principal are notified.")
            .RequireRateLimiting(RateLimitPolicies.GuardianWrites)
            .ProducesValidationProblem();

        guardian.MapGet("/", async Task<Ok<Paged<LeaveApplicationResponse>>> (
                [AsParameters] LeaveApplicationFilter filter, [AsParameters] PageRequest page, LeaveApplicationService leave, CancellationToken ct) =>
                TypedResults.Ok(await leave.ListForGuardianAsync(filter, page, ct)))
            .WithName("ListLeaveApplications")
            .WithSummary("List the leave applications of every child the guardian reaches, whoever applied, with their decisions. Newest first, paged.");

        guardian.MapGet("/{id:guid}", async Task<Results<Ok<LeaveApplicationResponse>, NotFound>> (
                Guid id, LeaveApplicationService leave, CancellationToken ct) =>
                await leave.GetForGuardianAsync(id, ct) is { } application ? TypedResults.Ok(application) : TypedResults.NotFound())
            .WithName("GetLeaveApplication")
            .WithSummary("Get one leave application of a child the guardian reaches, with its decision.");

        guardian.MapPost("/{id:guid}/withdraw", async Task<Results<Ok<LeaveApplicationResponse>, NotFound>> (
                Guid id, LeaveApplicationService leave, CancellationToken ct) =>
                await leave.WithdrawAsync(id, ct) is { } application ? TypedResults.Ok(application) : TypedResults.NotFound())
            .WithName("WithdrawLeaveApplication")
            .WithSummary("Withdraw a pending leave application; any guardian who reaches the child may. 409 once it is decided or withdrawn.")
            .RequireRateLimiting(RateLimitPolicies.GuardianWrites)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var staff = api.MapGroup("/staff/leave-applications").WithTags("Leave applications").RequireAuthorization(Policies.Staff);

        staff.MapGet("/", async Task<Ok<Paged<LeaveApplicationResponse>>> (
                [AsParameters] StaffLeaveApplicationFilter filter, [AsParameters] PageRequest page, LeaveApplicationService leave, CancellationToken ct) =>
                TypedResults.Ok(await leave.ListForStaffAsync(filter, page, ct)))
            .WithName("ListSchoolLeaveApplications")
            .WithSummary("The leave applications of the schools where the caller is principal or office (403 for other roles), newest first; reading them is audited.")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        staff.MapGet("/{id:guid}", async Task<Results<Ok<LeaveApplicationResponse>, NotFound>> (
                Guid id, LeaveApplicationService leave, CancellationToken ct) =>
                await leave.GetForStaffAsync(id, ct) is { } application ? TypedResults.Ok(application) : TypedResults.NotFound())
            .WithName("GetSchoolLeaveApplication")
            .WithSummary("One leave application of the caller's school, for its principal and office (403 for other roles); reading it is audited.")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        staff.MapPost("/{id:guid}/decide", async Task<Results<Ok<LeaveApplicationResponse>, NotFound>> (
                Guid id, LeaveDecisionRequest request, LeaveApplicationService leave, CancellationToken ct) =>
                await leave.DecideAsync(id, request, ct) is { } application ? TypedResults.Ok(application) : TypedResults.NotFound())
            .WithName("DecideLeaveApplication")
            .WithSummary("The principal approves or refuses a pending application (a refusal needs a comment); an approval becomes an absence notice with reason Leave. Office: 403; decided already: 409.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
