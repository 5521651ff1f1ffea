using System.ComponentModel.DataAnnotations;

namespace Meldebok.Server.Features.Attachments;

/// <summary>Attachment settings (section <c>Attachments</c>; the blob store's <c>StoragePath</c> is in the same section).</summary>
internal sealed class AttachmentOptions
{
    public const string Section = "Attachments";

    /// <summary>The largest file accepted, in bytes.</summary>
    [Range(1, 100L * 1024 * 1024, ErrorMessage = "Attachments:MaxBytes must be between 1 and 104857600 (100 MB).")]
    public long MaxBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>How long an upload may stay pending (not attached to anything) before the pruning job deletes it.</summary>
    [Range(1, 24 * 30, ErrorMessage = "Attachments:PendingHours must be between 1 and 720.")]
    public int PendingHours { get; set; } = 24;

    /// <summary>The clamd to scan uploads with (its TCP address); empty: uploads are not scanned and are recorded NotScanned.</summary>
    public string? ClamdHost { get; set; }

    [Range(1, 65535, ErrorMessage = "Attachments:ClamdPort must be a TCP port (1–65535).")]
    public int ClamdPort { get; set; } = 3310;

    /// <summary>How long a scan may take before the upload is refused as unscannable.</summary>
    [Range(1, 600, ErrorMessage = "Attachments:ClamdTimeoutSeconds must be between 1 and 600.")]
    public int ClamdTimeoutSeconds { get; set; } = 30;
}

/// <summary>Limits of attachments.</summary>
internal static class AttachmentLimits
{
    /// <summary>Attachments per message or consent request.</summary>
    public const int PerMessage = 5;
    /// <summary>Characters in a file name.</summary>
    public const int FileName = 200;
}

/// <summary>Norwegian texts of the attachment rules.</summary>
internal static class AttachmentTexts
{
    public const string NotMultipart = "Filen må sendes som multipart/form-data, i feltet «file».";
    public const string FileRequired = "Velg en fil å laste opp.";
    public const string OneFileOnly = "Last opp én fil om gangen.";
    public const string EmptyFile = "Filen er tom.";
    public const string UnreadableForm = "Skjemaet kunne ikke leses. Send filen som multipart/form-data.";
    public const string Infected = "Filen ble stoppet av virusskanningen og er ikke lagret.";
    public const string ScannerUnavailable = "Virusskanningen svarer ikke akkurat nå, så filen er ikke lagret. Prøv igjen om litt.";
    public const string TooMany = "Du kan legge ved høyst 5 filer.";
    public const string NotYours = "Ett eller flere vedlegg finnes ikke, er allerede sendt, eller er lastet opp av noen andre. Last opp filen på nytt.";

    public static string TooLarge(long maxBytes) =>
        $"Filen er for stor. Et vedlegg kan være på høyst {MegaBytes(maxBytes)}.";

    public static string TypeNotAllowed => $"Denne filtypen er ikke tillatt. Tillatte filtyper er {AttachmentTypes.AllowedNames}.";

    private static string MegaBytes(long bytes) => bytes % (1024 * 1024) == 0
        ? $"{bytes / (1024 * 1024)} MB"
        : $"{Math.Round(bytes / 1024.0 / 1024.0, 1).ToString(System.Globalization.CultureInfo.GetCultureInfo("nb-NO"))} MB";
}

/// <summary>An attachment as a message or consent request lists it.</summary>
/// <param name="Id">The attachment's id; download it at <c>/api/v1/attachments/{id}</c>.</param>
/// <param name="Name">The file name (sanitised).</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="ContentType">Its type, found from the content: application/pdf, image/png, image/jpeg, image/heic, DOCX, XLSX or text/plain.</param>
/// <param name="ScanStatus">NotScanned (no virus scanner is configured) or Clean.</param>
public sealed record AttachmentResponse(Guid Id, string Name, long Size, string ContentType, AttachmentScanStatus ScanStatus);

/// <summary>The upload form: one file in the field <c>file</c>.</summary>
/// <param name="File">The file.</param>
internal sealed record AttachmentUploadForm(IFormFile File);
