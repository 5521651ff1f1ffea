using System.Globalization;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.LocalPostgres;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Retention;

/// <summary>
/// The server verb <c>retention [--dry-run] [--type T]</c>: for every municipality, prints what is past its retention
/// period (with <c>--dry-run</c>, nothing deleted) or deletes it as the nightly job does and prints what was deleted.
/// For the platform operator, who runs every municipality.
/// </summary>
internal static class RetentionCommand
{
    public const string Verb = "retention";
    public const string Usage = "Bruk: Meldebok.Server retention [--dry-run] [--type absence-notices|messages|sfo-records|audit-log|usage-events]";

    public static async Task<int?> TryRunAsync(WebApplication app, string[] args)
    {
        if (args is not [Verb, ..])
        {
            return null;
        }

        try
        {
            var (dryRun, type, error) = Parse(args[1..]);
            if (error is not null)
            {
                await Console.Error.WriteLineAsync($"{error}{Environment.NewLine}{Usage}");
                return 2;
            }

            try
            {
                RetentionService.TypesOf(type);
            }
            catch (FieldValidationException exception)
            {
                await Console.Error.WriteLineAsync($"{string.Join(" ", exception.Errors["type"])}{Environment.NewLine}{Usage}");
                return 2;
            }

            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MeldebokDbContext>();
            var retention = scope.ServiceProvider.GetRequiredService<RetentionService>();
            var ct = app.Lifetime.ApplicationStopping;
            var municipalities = await db.Municipalities.AsNoTracking().OrderBy(m => m.Name).Select(m => new { m.Id, m.Name }).ToListAsync(ct);
            foreach (var municipality in municipalities)
            {
                var types = dryRun
                    ? (await retention.ReportAsync(municipality.Id, type, ct)).Types
                    : (await retention.RunAsync(municipality.Id, type, RetentionTrigger.Command, ct)).Types;
                await Console.Out.WriteLineAsync($"{municipality.Name} ({(dryRun ? "prøvekjøring, ingenting slettet" : "slettet")}):");
                foreach (var counts in types)
                {
                    var period = counts.KeptForGood ? "beholdes" : string.Format(CultureInfo.InvariantCulture, "eldre enn {0:yyyy-MM-dd}", counts.KeptFrom);
                    await Console.Out.WriteLineAsync(string.Format(CultureInfo.InvariantCulture, "  {0} ({1}): {2}", counts.Type, period, counts.Total));
                    foreach (var table in counts.Tables)
                    {
                        await Console.Out.WriteLineAsync(string.Format(CultureInfo.InvariantCulture, "    {0}: {1}", table.Table, table.Rows));
                    }
                }
            }

            return 0;
        }
        finally
        {
            app.Services.GetService<LocalPostgresCluster>()?.Stop();
        }
    }

    /// <summary>Reads <c>--dry-run</c> and <c>--type</c>; the error, in Norwegian, names the option at fault.</summary>
    public static (bool DryRun, string? Type, string? Error) Parse(IReadOnlyList<string> args)
    {
        var dryRun = false;
        string? type = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--dry-run":
                    dryRun = true;
                    break;
                case "--type" when i + 1 < args.Count:
                    type = args[++i];
                    break;
                case "--type":
                    return (false, null, "--type trenger en datatype.");
                default:
                    return (false, null, $"Ukjent valg: «{args[i]}».");
            }
        }

        return (dryRun, type, null);
    }
}
