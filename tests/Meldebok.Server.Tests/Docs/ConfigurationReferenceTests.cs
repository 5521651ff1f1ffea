using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using Meldebok.Server.Features.Identity.External;

namespace Meldebok.Server.Tests.Docs;

/// <summary>
/// docs/configuration.md lists every setting the server reads — the properties of its options classes (each class with a
/// <c>Section</c> constant, and the external sign-in providers' named options) and the keys it reads directly — each with
/// its environment-variable form, and nothing that is no longer a setting.
/// </summary>
public sealed partial class ConfigurationReferenceTests
{
    private const string Reference = "docs/configuration.md";

    /// <summary>Keys the server (or a library it configures from them) reads without an options class.</summary>
    private static readonly string[] DirectReads =
    [
        "ASPNETCORE_ENVIRONMENT",
        "ConnectionStrings:Meldebok",
        "Logging:Console:FormatterName",
        "Logging:Console:FormatterOptions:IncludeScopes",
        "Logging:LogLevel:Default",
        "Logging:LogLevel:<category>",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_EXPORTER_OTLP_PROTOCOL",
        "OTEL_EXPORTER_OTLP_HEADERS",
        "OTEL_SERVICE_NAME",
        "OTEL_RESOURCE_ATTRIBUTES",
    ];

    /// <summary>Properties of options classes that the host sets itself after binding (configuring them has no effect).</summary>
    private static readonly string[] SetByTheHost =
    [
        "Auth:AllowDevelopmentKeys",
        "Usage:AllowDevelopmentKey",
        "Auth:IdPorten:AllowHttpIssuer",
        "Auth:Feide:AllowHttpIssuer",
    ];

    [Fact]
    public void Every_setting_of_the_server_has_a_row_in_the_configuration_reference()
    {
        var documented = DocumentedRows().Select(r => r.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var missing = ServerSettings().Where(s => !documented.Contains(s.Key)).ToList();

        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing.Select(s =>
            $"{Reference} has no row for the setting `{s.Key}` ({s.Source}). Add to the table of its section: " +
            $"| `{s.Key}` | `{EnvironmentVariable(s.Key)}` | type | default | meaning |")));
    }

    [Fact]
    public void Every_row_of_the_configuration_reference_is_a_setting_of_the_server_and_names_its_environment_variable()
    {
        var settings = ServerSettings().Select(s => s.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var rows = DocumentedRows();
        Assert.Contains(rows, r => r.Key == "Realtime:Redis");

        var stale = rows.Where(r => !settings.Contains(r.Key)).Select(r => $"`{r.Key}` (line {r.Line})").ToList();
        var wrongVariable = rows.Where(r => !r.Variable.StartsWith(EnvironmentVariable(r.Key), StringComparison.Ordinal))
            .Select(r => $"`{r.Key}` (line {r.Line}) should name `{EnvironmentVariable(r.Key)}`, not `{r.Variable}`").ToList();
        var duplicates = rows.GroupBy(r => r.Key, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => $"`{g.Key}`").ToList();

        Assert.True(stale.Count == 0, $"{Reference} documents what is no longer a setting of the server (remove the rows, or add the " +
            $"key to {nameof(DirectReads)} here if the server reads it directly): " + string.Join(", ", stale));
        Assert.True(wrongVariable.Count == 0, "Wrong environment variable: " + string.Join("; ", wrongVariable));
        Assert.True(duplicates.Count == 0, "Documented twice: " + string.Join(", ", duplicates));
    }

    /// <summary><c>Section:Key</c> as an environment variable: <c>Section__Key</c>.</summary>
    private static string EnvironmentVariable(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    private static List<(string Key, string Source)> ServerSettings()
    {
        var settings = new List<(string Key, string Source)>();
        foreach (var type in typeof(Program).Assembly.GetTypes())
        {
            if (type.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() is string section)
            {
                settings.AddRange(Keys(section, type));
            }
        }

        foreach (var provider in ExternalProvider.All)
        {
            settings.AddRange(Keys(provider.Section, typeof(ExternalProviderOptions)));
        }

        settings.AddRange(DirectReads.Select(key => (key, "read directly")));
        return [.. settings.Where(s => !SetByTheHost.Contains(s.Key, StringComparer.OrdinalIgnoreCase))];
    }

    /// <summary>The bindable properties of <paramref name="type"/> under <paramref name="prefix"/>; a list of objects gives <c>Prefix:Property:&lt;n&gt;:Sub</c>.</summary>
    private static IEnumerable<(string Key, string Source)> Keys(string prefix, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
        {
            var key = $"{prefix}:{property.Name}";
            var item = ItemType(property.PropertyType);
            if (item is not null && !IsScalar(item))
            {
                foreach (var nested in Keys($"{key}:<n>", item))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return (key, $"{type.Name}.{property.Name}");
            }
        }
    }

    private static Type? ItemType(Type type) =>
        type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type) ? null
        : type.IsArray ? type.GetElementType()
        : type.GetGenericArguments().FirstOrDefault();

    private static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid) || type == typeof(TimeSpan);
    }

    private static List<(string Key, string Variable, int Line)> DocumentedRows()
    {
        var lines = File.ReadAllLines(Path.Combine(Deploy.DeployFilesTests.RepositoryRoot(), Reference));
        return [.. lines.Select((text, index) => (Match: Row().Match(text), Line: index + 1))
            .Where(l => l.Match.Success)
            .Select(l => (l.Match.Groups["key"].Value, l.Match.Groups["variable"].Value, l.Line))];
    }

    /// <summary>A table row: <c>| `Key` | `Variable` | …</c>.</summary>
    [GeneratedRegex(@"^\|\s*`(?<key>[^`]+)`\s*\|\s*`(?<variable>[^`]+)`\s*\|")]
    private static partial Regex Row();
}
