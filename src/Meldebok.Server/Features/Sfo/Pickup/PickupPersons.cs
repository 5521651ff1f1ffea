using System.Globalization;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Sfo.Pickup;

/// <summary>What rules and messages share: the check of who picks the child up, and the child's pickup lock.</summary>
internal static class PickupPersons
{
    /// <summary>
    /// For PickedUp: an authorized person of the child, not removed and valid on <paramref name="day"/>, or (where allowed) a
    /// name (the free-text name of a message; rules pass null and must name an authorized person); other methods name nobody.
    /// Errors are added to <paramref name="errors"/> under the field the client sent.
    /// </summary>
    public static async Task CheckAsync(
        MeldebokDbContext db, Guid pupilId, DepartureMethod method, Guid? personId, string? pickupName, DateOnly day, FieldErrors errors, CancellationToken ct)
    {
        if (method != DepartureMethod.PickedUp)
        {
            if (personId is not null) errors.Add("authorizedPersonId", "Henteperson kan bare velges når barnet skal hentes.");
            if (pickupName is not null) errors.Add("pickupName", "Navn på den som henter kan bare fylles ut når barnet skal hentes.");
            return;
        }

        if (personId is null)
        {
            if (pickupName is null)
            {
                errors.Add("authorizedPersonId", "Velg hvem som henter barnet.");
            }

            return;
        }

        if (pickupName is not null)
        {
            errors.Add("pickupName", "Velg en henteperson eller skriv et navn, ikke begge.");
        }

        var person = await db.AuthorizedPickupPersons.AsNoTracking()
            .Where(p => p.Id == personId && p.PupilId == pupilId)
            .Select(p => new { p.RemovedAt, p.ValidUntil })
            .SingleOrDefaultAsync(ct);
        if (person is null || person.RemovedAt is not null)
        {
            errors.Add("authorizedPersonId", "Hentepersonen finnes ikke blant barnets hentepersoner.");
        }
        else if (person.ValidUntil < day)
        {
            errors.Add("authorizedPersonId",
                $"Hentepersonen kan bare hente til og med {person.ValidUntil.Value.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}.");
        }
    }

    /// <summary>Serialises the writes of one child's rules and messages until the transaction ends.</summary>
    public static async Task LockChildAsync(MeldebokDbContext db, Guid pupilId, CancellationToken ct)
    {
        var key = $"pickup:{pupilId}";
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({key}))", ct);
    }
}

/// <summary>Norwegian words for the pickup feature's values, for answers and pages.</summary>
internal static class PickupWords
{
    public static string Weekday(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => "mandag",
        DayOfWeek.Tuesday => "tirsdag",
        DayOfWeek.Wednesday => "onsdag",
        DayOfWeek.Thursday => "torsdag",
        DayOfWeek.Friday => "fredag",
        DayOfWeek.Saturday => "lørdag",
        _ => "søndag",
    };

    public static string Method(DepartureMethod method) => method switch
    {
        DepartureMethod.PickedUp => "hentes",
        DepartureMethod.WentHomeAlone => "går hjem selv",
        DepartureMethod.Bus => "tar bussen",
        _ => "går til aktivitet",
    };

    public static string Period(DateOnly? from, DateOnly? until) => (from, until) switch
    {
        (null, null) => "uten sluttdato",
        ({ } f, null) => $"fra {Date(f)}",
        (null, { } u) => $"til og med {Date(u)}",
        ({ } f, { } u) => $"{Date(f)}–{Date(u)}",
    };

    public static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
}
