using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Web.Text;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Features.Attachments.Pages;

/// <summary>What a submitted form attaches: the uploads that were kept, and why others were refused.</summary>
internal sealed record FormAttachments(IReadOnlyList<AttachmentResponse> Attached, IReadOnlyList<string> Errors)
{
    public static readonly FormAttachments None = new([], []);

    public IReadOnlyList<Guid> Ids => [.. Attached.Select(a => a.Id)];
}

/// <summary>
/// The file field of the message and consent forms (static SSR, <c>multipart/form-data</c>): each chosen file is uploaded
/// through <see cref="AttachmentService"/> with the same rules as the API, and kept as a pending upload whose id the form
/// carries on (<see cref="AttachmentPaths.UploadedField"/>) when the form is shown again, so a file is not chosen twice.
/// </summary>
internal sealed class AttachmentFormUploads(AttachmentService attachments, IOptions<AttachmentOptions> options, UiText text)
{
    /// <summary>The size limit in whole MB, for the field's hint.</summary>
    public long MaxMegabytes => options.Value.MaxBytes / (1024 * 1024);

    public async Task<FormAttachments> ReadAsync(HttpContext? http, CancellationToken ct)
    {
        if (http?.Request.HasFormContentType != true)
        {
            return FormAttachments.None;
        }

        var form = await http.Request.ReadFormAsync(ct);
        var earlier = form[AttachmentPaths.UploadedField].Select(v => Guid.TryParse(v, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToList();
        var attached = await attachments.MyPendingAsync(earlier, ct);
        var errors = new List<string>();
        foreach (var file in form.Files.GetFiles(AttachmentPaths.FileField).Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)))
        {
            try
            {
                attached.Add(await attachments.StoreAsync(file, ct));
            }
            catch (Exception e) when (e is ProblemException or FieldValidationException)
            {
                var reason = e is FieldValidationException field ? string.Join(" ", field.Errors.SelectMany(x => x.Value)) : e.Message;
                errors.Add(text.Attachments.Refused(Path.GetFileName(file.FileName.Replace('\\', '/')), reason));
            }
        }

        if (attached.Count > AttachmentLimits.PerMessage)
        {
            errors.Add(AttachmentTexts.TooMany);
        }

        return new FormAttachments(attached, errors);
    }
}
