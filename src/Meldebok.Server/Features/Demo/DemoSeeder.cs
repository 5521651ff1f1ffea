using System.Diagnostics;
using System.Globalization;
using Meldebok.Server.Features.Identity;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Meldebok.Server.Features.Demo;

/// <summary>The demo municipality could not be added: one like it is already there. The message is Norwegian and says what to do.</summary>
internal sealed class DemoSeedConflictException(string message) : Exception(message);

/// <summary>What a seeding added, and how long it took.</summary>
internal sealed record DemoSeedResult(
    Guid MunicipalityId,
    string MunicipalityName,
    string OrganisationNumber,
    int SchoolYear,
    DemoCounts Counts,
    DemoUsageResult Usage,
    TimeSpan Generation,
    TimeSpan Total)
{
    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");

    /// <summary>A few lines for the console, in Norwegian.</summary>
    public string Summary()
    {
        var c = Counts;
        return string.Format(Norwegian,
            """
            Demokommunen {0} (org.nr. {1}) er lagt inn for skoleåret {2}/{3}:
              {4:N0} skoler med {5:N0} SFO-er, {6:N0} klasser og {7:N0} SFO-grupper
              {8:N0} elever ({9:N0} på SFO), {10:N0} foresatte med {11:N0} koblinger til elever
              {12:N0} ansatte med {13:N0} roller på skolene, {14:N0} kommuneadministratorer
              {18:N0} brukshendelser fra {19:d. MMMM yyyy} til {20:d. MMMM yyyy}, {21:N0} automatiske gevinstmålinger
            Tid: {15:N2} s i alt (generering {16:N2} s, innsetting {17:N2} s)

            """,
            MunicipalityName, OrganisationNumber, SchoolYear, SchoolYear + 1,
            c.Schools, c.SfoUnits, c.Classes, c.SfoGroups,
            c.Pupils, c.PupilsInSfo, c.Guardians, c.GuardianLinks,
            c.Staff, c.StaffAssignments, c.Administrators,
            Total.TotalSeconds, Generation.TotalSeconds, (Total - Generation).TotalSeconds,
            Usage.Events, Usage.From, Usage.To, Usage.Measurements);
    }
}

/// <summary>Generates a demo municipality and writes it to the database, refusing to add the same one twice.</summary>
internal sealed class DemoSeeder(MeldebokDbContext db, DemoUsageHistory usageHistory, TimeProvider time, ILogger<DemoSeeder> logger)
{
    public async Task<DemoSeedResult> SeedAsync(DemoSize size, int seed, CancellationToken ct)
    {
        // A stopwatch, not the TimeProvider: this measures how long the work takes, not what time it is.
        var started = Stopwatch.GetTimestamp();
        var data = DemoMunicipalityGenerator.Generate(size, seed, time.GetUtcNow());
        var generation = Stopwatch.GetElapsedTime(started);

        var municipality = data.Municipality;
        var existing = await db.Municipalities.AsNoTracking()
            .Where(m => m.OrganisationNumber == municipality.OrganisationNumber || m.Name == municipality.Name)
            .Select(m => new { m.Name, m.OrganisationNumber })
            .FirstOrDefaultAsync(ct);
        if (existing is not null)
        {
            throw existing.OrganisationNumber == municipality.OrganisationNumber
                ? AlreadyThere(municipality.OrganisationNumber, existing.Name)
                : new DemoSeedConflictException(
                    $"Det finnes allerede en kommune som heter {municipality.Name}, og Feide-domenet {data.FeideDomain} er i bruk. " +
                    "Velg et annet frø med --seed for å legge inn en demokommune til.");
        }

        try
        {
            await DemoDatabaseWriter.WriteAsync(db, data, ct);
            // The Meldebok project's own benefit plan, so the benefits page has a story on first start.
            Benefits.DemoBenefitPlan.Add(db, municipality.Id, time.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }
        catch (Exception exception) when (IsUniqueViolation(exception))
        {
            // Someone added the same municipality between the check and the insert.
            throw AlreadyThere(municipality.OrganisationNumber, municipality.Name);
        }

        // A year of usage up to yesterday, aggregated and measured, so the statistics and the benefit curves have a story.
        var usage = await usageHistory.GenerateAsync(municipality.Id, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), seed, ct);
        var result = new DemoSeedResult(municipality.Id, municipality.Name, municipality.OrganisationNumber, data.SchoolYear,
            data.Counts(), usage, generation, Stopwatch.GetElapsedTime(started));
        logger.LogInformation(
            "Seeded demo municipality {MunicipalityId} ({Size}, seed {Seed}): {Pupils} pupils, {Guardians} guardians, {Staff} staff in {Elapsed} ms",
            municipality.Id, size, seed, result.Counts.Pupils, result.Counts.Guardians, result.Counts.Staff, (long)result.Total.TotalMilliseconds);
        return result;
    }

    private static DemoSeedConflictException AlreadyThere(string organisationNumber, string name) => new(
        $"Det finnes allerede en kommune med organisasjonsnummer {organisationNumber} ({name}). " +
        "Demokommunen legges ikke inn to ganger; velg et annet frø med --seed for å legge inn en til.");

    private static bool IsUniqueViolation(Exception exception) =>
        (exception as PostgresException ?? exception.InnerException as PostgresException)?.SqlState == PostgresErrorCodes.UniqueViolation;
}

internal static class DemoStartup
{
    /// <summary>
    /// In Development, seeds the small demo municipality into a database that has no municipality
    /// yet, and prints the demo sign-ins whenever there are some. Does nothing in other environments.
    /// </summary>
    public static async Task SeedDemoOnFirstDevelopmentStartAsync(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return;
        }

        var ct = app.Lifetime.ApplicationStopping;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MeldebokDbContext>();
        if (!await db.Municipalities.AnyAsync(ct))
        {
            var seeder = ActivatorUtilities.CreateInstance<DemoSeeder>(scope.ServiceProvider);
            var result = await seeder.SeedAsync(DemoSize.Small, DemoMunicipalityGenerator.DefaultSeed, ct);
            await Console.Out.WriteAsync(result.Summary());
        }

        var signIns = await DemoSignIns.ListAsync(db, municipalityId: null, ct);
        await DemoSignIns.EnsureAccountsAsync(db, scope.ServiceProvider.GetRequiredService<UserManager<MeldebokUser>>(),
            scope.ServiceProvider.GetRequiredService<TimeProvider>(), signIns, ct);
        if (signIns.Count > 0)
        {
            await Console.Out.WriteAsync(DemoSignIns.ConsoleBlock(signIns));
        }
    }
}
