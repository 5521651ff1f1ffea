using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Meldebok.Server.Infrastructure.Validation;

/// <summary>Check-digit rules for Norwegian identifiers, and E.164 phone numbers.</summary>
internal static partial class NorwegianIdentifiers
{
    private static readonly int[] FirstControlWeights = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    private static readonly int[] SecondControlWeights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    private static readonly int[] OrganisationWeights = [3, 2, 7, 6, 5, 4, 3, 2];

    /// <summary>
    /// A national identity number (fødselsnummer), D-number or synthetic test number: eleven digits,
    /// a real date once the D-number (+40 on the day) and synthetic (+40 or +80 on the month) offsets
    /// are taken off, and both mod-11 check digits right.
    /// </summary>
    public static bool IsValidNationalIdentityNumber(string? value)
    {
        if (value is null || value.Length != 11 || !value.All(char.IsAsciiDigit))
        {
            return false;
        }

        var digits = value.Select(c => c - '0').ToArray();
        return BirthDatePart(value) is not null
            && digits[9] == ControlDigit(digits, FirstControlWeights)
            && digits[10] == ControlDigit(digits, SecondControlWeights);
    }

    /// <summary>
    /// Whether a valid national identity number carries <paramref name="date"/> in its first six digits
    /// (D-number and synthetic offsets taken off). Only the two-digit year is compared: the century
    /// follows from the individual number, which synthetic test numbers do not respect.
    /// </summary>
    public static bool IsBornOn(string value, DateOnly date) =>
        BirthDatePart(value) is { } part && part.Day == date.Day && part.Month == date.Month && part.YearOfCentury == date.Year % 100;

    /// <summary>Hides all but the birth date part: "14038512345" becomes "140385*****".</summary>
    public static string MaskNationalIdentityNumber(string value) =>
        value.Length <= 6 ? new string('*', value.Length) : string.Concat(value.AsSpan(0, 6), new string('*', value.Length - 6));

    /// <summary>
    /// Day, month and two-digit year of the first six digits, with the D-number (+40 on the day) and
    /// synthetic (+40 or +80 on the month) offsets taken off; null when they are no day and month.
    /// </summary>
    private static (int Day, int Month, int YearOfCentury)? BirthDatePart(string value)
    {
        if (value.Length < 6 || !value[..6].All(char.IsAsciiDigit))
        {
            return null;
        }

        var day = (value[0] - '0') * 10 + (value[1] - '0');
        var month = (value[2] - '0') * 10 + (value[3] - '0');
        if (day > 40) day -= 40;
        if (month > 80) month -= 80;
        else if (month > 40) month -= 40;
        return day is < 1 or > 31 || month is < 1 or > 12
            ? null
            : (day, month, (value[4] - '0') * 10 + (value[5] - '0'));
    }

    /// <summary>The two check digits for the first nine digits, or null where no valid pair exists.</summary>
    public static string? CheckDigitsFor(string nineDigits)
    {
        var digits = nineDigits.Select(c => c - '0').Append(0).ToArray();
        var first = ControlDigit(digits, FirstControlWeights);
        if (first is null)
        {
            return null;
        }

        digits[9] = first.Value;
        var second = ControlDigit(digits, SecondControlWeights);
        return second is null ? null : $"{first}{second}";
    }

    /// <summary>A nine-digit organisation number from Enhetsregisteret with a valid mod-11 check digit.</summary>
    public static bool IsValidOrganisationNumber(string? value) =>
        value is { Length: 9 } && value.All(char.IsAsciiDigit)
        && value[8] - '0' == ControlDigit(value.Select(c => c - '0').ToArray(), OrganisationWeights);

    /// <summary>A phone number in E.164 form: a plus, a country code and at most fifteen digits in all.</summary>
    public static bool IsValidE164(string? value) => value is not null && E164().IsMatch(value);

    private static int? ControlDigit(int[] digits, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += digits[i] * weights[i];
        }

        var control = 11 - sum % 11;
        return control switch
        {
            11 => 0,
            10 => null,
            _ => control,
        };
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();
}

/// <summary>Validates a fødselsnummer or D-number; empty values are left to [Required].</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
internal sealed class NationalIdentityNumberAttribute : ValidationAttribute
{
    public NationalIdentityNumberAttribute() : base("Fødselsnummeret må ha 11 siffer og gyldige kontrollsiffer.") { }

    public override bool IsValid(object? value) =>
        value is null || value is string { Length: 0 } || NorwegianIdentifiers.IsValidNationalIdentityNumber(value as string);
}

/// <summary>Validates a Norwegian organisation number; empty values are left to [Required].</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
internal sealed class OrganisationNumberAttribute : ValidationAttribute
{
    public OrganisationNumberAttribute() : base("Organisasjonsnummeret må ha 9 siffer og gyldig kontrollsiffer.") { }

    public override bool IsValid(object? value) =>
        value is null || value is string { Length: 0 } || NorwegianIdentifiers.IsValidOrganisationNumber(value as string);
}

/// <summary>Validates a phone number in E.164 form; empty values are left to [Required].</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
internal sealed class E164PhoneAttribute : ValidationAttribute
{
    public E164PhoneAttribute() : base("Mobilnummeret må skrives i internasjonal form, for eksempel +4791234567.") { }

    public override bool IsValid(object? value) =>
        value is null || value is string { Length: 0 } || NorwegianIdentifiers.IsValidE164(value as string);
}

/// <summary>Validates a Norwegian mobile number (<see cref="NorwegianIdentifiers.NormaliseNorwegianMobile"/>); empty values are left to [Required].</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
internal sealed class NorwegianMobileAttribute : ValidationAttribute
{
    public NorwegianMobileAttribute() : base("Mobilnummeret må være et norsk mobilnummer med 8 siffer som begynner på 4 eller 9, for eksempel 912 34 567.") { }

    public override bool IsValid(object? value) =>
        value is null || value is string { Length: 0 } || NorwegianIdentifiers.NormaliseNorwegianMobile(value as string) is not null;
}

/// <summary>Validates an IANA time zone id known to this machine.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
internal sealed class TimeZoneIdAttribute : ValidationAttribute
{
    public TimeZoneIdAttribute() : base("Ukjent tidssone. Bruk en IANA-tidssone, for eksempel Europe/Oslo.") { }

    public override bool IsValid(object? value) =>
        value is null || (value is string id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _));
}

/// <summary>Validates a user-interface language code this product supports.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
internal sealed class LanguageCodeAttribute : ValidationAttribute
{
    public static readonly string[] Supported = ["nb", "nn", "en"];

    public LanguageCodeAttribute() : base("Språket må være nb, nn eller en.") { }

    public override bool IsValid(object? value) => value is null || (value is string code && Supported.Contains(code));
}
