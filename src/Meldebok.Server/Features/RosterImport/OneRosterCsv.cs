using System.Buffers;
using System.Globalization;
using System.Text.Unicode;
using CsvHelper;

namespace Meldebok.Server.Features.RosterImport;

/// <summary>The columns a file must have and may have. Column names are matched exactly (case-sensitive).</summary>
internal sealed record CsvSchema(string FileName, string[] Required, string[] Optional, bool AllowsMetadataColumns)
{
    public bool Knows(string column) =>
        Required.Contains(column, StringComparer.Ordinal) || Optional.Contains(column, StringComparer.Ordinal)
        || (AllowsMetadataColumns && column.StartsWith("metadata.", StringComparison.Ordinal) && column.Length > "metadata.".Length);
}

/// <summary>The files of a OneRoster 1.2 CSV bulk/delta set that Meldebok reads, and its own extension files.</summary>
internal static class OneRosterFiles
{
    public const string Orgs = "orgs.csv";
    public const string Classes = "classes.csv";
    public const string Users = "users.csv";
    public const string Roles = "roles.csv";
    public const string Enrollments = "enrollments.csv";
    public const string AcademicSessions = "academicSessions.csv";
    public const string Relations = "meldebok-relations.csv";
    public const string PupilDetails = "meldebok-pupils.csv";

    public static readonly string[] RequiredFiles = [Orgs, Classes, Users, Enrollments];

    public static readonly CsvSchema OrgsSchema = new(Orgs,
        ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"], [], true);

    public static readonly CsvSchema ClassesSchema = new(Classes,
        ["sourcedId", "status", "dateLastModified", "title", "grades", "courseSourcedId", "classCode", "classType", "location",
            "schoolSourcedId", "termSourcedIds", "subjects", "subjectCodes", "periods"], [], true);

    /// <summary>
    /// The columns OneRoster 1.1 and 1.2 share are required. 1.1's role and orgSourcedIds and 1.2's additions
    /// (userMasterIdentifier, preferred names, primaryOrgSourcedId, …) may be present.
    /// </summary>
    public static readonly CsvSchema UsersSchema = new(Users,
        ["sourcedId", "status", "dateLastModified", "enabledUser", "username", "userIds", "givenName", "familyName", "middleName",
            "identifier", "email", "sms", "phone", "agentSourcedIds", "grades", "password"],
        ["orgSourcedIds", "role", "userMasterIdentifier", "resourceSourcedIds", "preferredGivenName", "preferredMiddleName",
            "preferredFamilyName", "primaryOrgSourcedId", "pronouns"], true);

    public static readonly CsvSchema RolesSchema = new(Roles,
        ["sourcedId", "status", "dateLastModified", "userSourcedId", "roleType", "role", "beginDate", "endDate", "orgSourcedId",
            "userProfileSourcedId"], [], true);

    public static readonly CsvSchema EnrollmentsSchema = new(Enrollments,
        ["sourcedId", "status", "dateLastModified", "classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary",
            "beginDate", "endDate"], [], true);

    public static readonly CsvSchema AcademicSessionsSchema = new(AcademicSessions,
        ["sourcedId", "status", "dateLastModified", "title", "type", "startDate", "endDate", "parentSourcedId", "schoolYear"], [], true);

    public static readonly CsvSchema RelationsSchema = new(Relations,
        ["studentSourcedId", "guardianSourcedId", "parentalResponsibility", "dailyCare", "rightToInformation", "blocked"], [], false);

    public static readonly CsvSchema PupilDetailsSchema = new(PupilDetails, ["studentSourcedId", "protectedAddress"], [], false);

    public static readonly IReadOnlyDictionary<string, CsvSchema> Schemas = new[]
    {
        OrgsSchema, ClassesSchema, UsersSchema, RolesSchema, EnrollmentsSchema, AcademicSessionsSchema, RelationsSchema, PupilDetailsSchema,
    }.ToDictionary(s => s.FileName, StringComparer.OrdinalIgnoreCase);

    /// <summary>Files of the OneRoster set that Meldebok has no use for: accepted in an upload and skipped with a warning.</summary>
    public static readonly HashSet<string> Ignored = new(StringComparer.OrdinalIgnoreCase)
    {
        "manifest.csv", "courses.csv", "demographics.csv", "userProfiles.csv", "resources.csv", "classResources.csv",
        "courseResources.csv", "categories.csv", "lineItems.csv", "results.csv", "scoreScales.csv", "lineItemLearningObjectiveIds.csv",
        "lineItemScoreScales.csv", "resultLearningObjectiveIds.csv", "resultScoreScales.csv",
    };

    /// <summary>The canonical spelling of a known file name, whatever its case in the upload; null for an unknown name.</summary>
    public static string? Canonical(string fileName) =>
        Schemas.TryGetValue(fileName, out var schema) ? schema.FileName
        : Ignored.TryGetValue(fileName, out var ignored) ? ignored
        : null;
}

/// <summary>Errors and warnings collected while reading and checking an upload.</summary>
internal sealed class ImportIssues
{
    public List<RosterImportIssue> Errors { get; } = [];
    public List<RosterImportIssue> Warnings { get; } = [];

