using System.Globalization;
using System.IO.Compression;
using Microsoft.AspNetCore.Http.Features;

namespace Meldebok.Server.Features.RosterImport;

/// <summary>
/// Reads the multipart upload of a roster import: the CSV files (each as its own part, or together in one
/// ZIP file) and the form fields mode, dryRun and schoolYear. Sizes are limited before anything is buffered.
/// </summary>
internal static class RosterImportUpload
{
    /// <summary>The largest request accepted: a large municipality's files are about 20 MB unzipped.</summary>
    public const long MaxRequestBytes = 50L * 1024 * 1024;

    /// <summary>The most a ZIP file may unpack to, so that a small ZIP cannot fill the memory.</summary>
    public const long MaxUnzippedBytes = 250L * 1024 * 1024;

    private const int MaxZipEntries = 100;

    /// <summary>What was read: the request, or the problem that stopped reading it.</summary>
    internal sealed record Upload(RosterImportRequest? Request, int? ProblemStatus, string? ProblemDetail, IDictionary<string, string[]> Errors)
    {
        public static Upload Problem(int status, string detail) => new(null, status, detail, new Dictionary<string, string[]>());
    }

    public static async Task<Upload> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxRequestBytes)
        {
            return TooLarge();
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = MaxRequestBytes;
        }

        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
        {
            MultipartBodyLengthLimit = MaxRequestBytes,
            ValueCountLimit = 200,
        }));
        if (!request.HasFormContentType || request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) != true)
        {
            return Upload.Problem(StatusCodes.Status415UnsupportedMediaType, "Filene må sendes som multipart/form-data.");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return TooLarge();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return Upload.Problem(StatusCodes.Status400BadRequest, "Skjemaet kunne ikke leses. Send filene som multipart/form-data.");
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var options = ReadOptions(form, errors);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in form.Files)
        {
            var name = Path.GetFileName(file.FileName);
            if (name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) || file.Name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                if (await UnzipAsync(file, files, errors, ct) is { } problem)
                {
                    return problem;
                }

                continue;
            }

            // A part is known by its field name (orgs.csv=@export.csv) or by its file name (files=@orgs.csv).
            var canonical = OneRosterFiles.Canonical(file.Name) ?? OneRosterFiles.Canonical(name);
            var data = new MemoryStream();
            await file.CopyToAsync(data, ct);
            Add(canonical, string.IsNullOrEmpty(name) ? file.Name : name, data.ToArray(), files, errors);
        }

        if (form.Files.Count == 0)
        {
            errors["files"] = ["Ingen filer ble lastet opp. Send orgs.csv, classes.csv, users.csv og enrollments.csv, eller bundle.zip."];
        }

        return errors.Count > 0 || options is null
            ? new Upload(null, null, null, errors)
            : new Upload(options with { Files = files }, null, null, errors);
    }

    private static Upload TooLarge() => Upload.Problem(StatusCodes.Status413PayloadTooLarge,
        $"Opplastingen er for stor. Filene kan til sammen være høyst {MaxRequestBytes / 1024 / 1024} MB; send dem gjerne som én ZIP-fil.");

    private static RosterImportRequest? ReadOptions(IFormCollection form, Dictionary<string, string[]> errors)
    {
        var mode = RosterImportMode.Full;
        switch (form["mode"].ToString().Trim().ToLowerInvariant())
        {
            case "" or "full":
                break;
            case "delta":
                mode = RosterImportMode.Delta;
                break;
            default:
                errors["mode"] = ["mode må være full eller delta."];
                break;
        }

        var dryRun = false;
        if (form["dryRun"].ToString().Trim() is { Length: > 0 } dryRunValue && !bool.TryParse(dryRunValue, out dryRun))
        {
            errors["dryRun"] = ["dryRun må være true eller false."];
        }

        int? schoolYear = null;
        if (form["schoolYear"].ToString().Trim() is { Length: > 0 } yearValue)
        {
            if (int.TryParse(yearValue, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 2000 and <= 2100)
            {
                schoolYear = year;
            }
            else
            {
                errors["schoolYear"] = ["schoolYear må være året skoleåret begynner, for eksempel 2026 for 2026/2027."];
            }
        }

        return errors.Count > 0 ? null : new RosterImportRequest(new Dictionary<string, byte[]>(), mode, dryRun, schoolYear);
    }

    private static async Task<Upload?> UnzipAsync(IFormFile file, Dictionary<string, byte[]> files, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        var zipName = string.IsNullOrEmpty(file.FileName) ? file.Name : Path.GetFileName(file.FileName);
        using var zip = new MemoryStream();
        await file.CopyToAsync(zip, ct);
        zip.Position = 0;
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read);
            var entries = archive.Entries
                .Where(e => e.Name.Length > 0 && !e.FullName.StartsWith("__MACOSX/", StringComparison.Ordinal) && !e.Name.StartsWith("._", StringComparison.Ordinal))
                .ToList();
            if (entries.Count > MaxZipEntries)
            {
                errors[zipName] = [$"ZIP-filen har {entries.Count} filer; den kan ha høyst {MaxZipEntries}."];
                return null;
            }

            var budget = MaxUnzippedBytes;
            foreach (var entry in entries)
            {
                using var source = entry.Open();
                var data = new MemoryStream();
                // Counted while reading: the sizes in the ZIP's directory are not to be trusted.
                var buffer = new byte[81_920];
                int read;
                while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
                {
                    budget -= read;
                    if (budget < 0)
                    {
                        return Upload.Problem(StatusCodes.Status413PayloadTooLarge,
                            $"Innholdet i ZIP-filen er større enn {MaxUnzippedBytes / 1024 / 1024} MB.");
                    }

                    data.Write(buffer, 0, read);
                }

                Add(OneRosterFiles.Canonical(entry.Name), entry.Name, data.ToArray(), files, errors);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            errors[zipName] = ["Filen er ikke en gyldig ZIP-fil."];
        }

        return null;
    }

    private static void Add(string? canonical, string uploadedName, byte[] data, Dictionary<string, byte[]> files, Dictionary<string, string[]> errors)
    {
        if (canonical is null)
        {
            errors[uploadedName] = [$"Ukjent fil «{uploadedName}». Meldebok leser orgs.csv, classes.csv, users.csv, roles.csv, enrollments.csv, " +
                "academicSessions.csv, meldebok-relations.csv og meldebok-pupils.csv."];
        }
        else if (!files.TryAdd(canonical, data))
        {
            errors[canonical] = ["Filen er lastet opp mer enn én gang."];
        }
    }
}
