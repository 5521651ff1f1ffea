using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using Meldebok.Server.Infrastructure.Validation;
using Meldebok.Server.Tests.Infrastructure;

namespace Meldebok.Server.Tests.RosterImport;

/// <summary>
/// A OneRoster 1.2 CSV set held as rows, so that a test can change one value, drop a line or break a file
/// and upload the result. <see cref="Valid"/> is a small, complete set for two schools.
/// </summary>
internal sealed class RosterFiles
{
    private static int _pupilSequence = Random.Shared.Next(0, 400);
    private readonly Dictionary<string, (List<string> Header, List<List<string>> Rows)> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _raw = new(StringComparer.Ordinal);

    public const string OrgsHeader = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId";
    public const string ClassesHeader = "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods";
    public const string UsersHeader = "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns,metadata.birthDate";
    public const string RolesHeader = "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId";
    public const string EnrollmentsHeader = "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate";
    public const string RelationsHeader = "studentSourcedId,guardianSourcedId,parentalResponsibility,dailyCare,rightToInformation,blocked";
    public const string PupilsHeader = "studentSourcedId,protectedAddress";

    public required string Prefix { get; init; }
    public Dictionary<string, string> NationalIdentityNumbers { get; } = new(StringComparer.Ordinal);
    public string FeideDomain => $"{Prefix}.testvik.kommune.no";

    /// <summary>
    /// Two schools (s1 with classes 1A and 2A and an SFO group, s2 with 5B) under a district; pupils p1 and p2 at s1 and
    /// p3 at s2; parents g1 and g2 (of p1) and g3 (of p2 and p3); relative r1 of p2 with a right to information;
    /// teachers t1 (contact teacher 1A, teaches 2A) and t2 (contact teacher 2A) at s1; principal h1 at s2.
    /// Every sourcedId starts with <paramref name="prefix"/> so that sets of different tests never meet.
    /// </summary>
    public static RosterFiles Valid(string? prefix = null)
    {
        var p = prefix ?? "x" + Guid.NewGuid().ToString("N")[..6];
        var files = new RosterFiles { Prefix = p };
        files.Define("orgs.csv", OrgsHeader,
            $"{p}d,,,Testvik kommune,district,,",
            $"{p}s1,,,Lianvatnet skole,school,{TestIdentifiers.NextOrganisationNumber()},{p}d",
            $"{p}s2,,,Byåsen skole,school,S-2,{p}d");
        files.Define("classes.csv", ClassesHeader,
            $"{p}c1,,,1A,01,,1A,homeroom,,{p}s1,,,,",
            $"{p}c2,,,2A,02,,2A,homeroom,,{p}s1,,,,",
            $"{p}c3,,,5B,05,,5B,homeroom,,{p}s2,,,,",
            $"{p}sfo,,,SFO 1.–2. trinn,\"01,02\",,SFO-12,scheduled,,{p}s1,,,,");
        var p1 = files.Number("p1", PupilNumber(new DateOnly(2019, 3, 14)));
        var p2 = files.Number("p2", PupilNumber(new DateOnly(2018, 11, 2)));
        files.Define("users.csv", UsersHeader,
            $"{p}p1,,,true,kari.n,,Kari,Nordmann,Marie,{p1},,,,\"{p}g1,{p}g2\",01,,,,,,,,,",
            $"{p}p2,,,true,ola.h,,Ola,Hansen,,{p2},,,,{p}g3,02,,,,,,,,,",
            $"{p}p3,,,true,emma.b,,Emma,Berg,,,,,,{p}g3,05,,,,,,,,,2016-05-04",
            $"{p}g1,,,true,anne,,Anne,Nordmann,,{files.Number("g1", TestIdentifiers.NextNationalIdentityNumber())},anne.nordmann@example.no,912 34 567,,,,,,,,,,,,",
            $"{p}g2,,,true,per,,Per,Nordmann,,{files.Number("g2", TestIdentifiers.NextNationalIdentityNumber())},,,+4798765432,,,,,,,,,,,",
            $"{p}g3,,,true,siri,,Siri,Hansen,,{files.Number("g3", TestIdentifiers.NextNationalIdentityNumber())},siri@example.no,004741234567,,,,,,,,,,,,",
            $"{p}r1,,,true,gro,,Gro,Hansen,,{files.Number("r1", TestIdentifiers.NextNationalIdentityNumber())},,,,,,,,,,,,,,",
            $"{p}t1,,,true,lise@{p}.testvik.kommune.no,,Lise,Lærer,,T-1,lise@example.no,,,,,,,,,,,,,",
            $"{p}t2,,,true,tor,,Tor,Lærer,,,,,,,,,tor@{p}.testvik.kommune.no,,,,,,,",
            $"{p}h1,,,true,rita,\"{{Feide:rita@{p}.testvik.kommune.no}}\",Rita,Rektor,,,,,,,,,,,,,,,,");
        files.Define("roles.csv", RolesHeader,
            $"{p}ro1,,,{p}p1,primary,student,,,{p}s1,",
            $"{p}ro2,,,{p}p2,primary,student,,,{p}s1,",
            $"{p}ro3,,,{p}p3,primary,student,,,{p}s2,",
            $"{p}ro4,,,{p}g1,primary,parent,,,{p}s1,",
            $"{p}ro5,,,{p}g2,primary,guardian,,,{p}s1,",
            $"{p}ro6,,,{p}g3,primary,parent,,,{p}s1,",
            $"{p}ro7,,,{p}r1,primary,relative,,,{p}s1,",
            $"{p}ro8,,,{p}t1,primary,teacher,,,{p}s1,",
            $"{p}ro9,,,{p}t2,primary,teacher,,,{p}s1,",
            $"{p}ro10,,,{p}h1,primary,principal,,,{p}s2,");
        files.Define("enrollments.csv", EnrollmentsHeader,
            $"{p}e1,,,{p}c1,{p}s1,{p}p1,student,false,2026-08-17,",
            $"{p}e2,,,{p}c2,{p}s1,{p}p2,student,false,,",
            $"{p}e3,,,{p}c3,{p}s2,{p}p3,student,,,",
            $"{p}e4,,,{p}sfo,{p}s1,{p}p1,student,,,",
            $"{p}e5,,,{p}c1,{p}s1,{p}t1,teacher,true,,",
            $"{p}e6,,,{p}c2,{p}s1,{p}t1,teacher,false,,",
            $"{p}e7,,,{p}c2,{p}s1,{p}t2,teacher,true,,");
        files.Define("meldebok-relations.csv", RelationsHeader, $"{p}p2,{p}r1,false,false,true,false");
        files.Define("meldebok-pupils.csv", PupilsHeader, $"{p}p3,StrictlyConfidential");
        return files;
    }