    public void Error(string file, int? line, string? field, string message) => Errors.Add(new RosterImportIssue(file, line, field, message));

    public void Warn(string file, int? line, string? field, string message) => Warnings.Add(new RosterImportIssue(file, line, field, message));
}

/// <summary>
/// Reads one CSV file of an upload: checks that it is UTF-8 (a byte order mark is allowed) and that its
/// header has exactly the schema's columns, then hands every data line to a mapper with its line number.
/// </summary>
internal static class CsvTable
{
    private static readonly CsvReaderOptions Options = new()
    {
        Separator = ',',
        HasHeader = true,
        TrackLineNumbers = true,
        TrimWhitespace = true,
        SkipEmptyLines = true,
    };

    /// <summary>
    /// Reads <paramref name="bytes"/> as <paramref name="schema"/> and maps each line; null when the file
    /// cannot be read as that schema (its header is wrong), with the reasons in <paramref name="issues"/>.
    /// </summary>
    public static List<T>? Read<T>(CsvSchema schema, byte[] bytes, ImportIssues issues, Func<CsvLine, T?> map) where T : class
    {
        var file = schema.FileName;
        var input = bytes.AsMemory();
        if (input.Span.StartsWith("\uFEFF"u8))
        {
            input = input[3..];
        }

        CheckUtf8(file, input.Span, issues);

        var malformedLines = new List<long>();
        using var reader = CsvReader.Create(input, Options with { OnMalformedRecord = record => malformedLines.Add(record.LineNumber) });
        var hasRecord = reader.Read();
        if (reader.Headers.Count == 0)
        {
            issues.Error(file, 1, null, "Filen er tom. Den må ha en overskriftsrad med kolonnenavnene.");
            return null;
        }

        var headers = reader.Headers.Select(h => h.Trim()).ToArray();
        if (!CheckHeader(schema, headers, issues))
        {
            return null;
        }

        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < headers.Length; i++)
        {
            columns[headers[i]] = i;
        }

        var rows = new List<T>();
        if (!hasRecord)
        {
            return rows;
        }

        do
        {
            var line = (int)reader.LineNumber;
            var fields = new string[reader.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = reader.GetString(i) ?? "";
            }

            if (fields.Length != headers.Length)
            {
                issues.Error(file, line, null, $"Linjen har {fields.Length} felt, men overskriftsraden har {headers.Length}. Sjekk skilletegn og anførselstegn.");
            }

            if (map(new CsvLine(file, line, fields, columns, issues)) is { } row)
            {
                rows.Add(row);
            }
        }
        while (reader.Read());

        foreach (var line in malformedLines.Distinct())
        {
            issues.Error(file, (int)line, null, "Linjen har anførselstegn som ikke er lukket eller står feil.");
        }

        return rows;
    }

