using Meldebok.Server.Features.Benefits;

namespace Meldebok.Server.Web.Text;

internal sealed partial class UiText
{
    /// <summary>The benefits page's texts in this language.</summary>
    public BenefitsText Benefits => LanguageCode == English.LanguageCode ? BenefitsText.English : BenefitsText.Bokmal;
}

/// <summary>Texts of the benefits dashboard page (principals and municipality administrators).</summary>
internal sealed class BenefitsText
{
    public required string Menu { get; init; }
    public required string Title { get; init; }
    public required string Intro { get; init; }
    public required string LeadersOnly { get; init; }
    public required string NoPortfolios { get; init; }
    public required string NoBenefits { get; init; }
    public required Func<string, string> ProjectHeading { get; init; }
    public required Func<string, DateOnly, string> Caption { get; init; }
    public required string BenefitColumn { get; init; }
    public required string OwnerColumn { get; init; }
    public required string StatusColumn { get; init; }
    public required string ActualColumn { get; init; }
    public required string TargetColumn { get; init; }
    public required string RealisedColumn { get; init; }
    public required string ExtractedColumn { get; init; }
    public required Func<BenefitRag, string> Rag { get; init; }
    public required string Closed { get; init; }
    public required string Total { get; init; }
    public required string NoValue { get; init; }
    public required string Downloads { get; init; }
    public required string CsvLink { get; init; }
    public required string XlsxLink { get; init; }
    public required string ChartsHeading { get; init; }
    public required Func<string, string> ChartSummary { get; init; }
    public required string PngLink { get; init; }
    public required string MapHeading { get; init; }
    public required string MapIntro { get; init; }

    public static readonly BenefitsText Bokmal = new()
    {
        Menu = "Gevinster",
        Title = "Gevinstrealisering",
        Intro = "Gevinstene i kommunens porteføljer: målt verdi mot målkurven, realisert gevinst i kroner og hva som faktisk er tatt ut av budsjettet.",
        LeadersOnly = "Bare gevinsteiere, rektorer, porteføljestyret og kommunens administratorer ser gevinstplanene.",
        NoPortfolios = "Kommunen har ingen gevinstporteføljer ennå.",
        NoBenefits = "Prosjektet har ingen gevinster ennå.",
        ProjectHeading = goal => $"Mål: {goal}",
        Caption = (project, date) => $"{project}, status {date:d. MMMM yyyy}",
        BenefitColumn = "Gevinst",
        OwnerColumn = "Gevinsteier",
        StatusColumn = "Status",
        ActualColumn = "Målt",
        TargetColumn = "Mål nå",
        RealisedColumn = "Realisert (kr)",
        ExtractedColumn = "Tatt ut (kr)",
        Rag = rag => rag switch
        {
            BenefitRag.Green => "Grønn: i rute",
            BenefitRag.Amber => "Gul: litt bak",
            BenefitRag.Red => "Rød: bak planen",
            _ => "Grå: ikke målt",
        },
        Closed = "avsluttet",
        Total = "Sum",
        NoValue = "–",
        Downloads = "Last ned rapporten:",
        CsvLink = "CSV",
        XlsxLink = "Excel (XLSX)",
        ChartsHeading = "Kurver: plan mot målt",
        ChartSummary = benefit => $"Kurve for «{benefit}»",
        PngLink = "Last ned som bilde (PNG)",
        MapHeading = "Gevinstkart",
        MapIntro = "Tiltakene til venstre gir gevinstene i midten, som tjener målene til høyre.",
    };

    public static readonly BenefitsText English = new()
    {
        Menu = "Benefits",
        Title = "Benefits realisation",
        Intro = "The benefits in the municipality's portfolios: measured value against the target curve, realised benefit in NOK and what has actually been taken out of the budget.",
        LeadersOnly = "Only benefit owners, principals, the portfolio board and the municipality's administrators see the benefit plans.",
        NoPortfolios = "The municipality has no benefit portfolios yet.",
        NoBenefits = "The project has no benefits yet.",
        ProjectHeading = goal => $"Goal: {goal}",
        Caption = (project, date) => $"{project}, status on {date:d MMMM yyyy}",
        BenefitColumn = "Benefit",
        OwnerColumn = "Benefit owner",
        StatusColumn = "Status",
        ActualColumn = "Measured",
        TargetColumn = "Target now",
        RealisedColumn = "Realised (NOK)",
        ExtractedColumn = "Taken out (NOK)",
        Rag = rag => rag switch
        {
            BenefitRag.Green => "Green: on track",
            BenefitRag.Amber => "Amber: slightly behind",
            BenefitRag.Red => "Red: behind plan",
            _ => "Grey: not measured",
        },
        Closed = "closed",
        Total = "Total",
        NoValue = "–",
        Downloads = "Download the report:",
        CsvLink = "CSV",
        XlsxLink = "Excel (XLSX)",
        ChartsHeading = "Curves: plan against measured",
        ChartSummary = benefit => $"Curve for “{benefit}”",
        PngLink = "Download as image (PNG)",
        MapHeading = "Benefit map",
        MapIntro = "The measures on the left bring about the benefits in the middle, which serve the goals on the right.",
    };
}
