using System.Globalization;
using Microsoft.AspNetCore.Identity;

namespace Meldebok.Server.Features.Identity;

/// <summary>
/// Identity's refusals in Norwegian, for the errors people and administrators can meet: the password rules (the
/// <c>create-account</c> verb prints them) and taken or malformed user names. The rest keep Identity's English.
/// </summary>
internal sealed class NorwegianIdentityErrors : IdentityErrorDescriber
{
    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");

    public override IdentityError PasswordTooShort(int length) =>
        Error(nameof(PasswordTooShort), string.Format(Norwegian, "Passordet må ha minst {0} tegn.", length));

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        Error(nameof(PasswordRequiresUniqueChars), string.Format(Norwegian, "Passordet må ha minst {0} ulike tegn.", uniqueChars));

    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), "Passordet må ha minst ett siffer (0–9).");

    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), "Passordet må ha minst én liten bokstav (a–z).");

    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), "Passordet må ha minst én stor bokstav (A–Z).");

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        Error(nameof(PasswordRequiresNonAlphanumeric), "Passordet må ha minst ett tegn som ikke er bokstav eller siffer.");

    public override IdentityError DuplicateUserName(string userName) =>
        Error(nameof(DuplicateUserName), $"Brukernavnet «{userName}» er allerede i bruk.");

    public override IdentityError InvalidUserName(string? userName) =>
        Error(nameof(InvalidUserName), $"Brukernavnet «{userName}» kan bare ha bokstavene a–z (uten æ, ø og å), sifre og tegnene - . _ @ +.");

    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), $"E-postadressen «{email}» er ikke gyldig.");

    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };
}
