using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Meldebok.Server.Tests.Deploy;

/// <summary>The files in deploy/ name only settings the server has, and the port and health path it serves.</summary>
public sealed partial class DeployFilesTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static readonly string DeployFolder = Path.Combine(RepositoryRoot(), "deploy");

    [Fact]
    public void Every_setting_the_deploy_files_set_is_a_setting_of_the_server()
    {
        var files = Directory.GetFiles(DeployFolder, "*.yaml", SearchOption.AllDirectories);
        var names = files.SelectMany(f => SettingName().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Name: m.Groups[1].Value))).ToList();
        Assert.Contains(names, n => n.Name == "Realtime__Redis");
        var unknown = names.Where(n => !IsServerSetting(n.Name)).Select(n => $"{n.File}: {n.Name}").Distinct().ToList();
        Assert.True(unknown.Count == 0, "Not settings of the server: " + string.Join(", ", unknown));
    }

    [Fact]
    public async Task The_image_listens_on_the_port_it_exposes_and_checks_a_health_path_the_server_answers()
    {
        var dockerfile = File.ReadAllText(Path.Combine(DeployFolder, "Dockerfile"));
        Assert.Contains("EXPOSE 8080", dockerfile, StringComparison.Ordinal);
        Assert.Contains("ASPNETCORE_HTTP_PORTS=8080", dockerfile, StringComparison.Ordinal);
        var path = HealthPath().Match(dockerfile).Groups[1].Value;
        Assert.Equal("/health/live", path);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync(path, TestContext.Current.CancellationToken)).StatusCode);
        var deployment = File.ReadAllText(Path.Combine(DeployFolder, "k8s", "deployment.yaml"));
        Assert.Contains("path: /health/ready", deployment, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode);
    }

    /// <summary><c>Section__Property</c> (or <c>Section__Sub__Property</c>) names a property of the options class bound to that section.</summary>
    private static bool IsServerSetting(string name)
    {
        // Logging__* is .NET's own logging configuration (docs/configuration.md, "Logging").
        if (name.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || name.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
            || name.StartsWith("Logging__", StringComparison.Ordinal))
        {
            return true;
        }

        var parts = name.Split("__");
        var sections = typeof(Program).Assembly.GetTypes()
            .Select(t => (Type: t, Section: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string))
            .Where(t => t.Section is not null)
            .ToList();
        for (var length = parts.Length - 1; length >= 1; length--)
        {
            var section = string.Join(':', parts[..length]);
            foreach (var (type, _) in sections.Where(s => string.Equals(s.Section, section, StringComparison.OrdinalIgnoreCase)))
            {
                if (type.GetProperty(parts[length], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not null)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The folder with Meldebok.sln above the test output: the repository's files for tests that check them.</summary>
    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Meldebok.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Meldebok.sln not found above the test output.");
    }

    [GeneratedRegex(@"^\s*-?\s*([A-Za-z]+(?:__[A-Za-z0-9]+)+)\s*[:=]", RegexOptions.Multiline)]
    private static partial Regex SettingName();

    [GeneratedRegex(@"HEALTHCHECK[\s\S]*?http://127\.0\.0\.1:8080(/[a-z/]+)")]
    private static partial Regex HealthPath();
}
