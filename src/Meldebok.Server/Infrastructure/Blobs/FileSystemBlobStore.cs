using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Infrastructure.Blobs;

/// <summary>Settings of the file-system blob store (section <c>Attachments</c>, shared with the attachment rules).</summary>
internal sealed class BlobStoreOptions
{
    public const string Section = "Attachments";

    /// <summary>The folder the blobs are kept in; relative paths are under the content root. Empty: <c>App_Data/attachments</c>.</summary>
    public string? StoragePath { get; set; }
}

/// <summary>
/// The default <see cref="IBlobStore"/>: one file per blob under <see cref="BlobStoreOptions.StoragePath"/>, spread over
/// 256 sub-folders by the key's first two characters. A blob is written to a temporary name in the same folder tree and
/// then moved under its key, so a crash while writing leaves at most a stray temporary file, never half a blob under a key.
/// Keys are 32 random lowercase hex characters; anything else is refused, so a key can never name a path outside the store.
/// </summary>
internal sealed class FileSystemBlobStore : IBlobStore
{
    private const int KeyLength = 32;
    private readonly string _root;
    private readonly string _incoming;

    public FileSystemBlobStore(IOptions<BlobStoreOptions> options, IHostEnvironment environment)
    {
        var configured = options.Value.StoragePath;
        _root = Path.GetFullPath(string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(environment.ContentRootPath, "App_Data", "attachments")
            : Path.Combine(environment.ContentRootPath, configured));
        _incoming = Path.Combine(_root, "incoming");
    }

    /// <summary>The folder the blobs are kept in.</summary>
    public string Root => _root;

    public async Task<string> PutAsync(Stream content, CancellationToken ct)
    {
        Directory.CreateDirectory(_incoming);
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyLength / 2));
        var temporary = Path.Combine(_incoming, key + ".part");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81_920, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, ct);
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
            }

            var final = PathOf(key);
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            File.Move(temporary, final);
            return key;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public Task<Stream?> OpenAsync(string key, CancellationToken ct)
    {
        var path = IsKey(key) ? PathOf(key) : null;
        if (path is null || !File.Exists(path))
        {
            return Task.FromResult<Stream?>(null);
        }

        try
        {
            return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81_920, FileOptions.Asynchronous));
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        if (IsKey(key))
        {
            File.Delete(PathOf(key));
        }

        return Task.CompletedTask;
    }

    private string PathOf(string key) => Path.Combine(_root, key[..2], key);

    private static bool IsKey(string key) => key.Length == KeyLength && key.All(char.IsAsciiHexDigitLower);
}
