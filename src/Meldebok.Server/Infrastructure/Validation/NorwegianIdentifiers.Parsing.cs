namespace Meldebok.Server.Infrastructure.Validation;

internal static partial class NorwegianIdentifiers
{
    /// <summary>
    /// The birth date a valid national identity number encodes: DDMMYY, with the D-number (+40 on the day)
    /// and synthetic (+40 or +80 on the month) offsets taken off, and the century given by the individual
    /// number (digits 7–9): 000–499 → 1900–1999; 500–749 with YY 54–99 → 1854–1899; 500–999 with YY 00–39
    /// → 2000–2039; 900–999 with YY 40–99 → 1940–1999. Null when the number is not valid, the individual
    /// number does not fit the year, or the date does not exist (31 February).
    /// </summary>
    public static DateOnly? BirthDateOf(string? nationalIdentityNumber)
    {
        if (!IsValidNationalIdentityNumber(nationalIdentityNumber))
        {
            return null;
        }

        var n = nationalIdentityNumber!;
        var day = Number(n, 0, 2);
        var month = Number(n, 2, 2);
        var year = Number(n, 4, 2);
        var individual = Number(n, 6, 3);
        if (day > 40) day -= 40;
        if (month > 80) month -= 80;
        else if (month > 40) month -= 40;

        int? century = individual switch
        {
            < 500 => 1900,
            < 750 when year >= 54 => 1800,
            _ when year <= 39 => 2000,
            >= 900 when year >= 40 => 1900,
            _ => null,
        };

        if (century is null || day > DateTime.DaysInMonth(century.Value + year, month))
        {
            return null;
        }

        return new DateOnly(century.Value + year, month, day);
    }

    /// <summary>
    /// A phone number as written by people and source systems, in E.164 form: spaces, dashes, dots and
    /// parentheses are dropped, a 00 prefix becomes +, and a Norwegian eight-digit number gets +47.
    /// Null when the result is still not E.164.
    /// </summary>
    public static string? NormalisePhone(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var compact = new string(value.Where(c => c is not (' ' or '-' or '.' or '(' or ')' or '\u00a0')).ToArray());
        if (compact.StartsWith("00", StringComparison.Ordinal))
        {
            compact = "+" + compact[2..];
        }
        else if (compact.Length == 8 && compact.All(char.IsAsciiDigit))
        {
            compact = "+47" + compact;
        }

        return IsValidE164(compact) ? compact : null;
    }

    /// <summary>
    /// A Norwegian mobile number (eight digits starting with 4 or 9) as written by people — with or without +47 or 0047,
    /// spaces and dashes — in E.164 form (<c>+4791234567</c>); null when it is not one.
    /// </summary>
    public static string? NormaliseNorwegianMobile(string? value) =>
        NormalisePhone(value) is { Length: 11 } phone && phone.StartsWith("+47", StringComparison.Ordinal) && phone[3] is '4' or '9'
            ? phone
            : null;

    private static int Number(string value, int start, int length)
    {
        var result = 0;
        for (var i = start; i < start + length; i++)
        {
            result = result * 10 + (value[i] - '0');
        }

        return result;
    }
}
