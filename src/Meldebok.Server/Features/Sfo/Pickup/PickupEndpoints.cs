using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Sfo.Pickup;

/// <summary>
/// Pickup (henting): a child's authorized pickup persons, weekly rules, one-off pickup messages and the day's plan, under
/// <c>/api/v1/pupils/{pupilId}</c>. Reads are for everyone who reaches the child (the Person policy; the service decides),
/// writes for guardians (the Guardian policy; the service checks the link's rights).
/// </summary>
internal static class PickupEndpoints
{
    public static void AddPickup(this IServiceCollection services)
    {
        services.AddScoped<PickupAccess>();
        services.AddScoped<PickupPersonService>();
        services.AddScoped<PickupRuleService>();
        services.AddScoped<PickupMessageService>();
        services.AddScoped<PickupPlans>();
    }

    public static void MapPickup(this RouteGroupBuilder api)
    {
        var pupil = api.MapGroup("/pupils/{pupilId:guid}").WithTags("Pickup");
        MapPersons(pupil);
        MapRules(pupil);
        MapMessages(pupil);

        pupil.MapGet("/pickup-plan", async Task<Results<Ok<PickupDayResponse>, NotFound>> (
                Guid pupilId, [AsParameters] PickupPlanQuery query, PickupAccess access, PickupPlans plans, MunicipalClock clock, CancellationToken ct) =>
            {
                if (await access.ReadableAsync(pupilId, ct) is not { } child)
                {
                    return TypedResults.NotFound();
                }

                var day = query.Date ?? await clock.TodayAsync(child.MunicipalityId, ct);
                var plan = (await plans.ForDayAsync([pupilId], day, ct)).GetValueOrDefault(pupilId);
                return TypedResults.Ok(new PickupDayResponse(pupilId, day, plan, child.MessageDeadline));
            })
            .WithName("GetPickupPlan")
            .WithSummary("How the child leaves SFO on a day (default today): the day's pickup message, else the weekly rule, else none; with the SFO's message deadline.")
            .RequireAuthorization(Policies.Person);
    }

