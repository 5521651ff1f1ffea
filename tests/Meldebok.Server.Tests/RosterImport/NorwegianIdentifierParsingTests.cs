using Meldebok.Server.Infrastructure.Validation;

namespace Meldebok.Server.Tests.RosterImport;

public sealed class NorwegianIdentifierParsingTests
{
    [Theory]
    [InlineData(1985, 3, 14, 0, "1985-03-14")]     // individual 000–499: 1900s
    [InlineData(2016, 5, 4, 512, "2016-05-04")]    // 500–999 with year 00–39: 2000s
    [InlineData(1899, 12, 1, 600, "1899-12-01")]   // 500–749 with year 54–99: 1800s
    [InlineData(1945, 7, 30, 950, "1945-07-30")]   // 900–999 with year 40–99: 1900s
    public void Birth_date_is_read_from_the_number_with_the_century_of_the_individual_number(int year, int month, int day, int firstIndividual, string expected)
    {
        var number = NumberFor(new DateOnly(year, month, day), firstIndividual, dayOffset: 0, monthOffset: 80);
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), NorwegianIdentifiers.BirthDateOf(number));
    }

    [Fact]
    public void D_number_has_forty_added_to_the_day()
    {
        var number = NumberFor(new DateOnly(1990, 6, 21), 100, dayOffset: 40, monthOffset: 0);
        Assert.StartsWith("61", number, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(1990, 6, 21), NorwegianIdentifiers.BirthDateOf(number));
    }

    [Fact]
    public void Number_whose_individual_number_fits_no_century_or_whose_date_does_not_exist_has_no_birth_date()
    {
        // Individual numbers 750–899 are only used with years 00–39, so 1960 cannot be told from the number.
        Assert.Null(NorwegianIdentifiers.BirthDateOf(NumberFor(new DateOnly(1960, 1, 1), 800, 0, 0)));
        // 31 February passes the check-digit test but is no date.
        Assert.Null(NorwegianIdentifiers.BirthDateOf(Complete("310285", 100)));
        Assert.Null(NorwegianIdentifiers.BirthDateOf("12345678901"));
        Assert.Null(NorwegianIdentifiers.BirthDateOf(null));
    }

    [Theory]
    [InlineData("91234567", "+4791234567")]
    [InlineData("912 34 567", "+4791234567")]
    [InlineData("+47 912 34 567", "+4791234567")]
    [InlineData("0047 91234567", "+4791234567")]
    [InlineData("(+46) 70-123 45 67", "+46701234567")]
    public void Phone_numbers_are_normalised_to_e164(string written, string expected) =>
        Assert.Equal(expected, NorwegianIdentifiers.NormalisePhone(written));

    [Theory]
    [InlineData("12345")]
    [InlineData("9123456")]
    [InlineData("ring meg")]
    [InlineData("+0123456789")]
    public void Phone_numbers_that_are_not_e164_after_normalising_are_rejected(string written) =>
        Assert.Null(NorwegianIdentifiers.NormalisePhone(written));

    /// <summary>A number with valid check digits and the first individual number from <paramref name="firstIndividual"/> (within 50) that has them.</summary>
    private static string NumberFor(DateOnly date, int firstIndividual, int dayOffset, int monthOffset) =>
        Complete(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{date.Day + dayOffset:00}{date.Month + monthOffset:00}{date.Year % 100:00}"), firstIndividual);

    private static string Complete(string sixDigits, int firstIndividual)
    {
        for (var individual = firstIndividual; individual < firstIndividual + 50; individual++)
        {
            var nine = sixDigits + individual.ToString("000", System.Globalization.CultureInfo.InvariantCulture);
            if (NorwegianIdentifiers.CheckDigitsFor(nine) is { } check)
            {
                return nine + check;
            }
        }

        throw new InvalidOperationException($"No valid number for {sixDigits} from {firstIndividual}.");
    }
}
