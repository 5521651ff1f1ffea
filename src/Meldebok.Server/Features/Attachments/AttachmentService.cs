using System.Security.Cryptography;
using Meldebok.Server.Features.Consents;
using Meldebok.Server.Features.Messages;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Blobs;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Features.Attachments;

/// <summary>An attachment opened for download.</summary>
internal sealed record AttachmentDownload(Stream Content, string FileName, string ContentType);

/// <summary>
/// Uploads and downloads of attachments. An upload is checked before anything is kept — size
/// (<see cref="AttachmentOptions.MaxBytes"/>), type by content (<see cref="AttachmentTypes"/>), the virus-scan hook
/// (<see cref="IAttachmentScanner"/>) — then stored in the blob store and recorded as pending, owned by its uploader. A
/// download is allowed to the uploader while it is pending, and afterwards exactly to those the owning message's or
/// request's own service lets read it; everyone else gets 404.
/// </summary>
internal sealed class AttachmentService(
    MeldebokDbContext db, AccessScope scope, IBlobStore blobs, IAttachmentScanner scanner, IOptions<AttachmentOptions> options,
    MessageThreadService threads, BulkMessageService bulkMessages, ConsentService consents, TimeProvider time, ILogger<AttachmentService> logger)
{
    /// <summary>Room for the multipart framing around the file.</summary>
    private const long FormOverheadBytes = 64 * 1024;

    private long MaxBytes => options.Value.MaxBytes;

    /// <summary>Reads the one file of a multipart request and stores it; null (404) for a caller without a person account.</summary>
    public async Task<AttachmentResponse?> UploadAsync(HttpRequest request, CancellationToken ct)
    {
        if (scope.User?.AccountId() is null)
        {
            return null;
        }

        var limit = MaxBytes + FormOverheadBytes;
        if (request.ContentLength > limit)
        {
            throw new ProblemException(StatusCodes.Status413PayloadTooLarge, AttachmentTexts.TooLarge(MaxBytes));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit;
        }

        if (request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) != true)
        {
            throw new ProblemException(StatusCodes.Status415UnsupportedMediaType, AttachmentTexts.NotMultipart);
        }

        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions { MultipartBodyLengthLimit = limit, ValueCountLimit = 20 }));
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
            || (e is InvalidDataException && e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ProblemException(StatusCodes.Status413PayloadTooLarge, AttachmentTexts.TooLarge(MaxBytes));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            throw new FieldValidationException("file", AttachmentTexts.UnreadableForm);
        }

        return form.Files.Count switch
        {
            0 => throw new FieldValidationException("file", AttachmentTexts.FileRequired),
            > 1 => throw new FieldValidationException("file", AttachmentTexts.OneFileOnly),
            _ => await StoreAsync(form.Files[0], ct),
        };
    }

    /// <summary>
    /// Checks and stores one uploaded file as a pending attachment of the caller's: 413 over the size limit, 415 for a type
    /// that is not allowed, 400 <c>file</c> when empty or when the scanner finds something, 503 when the scanner does not answer.
    /// </summary>
    public async Task<AttachmentResponse> StoreAsync(IFormFile file, CancellationToken ct)
    {
        var accountId = scope.User?.AccountId() ?? throw new InvalidOperationException("Only a signed-in person uploads attachments.");
        if (file.Length > MaxBytes)
        {
            throw new ProblemException(StatusCodes.Status413PayloadTooLarge, AttachmentTexts.TooLarge(MaxBytes));
        }

        if (file.Length == 0)
        {
            throw new FieldValidationException("file", AttachmentTexts.EmptyFile);
        }

        await using var content = await SeekableAsync(file, ct);
        var type = AttachmentTypes.Detect(content)
            ?? throw new ProblemException(StatusCodes.Status415UnsupportedMediaType, AttachmentTexts.TypeNotAllowed);
        ScanVerdict verdict;
        try
        {
            verdict = await scanner.ScanAsync(content, ct);
        }
        catch (ScannerUnavailableException e)
        {
            logger.LogError(e, "The virus scanner did not scan an upload; it was refused");
            throw new ProblemException(StatusCodes.Status503ServiceUnavailable, AttachmentTexts.ScannerUnavailable);
        }

        if (verdict.Infected)
        {
            throw new FieldValidationException("file", AttachmentTexts.Infected);
        }

        content.Position = 0;
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, ct));
        content.Position = 0;
        var key = await blobs.PutAsync(content, ct);
        var attachment = new Attachment
        {
            UploadedByAccountId = accountId,
            FileName = AttachmentNames.Sanitise(file.FileName, type),
            ContentType = type.ContentType,
            SizeBytes = content.Length,
            Sha256 = sha256,
            BlobKey = key,
            ScanStatus = verdict.Status,
            UploadedAt = time.GetUtcNow(),
        };
        db.Attachments.Add(attachment);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            await blobs.DeleteAsync(key, CancellationToken.None);
            throw;
        }

        return AttachmentClaims.Response(attachment);
    }

    /// <summary>The attachment's content for the caller; null (404) when the caller may not read what it belongs to.</summary>
    public async Task<AttachmentDownload?> OpenAsync(Guid id, CancellationToken ct)
    {
        var attachment = await db.Attachments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (attachment is null || !await MayReadAsync(attachment, ct) || await blobs.OpenAsync(attachment.BlobKey, ct) is not { } content)
        {
            return null;
        }

        return new AttachmentDownload(content, attachment.FileName, attachment.ContentType);
    }

    /// <summary>Those of <paramref name="ids"/> that are the caller's own pending uploads, in upload order.</summary>
    public async Task<List<AttachmentResponse>> MyPendingAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var accountId = scope.User?.AccountId();
        var rows = await db.Attachments.AsNoTracking()
            .Where(a => ids.Contains(a.Id) && a.UploadedByAccountId == accountId && a.ClaimedAt == null)
            .OrderBy(a => a.UploadedAt).ThenBy(a => a.Id)
            .ToListAsync(ct);
        return [.. rows.Select(AttachmentClaims.Response)];
    }

    private async Task<bool> MayReadAsync(Attachment attachment, CancellationToken ct)
    {
        if (attachment.ThreadMessageId is { } messageId)
        {
            var threadId = await db.ThreadMessages.Where(m => m.Id == messageId).Select(m => m.ThreadId).SingleAsync(ct);
            return await threads.CanReadAsync(threadId, ct);
        }

        if (attachment.BulkMessageId is { } bulkMessageId)
        {
            return await bulkMessages.CanReadAsync(bulkMessageId, ct);
        }

        if (attachment.ConsentRequestId is { } requestId)
        {
            return await consents.CanReadAsync(requestId, ct);
        }

        return attachment.UploadedByAccountId == scope.User?.AccountId();
    }

    private static async Task<Stream> SeekableAsync(IFormFile file, CancellationToken ct)
    {
        var stream = file.OpenReadStream();
        if (stream.CanSeek)
        {
            return stream;
        }

        var copy = new MemoryStream();
        await using (stream)
        {
            await stream.CopyToAsync(copy, ct);
        }

        copy.Position = 0;
        return copy;
    }
}
