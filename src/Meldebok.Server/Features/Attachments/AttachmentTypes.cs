using System.IO.Compression;
using System.Text;

namespace Meldebok.Server.Features.Attachments;

/// <summary>An allowed kind of file: its media type, what people call it, and the file name extensions it goes by.</summary>
internal sealed record AttachmentType(string ContentType, string DisplayName, string[] Extensions);

/// <summary>
/// The allowed attachment types, told apart by their content (magic bytes), never by the declared content type or the
/// file name: PDF, PNG, JPEG, HEIC (what iPhones save photos as, so guardians can send a photo of a doctor's note), Word
/// (DOCX) and Excel (XLSX) — a ZIP container whose <c>[Content_Types].xml</c> names the main document part, so
/// macro-enabled documents (DOCM, XLSM) and other ZIP files are refused — and plain text (valid UTF-8 without control
/// characters other than tab, line feed, carriage return and form feed). Everything else — programs, scripts, HTML with a
/// byte-order mark of another encoding, archives, old binary Office files — is refused.
/// </summary>
internal static class AttachmentTypes
{
    public static readonly AttachmentType Pdf = new("application/pdf", "PDF", [".pdf"]);
    public static readonly AttachmentType Png = new("image/png", "PNG", [".png"]);
    public static readonly AttachmentType Jpeg = new("image/jpeg", "JPEG", [".jpg", ".jpeg"]);
    public static readonly AttachmentType Heic = new("image/heic", "HEIC", [".heic", ".heif"]);
    public static readonly AttachmentType Docx = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)", [".docx"]);
    public static readonly AttachmentType Xlsx = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)", [".xlsx"]);
    public static readonly AttachmentType Text = new("text/plain", "ren tekst (TXT)", [".txt"]);

    public static readonly IReadOnlyList<AttachmentType> All = [Pdf, Png, Jpeg, Heic, Docx, Xlsx, Text];

    /// <summary>The allowed types as a Norwegian list ("PDF, PNG, … og ren tekst (TXT)").</summary>
    public static string AllowedNames => string.Join(", ", All.SkipLast(1).Select(t => t.DisplayName)) + " og " + All[^1].DisplayName;

    /// <summary>The extensions the file input offers (its <c>accept</c> attribute).</summary>
    public static string AcceptAttribute => string.Join(",", All.SelectMany(t => t.Extensions));

    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];
    private static readonly string[] HeicBrands = ["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"];

    /// <summary>The type of the content of <paramref name="content"/> (a seekable stream, read from the start), or null when it is not allowed.</summary>
    public static AttachmentType? Detect(Stream content)
    {
        content.Position = 0;
        var head = new byte[16];
        var length = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var start = head.AsSpan(0, length);
        content.Position = 0;
        if (start.StartsWith(PdfMagic)) return Pdf;
        if (start.StartsWith(PngMagic)) return Png;
        if (start.StartsWith(JpegMagic)) return Jpeg;
        if (length >= 12 && start[4..8].SequenceEqual("ftyp"u8) && HeicBrands.Contains(Encoding.ASCII.GetString(start[8..12]))) return Heic;
        if (start.StartsWith(ZipMagic)) return OfficeDocument(content);
        return IsPlainText(content) ? Text : null;
    }

    private static AttachmentType? OfficeDocument(Stream content)
    {
        try
        {
            using var archive = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            var types = archive.GetEntry("[Content_Types].xml");
            if (types is null || types.Length > 1024 * 1024)
            {
                return null;
            }

            using var reader = new StreamReader(types.Open());
            var xml = reader.ReadToEnd();
            return xml.Contains("wordprocessingml.document.main+xml", StringComparison.Ordinal) ? Docx
                : xml.Contains("spreadsheetml.sheet.main+xml", StringComparison.Ordinal) ? Xlsx
                : null;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return null;
        }
        finally
        {
            content.Position = 0;
        }
    }

    private static bool IsPlainText(Stream content)
    {
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[64 * 1024];
        var chars = new char[bytes.Length + 4];
        try
        {
            int read;
            while ((read = content.Read(bytes, 0, bytes.Length)) > 0)
            {
                var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
                if (chars.AsSpan(0, count).ContainsAny(ControlCharacters))
                {
                    return false;
                }
            }

            return decoder.GetChars([], 0, 0, chars, 0, flush: true) == 0;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        finally
        {
            content.Position = 0;
        }
    }

    private static readonly System.Buffers.SearchValues<char> ControlCharacters = System.Buffers.SearchValues.Create(
        Enumerable.Range(0, 32).Where(c => c is not ('\t' or '\n' or '\r' or '\f')).Append(0x7F).Select(c => (char)c).ToArray());
}
