namespace Meldebok.Server.Features.Demo;

/// <summary>
/// Invented place names in the Norwegian style: a municipality such as "Fjordvik kommune" and
/// schools such as "Bjørkåsen skole", put together from a first part (a tree, a stone, a river…)
/// and a landscape word. None of the municipality names is a real Norwegian municipality, so the
/// Feide domains made from them (fjordvik.kommune.no) belong to nobody.
/// </summary>
internal static class DemoPlaceNames
{
    public static readonly string[] Municipalities =
    [
        "Fjordvik", "Nordvoll", "Havnvik", "Lyngvik", "Granheim", "Sjøvoll",
        "Bjørkvang", "Solvoll", "Elvebakk", "Storvoll", "Furuheim", "Tjernvik",
    ];

    private static readonly string[] FirstParts =
    [
        "Bjørk", "Gran", "Furu", "Lyng", "Myr", "Stein", "Sand", "Elve", "Fjell", "Tjern",
        "Kvern", "Rogn", "Hegg", "Selje", "Lønne", "Eike", "Hassel", "Tiur", "Rype", "Ørne",
        "Ulve", "Bekke", "Fosse", "Holme", "Sol", "Mo", "Rød", "Lund", "Heid", "Kirke",
        "Skog", "Teig", "Vang", "Hov", "Nor", "Vest", "Øster", "Sjø", "Stor", "Lille",
    ];

    private static readonly string[] LandscapeWords =
    [
        "åsen", "lia", "dalen", "vika", "moen", "bakken", "heim", "vatnet", "tjønna", "sletta",
        "berget", "stranda", "neset", "jordet", "lunden", "haugen", "voll", "tun", "bekken", "hammeren",
    ];

    /// <summary>A school name such as "Lyngvatnet skole"; a few are called "barneskole", as grades 1–7 are.</summary>
    public static string SchoolName(Random random)
    {
        var place = Join(FirstParts[random.Next(FirstParts.Length)], LandscapeWords[random.Next(LandscapeWords.Length)]);
        return random.Next(100) < 15 ? $"{place} barneskole" : $"{place} skole";
    }

    // "Elve" + "åsen" is said "Elvåsen": a first part ending in -e loses it before a vowel.
    private static string Join(string first, string second) =>
        first.EndsWith('e') && "aeiouyæøå".Contains(second[0], StringComparison.Ordinal) ? first[..^1] + second : first + second;
}
