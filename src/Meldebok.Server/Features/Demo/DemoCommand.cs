using System.Globalization;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.LocalPostgres;

namespace Meldebok.Server.Features.Demo;

/// <summary>What the <c>seed-demo</c> verb was asked to seed.</summary>
internal sealed record DemoSeedOptions(DemoSize Size, int Seed);

/// <summary>
/// The server verb <c>seed-demo [--size small|trondheim] [--seed N]</c>: migrates the configured
/// database if needed, adds a demo municipality, prints what it added and how long it took, and exits.
/// </summary>
internal static class DemoCommand
{
    public const string Verb = "seed-demo";
    public const string Usage = "Bruk: Meldebok.Server seed-demo [--size small|trondheim] [--seed N]";

    /// <summary>Runs the verb when <paramref name="args"/> ask for it and returns its exit code; null when they ask for something else.</summary>
    public static async Task<int?> TryRunAsync(WebApplication app, string[] args)
    {
        if (args is not [Verb, ..])
        {
            return null;
        }

        try
        {
            var (options, error) = Parse(args[1..]);
            if (options is null)
            {
                await Console.Error.WriteLineAsync($"{error}{Environment.NewLine}{Usage}");
                return 2;
            }

            await app.MigrateAsync();
            return await RunAsync(app.Services, options, Console.Out, Console.Error, app.Lifetime.ApplicationStopping);
        }
        finally
        {
            app.Services.GetService<LocalPostgresCluster>()?.Stop();
        }
    }

    /// <summary>Reads <c>--size</c> and <c>--seed</c> (also written <c>--size=small</c>); the error, in Norwegian, names the option at fault.</summary>
    public static (DemoSeedOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var size = DemoSize.Small;
        var seed = DemoMunicipalityGenerator.DefaultSeed;
        for (var i = 0; i < args.Count; i++)
        {
            var (name, value) = args[i].Split('=', 2) is [var n, var v] ? (n, (string?)v) : (args[i], i + 1 < args.Count ? args[++i] : null);
            switch (name)
            {
                case "--size" when value is null:
                    return (null, "--size mangler verdi: small eller trondheim.");
                case "--size":
                    if (!Enum.TryParse(value, ignoreCase: true, out size) || !Enum.IsDefined(size) || value.All(char.IsAsciiDigit))
                    {
                        return (null, $"Ukjent størrelse for --size: «{value}». Velg small eller trondheim.");
                    }

                    break;
                case "--seed":
                    if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed))
                    {
                        return (null, $"--seed må være et heltall, ikke «{value}».");
                    }

                    break;
                default:
                    return (null, $"Ukjent valg: «{name}».");
            }
        }

        return (new DemoSeedOptions(size, seed), null);
    }

    /// <summary>Seeds and reports; 0 when the municipality was added, 1 when it was already there.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, DemoSeedOptions options, TextWriter output, TextWriter error, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var seeder = ActivatorUtilities.CreateInstance<DemoSeeder>(scope.ServiceProvider);
        DemoSeedResult result;
        try
        {
            result = await seeder.SeedAsync(options.Size, options.Seed, ct);
        }
        catch (DemoSeedConflictException conflict)
        {
            await error.WriteLineAsync(conflict.Message);
            return 1;
        }

        await output.WriteAsync(result.Summary());
        var signIns = await DemoSignIns.ListAsync(scope.ServiceProvider.GetRequiredService<MeldebokDbContext>(), result.MunicipalityId, ct);
        await output.WriteAsync(DemoSignIns.ConsoleBlock(signIns));
        return 0;
    }
}
