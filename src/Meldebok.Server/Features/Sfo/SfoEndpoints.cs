using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Idempotency;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Sfo;

/// <summary>The SFO day: places, the board with check-in and check-out, the school's handover, and the guardian's view.</summary>
internal static class SfoEndpoints
{
    public static void AddSfoDay(this IServiceCollection services)
    {
        services.AddOptions<SfoOptions>()
            .BindConfiguration(SfoOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<SfoAccess>();
        services.AddScoped<SfoExpected>();
        services.AddScoped<SfoEnrolmentService>();
        services.AddScoped<SfoAttendanceService>();
        services.AddScoped<SfoBoardService>();
        services.AddScoped<SfoBoardRows>();
        services.AddSingleton<SfoBoardDeltaReads>();
        services.AddSingleton<IRealtimePushObserver, SfoBoardPrefetch>();
        services.AddScoped<SfoHandoverService>();
        services.AddScoped<SfoMissingAlertJob>();
    }

    public static void MapSfoDay(this RouteGroupBuilder api)
    {
        var enrolments = api.MapGroup("/sfo-units/{unitId:guid}/enrolments").WithTags("SFO enrolments").RequireAuthorization(Policies.SfoEnrolments);

        enrolments.MapPost("/", async Task<Results<Created<SfoEnrolmentResponse>, NotFound>> (
                Guid unitId, SfoEnrolmentRequest request, SfoEnrolmentService service, CancellationToken ct) =>
                await service.CreateAsync(unitId, request, ct) is { } enrolment
                    ? TypedResults.Created($"/api/v1/sfo-units/{unitId}/enrolments/{enrolment.Id}", enrolment)
                    : TypedResults.NotFound())
            .WithName("CreateSfoEnrolment")
            .WithSummary("Give a pupil of the unit's school an SFO place: weekdays, place percentage, start and optional end. Overlapping places at the unit answer 409.")
            .ProducesValidationProblem();

        enrolments.MapGet("/", async Task<Results<Ok<Paged<SfoEnrolmentResponse>>, NotFound>> (
                Guid unitId, [AsParameters] SfoEnrolmentFilter filter, [AsParameters] PageRequest page, SfoEnrolmentService service, CancellationToken ct) =>
                await service.ListAsync(unitId, filter, page, ct) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound())
            .WithName("ListSfoEnrolments")
            .WithSummary("The unit's SFO places, by name, paged; activeOn= keeps those that run on a date.");

        enrolments.MapPut("/{id:guid}", async Task<Results<Ok<SfoEnrolmentResponse>, NotFound>> (
                Guid unitId, Guid id, SfoEnrolmentChange request, SfoEnrolmentService service, CancellationToken ct) =>
                await service.UpdateAsync(unitId, id, request, ct) is { } enrolment ? TypedResults.Ok(enrolment) : TypedResults.NotFound())
            .WithName("UpdateSfoEnrolment")
            .WithSummary("Change an SFO place's weekdays, percentage and period.")
            .ProducesValidationProblem();

        enrolments.MapDelete("/{id:guid}", async Task<Results<Ok<SfoEnrolmentResponse>, NotFound>> (
                Guid unitId, Guid id, [AsParameters] SfoEnrolmentEnd end, SfoEnrolmentService service, CancellationToken ct) =>
                await service.EndAsync(unitId, id, end, ct) is { } enrolment ? TypedResults.Ok(enrolment) : TypedResults.NotFound())
            .WithName("EndSfoEnrolment")
            .WithSummary("End an SFO place on endDate (default today). Nothing is deleted; ending it again answers 409.");

        var board = api.MapGroup("/sfo-units/{unitId:guid}/board/{date}").WithTags("SFO board").RequireAuthorization(Policies.Staff);

        board.MapGet("/", async Task<Results<Ok<SfoBoardResponse>, NotFound>> (
                Guid unitId, DateOnly date, [AsParameters] SfoBoardQuery query, SfoBoardService service, CancellationToken ct) =>
                await service.BoardAsync(unitId, date, query.Since, ct) is { } day ? TypedResults.Ok(day) : TypedResults.NotFound())
            .WithName("GetSfoBoard")
            .WithSummary("The unit's day: every expected child (and any checked in without a place) with state, part-day absence, handover, check-in and check-out, and the missing-child alert; counts; lastEventId. With since= (a previous lastEventId): only the children whose row changed after that event (full: false), or the whole day (full: true) when since is older than the kept events or unknown.")
            .ProducesValidationProblem();

        board.MapPost("/check-ins", async Task<Results<Created<SfoAttendanceResponse>, NotFound>> (
                Guid unitId, DateOnly date, SfoCheckInRequest request, SfoAttendanceService service, CancellationToken ct) =>
                await service.CheckInAsync(unitId, date, request, ct) is { } row
                    ? TypedResults.Created($"/api/v1/sfo-units/{unitId}/board/{date:yyyy-MM-dd}/check-ins/{row.Id}", row)
                    : TypedResults.NotFound())
            .WithName("SfoCheckIn")
            .WithOneTransactionIdempotency()
            .WithSummary("Check a child in today. A child without a place that day needs a reason, which is recorded. Checked in already: 409.")
            .ProducesValidationProblem();

        board.MapPost("/check-outs", async Task<Results<Created<SfoAttendanceResponse>, NotFound>> (
                Guid unitId, DateOnly date, SfoCheckOutRequest request, SfoAttendanceService service, CancellationToken ct) =>
                await service.CheckOutAsync(unitId, date, request, ct) is { } row
                    ? TypedResults.Created($"/api/v1/sfo-units/{unitId}/board/{date:yyyy-MM-dd}/check-outs/{row.Id}", row)
                    : TypedResults.NotFound())
            .WithName("SfoCheckOut")
            .WithOneTransactionIdempotency()
            .WithSummary("Check a child out with how the child left. Not checked in: 409. PickedUp needs a person; a name not on the authorized list needs confirmUnlistedPickup.")
            .ProducesValidationProblem();

        board.MapPost("/check-ins/{id:guid}/undo", async Task<Results<Ok<SfoAttendanceResponse>, NotFound>> (
                Guid unitId, DateOnly date, Guid id, SfoAttendanceService service, CancellationToken ct) =>
                await service.UndoAsync(unitId, date, id, SfoAttendanceKind.CheckIn, ct) is { } row ? TypedResults.Ok(row) : TypedResults.NotFound())
            .WithName("UndoSfoCheckIn")
            .WithOneTransactionIdempotency()
            .WithSummary("Undo a check-in within Sfo:UndoWindowSeconds (409 after, or when the child is checked out). The row stays, marked undone.");

        board.MapPost("/check-outs/{id:guid}/undo", async Task<Results<Ok<SfoAttendanceResponse>, NotFound>> (
                Guid unitId, DateOnly date, Guid id, SfoAttendanceService service, CancellationToken ct) =>
                await service.UndoAsync(unitId, date, id, SfoAttendanceKind.CheckOut, ct) is { } row ? TypedResults.Ok(row) : TypedResults.NotFound())
            .WithName("UndoSfoCheckOut")
            .WithOneTransactionIdempotency()
            .WithSummary("Undo a check-out within Sfo:UndoWindowSeconds (409 after). The row stays, marked undone.");

        api.MapPost("/groups/{groupId:guid}/sfo-handovers", async Task<Results<Created<SfoHandoverResponse>, NotFound>> (
                Guid groupId, SfoHandoverRequest request, SfoHandoverService service, CancellationToken ct) =>
                await service.HandOverAsync(groupId, request, ct) is { } handover
                    ? TypedResults.Created($"/api/v1/groups/{groupId}/sfo-handovers/{handover.Id}", handover)
                    : TypedResults.NotFound())
            .WithTags("SFO handover")
            .WithName("HandOverToSfo")
            .WithSummary("Hand the group's pupils expected at SFO today (or the ones named) over to SFO; time and staff are recorded.")
            .RequireAuthorization(Policies.Staff)
            .ProducesValidationProblem();

        api.MapGet("/pupils/{pupilId:guid}/sfo/today", async Task<Results<Ok<SfoTodayResponse>, NotFound>> (
                Guid pupilId, SfoBoardService service, CancellationToken ct) =>
                await service.TodayAsync(pupilId, ct) is { } today ? TypedResults.Ok(today) : TypedResults.NotFound())
            .WithTags("SFO board")
            .WithName("GetSfoToday")
            .WithSummary("The child's SFO day for a guardian: expected, checked in at, or checked out at, how and by whom.")
            .RequireAuthorization(Policies.Guardian);
    }
}
