using System.Globalization;
using System.Text;

namespace Meldebok.Server.Features.Attachments;

/// <summary>
/// File names as people will see and save them: the last part of whatever path the browser sent (both / and \ count), in
/// Unicode NFC, without control characters or the characters Windows forbids (<c>&lt;&gt;:"/\|?*</c>), without leading or
/// trailing dots and spaces, at most <see cref="AttachmentLimits.FileName"/> characters, and with an extension of the type
/// the content really is (a PNG named <c>brev.pdf</c> is saved as <c>brev.png</c>). The name is only ever shown and sent
/// back in Content-Disposition; it never names a file on the server.
/// </summary>
internal static class AttachmentNames
{
    private const string Fallback = "vedlegg";

    public static string Sanitise(string? uploaded, AttachmentType type)
    {
        var name = (uploaded ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..].Normalize(NormalizationForm.FormC);
        var clean = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (!char.IsControl(c) && "<>:\"|?*".IndexOf(c, StringComparison.Ordinal) < 0
                && CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned))
            {
                clean.Append(c);
            }
        }

        var stem = clean.ToString();
        var extension = Path.GetExtension(stem);
        if (type.Extensions.Contains(extension.ToLowerInvariant()))
        {
            stem = stem[..^extension.Length];
        }
        else
        {
            extension = type.Extensions[0];
            // A name like "brev.pdf" holding a PNG loses its misleading extension; "rapport.2026" keeps its dot part.
            if (AttachmentTypes.All.Any(t => t.Extensions.Contains(Path.GetExtension(stem).ToLowerInvariant())))
            {
                stem = Path.GetFileNameWithoutExtension(stem);
            }
        }

        stem = stem.Trim().Trim('.').Trim();
        if (stem.Length == 0)
        {
            stem = Fallback;
        }

        var room = AttachmentLimits.FileName - extension.Length;
        if (stem.Length > room)
        {
            stem = stem[..room].TrimEnd().TrimEnd('.');
            // Never cut a surrogate pair in half.
            if (stem.Length > 0 && char.IsHighSurrogate(stem[^1])) stem = stem[..^1];
        }

        return stem + extension;
    }
}