    /// <summary>A synthetic fødselsnummer (month + 80) with an individual number in 500–999, as for people born 2000–2039.</summary>
    public static string PupilNumber(DateOnly birthDate)
    {
        while (true)
        {
            var individual = 500 + Interlocked.Increment(ref _pupilSequence) % 500;
            var nine = string.Create(CultureInfo.InvariantCulture, $"{birthDate.Day:00}{birthDate.Month + 80:00}{birthDate.Year % 100:00}{individual:000}");
            if (NorwegianIdentifiers.CheckDigitsFor(nine) is { } check)
            {
                return nine + check;
            }
        }
    }

    public string Id(string local) => Prefix + local;

    /// <summary>A copy to change without changing this set (same ids, numbers and values).</summary>
    public RosterFiles Clone()
    {
        var copy = new RosterFiles { Prefix = Prefix };
        foreach (var (name, (header, rows)) in _files)
        {
            copy._files[name] = ([.. header], rows.Select(r => r.ToList()).ToList());
        }

        foreach (var (name, bytes) in _raw)
        {
            copy._raw[name] = bytes;
        }

        foreach (var (key, number) in NationalIdentityNumbers)
        {
            copy.NationalIdentityNumbers[key] = number;
        }

        return copy;
    }

    private string Number(string local, string number)
    {
        NationalIdentityNumbers[local] = number;
        return number;
    }

    private void Define(string file, string header, params string[] lines)
    {
        _files[file] = (SplitLine(header), lines.Select(SplitLine).ToList());
    }

    public IReadOnlyCollection<string> FileNames => _files.Keys.Concat(_raw.Keys).Distinct().ToList();

    /// <summary>Sets one value of the line whose first column is <paramref name="key"/> (given without the prefix).</summary>
    public RosterFiles Set(string file, string key, string column, string value)
    {
        var (header, rows) = _files[file];
        var index = header.IndexOf(column);
        Assert.True(index >= 0, $"{file} has no column {column}");
        rows.Single(r => r[0] == Id(key))[index] = value;
        return this;
    }

    public string Get(string file, string key, string column)
    {
        var (header, rows) = _files[file];
        return rows.Single(r => r[0] == Id(key))[header.IndexOf(column)];
    }

    /// <summary>The 1-based line of the row (the header is line 1).</summary>
    public int LineOf(string file, string key) => _files[file].Rows.FindIndex(r => r[0] == Id(key)) + 2;

    public RosterFiles Remove(string file, string key)
    {
        Assert.Equal(1, _files[file].Rows.RemoveAll(r => r[0] == Id(key)));
        return this;
    }

    /// <summary>Adds a line written as CSV, with {p} standing for the prefix.</summary>
    public RosterFiles Add(string file, string line)
    {
        _files[file].Rows.Add(SplitLine(line.Replace("{p}", Prefix, StringComparison.Ordinal)));
        return this;
    }

    public RosterFiles Without(string file)
    {
        _files.Remove(file);
        _raw.Remove(file);
        return this;
    }

    /// <summary>Replaces a file's content with these bytes as they are.</summary>
    public RosterFiles Raw(string file, byte[] bytes)
    {
        _raw[file] = bytes;
        return this;
    }

    public RosterFiles RenameColumn(string file, string column, string newName)
    {
        var header = _files[file].Header;
        header[header.IndexOf(column)] = newName;
        return this;
    }

    public byte[] Bytes(string file) => _raw.TryGetValue(file, out var raw) ? raw : Encoding.UTF8.GetBytes(Text(file));

    public string Text(string file)
    {
        var (header, rows) = _files[file];
        var text = new StringBuilder().Append(string.Join(',', header.Select(Quote))).Append("\r\n");
        foreach (var row in rows)
        {
            text.Append(string.Join(',', row.Select(Quote))).Append("\r\n");
        }

        return text.ToString();
    }

    /// <summary>A multipart form with every file as its own part, and the given form fields.</summary>
    public MultipartFormDataContent Form(params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var file in FileNames)
        {
            var part = new ByteArrayContent(Bytes(file));
            part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(part, "files", file);
        }

        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return form;
    }

    /// <summary>All files in one ZIP, in a folder as exports often are.</summary>
    public byte[] Zip()
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in FileNames)
            {
                using var entry = archive.CreateEntry($"oneroster/{file}").Open();
                entry.Write(Bytes(file));
            }
        }

        return buffer.ToArray();
    }

    private static string Quote(string value) =>
        value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal)
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;

    /// <summary>Splits one CSV line (quotes allowed, no line breaks inside fields).</summary>
    private static List<string> SplitLine(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }

        fields.Add(field.ToString());
        return fields;
    }
}
