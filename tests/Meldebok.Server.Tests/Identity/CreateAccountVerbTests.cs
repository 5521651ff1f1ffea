using System.Diagnostics;
using System.Net;
using Meldebok.Server.Features.Identity;
using Meldebok.Server.Tests.Web;
using Meldebok.Server.Web;

namespace Meldebok.Server.Tests.Identity;

/// <summary>The break-glass verb <c>create-account</c> of the built server, run as an operator would run it.</summary>
public sealed class CreateAccountVerbTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private const string Password = "Et-langt-brytglass-passord-7";

    [Fact]
    public async Task Created_account_signs_in_with_the_password_from_the_environment()
    {
        var userName = $"brytglass-{Guid.NewGuid():N}@kommune.example";

        var (exitCode, output, error) = await RunAsync(Password, "--username", userName, "--name", "Kari Admin", "--email", userName);

        Assert.True(exitCode == 0, $"exit {exitCode}: {output} {error}");
        Assert.Contains($"Kontoen «{userName}» (Kari Admin) er opprettet.", output, StringComparison.Ordinal);
        var client = app.BrowserLikeClient();
        var signedIn = await LocalSignInTests.PostSignInAsync(client, WebPaths.SignIn, userName, Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains("Logget inn som Kari Admin", (await client.GetPageAsync("/")).Html, StringComparison.Ordinal);

        // Running it again does not replace the account or its password.
        var again = await RunAsync("Et-annet-langt-passord-8", "--username", userName, "--name", "Kari Admin");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains($"Det finnes allerede en konto med brukernavnet «{userName}».", again.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kort-1", "Passordet må ha minst 12 tegn.")]
    [InlineData("aaaaaaaaaaaa1", "Passordet må ha minst 5 ulike tegn.")]
    [InlineData("ingen-siffer-her", "Passordet må ha minst ett siffer (0–9).")]
    public async Task Weak_password_is_refused_in_Norwegian_and_no_account_is_created(string password, string message)
    {
        var userName = $"svak-{Guid.NewGuid():N}@kommune.example";

        var (exitCode, _, error) = await RunAsync(password, "--username", userName, "--name", "Svak Konto");

        Assert.Equal(1, exitCode);
        Assert.Contains("Kontoen ble ikke opprettet:", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => Task.FromResult(db.Users.Any(u => u.UserName == userName))));
    }

    [Fact]
    public async Task Missing_password_is_refused_naming_the_environment_variable()
    {
        var userName = $"uten-{Guid.NewGuid():N}@kommune.example";

        var (exitCode, _, error) = await RunAsync(null, "--username", userName, "--name", "Uten Passord");

        Assert.Equal(2, exitCode);
        Assert.Contains($"Miljøvariabelen {LocalAccounts.PasswordVariable} med passordet mangler.", error, StringComparison.Ordinal);
        Assert.Contains("create-account --username", error, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => Task.FromResult(db.Users.Any(u => u.UserName == userName))));
    }

    /// <summary>Runs <c>Meldebok.Server create-account</c> against this class's database; the password only in the environment.</summary>
    private async Task<(int ExitCode, string Output, string Error)> RunAsync(string? password, params string[] options)
    {
        var ct = TestContext.Current.CancellationToken;
        var serverDirectory = AppContext.BaseDirectory;
        var startInfo = new ProcessStartInfo("dotnet", [Path.Combine(serverDirectory, "Meldebok.Server.dll"), LocalAccounts.Verb, .. options])
        {
            WorkingDirectory = serverDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        startInfo.Environment["ConnectionStrings__Meldebok"] = app.ConnectionString;
        startInfo.Environment["Logging__LogLevel__Default"] = "Warning";
        startInfo.Environment.Remove(LocalAccounts.PasswordVariable);
        if (password is not null)
        {
            startInfo.Environment[LocalAccounts.PasswordVariable] = password;
        }

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await output, await error);
    }
}
