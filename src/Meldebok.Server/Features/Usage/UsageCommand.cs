using System.Diagnostics;
using System.Globalization;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.LocalPostgres;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Usage;

/// <summary>
/// The server verb <c>aggregate-usage [--from yyyy-mm-dd] [--to yyyy-mm-dd]</c>: aggregates the usage events of every active
/// municipality into daily figures for the range (default the 366 days up to yesterday), as the nightly job does for its
/// days, prints events, rows and time per municipality, and exits. For an operator after a restore or a correction, and for
/// the aggregation benchmark (bench/usage-aggregation). Re-running a range gives the same figures.
/// </summary>
internal static class UsageCommand
{
    public const string Verb = "aggregate-usage";
    public const string Usage = "Bruk: Meldebok.Server aggregate-usage [--from ÅÅÅÅ-MM-DD] [--to ÅÅÅÅ-MM-DD]";

    public static async Task<int?> TryRunAsync(WebApplication app, string[] args)
    {
        if (args is not [Verb, ..])
        {
            return null;
        }

        try
        {
            var (parsed, error) = Parse(args[1..]);
            if (parsed is not { } range)
            {
                await Console.Error.WriteLineAsync($"{error}{Environment.NewLine}{Usage}");
                return 2;
            }

            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MeldebokDbContext>();
            var aggregator = scope.ServiceProvider.GetRequiredService<UsageAggregator>();
            var clock = scope.ServiceProvider.GetRequiredService<MunicipalClock>();
            var ct = app.Lifetime.ApplicationStopping;
            var municipalities = await db.Municipalities.AsNoTracking().Where(m => m.IsActive).OrderBy(m => m.Name)
                .Select(m => new { m.Id, m.Name, m.TimeZone }).ToListAsync(ct);
            foreach (var municipality in municipalities)
            {
                var to = range.To ?? DateOnly.FromDateTime(clock.LocalNow(municipality.TimeZone)).AddDays(-1);
                var from = range.From ?? to.AddDays(1 - UsageAggregator.MaxDays);
                if (to < from || to.DayNumber - from.DayNumber >= UsageAggregator.MaxDays)
                {
                    await Console.Error.WriteLineAsync($"--from må være før --to, og perioden kan være høyst {UsageAggregator.MaxDays} dager.");
                    return 2;
                }

                var started = Stopwatch.GetTimestamp();
                var result = await aggregator.AggregateAsync(municipality.Id, from, to, ct);
                await Console.Out.WriteLineAsync(string.Format(CultureInfo.InvariantCulture,
                    "{0}: {1:yyyy-MM-dd}–{2:yyyy-MM-dd}, {3} events, {4} daily rows, {5:F2} s",
                    municipality.Name, from, to, result.Events, result.DailyRows, Stopwatch.GetElapsedTime(started).TotalSeconds));
            }

            return 0;
        }
        finally
        {
            app.Services.GetService<LocalPostgresCluster>()?.Stop();
        }
    }

    /// <summary>Reads <c>--from</c> and <c>--to</c> (ISO dates); the error, in Norwegian, names the option at fault.</summary>
    public static ((DateOnly? From, DateOnly? To)? Range, string? Error) Parse(IReadOnlyList<string> args)
    {
        DateOnly? from = null, to = null;
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count || !DateOnly.TryParseExact(args[i + 1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return (null, $"{args[i]} trenger en dato som ÅÅÅÅ-MM-DD.");
            }

            switch (args[i])
            {
                case "--from": from = date; break;
                case "--to": to = date; break;
                default: return (null, $"Ukjent valg: «{args[i]}».");
            }
        }

        return ((from, to), null);
    }
}