    private static void CheckUtf8(string file, ReadOnlySpan<byte> input, ImportIssues issues)
    {
        if (Utf8.IsValid(input))
        {
            return;
        }

        var buffer = ArrayPool<char>.Shared.Rent(input.Length);
        try
        {
            Utf8.ToUtf16(input, buffer, out var validBytes, out _, replaceInvalidSequences: false);
            var line = input[..validBytes].Count((byte)'\n') + 1;
            issues.Error(file, line, null,
                $"Filen er ikke gyldig UTF-8 (første ugyldige tegn på linje {line}). Lagre filen med tegnkodingen UTF-8 og last den opp igjen.");
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static bool CheckHeader(CsvSchema schema, string[] headers, ImportIssues issues)
    {
        var file = schema.FileName;
        var before = issues.Errors.Count;
        if (headers.Length == 1 && headers[0].Contains(';', StringComparison.Ordinal))
        {
            issues.Error(file, 1, null, "Overskriftsraden er skilt med semikolon. OneRoster-filer skal bruke komma som skilletegn.");
            return false;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var header in headers)
        {
            if (!seen.Add(header))
            {
                issues.Error(file, 1, header, $"Kolonnen «{header}» står mer enn én gang i overskriftsraden.");
            }
            else if (header.Length == 0)
            {
                issues.Error(file, 1, null, "Overskriftsraden har en kolonne uten navn.");
            }
            else if (!schema.Knows(header))
            {
                var suggestion = schema.Required.Concat(schema.Optional).FirstOrDefault(c => string.Equals(c, header, StringComparison.OrdinalIgnoreCase));
                issues.Error(file, 1, header, suggestion is null
                    ? $"Ukjent kolonne «{header}»."
                    : $"Ukjent kolonne «{header}». Kolonnenavn skiller mellom store og små bokstaver: mente du «{suggestion}»?");
            }
        }

        foreach (var required in schema.Required.Where(r => !seen.Contains(r)))
        {
            issues.Error(file, 1, required, $"Kolonnen «{required}» mangler i overskriftsraden.");
        }

        return issues.Errors.Count == before;
    }
}

/// <summary>One data line of a CSV file, with typed readers that report bad values against the line and column.</summary>
internal sealed class CsvLine(string file, int line, string[] fields, IReadOnlyDictionary<string, int> columns, ImportIssues issues)
{
    public string File => file;
    public int Line => line;

    /// <summary>The trimmed value, or null when it is blank or the (optional) column is absent.</summary>
    public string? Text(string column) =>
        columns.TryGetValue(column, out var index) && index < fields.Length && fields[index].Trim() is { Length: > 0 } value ? value : null;

    public string? Required(string column)
    {
        var value = Text(column);
        if (value is null)
        {
            Error(column, "Feltet må fylles ut.");
        }

        return value;
    }

    public bool? Boolean(string column)
    {
        var value = Text(column);
        if (value is null)
        {
            return null;
        }

        if (bool.TryParse(value, out var result))
        {
            return result;
        }

        Error(column, "Verdien må være true eller false.");
        return null;
    }

    public DateOnly? Date(string column)
    {
        var value = Text(column);
        if (value is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Error(column, "Datoen må skrives som ÅÅÅÅ-MM-DD, for eksempel 2026-08-17.");
        return null;
    }

    private static readonly string[] DateTimeFormats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd"];

    /// <summary>Checks an ISO 8601 date-time such as dateLastModified; the value itself is not used.</summary>
    public void CheckDateTime(string column)
    {
        var value = Text(column);
        if (value is not null
            && !DateTimeOffset.TryParseExact(value, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            Error(column, "Tidspunktet må skrives etter ISO 8601, for eksempel 2026-08-17T08:00:00Z.");
        }
    }

    /// <summary>A OneRoster list: values separated by commas inside one field.</summary>
    public IReadOnlyList<string> List(string column) =>
        Text(column)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];

    /// <summary>The OneRoster status column: blank or active, or tobedeleted (inactive, from OneRoster 1.1, means the same).</summary>
    public bool IsToBeDeleted()
    {
        CheckDateTime("dateLastModified");
        switch (Text("status"))
        {
            case null:
            case "active":
                return false;
            case "tobedeleted":
            case "inactive":
                return true;
            default:
                Error("status", "Status må være tom, active eller tobedeleted.");
                return false;
        }
    }

    public void Error(string column, string message) => issues.Error(file, line, column, message);

    public void Warn(string? column, string message) => issues.Warn(file, line, column, message);
}
