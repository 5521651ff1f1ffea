namespace Meldebok.Server.Features.Attachments.Pages;

/// <summary>The web UI's addresses of attachments.</summary>
internal static class AttachmentPaths
{
    /// <summary>The download link of the pages: the API's download under the sign-in cookie.</summary>
    public static string Download(Guid id) => $"/vedlegg/{id}";

    /// <summary>The form field of the file input (several files allowed).</summary>
    public const string FileField = "vedlegg";

    /// <summary>The form field that carries files already uploaded by an earlier submit of the same form.</summary>
    public const string UploadedField = "vedleggIds";
}
