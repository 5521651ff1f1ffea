using System.Globalization;

namespace Meldebok.Server.Web.Text;

internal sealed partial class UiText
{
    /// <summary>The attachment fields' and links' texts in this language.</summary>
    public AttachmentText Attachments => LanguageCode == English.LanguageCode ? AttachmentText.English : AttachmentText.Bokmal;
}

/// <summary>Texts of attachments on the message and consent pages: the file field and the list of attached files.</summary>
internal sealed class AttachmentText
{
    public required string Label { get; init; }
    /// <summary>The hint under the file field: the allowed types and the size limit in MB.</summary>
    public required Func<string, long, string> Hint { get; init; }
    public required string AlreadyAttached { get; init; }
    public required string Heading { get; init; }
    public required Func<string, string, string> Refused { get; init; }
    public required Func<long, string> Size { get; init; }

    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");

    private static string FormatSize(long bytes, CultureInfo culture) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(culture, $"{bytes / 1024.0:0} kB"),
        _ => string.Create(culture, $"{bytes / 1024.0 / 1024.0:0.0} MB"),
    };

    public static readonly AttachmentText Bokmal = new()
    {
        Label = "Vedlegg (valgfritt)",
        Hint = (types, megabytes) => $"Høyst 5 filer på inntil {megabytes} MB hver. Tillatte filtyper er {types}.",
        AlreadyAttached = "Lagt ved:",
        Heading = "Vedlegg",
        Refused = (name, reason) => $"«{name}» ble ikke lagt ved: {reason}",
        Size = bytes => FormatSize(bytes, Norwegian),
    };

    public static readonly AttachmentText English = new()
    {
        Label = "Attachments (optional)",
        Hint = (_, megabytes) => $"At most 5 files of up to {megabytes} MB each. Allowed file types are PDF, PNG, JPEG, HEIC, Word (DOCX), Excel (XLSX) and plain text (TXT).",
        AlreadyAttached = "Attached:",
        Heading = "Attachments",
        Refused = (name, reason) => $"“{name}” was not attached: {reason}",
        Size = bytes => FormatSize(bytes, CultureInfo.InvariantCulture),
    };
}
