using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Messages;

/// <summary>Threads between guardians and staff, and bulk messages with read receipts.</summary>
internal static class MessageEndpoints
{
    public static void AddMessages(this IServiceCollection services)
    {
        services.AddScoped<MessagePeople>();
        services.AddScoped<MessageThreadService>();
        services.AddScoped<BulkTargets>();
        services.AddScoped<BulkMessageService>();
        services.AddScoped<BulkFanOutJob>();
        services.AddOptions<MessageOptions>()
            .BindConfiguration(MessageOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }

    public static void MapMessages(this RouteGroupBuilder api)
    {
        MapThreads(api);
        MapBulkMessages(api);
    }

    private static void MapThreads(RouteGroupBuilder api)
    {
        var threads = api.MapGroup("/threads").WithTags("Messages");

        threads.MapPost("/", async Task<Results<Created<ThreadResponse>, NotFound>> (
                GuardianThreadRequest request, MessageThreadService service, CancellationToken ct) =>
                await service.StartAsGuardianAsync(request, ct) is { } thread
                    ? TypedResults.Created($"/api/v1/threads/{thread.Id}", thread)
                    : TypedResults.NotFound())
            .WithName("StartGuardianThread")
            .WithSummary("A guardian writes about a child they reach to the child's contact teachers, the school office (office and principal) or the child's SFO staff. 409 when there is nobody in that role.")
            .RequireAuthorization(Policies.Guardian)
            .RequireRateLimiting(RateLimitPolicies.GuardianWrites)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        threads.MapGet("/", async Task<Ok<Paged<ThreadResponse>>> (
                [AsParameters] PageRequest page, MessageThreadService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ListAsync(page, ct)))
            .WithName("ListThreads")
            .WithSummary("The caller's threads, newest activity first, with unread counts and read receipts. Paged.")
            .RequireAuthorization(Policies.Person);

        threads.MapGet("/{id:guid}", async Task<Results<Ok<ThreadResponse>, NotFound>> (
                Guid id, MessageThreadService service, CancellationToken ct) =>
                await service.GetAsync(id, ct) is { } thread ? TypedResults.Ok(thread) : TypedResults.NotFound())
            .WithName("GetThread")
            .WithSummary("One of the caller's threads with its participants and when each last read it. 404 for anyone outside it.")
            .RequireAuthorization(Policies.Person);

        threads.MapGet("/{id:guid}/messages", async Task<Results<Ok<Paged<ThreadMessageResponse>>, NotFound>> (
                Guid id, [AsParameters] PageRequest page, MessageThreadService service, CancellationToken ct) =>
                await service.MessagesAsync(id, page, ct) is { } messages ? TypedResults.Ok(messages) : TypedResults.NotFound())
            .WithName("ListThreadMessages")
            .WithSummary("The messages of one of the caller's threads, newest first, each with whether every other participant has read it. Paged.")
            .RequireAuthorization(Policies.Person);

        threads.MapPost("/{id:guid}/messages", async Task<Results<Created<ThreadMessageResponse>, NotFound>> (
                Guid id, ReplyRequest request, MessageThreadService service, CancellationToken ct) =>
                await service.ReplyAsync(id, request, ct) is { } message
                    ? TypedResults.Created($"/api/v1/threads/{id}/messages/{message.Id}", message)
                    : TypedResults.NotFound())
            .WithName("ReplyInThread")
            .WithSummary("A participant writes in the thread; only staff may mark a message urgent. Anyone outside the thread gets 404: a message is never added by an outsider.")
            .RequireAuthorization(Policies.Person)
            .RequireRateLimiting(RateLimitPolicies.GuardianWrites)
            .ProducesValidationProblem();

        threads.MapPost("/{id:guid}/read", async Task<Results<Ok<ThreadResponse>, NotFound>> (
                Guid id, MessageThreadService service, CancellationToken ct) =>
                await service.MarkReadAsync(id, ct) is { } thread ? TypedResults.Ok(thread) : TypedResults.NotFound())
            .WithName("MarkThreadRead")
            .WithSummary("The caller has read the thread up to now; the other participants see the receipt live.")
            .RequireAuthorization(Policies.Person);

        api.MapPost("/staff/threads", async Task<Results<Created<ThreadResponse>, NotFound>> (
                StaffThreadRequest request, MessageThreadService service, CancellationToken ct) =>
                await service.StartAsStaffAsync(request, ct) is { } thread
                    ? TypedResults.Created($"/api/v1/threads/{thread.Id}", thread)
                    : TypedResults.NotFound())
            .WithTags("Messages")
            .WithName("StartStaffThread")
            .WithSummary("A staff member writes to one, several or all guardians (parental responsibility or right to information, not blocked) of a pupil in their reach; a protected pupil only through an assignment to one of the pupil's groups. 404 for a pupil or guardian outside reach.")
            .RequireAuthorization(Policies.Staff)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static void MapBulkMessages(RouteGroupBuilder api)
    {
        var bulk = api.MapGroup("/bulk-messages").WithTags("Bulk messages").RequireAuthorization(Policies.MessageSender);

        bulk.MapPost("/preview", async Task<Results<Ok<BulkPreviewResponse>, NotFound>> (
                BulkPreviewRequest request, [AsParameters] PageRequest page, BulkMessageService service, CancellationToken ct) =>
                await service.PreviewAsync(request, page, ct) is { } preview ? TypedResults.Ok(preview) : TypedResults.NotFound())
            .WithName("PreviewBulkMessage")
            .WithSummary("Who a bulk message to the target would reach, resolved from the roster now: the count of guardians and pupils and a page of the guardians with their children.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        bulk.MapPost("/", async Task<Results<Accepted<BulkMessageStatusResponse>, NotFound>> (
                BulkMessageRequest request, BulkMessageService service, CancellationToken ct) =>
                await service.SendAsync(request, ct) is { } message
                    ? TypedResults.Accepted($"/api/v1/bulk-messages/{message.Id}", message)
                    : TypedResults.NotFound())
            .WithName("SendBulkMessage")
            .WithSummary("Send to groups (staff covering them, office, principal), an SFO unit (its SFO staff, office, principal), a school (office, principal) or the municipality (administrators). Answers at once (202, state Queued, or Scheduled with `sendAt`); after the undo window (or at `sendAt`) the fan-out gives each guardian who may then receive messages about a pupil in the target one copy, live. Follow the progress at the status link or by `bulk.fanout-progress` events.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        bulk.MapPost("/{id:guid}/cancel", async Task<Results<Ok<BulkMessageStatusResponse>, NotFound>> (
                Guid id, BulkMessageService service, CancellationToken ct) =>
                await service.CancelAsync(id, ct) is { } message ? TypedResults.Ok(message) : TypedResults.NotFound())
            .WithName("CancelBulkMessage")
            .WithSummary("The sender takes back a bulk message within its undo window, or a scheduled one before its time: nobody receives it. 409 once it has gone out.")
            .ProducesProblem(StatusCodes.Status409Conflict);

        bulk.MapPut("/{id:guid}", async Task<Results<Ok<BulkMessageStatusResponse>, NotFound>> (
                Guid id, BulkMessageUpdateRequest request, BulkMessageService service, CancellationToken ct) =>
                await service.UpdateScheduledAsync(id, request, ct) is { } message ? TypedResults.Ok(message) : TypedResults.NotFound())
            .WithName("UpdateScheduledBulkMessage")
            .WithSummary("The sender changes the subject, text, urgency, time and (optionally) the target and attachments of a scheduled bulk message before it goes out. A target out of reach: 404, as when sending. 409 when it is not (or no longer) scheduled.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        bulk.MapGet("/", async Task<Ok<Paged<BulkMessageStatusResponse>>> (
                [AsParameters] PageRequest page, BulkMessageService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ListSentAsync(page, ct)))
            .WithName("ListSentBulkMessages")
            .WithSummary("The caller's bulk messages, newest first, with recipient counts and read rates. Paged.");

