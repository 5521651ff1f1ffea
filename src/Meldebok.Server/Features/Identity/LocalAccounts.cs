using System.Globalization;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.LocalPostgres;
using Microsoft.AspNetCore.Identity;

namespace Meldebok.Server.Features.Identity;

/// <summary>What a local account is created with; the roster decides what it may do.</summary>
internal sealed record NewAccount(
    string UserName,
    string DisplayName,
    string? NationalIdentityNumber = null,
    string? FeideId = null,
    string? Email = null,
    bool IsPlatformOperator = false);

/// <summary>
/// Local accounts (user name and password): created for the demo people in Development, and by the
/// break-glass verb <c>create-account</c>.
/// </summary>
internal static class LocalAccounts
{
    public const string Verb = "create-account";
    public const string PasswordVariable = "MELDEBOK_NEW_PASSWORD";
    public const string Usage =
        $"Bruk: {PasswordVariable}=<passord> Meldebok.Server {Verb} --username U --name N [--nin X] [--feide F] [--email E] [--platform-operator]";

    /// <summary>Creates the account unless one with the user name exists; the errors are Identity's descriptions.</summary>
    public static async Task<(bool Created, IReadOnlyList<string> Errors)> CreateAsync(
        UserManager<MeldebokUser> users, TimeProvider time, NewAccount account, string password)
    {
        if (await users.FindByNameAsync(account.UserName) is not null)
        {
            return (false, []);
        }

        var user = new MeldebokUser
        {
            UserName = account.UserName,
            DisplayName = account.DisplayName,
            NationalIdentityNumber = account.NationalIdentityNumber,
            FeideId = account.FeideId,
            Email = account.Email,
            // An address given by whoever creates the account is taken as confirmed: it is how administrators are found.
            EmailConfirmed = account.Email is not null,
            IsPlatformOperator = account.IsPlatformOperator,
            CreatedAt = time.GetUtcNow(),
        };
        var result = await users.CreateAsync(user, password);
        return (result.Succeeded, result.Errors.Select(e => e.Description).ToList());
    }

    /// <summary>Runs <c>create-account</c> when <paramref name="args"/> ask for it and returns its exit code; null otherwise.</summary>
    public static async Task<int?> TryRunAsync(WebApplication app, string[] args)
    {
        if (args is not [Verb, ..])
        {
            return null;
        }

        try
        {
            var (account, error) = Parse(args[1..]);
            var password = Environment.GetEnvironmentVariable(PasswordVariable);
            if (account is null || string.IsNullOrEmpty(password))
            {
                await Console.Error.WriteLineAsync($"{error ?? $"Miljøvariabelen {PasswordVariable} med passordet mangler."}{Environment.NewLine}{Usage}");
                return 2;
            }

            await app.MigrateAsync();
            return await RunAsync(app.Services, account, password, Console.Out, Console.Error);
        }
        finally
        {
            app.Services.GetService<LocalPostgresCluster>()?.Stop();
        }
    }

    /// <summary>Creates the account and reports in Norwegian: 0 created, 1 refused (exists or weak password).</summary>
    public static async Task<int> RunAsync(IServiceProvider services, NewAccount account, string password, TextWriter output, TextWriter error)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MeldebokUser>>();
        var (created, errors) = await CreateAsync(users, scope.ServiceProvider.GetRequiredService<TimeProvider>(), account, password);
        if (created)
        {
            await output.WriteLineAsync($"Kontoen «{account.UserName}» ({account.DisplayName}) er opprettet.");
            return 0;
        }

        await error.WriteLineAsync(errors.Count == 0
            ? $"Det finnes allerede en konto med brukernavnet «{account.UserName}»."
            : $"Kontoen ble ikke opprettet: {string.Join(" ", errors)}");
        return 1;
    }

    /// <summary>Reads the options (also written <c>--name=N</c>); the error, in Norwegian, names the option at fault.</summary>
    public static (NewAccount? Account, string? Error) Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var platformOperator = false;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--platform-operator")
            {
                platformOperator = true;
                continue;
            }

            var (name, value) = args[i].Split('=', 2) is [var n, var v] ? (n, (string?)v) : (args[i], i + 1 < args.Count ? args[++i] : null);
            if (name is not ("--username" or "--name" or "--nin" or "--feide" or "--email"))
            {
                return (null, $"Ukjent valg: «{name}».");
            }

            if (string.IsNullOrWhiteSpace(value))
            {
                return (null, $"{name} mangler verdi.");
            }

            values[name] = value.Trim();
        }

        foreach (var required in (string[])["--username", "--name"])
        {
            if (!values.ContainsKey(required))
            {
                return (null, string.Format(CultureInfo.InvariantCulture, "{0} må oppgis.", required));
            }
        }

        return (new NewAccount(values["--username"], values["--name"], values.GetValueOrDefault("--nin"),
            values.GetValueOrDefault("--feide"), values.GetValueOrDefault("--email"), platformOperator), null);
    }
}
