namespace Meldebok.Server.Web.Text;

internal sealed partial class UiText
{
    /// <summary>The usage statistics page's texts in this language.</summary>
    public UsageText Usage => LanguageCode == English.LanguageCode ? UsageText.English : UsageText.Bokmal;
}

/// <summary>Texts of the usage statistics page (principals and municipality administrators).</summary>
internal sealed class UsageText
{
    public required string Menu { get; init; }
    public required string Title { get; init; }
    public required string Intro { get; init; }
    public required string LeadersOnly { get; init; }
    public required string WeeksHeading { get; init; }
    public required Func<DateOnly, DateOnly, string> WeeksCaption { get; init; }
    public required string WeekColumn { get; init; }
    public required Func<int, DateOnly, string> WeekName { get; init; }
    public required string ActiveGuardiansColumn { get; init; }
    public required string ActivationColumn { get; init; }
    public required string DigitalShareColumn { get; init; }
    public required string LegacyColumn { get; init; }
    public required string SchoolsHeading { get; init; }
    public required Func<DateOnly, DateOnly, string> SchoolsCaption { get; init; }
    public required string SchoolColumn { get; init; }
    public required string GuardiansColumn { get; init; }
    public required string ActivatedColumn { get; init; }
    public required string DigitalColumn { get; init; }
    public required string NoSchools { get; init; }
    public required string NoValue { get; init; }

    public static readonly UsageText Bokmal = new()
    {
        Menu = "Bruksstatistikk",
        Title = "Bruksstatistikk",
        Intro = "Hvor mye Meldebok blir brukt: aktive og aktiverte foresatte, og hvor stor del av fraværsmeldingene som kommer digitalt. " +
            "Tallene oppdateres hver natt og gjelder til og med i går.",
        LeadersOnly = "Bare rektor og kommunens administratorer ser bruksstatistikken.",
        WeeksHeading = "Uke for uke",
        WeeksCaption = (from, to) => $"Uke for uke, {from:d. MMM yyyy} – {to:d. MMM yyyy}",
        WeekColumn = "Uke",
        WeekName = (week, start) => $"Uke {week} ({start:d.M.})",
        ActiveGuardiansColumn = "Aktive foresatte",
        ActivationColumn = "Aktiveringsgrad",
        DigitalShareColumn = "Digital andel fravær",
        LegacyColumn = "Via gamle kanaler",
        SchoolsHeading = "Skole for skole",
        SchoolsCaption = (from, to) => $"Skole for skole, {from:d. MMM yyyy} – {to:d. MMM yyyy}. Skolene som ligger bakerst i løypa, står først.",
        SchoolColumn = "Skole",
        GuardiansColumn = "Foresatte",
        ActivatedColumn = "Har logget inn",
        DigitalColumn = "Digitale meldinger",
        NoSchools = "Ingen skoler å vise.",
        NoValue = "–",
    };

    public static readonly UsageText English = new()
    {
        Menu = "Usage statistics",
        Title = "Usage statistics",
        Intro = "How much Meldebok is used: active and activated guardians, and how large a share of absence notices arrive digitally. " +
            "The figures are updated every night and run up to yesterday.",
        LeadersOnly = "Only principals and the municipality's administrators see the usage statistics.",
        WeeksHeading = "Week by week",
        WeeksCaption = (from, to) => $"Week by week, {from:d MMM yyyy} – {to:d MMM yyyy}",
        WeekColumn = "Week",
        WeekName = (week, start) => $"Week {week} ({start:d/M})",
        ActiveGuardiansColumn = "Active guardians",
        ActivationColumn = "Activation rate",
        DigitalShareColumn = "Digital share of absence",
        LegacyColumn = "Through legacy channels",
        SchoolsHeading = "School by school",
        SchoolsCaption = (from, to) => $"School by school, {from:d MMM yyyy} – {to:d MMM yyyy}. The schools furthest behind come first.",
        SchoolColumn = "School",
        GuardiansColumn = "Guardians",
        ActivatedColumn = "Have signed in",
        DigitalColumn = "Digital notices",
        NoSchools = "No schools to show.",
        NoValue = "–",
    };
}
