using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;

namespace Meldebok.Server.Tests.Attachments;

/// <summary>Small files of each kind the attachment rules tell apart, built in code.</summary>
internal static class TestFiles
{
    /// <summary>A minimal PDF (the header is what counts).</summary>
    public static byte[] Pdf(string text = "Turplan") => Encoding.ASCII.GetBytes($"%PDF-1.4\n1 0 obj << /Title ({text}) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    /// <summary>The PNG signature and an IHDR chunk start.</summary>
    public static byte[] Png() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0];

    /// <summary>A Windows program's start: "MZ", the DOS stub, NUL bytes.</summary>
    public static byte[] Exe() => [.. "MZ"u8, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0, .. "This program cannot be run in DOS mode."u8];

    /// <summary>A ZIP with the [Content_Types].xml of a Word document (or of a macro-enabled one).</summary>
    public static byte[] Docx(bool macroEnabled = false)
    {
        var main = macroEnabled ? "application/vnd.ms-word.document.macroEnabled.main+xml" : "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var writer = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
            {
                writer.Write($"""<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="{main}"/></Types>""");
            }

            using (var writer = new StreamWriter(zip.CreateEntry("word/document.xml").Open()))
            {
                writer.Write("<w:document/>");
            }
        }

        return buffer.ToArray();
    }

    /// <summary>A multipart form with one file in the field <c>file</c>, declared as <paramref name="declaredType"/>.</summary>
    public static MultipartFormDataContent Form(byte[] content, string fileName, string declaredType = "application/pdf")
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(declaredType);
        return new MultipartFormDataContent { { file, "file", fileName } };
    }
}
