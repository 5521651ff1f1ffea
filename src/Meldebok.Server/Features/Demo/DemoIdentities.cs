using System.Globalization;
using System.Text;
using Meldebok.Server.Infrastructure.Validation;

namespace Meldebok.Server.Features.Demo;

/// <summary>
/// Identifiers and contact details for demo people, chosen so that none can belong to or reach a
/// real person: synthetic national identity numbers, e-mail at a reserved domain, Feide ids at
/// the invented municipality's domain. Every identifier is unique within the municipality.
/// </summary>
internal sealed class DemoIdentities(Random random, string feideDomain)
{
    /// <summary>
    /// The e-mail domain of every demo person. <c>.example</c> is reserved (RFC 2606) and never
    /// resolves, so no message can reach anyone.
    /// </summary>
    public const string EmailDomain = "demo.meldebok.example";

    /// <summary>
    /// Demo mobile numbers are +47 4xx xx xxx. Norway has no range reserved for fiction, so these
    /// may be real numbers: the demo municipality must never be connected to a real SMS gateway.
    /// </summary>
    public const string MobilePrefix = "+474";

    private readonly HashSet<string> _nationalIdentityNumbers = [];
    private readonly HashSet<string> _organisationNumbers = [];
    private readonly HashSet<string> _mobiles = [];
    private readonly HashSet<string> _emailNames = [];
    private readonly HashSet<string> _feideNames = [];

    /// <summary>
    /// A synthetic national identity number: the birth month plus 80, the convention of
    /// Skatteetaten's test register (Tenor), so it can never be a real person's. The individual
    /// number lies in the range for the birth century and is even for women, as in real numbers.
    /// </summary>
    public string NationalIdentityNumber(DateOnly birthDate, bool female)
    {
        var (lowest, highest) = birthDate.Year >= 2000 ? (500, 999) : (0, 499);
        var datePart = string.Create(CultureInfo.InvariantCulture, $"{birthDate.Day:00}{birthDate.Month + 80:00}{birthDate.Year % 100:00}");
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            var individual = random.Next(lowest, highest + 1);
            if (individual % 2 == 0 != female)
            {
                individual = individual == highest ? individual - 1 : individual + 1;
            }

            var nine = datePart + individual.ToString("000", CultureInfo.InvariantCulture);
            if (NorwegianIdentifiers.CheckDigitsFor(nine) is { } check && _nationalIdentityNumbers.Add(nine + check))
            {
                return nine + check;
            }
        }

        throw new InvalidOperationException($"No free synthetic national identity number is left for {birthDate:yyyy-MM-dd}.");
    }

    /// <summary>A nine-digit organisation number starting with 9, as municipalities' and schools' do, with a valid mod-11 check digit.</summary>
    public string OrganisationNumber()
    {
        while (true)
        {
            var eight = "9" + random.Next(0, 10_000_000).ToString("0000000", CultureInfo.InvariantCulture);
            for (var check = 0; check <= 9; check++)
            {
                var candidate = eight + check.ToString(CultureInfo.InvariantCulture);
                if (NorwegianIdentifiers.IsValidOrganisationNumber(candidate) && _organisationNumbers.Add(candidate))
                {
                    return candidate;
                }
            }
        }
    }

    /// <summary>A mobile number in E.164 form, +47 4xx xx xxx (see <see cref="MobilePrefix"/>).</summary>
    public string Mobile()
    {
        while (true)
        {
            var mobile = MobilePrefix + random.Next(0, 10_000_000).ToString("0000000", CultureInfo.InvariantCulture);
            if (_mobiles.Add(mobile))
            {
                return mobile;
            }
        }
    }

    /// <summary>given.family@demo.meldebok.example, with a number after the name when it is taken.</summary>
    public string Email(string givenName, string familyName) => Unique(_emailNames, givenName, familyName) + "@" + EmailDomain;

    /// <summary>given.family@&lt;municipality&gt;.kommune.no, the form of a municipality's Feide ids.</summary>
    public string FeideId(string givenName, string familyName) => Unique(_feideNames, givenName, familyName) + "@" + feideDomain;

    /// <summary>The Feide domain of an invented municipality: "Fjordvik" gives fjordvik.kommune.no.</summary>
    public static string FeideDomainFor(string municipalityName) => Slug(municipalityName) + ".kommune.no";

    private static string Unique(HashSet<string> taken, string givenName, string familyName)
    {
        var name = Slug(givenName) + "." + Slug(familyName);
        var candidate = name;
        for (var number = 2; !taken.Add(candidate); number++)
        {
            candidate = name + number.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    /// <summary>Lower-case ASCII for user names: æ→ae, ø→o, å→a, accents dropped, spaces removed.</summary>
    public static string Slug(string name)
    {
        var text = name.ToLowerInvariant()
            .Replace("æ", "ae", StringComparison.Ordinal)
            .Replace("ø", "o", StringComparison.Ordinal)
            .Replace("å", "a", StringComparison.Ordinal)
            .Replace("ł", "l", StringComparison.Ordinal)
            .Replace("ı", "i", StringComparison.Ordinal)
            .Normalize(NormalizationForm.FormD);
        var slug = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '-')
            {
                slug.Append(c);
            }
        }

        return slug.ToString();
    }
}