        bulk.MapGet("/{id:guid}", async Task<Results<Ok<BulkMessageStatusResponse>, NotFound>> (
                Guid id, BulkMessageService service, CancellationToken ct) =>
                await service.StatusAsync(id, ct) is { } message ? TypedResults.Ok(message) : TypedResults.NotFound())
            .WithName("GetBulkMessageStatus")
            .WithSummary("One of the caller's bulk messages with its state (Scheduled, Queued, Sending, Sent, Cancelled), the fan-out's progress (recipientCount resolved, storedCount stored) and its read rate. 404 for anyone but its sender.");

        bulk.MapGet("/{id:guid}/recipients", async Task<Results<Ok<Paged<BulkRecipientResponse>>, NotFound>> (
                Guid id, [AsParameters] BulkRecipientFilter filter, [AsParameters] PageRequest page, BulkMessageService service, CancellationToken ct) =>
                await service.RecipientsAsync(id, filter, page, ct) is { } recipients ? TypedResults.Ok(recipients) : TypedResults.NotFound())
            .WithName("ListBulkMessageRecipients")
            .WithSummary("Who received one of the caller's bulk messages, with delivered and read times; `read=false` lists those who have not read it. Paged.");

        bulk.MapPost("/{id:guid}/remind", async Task<Results<Ok<BulkReminderResponse>, NotFound>> (
                Guid id, BulkMessageService service, CancellationToken ct) =>
                await service.RemindAsync(id, ct) is { } reminded ? TypedResults.Ok(reminded) : TypedResults.NotFound())
            .WithName("RemindBulkMessageRecipients")
            .WithSummary("Remind every recipient who has not read one of the caller's bulk messages.");

