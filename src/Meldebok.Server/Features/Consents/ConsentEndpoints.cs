using Meldebok.Server.Features.Consents.Pages;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Consents;

/// <summary>Consent requests for staff, and answers from guardians.</summary>
internal static class ConsentEndpoints
{
    public static void AddConsents(this IServiceCollection services)
    {
        services.AddOptions<ConsentOptions>().BindConfiguration(ConsentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ConsentStates>();
        services.AddScoped<StandingConsents>();
        services.AddScoped<ConsentReminders>();
        services.AddScoped<ConsentReminderJob>();
        services.AddScoped<ConsentService>();
    }

    public static void MapConsents(this RouteGroupBuilder api)
    {
        var requests = api.MapGroup("/consent-requests").WithTags("Consents").RequireAuthorization(Policies.Staff);

        requests.MapPost("/", async Task<Results<Created<ConsentRequestResponse>, NotFound>> (
                ConsentRequestCreate request, ConsentService service, CancellationToken ct) =>
                await service.CreateAsync(request, ct) is { } created
                    ? TypedResults.Created($"/api/v1/consent-requests/{created.Id}", created)
                    : TypedResults.NotFound())
            .WithName("CreateConsentRequest")
            .WithSummary("Ask the guardians of the pupils in groups, an SFO unit or a school for consent (the same reach as bulk messages). The pupils are fixed now; every guardian who may receive messages about them is notified. 404 for a target out of reach, 409 when no pupil in it has a guardian who can answer.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        requests.MapGet("/", async Task<Ok<Paged<ConsentRequestResponse>>> (
                [AsParameters] PageRequest page, ConsentService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ListAsync(page, ct)))
            .WithName("ListConsentRequests")
            .WithSummary("The consent requests the caller created, and (office and principal) every request of their schools, newest first, with counts. Paged.");

        requests.MapGet("/{id:guid}", async Task<Results<Ok<ConsentRequestResponse>, NotFound>> (
                Guid id, ConsentService service, CancellationToken ct) =>
                await service.GetAsync(id, ct) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound())
            .WithName("GetConsentRequest")
            .WithSummary("One consent request with the number of pupils given, refused and pending.");

        requests.MapGet("/{id:guid}/pupils", async Task<Results<Ok<Paged<ConsentPupilResponse>>, NotFound>> (
                Guid id, [AsParameters] ConsentPupilFilter filter, [AsParameters] PageRequest page, ConsentService service, CancellationToken ct) =>
                await service.PupilsAsync(id, filter, page, ct) is { } pupils ? TypedResults.Ok(pupils) : TypedResults.NotFound())
            .WithName("ListConsentPupils")
            .WithSummary("Each pupil's consent (Given, Refused, Pending; `status=` filters) with every guardian with parental responsibility and their current answer and its time, by family name. Paged.");

        requests.MapPost("/{id:guid}/remind", async Task<Results<Ok<ConsentReminderResponse>, NotFound>> (
                Guid id, ConsentService service, CancellationToken ct) =>
                await service.RemindAsync(id, ct) is { } reminded ? TypedResults.Ok(reminded) : TypedResults.NotFound())
            .WithName("RemindConsentGuardians")
            .WithSummary("Remind the guardians of pending pupils who have not answered.");

        requests.MapPost("/{id:guid}/close", async Task<Results<Ok<ConsentRequestResponse>, NotFound>> (
                Guid id, ConsentCloseRequest request, ConsentService service, CancellationToken ct) =>
                await service.CloseAsync(id, request, ct) is { } closed ? TypedResults.Ok(closed) : TypedResults.NotFound())
            .WithName("CloseConsentRequest")
            .WithSummary("Close the request before its deadline, with a reason (the creator, the school's office and principal). Answers are then refused as after the deadline (409), no reminder goes out, and the status and the evidence show who closed it, when and why. 409 when already closed or past the deadline.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        requests.MapGet("/{id:guid}/export", async Task<Results<FileContentHttpResult, NotFound>> (
                Guid id, ConsentService service, CancellationToken ct) =>
                await service.ExportAsync(id, ct) is { } export
                    ? TypedResults.File(export.Content, "text/csv; charset=utf-8", export.FileName)
                    : TypedResults.NotFound())
            .WithName("ExportConsentEvidence")
            .WithSummary("The evidence as CSV (UTF-8 with BOM, semicolon-separated): every answer ever given — pupil, guardian, answer, time with offset, sign-in method. The export is audited.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");

        var consents = api.MapGroup("/consents").WithTags("Consents").RequireAuthorization(Policies.Guardian);

        consents.MapGet("/", async Task<Ok<Paged<GuardianConsentResponse>>> (
                [AsParameters] PageRequest page, ConsentService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ListMineAsync(page, ct)))
            .WithName("ListMyConsents")
            .WithSummary("The consent requests concerning the guardian's children, newest first, with the guardian's answer and the other guardians' answers per child. Paged.");

        consents.MapGet("/{id:guid}", async Task<Results<Ok<GuardianConsentResponse>, NotFound>> (
                Guid id, ConsentService service, CancellationToken ct) =>
                await service.GetMineAsync(id, ct) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound())
            .WithName("GetMyConsent")
            .WithSummary("One consent request concerning the guardian's children.");

        consents.MapPost("/{id:guid}/answers", async Task<Results<Created<GuardianConsentResponse>, NotFound>> (
                Guid id, ConsentAnswerRequest request, ConsentService service, CancellationToken ct) =>
                await service.AnswerAsync(id, request, ct) is { } answered
                    ? TypedResults.Created($"/api/v1/consents/{id}", answered)
                    : TypedResults.NotFound())
            .WithName("AnswerConsent")
            .WithSummary("Answer Yes or No for a child until the deadline, or withdraw a yes (Withdrawn): a standing consent within its validity also after the deadline, a one-time consent until its event. Only with parental responsibility (403 with a right to information only). Every answer is kept.")
            .RequireRateLimiting(RateLimitPolicies.GuardianWrites)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>
    /// The evidence export for the status page's download link: the same service, access rules and audit under the sign-in
    /// cookie (the API accepts bearer tokens only). Not part of the API, so not in the OpenAPI document.
    /// </summary>
    public static void MapConsentEvidenceDownload(this IEndpointRouteBuilder app) =>
        app.MapGet(ConsentPaths.ExportRoute, async Task<Results<FileContentHttpResult, NotFound>> (
                Guid id, ConsentService service, CancellationToken ct) =>
                await service.ExportAsync(id, ct) is { } export
                    ? TypedResults.File(export.Content, "text/csv; charset=utf-8", export.FileName)
                    : TypedResults.NotFound())
            .WithName("DownloadConsentEvidence")
            .ExcludeFromDescription()
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Staff });
}