    private static void MapPersons(RouteGroupBuilder pupil)
    {
        pupil.MapGet("/pickup-persons", async Task<Results<Ok<List<PickupPersonResponse>>, NotFound>> (
                Guid pupilId, PickupPersonService persons, CancellationToken ct) =>
                await persons.ListAsync(pupilId, ct) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound())
            .WithName("ListPickupPersons")
            .WithSummary("The child's authorized pickup persons (not removed), for the child's guardians and the staff who reach the child.")
            .RequireAuthorization(Policies.Person);

        pupil.MapPost("/pickup-persons", async Task<Results<Created<PickupPersonResponse>, NotFound>> (
                Guid pupilId, PickupPersonRequest request, PickupPersonService persons, CancellationToken ct) =>
                await persons.CreateAsync(pupilId, request, ct) is { } person
                    ? TypedResults.Created($"/api/v1/pupils/{pupilId}/pickup-persons/{person.Id}", person)
                    : TypedResults.NotFound())
            .WithName("CreatePickupPerson")
            .WithSummary("Authorize a person to pick up the child. Guardians with parental responsibility; a right to information only is 403.")
            .RequireAuthorization(Policies.Guardian)
            .RequireRateLimiting(RateLimitPolicies.GuardianWrites)
            .ProducesValidationProblem();

        pupil.MapPut("/pickup-persons/{id:guid}", async Task<Results<Ok<PickupPersonResponse>, NotFound>> (
                Guid pupilId, Guid id, PickupPersonRequest request, PickupPersonService persons, CancellationToken ct) =>
                await persons.UpdateAsync(pupilId, id, request, ct) is { } person ? TypedResults.Ok(person) : TypedResults.NotFound())
            .WithName("UpdatePickupPerson")
            .WithSummary("Change an authorized pickup person (name, relation, mobile number, valid until); 409 once removed.")
            .RequireAuthorization(Policies.Guardian)
            .RequireRateLimiting(RateLimitPolicies.GuardianWrites)
            .ProducesValidationProblem();

        pupil.MapDelete("/pickup-persons/{id:guid}", async Task<Results<NoContent, NotFound>> (
                Guid pupilId, Guid id, PickupPersonService persons, CancellationToken ct) =>
                await persons.RemoveAsync(pupilId, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithName("RemovePickupPerson")
            .WithSummary("Remove an authorized pickup person. The record is kept (removed_at) for the history of rules and messages that named it.")
            .RequireAuthorization(Policies.Guardian)
            .RequireRateLimiting(RateLimitPolicies.GuardianWrites);
    }

    private static void MapRules(RouteGroupBuilder pupil)
    {
        pupil.MapGet("/pickup-rules", async Task<Results<Ok<List<PickupRuleResponse>>, NotFound>> (
                Guid pupilId, PickupRuleService rules, CancellationToken ct) =>
                await rules.ListAsync(pupilId, ct) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound())
            .WithName("ListPickupRules")
            .WithSummary("The child's standing weekly pickup rules (not deleted), Monday first.")
            .RequireAuthorization(Policies.Person);

        pupil.MapPost("/pickup-rules", async Task<Results<Created<PickupRuleResponse>, NotFound>> (
                Guid pupilId, PickupRuleRequest request, PickupRuleService rules, CancellationToken ct) =>
                await rules.CreateAsync(pupilId, request, ct) is { } rule
                    ? TypedResults.Created($"/api/v1/pupils/{pupilId}/pickup-rules/{rule.Id}", rule)
                    : TypedResults.NotFound())
            .WithName("CreatePickupRule")
            .WithSummary("Add a weekly rule for a weekday; 409 naming the rule when another rule for that weekday holds in an overlapping period.")
            .RequireAuthorization(Policies.Guardian)
            .RequireRateLimiting(RateLimitPolicies.GuardianWrites)
            .ProducesValidationProblem();

        pupil.MapPut("/pickup-rules/{id:guid}", async Task<Results<Ok<PickupRuleResponse>, NotFound>> (
                Guid pupilId, Guid id, PickupRuleRequest request, PickupRuleService rules, CancellationToken ct) =>
                await rules.UpdateAsync(pupilId, id, request, ct) is { } rule ? TypedResults.Ok(rule) : TypedResults.NotFound())
            .WithName("UpdatePickupRule")
            .WithSummary("Change a weekly rule (the whole rule as it should read); 409 when deleted or overlapping another rule.")
            .RequireAuthorization(Policies.Guardian)
            .RequireRateLimiting(RateLimitPolicies.GuardianWrites)
            .ProducesValidationProblem();

        pupil.MapDelete("/pickup-rules/{id:guid}", async Task<Results<NoContent, NotFound>> (
                Guid pupilId, Guid id, PickupRuleService rules, CancellationToken ct) =>
                await rules.RemoveAsync(pupilId, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithName("RemovePickupRule")
            .WithSummary("Delete a weekly rule (kept as history).")
            .RequireAuthorization(Policies.Guardian)
            .RequireRateLimiting(RateLimitPolicies.GuardianWrites);
    }

    private static void MapMessages(RouteGroupBuilder pupil)
    {
        pupil.MapGet("/pickup-messages", async Task<Results<Ok<Paged<PickupMessageResponse>>, NotFound>> (
                Guid pupilId, [AsParameters] PickupMessageFilter filter, [AsParameters] PageRequest page, PickupMessageService messages, CancellationToken ct) =>
                await messages.ListAsync(pupilId, filter, page, ct) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound())
            .WithName("ListPickupMessages")
            .WithSummary("The child's pickup messages from a day on (default today), by date; with includeHistory also superseded and withdrawn ones. Paged.")
            .RequireAuthorization(Policies.Person);

        pupil.MapPost("/pickup-messages", async Task<Results<Created<PickupMessageResponse>, NotFound>> (
                Guid pupilId, PickupMessageRequest request, PickupMessageService messages, CancellationToken ct) =>
                await messages.SendAsync(pupilId, request, ct) is { } message
                    ? TypedResults.Created($"/api/v1/pupils/{pupilId}/pickup-messages/{message.Id}", message)
                    : TypedResults.NotFound())
            .WithName("SendPickupMessage")
            .WithSummary("Say how the child leaves SFO on one day; supersedes an earlier message for the day. For today after the SFO's deadline it is flagged late and pushed as urgent.")
            .RequireAuthorization(Policies.Guardian)
            .RequireRateLimiting(RateLimitPolicies.GuardianWrites)
            .ProducesValidationProblem();

        pupil.MapDelete("/pickup-messages/{id:guid}", async Task<Results<Ok<PickupMessageResponse>, NotFound>> (
                Guid pupilId, Guid id, PickupMessageService messages, CancellationToken ct) =>
                await messages.WithdrawAsync(pupilId, id, ct) is { } message ? TypedResults.Ok(message) : TypedResults.NotFound())
            .WithName("WithdrawPickupMessage")
            .WithSummary("Withdraw the day's current pickup message (the weekly rule counts again); 409 for a superseded message or a past day.")
            .RequireAuthorization(Policies.Guardian)
            .RequireRateLimiting(RateLimitPolicies.GuardianWrites);
    }
}