        var received = api.MapGroup("/received-messages").WithTags("Bulk messages").RequireAuthorization(Policies.Guardian);

        received.MapGet("/", async Task<Ok<Paged<ReceivedBulkMessageResponse>>> (
                [AsParameters] PageRequest page, BulkMessageService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ListReceivedAsync(page, ct)))
            .WithName("ListReceivedBulkMessages")
            .WithSummary("The bulk messages delivered to the guardian about children they still reach, newest first. Paged.");

        received.MapGet("/{id:guid}", async Task<Results<Ok<ReceivedBulkMessageResponse>, NotFound>> (
                Guid id, BulkMessageService service, CancellationToken ct) =>
                await service.GetReceivedAsync(id, ct) is { } message ? TypedResults.Ok(message) : TypedResults.NotFound())
            .WithName("GetReceivedBulkMessage")
            .WithSummary("One bulk message delivered to the guardian.");

        received.MapPost("/{id:guid}/read", async Task<Results<Ok<ReceivedBulkMessageResponse>, NotFound>> (
                Guid id, BulkMessageService service, CancellationToken ct) =>
                await service.MarkReadAsync(id, ct) is { } message ? TypedResults.Ok(message) : TypedResults.NotFound())
            .WithName("MarkBulkMessageRead")
            .WithSummary("The guardian has read the message (the first read counts); the sender's read rate rises live.");

        received.MapPost("/{id:guid}/reply", async Task<Results<Created<ThreadResponse>, NotFound>> (
                Guid id, ReplyRequest request, BulkMessageService service, CancellationToken ct) =>
                await service.ReplyAsync(id, request, ct) is { } thread
                    ? TypedResults.Created($"/api/v1/threads/{thread.Id}", thread)
                    : TypedResults.NotFound())
            .WithName("ReplyToBulkMessage")
            .WithSummary("Answer a bulk message privately: the reply goes to its sender only, in a thread of the guardian's own (later answers continue it), never to the other recipients.")
            .RequireRateLimiting(RateLimitPolicies.GuardianWrites)
            .ProducesValidationProblem();
    }
}
