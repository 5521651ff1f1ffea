using System.Globalization;
using Meldebok.Server.Infrastructure.Validation;

namespace Meldebok.Testing;

/// <summary>Valid, unique identifiers for test data: synthetic national identity numbers and organisation numbers.</summary>
public static class TestIdentifiers
{
    private static int _sequence = Random.Shared.Next(0, 500);

    /// <summary>
    /// A synthetic national identity number (month + 80, as in Skatteetaten's test register) with valid
    /// check digits, born on <paramref name="birthDate"/> (default a date in 1985).
    /// </summary>
    public static string NextNationalIdentityNumber(DateOnly? birthDate = null)
    {
        var date = birthDate ?? new DateOnly(1985, 3, 14);
        while (true)
        {
            var individual = Interlocked.Increment(ref _sequence) % 500;
            var nine = string.Create(CultureInfo.InvariantCulture, $"{date.Day:00}{date.Month + 80:00}{date.Year % 100:00}{individual:000}");
            if (NorwegianIdentifiers.CheckDigitsFor(nine) is { } check)
            {
                return nine + check;
            }
        }
    }

    /// <summary>A nine-digit organisation number with a valid check digit.</summary>
    public static string NextOrganisationNumber()
    {
        while (true)
        {
            var eight = (900_000_00 + Interlocked.Increment(ref _sequence) * 7919 % 9_999_999).ToString(CultureInfo.InvariantCulture);
            for (var check = 0; check <= 9; check++)
            {
                var candidate = eight + check.ToString(CultureInfo.InvariantCulture);
                if (NorwegianIdentifiers.IsValidOrganisationNumber(candidate))
                {
                    return candidate;
                }
            }
        }
    }
}
