namespace Meldebok.Server.Infrastructure.Blobs;

/// <summary>
/// Where file contents live, apart from the database rows that describe them. A key is chosen by the store (random,
/// never derived from a file name), and a blob is either wholly there under its key or not at all.
/// </summary>
internal interface IBlobStore
{
    /// <summary>Stores the whole of <paramref name="content"/> (from its current position) and returns its new key.</summary>
    Task<string> PutAsync(Stream content, CancellationToken ct);

    /// <summary>The blob under <paramref name="key"/> for reading; null when there is none.</summary>
    Task<Stream?> OpenAsync(string key, CancellationToken ct);

    /// <summary>Deletes the blob under <paramref name="key"/>; nothing happens when there is none.</summary>
    Task DeleteAsync(string key, CancellationToken ct);
}
