using System.Globalization;
using Meldebok.Server.Features.Usage;

namespace Meldebok.Server.Web.Text;

internal sealed partial class UiText
{
    /// <summary>The usage statistics page's texts in this language.</summary>
    public UsageText Usage => LanguageCode == English.LanguageCode ? UsageText.English : UsageText.Bokmal;
}

/// <summary>Texts of the usage statistics page (principals and municipality administrators).</summary>
internal sealed class UsageText
{
    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");
    private static readonly CultureInfo EnglishCulture = CultureInfo.GetCultureInfo("en-GB");

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
    public required string ChoiceLegend { get; init; }
    public required string IntervalLabel { get; init; }
    public required Func<UsageInterval, string> IntervalName { get; init; }
    public required string FromLabel { get; init; }
    public required string ToLabel { get; init; }
    public required string RangeHint { get; init; }
    public required string SchoolLabel { get; init; }
    public required string WholeMunicipality { get; init; }
    public required string Show { get; init; }
    public required string InvalidDate { get; init; }
    public required string ErrorHeading { get; init; }
    public required Func<UsageInterval, string> PeriodsHeading { get; init; }
    public required Func<string, DateOnly, DateOnly, string?, string> PeriodsCaption { get; init; }
    public required Func<UsageInterval, string> PeriodColumn { get; init; }
    public required Func<UsageInterval, DateOnly, string> PeriodName { get; init; }
    public required string ChartsHeading { get; init; }
    public required string ActiveChartTitle { get; init; }
    public required string ActiveChartUnit { get; init; }
    public required string SharesChartTitle { get; init; }
    public required string SharesChartUnit { get; init; }
    /// <summary>A chart in words: its title, then each series with every period's value.</summary>
    public required Func<string, IReadOnlyList<(string Series, IReadOnlyList<(string Period, string Value)> Points)>, string> ChartText { get; init; }

    public static readonly UsageText Bokmal = new()
    {
        Menu = "Bruksstatistikk",
        Title = "Bruksstatistikk",
        Intro = "Hvor mye Meldebok blir brukt: aktive og aktiverte foresatte, og hvor stor del av fraværsmeldingene som kommer digitalt. " +
            "Tallene oppdateres hver natt og gjelder til og med i går.",
        LeadersOnly = "Bare rektorer, porteføljestyret og kommunens administratorer ser bruksstatistikken.",
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
        ChoiceLegend = "Velg periode og skole",
        IntervalLabel = "Vis per",
        IntervalName = interval => interval switch { UsageInterval.Day => "Dag", UsageInterval.Week => "Uke", _ => "Måned" },
        FromLabel = "Fra dato",
        ToLabel = "Til dato",
        RangeHint = "Tomme felt gir perioden til og med i går: 4 uker per dag, 12 uker per uke eller 12 måneder per måned. Høyst 366 dager.",
        SchoolLabel = "Skole",
        WholeMunicipality = "Hele kommunen",
        Show = "Vis tallene",
        InvalidDate = "Datoen må skrives som ÅÅÅÅ-MM-DD.",
        ErrorHeading = "Noe må rettes",
        PeriodsHeading = interval => interval switch { UsageInterval.Day => "Dag for dag", UsageInterval.Week => "Uke for uke", _ => "Måned for måned" },
        PeriodsCaption = (heading, from, to, school) => $"{heading}, {from.ToString("d. MMM yyyy", Norwegian)} – {to.ToString("d. MMM yyyy", Norwegian)}, {school ?? "hele kommunen"}",
        PeriodColumn = interval => interval switch { UsageInterval.Day => "Dag", UsageInterval.Week => "Uke", _ => "Måned" },
        PeriodName = (interval, start) => interval switch
        {
            UsageInterval.Day => start.ToString("ddd d.M.yyyy", Norwegian),
            UsageInterval.Week => $"Uke {ISOWeek.GetWeekOfYear(start.ToDateTime(TimeOnly.MinValue))} ({start:d.M.})",
            _ => start.ToString("MMMM yyyy", Norwegian),
        },
        ChartsHeading = "Diagram",
        ActiveChartTitle = "Aktive foresatte",
        ActiveChartUnit = "foresatte",
        SharesChartTitle = "Aktiveringsgrad og digital andel fravær",
        SharesChartUnit = "prosent",
        ChartText = (title, series) => $"{title}. " + string.Join(" ", series.Select(s =>
            $"{s.Series}: " + (s.Points.Count == 0 ? "ingen tall." : string.Join("; ", s.Points.Select(p => $"{p.Period} {p.Value}")) + "."))),
    };

    public static readonly UsageText English = new()
    {
        Menu = "Usage statistics",
        Title = "Usage statistics",
        Intro = "How much Meldebok is used: active and activated guardians, and how large a share of absence notices arrive digitally. " +
            "The figures are updated every night and run up to yesterday.",
        LeadersOnly = "Only principals, the portfolio board and the municipality's administrators see the usage statistics.",
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
        ChoiceLegend = "Choose period and school",
        IntervalLabel = "Show per",
        IntervalName = interval => interval switch { UsageInterval.Day => "Day", UsageInterval.Week => "Week", _ => "Month" },
        FromLabel = "From date",
        ToLabel = "To date",
        RangeHint = "Empty fields give the period up to yesterday: 4 weeks per day, 12 weeks per week or 12 months per month. At most 366 days.",
        SchoolLabel = "School",
        WholeMunicipality = "The whole municipality",
        Show = "Show the figures",
        InvalidDate = "Write the date as YYYY-MM-DD.",
        ErrorHeading = "Something needs correcting",
        PeriodsHeading = interval => interval switch { UsageInterval.Day => "Day by day", UsageInterval.Week => "Week by week", _ => "Month by month" },
        PeriodsCaption = (heading, from, to, school) => $"{heading}, {from.ToString("d MMM yyyy", EnglishCulture)} – {to.ToString("d MMM yyyy", EnglishCulture)}, {school ?? "the whole municipality"}",
        PeriodColumn = interval => interval switch { UsageInterval.Day => "Day", UsageInterval.Week => "Week", _ => "Month" },
        PeriodName = (interval, start) => interval switch
        {
            UsageInterval.Day => start.ToString("ddd d/M/yyyy", EnglishCulture),
            UsageInterval.Week => $"Week {ISOWeek.GetWeekOfYear(start.ToDateTime(TimeOnly.MinValue))} ({start:d/M})",
            _ => start.ToString("MMMM yyyy", EnglishCulture),
        },
        ChartsHeading = "Charts",
        ActiveChartTitle = "Active guardians",
        ActiveChartUnit = "guardians",
        SharesChartTitle = "Activation rate and digital share of absence",
        SharesChartUnit = "per cent",
        ChartText = (title, series) => $"{title}. " + string.Join(" ", series.Select(s =>
            $"{s.Series}: " + (s.Points.Count == 0 ? "no figures." : string.Join("; ", s.Points.Select(p => $"{p.Period} {p.Value}")) + "."))),
    };
}
