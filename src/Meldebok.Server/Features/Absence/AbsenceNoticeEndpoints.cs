using System.Security.Claims;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Idempotency;
using Meldebok.Server.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Absence;

/// <summary>Absence notices: the guardian's reports, the staff inbox with receipts, and the legacy-channel log.</summary>
internal static class AbsenceNoticeEndpoints
{
    public static void AddAbsenceNotices(this IServiceCollection services)
    {
        services.AddScoped<AbsenceNoticeRules>();
        services.AddScoped<AbsenceNoticeService>();
        services.AddScoped<StaffNoticeReach>();
        services.AddScoped<AbsenceInboxService>();
        services.AddScoped<LegacyAbsenceService>();
    }

    public static void MapAbsenceNotices(this RouteGroupBuilder api)
    {
        var guardian = api.MapGroup("/absences").WithTags("Absence notices").RequireAuthorization(Policies.Guardian);

        guardian.MapPost("/", async Task<Results<Created<AbsenceNoticeResponse>, NotFound>> (
                AbsenceNoticeRequest request, AbsenceNoticeService notices, CancellationToken ct) =>
                await notices.ReportAsync(request, ct) is { } notice
                    ? TypedResults.Created($"/api/v1/absences/{notice.Id}", notice)
                    : TypedResults.NotFound())
            .WithName("ReportAbsence")
            .WithOneTransactionIdempotency()
            .WithSummary("Report a child's absence, whole days or part of a day, to the school, the SFO or both. Late SFO notices are flagged and pushed as urgent.")
            .RequireRateLimiting(RateLimitPolicies.GuardianWrites)
            .ProducesValidationProblem();

        guardian.MapGet("/", async Task<Ok<Paged<AbsenceNoticeResponse>>> (
                [AsParameters] AbsenceNoticeFilter filter, [AsParameters] PageRequest page, AbsenceNoticeService notices, CancellationToken ct) =>
                TypedResults.Ok(await notices.ListAsync(filter, page, ct)))
            .WithName("ListAbsences")
            .WithSummary("List the notices of every child the guardian reaches, whoever reported them, with receipts. Newest first, paged.");

        guardian.MapGet("/{id:guid}", async Task<Results<Ok<AbsenceNoticeResponse>, NotFound>> (
                Guid id, AbsenceNoticeService notices, CancellationToken ct) =>
                await notices.GetAsync(id, ct) is { } notice ? TypedResults.Ok(notice) : TypedResults.NotFound())
            .WithName("GetAbsence")
            .WithSummary("Get one notice of a child the guardian reaches, with who received it and when.");

        guardian.MapPut("/{id:guid}", async Task<Results<Ok<AbsenceNoticeResponse>, NotFound>> (
                Guid id, AbsenceNoticeChange request, AbsenceNoticeService notices, CancellationToken ct) =>
                await notices.UpdateAsync(id, request, ct) is { } notice ? TypedResults.Ok(notice) : TypedResults.NotFound())
            .WithName("UpdateAbsence")
            .WithSummary("Edit a notice until the absence starts (its first day, or its start time for part of a day); 409 after.")
            .RequireRateLimiting(RateLimitPolicies.GuardianWrites)
            .ProducesValidationProblem();

        guardian.MapPost("/{id:guid}/withdraw", async Task<Results<Ok<AbsenceNoticeResponse>, NotFound>> (
                Guid id, AbsenceNoticeService notices, CancellationToken ct) =>
                await notices.WithdrawAsync(id, ct) is { } notice ? TypedResults.Ok(notice) : TypedResults.NotFound())
            .WithName("WithdrawAbsence")
            .WithSummary("Withdraw a notice before the absence starts; 409 after.")
            .RequireRateLimiting(RateLimitPolicies.GuardianWrites);

        api.MapPost("/absences/{id:guid}/acknowledge", async Task<Results<Ok<AbsenceInboxItem>, NotFound>> (
                Guid id, AbsenceAcknowledgeRequest request, AbsenceInboxService inbox, CancellationToken ct) =>
                await inbox.AcknowledgeAsync(id, request.Recipient, ct) is { } item ? TypedResults.Ok(item) : TypedResults.NotFound())
            .WithTags("Absence inbox")
            .WithName("AcknowledgeAbsence")
            .WithSummary("Acknowledge a notice for the school, the SFO, or every side the staff member receives it for. Acknowledging again changes nothing.")
            .RequireAuthorization(Policies.Staff)
            .ProducesValidationProblem();

        var staff = api.MapGroup("/staff").RequireAuthorization(Policies.Staff);

        staff.MapGet("/absence-inbox", async Task<Ok<Paged<AbsenceInboxItem>>> (
                [AsParameters] AbsenceInboxFilter filter, [AsParameters] PageRequest page, ClaimsPrincipal user, AbsenceInboxService inbox, CancellationToken ct) =>
                TypedResults.Ok(await inbox.ListAsync(user.MunicipalityId(), filter, page, ct)))
            .WithTags("Absence inbox")
            .WithName("GetAbsenceInbox")
            .WithSummary("Today's and upcoming notices for the staff member's pupils, for the sides they receive; reading them is audited.");

        staff.MapPost("/legacy-absences", async Task<Results<Created<LegacyAbsenceListItem>, NotFound>> (
                LegacyAbsenceRequest request, LegacyAbsenceService legacy, CancellationToken ct) =>
                await legacy.LogAsync(request, ct) is { } item
                    ? TypedResults.Created($"/api/v1/staff/legacy-absences/{item.Id}", item)
                    : TypedResults.NotFound())
            .WithTags("Absence inbox")
            .WithName("LogLegacyAbsence")
            .WithSummary("Log an absence received by phone, paper message book, e-mail, SMS or a note via the office. Defaults: today, whole day, reason Other, to the school (and the SFO if the pupil attends it).")
            .ProducesValidationProblem();

        staff.MapGet("/legacy-absences", async Task<Ok<Paged<LegacyAbsenceListItem>>> (
                [AsParameters] LegacyAbsenceFilter filter, [AsParameters] PageRequest page, LegacyAbsenceService legacy, CancellationToken ct) =>
                TypedResults.Ok(await legacy.ListAsync(filter, page, ct)))
            .WithTags("Absence inbox")
            .WithName("ListLegacyAbsences")
            .WithSummary("List the absences logged from legacy channels that the staff member receives, newest first, paged.");
    }
}
