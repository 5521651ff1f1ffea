using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Blobs;
using Meldebok.Server.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Attachments;

/// <summary>Uploading and downloading attachments of messages and consent requests.</summary>
internal static class AttachmentEndpoints
{
    public static void AddAttachments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AttachmentOptions>().BindConfiguration(AttachmentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BlobStoreOptions>().BindConfiguration(BlobStoreOptions.Section);
        services.AddSingleton<IBlobStore, FileSystemBlobStore>();
        if (string.IsNullOrWhiteSpace(configuration[$"{AttachmentOptions.Section}:{nameof(AttachmentOptions.ClamdHost)}"]))
        {
            services.AddSingleton<IAttachmentScanner, NoAttachmentScanner>();
        }
        else
        {
            services.AddSingleton<IAttachmentScanner, ClamdScanner>();
        }

        services.AddScoped<AttachmentClaims>();
        services.AddScoped<AttachmentService>();
        services.AddScoped<PruneAttachmentsJob>();
        services.AddScoped<Pages.AttachmentFormUploads>();
    }

    public static void MapAttachments(this RouteGroupBuilder api)
    {
        var attachments = api.MapGroup("/attachments").WithTags("Attachments").RequireAuthorization(Policies.Person);

        attachments.MapPost("/", async Task<Results<Created<AttachmentResponse>, NotFound>> (
                HttpRequest request, AttachmentService service, CancellationToken ct) =>
                await service.UploadAsync(request, ct) is { } uploaded
                    ? TypedResults.Created($"/api/v1/attachments/{uploaded.Id}", uploaded)
                    : TypedResults.NotFound())
            .WithName("UploadAttachment")
            .WithSummary("Upload one file (multipart/form-data, field `file`) to attach to a message or consent request. It is pending and the uploader's alone until it is sent; unsent uploads are deleted after a day.")
            .WithDescription("The type is found from the content, not the declared type or the name: PDF, PNG, JPEG, HEIC, DOCX, XLSX or plain UTF-8 text (415 otherwise). " +
                "At most Attachments:MaxBytes (default 10 MB; 413 above). The name is sanitised. The file is virus-scanned first when a scanner is configured (400 `file` when it finds something, 503 when it does not answer).")
            .Accepts<AttachmentUploadForm>("multipart/form-data")
            .RequireRateLimiting(RateLimitPolicies.GuardianWrites)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        attachments.MapGet("/{id:guid}", DownloadAsync)
            .WithName("DownloadAttachment")
            .WithSummary("Download an attachment (Content-Disposition: attachment). Allowed to whoever may read the message or consent request it belongs to, and to the uploader while it is pending; 404 for everyone else.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream");
    }

    /// <summary>
    /// The pages' download link (<see cref="Pages.AttachmentPaths.Download"/>): the same download under the sign-in cookie (the
    /// API accepts bearer tokens only). Not part of the API, so not in the OpenAPI document.
    /// </summary>
    public static void MapAttachmentDownload(this IEndpointRouteBuilder app) =>
        app.MapGet("/vedlegg/{id:guid}", DownloadAsync)
            .WithName("DownloadAttachmentFromPage")
            .ExcludeFromDescription()
            .RequireAuthorization();

    private static async Task<Results<FileStreamHttpResult, NotFound>> DownloadAsync(
        Guid id, AttachmentService service, HttpResponse response, CancellationToken ct)
    {
        if (await service.OpenAsync(id, ct) is not { } download)
        {
            return TypedResults.NotFound();
        }

        // Never rendered by the browser as something else, never kept in a shared cache.
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "private, no-store";
        return TypedResults.Stream(download.Content, download.ContentType, download.FileName);
    }
}
