using System.Globalization;
using Meldebok.Server.Features.Benefits;

namespace Meldebok.Server.Web.Text;

internal sealed partial class UiText
{
    /// <summary>The texts of the benefit, benefit editing and measure pages in this language.</summary>
    public BenefitPagesText BenefitPages => LanguageCode == English.LanguageCode ? BenefitPagesText.English : BenefitPagesText.Bokmal;
}

/// <summary>Texts of the pages under the benefits dashboard: one benefit, editing its plan, and the measures (tiltak).</summary>
internal sealed class BenefitPagesText
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById(Infrastructure.Data.MunicipalClock.DefaultTimeZone);

    // Navigation and headings
    public required string BenefitTitle { get; init; }
    public required string BackToDashboard { get; init; }
    public required string BackToBenefit { get; init; }
    public required string BackToMeasures { get; init; }
    public required Func<string, string, string> InProject { get; init; }
    public required string EditBenefit { get; init; }
    public required string NewMeasureForBenefit { get; init; }
    public required string NowHeading { get; init; }
    public required string ChartHeading { get; init; }
    public required string MeasurementsHeading { get; init; }
    public required string ExtractionsHeading { get; init; }
    public required string MeasuresHeading { get; init; }
    public required string HistoryHeading { get; init; }
    public required string CompareHeading { get; init; }
    public required string CloseOrDeleteHeading { get; init; }
    public required string MeasuresLink { get; init; }
    public required Func<string, string> NewBenefitIn { get; init; }
    public required string BenefitDeleted { get; init; }
    public required Func<string, string> Saved { get; init; }

    // The benefit's facts
    public required string Actual { get; init; }
    public required string FinalTarget { get; init; }
    public required string Gap { get; init; }
    public required string Baseline { get; init; }
    public required string TargetCurve { get; init; }
    public required string PeriodLabel { get; init; }
    public required string ClosedReasonLabel { get; init; }
    public required Func<string, string, DateOnly, string> ValueOn { get; init; }
    public required Func<string, string, string> PerUnit { get; init; }
    public required Func<DateOnly, DateOnly, string> Period { get; init; }
    public required Func<string, string> ManualIndicator { get; init; }
    public required Func<string, string?, string, string> MetricIndicator { get; init; }
    public required Func<BenefitType, string> TypeName { get; init; }
    public required Func<BenefitIndicatorKind, string> IndicatorName { get; init; }
    public required Func<MeasurementSource, string> SourceName { get; init; }
    public required Func<MeasureStatus, string> MeasureStatusName { get; init; }

    // Tables
    public required string MeasurementsCaption { get; init; }
    public required string ExtractionsCaption { get; init; }
    public required string HistoryCaption { get; init; }
    public required string NoMeasurements { get; init; }
    public required string NoExtractions { get; init; }
    public required string NoMeasures { get; init; }
    public required string AllMeasures { get; init; }
    public required string DateColumn { get; init; }
    public required string ValueColumn { get; init; }
    public required string SourceColumn { get; init; }
    public required string NoteColumn { get; init; }
    public required string AmountColumn { get; init; }
    public required string RevisionColumn { get; init; }
    public required string TimeColumn { get; init; }
    public required string AuthorColumn { get; init; }
    public required string ReasonColumn { get; init; }
    public required Func<string, string, DateOnly, string> MeasureLine { get; init; }

    // Comparison
    public required string CompareFrom { get; init; }
    public required string CompareTo { get; init; }
    public required string Compare { get; init; }
    public required Func<int, DateTimeOffset, string> RevisionOption { get; init; }
    public required Func<int, int, string> ComparisonCaption { get; init; }
    public required string FieldColumn { get; init; }
    public required string OldColumn { get; init; }
    public required string NewColumn { get; init; }
    public required string ChangedColumn { get; init; }
    public required string Changed { get; init; }
    public required string Unchanged { get; init; }
    public required Func<string, string> FieldName { get; init; }
    public required string InvalidRevision { get; init; }

    // Forms on the benefit page
    public required string ErrorHeading { get; init; }
    public required string AdministratorsOnly { get; init; }
    public required string InvalidDate { get; init; }
    public required string InvalidNumber { get; init; }
    public required string NewMeasurementHeading { get; init; }
    public required string DateLabel { get; init; }
    public required Func<string, string> ValueLabel { get; init; }
    public required string SourceNoteLabel { get; init; }
    public required string SaveMeasurement { get; init; }
    public required string NewExtractionHeading { get; init; }
    public required string PeriodFromLabel { get; init; }
    public required string PeriodToLabel { get; init; }
    public required string AmountLabel { get; init; }
    public required string NoteLabel { get; init; }
    public required string SaveExtraction { get; init; }
    public required string CloseIntro { get; init; }
    public required string CloseReasonLabel { get; init; }
    public required string Close { get; init; }
    public required string DeleteIntro { get; init; }
    public required string DeleteErrorHeading { get; init; }
    public required string Delete { get; init; }

    // Editing a benefit
    public required string NewBenefitTitle { get; init; }
    public required Func<string, string> EditTitle { get; init; }
    public required string NewIntro { get; init; }
    public required string NoProjects { get; init; }
    public required string ProjectLabel { get; init; }
    public required string PlanHeading { get; init; }
    public required string PlanIntro { get; init; }
    public required string DetailsHeading { get; init; }
    public required string DetailsIntro { get; init; }
    public required string DescriptionLabel { get; init; }
    public required string TypeLabel { get; init; }
    public required string ValuePerUnitLabel { get; init; }
    public required string ValuePerUnitHint { get; init; }
    public required string RealisationFromLabel { get; init; }
    public required string RealisationToLabel { get; init; }
    public required string OwnerLabel { get; init; }
    public required string OwnerPersonLabel { get; init; }
    public required string OwnerPersonHint { get; init; }
    public required string NoOwnerPerson { get; init; }
    public required string OwnerSearchLabel { get; init; }
    public required string OwnerSearchButton { get; init; }
    public required Func<int, int, string> OwnerSearchHint { get; init; }
    public required string IndicatorLabel { get; init; }
    public required string MetricLabel { get; init; }
    public required string NoMetric { get; init; }
    public required string MetricSchoolLabel { get; init; }
    public required string MetricSeriesLabel { get; init; }
    public required string MetricSeriesHint { get; init; }
    public required string MetricSeriesTotal { get; init; }
    /// <summary>A series of a metric by its key: a legacy channel (<c>phone</c>) or a role (<c>guardian</c>).</summary>
    public required Func<string, string> SeriesName { get; init; }
    public required string WholeMunicipality { get; init; }
    public required string UnitLabel { get; init; }
    public required string UnitHint { get; init; }
    public required string BaselineValueLabel { get; init; }
    public required string BaselineDateLabel { get; init; }
    public required string TargetsLegend { get; init; }
    public required string TargetsHint { get; init; }
    public required Func<int, string> TargetDateLabel { get; init; }
    public required Func<int, string> TargetValueLabel { get; init; }
    public required string ReasonLabel { get; init; }
    public required string ReasonHint { get; init; }
    public required string FirstReasonLabel { get; init; }
    public required string SaveRevision { get; init; }
    public required string SaveDetails { get; init; }
    public required string CreateBenefit { get; init; }

    // Measures
    public required string MeasuresTitle { get; init; }
    public required string MeasuresIntro { get; init; }
    public required string MeasuresCaption { get; init; }
    public required string MeasureSaved { get; init; }
    public required string NewMeasure { get; init; }
    public required Func<string, string> EditMeasureTitle { get; init; }
    public required string MeasureColumn { get; init; }
    public required string ResponsibleColumn { get; init; }
    public required string DueColumn { get; init; }
    public required string StatusColumn { get; init; }
    public required string BenefitsColumn { get; init; }
    public required Func<string, string> StatusOf { get; init; }
    public required string SaveStatus { get; init; }
    public required Func<string, string> SaveStatusOf { get; init; }
    public required string MeasureNotFound { get; init; }
    public required string InvalidStatus { get; init; }
    public required string NoBenefitsForMeasure { get; init; }
    public required string MeasureDescriptionLabel { get; init; }
    public required string ResponsibleLabel { get; init; }
    public required string ResponsibleHint { get; init; }
    public required string DueLabel { get; init; }
    public required string LinkedBenefitsLegend { get; init; }
    public required string CreateMeasure { get; init; }
    public required string SaveMeasure { get; init; }

    // Portfolios and projects
    public required string NewPortfolio { get; init; }
    public required Func<string, string> EditPortfolioTitle { get; init; }
    public required Func<string, string> RenamePortfolio { get; init; }
    public required string PortfolioNameLabel { get; init; }
    public required string CreatePortfolio { get; init; }
    public required string SavePortfolio { get; init; }
    public required string NewProject { get; init; }
    public required Func<string, string> NewProjectIn { get; init; }
    public required Func<string, string> EditProjectTitle { get; init; }
    public required Func<string, string> EditProject { get; init; }
    public required string ProjectNameLabel { get; init; }
    public required string ProjectPortfolioLabel { get; init; }
    public required string ProjectGoalLabel { get; init; }
    public required string ProjectGoalHint { get; init; }
    public required string CreateProject { get; init; }
    public required string SaveProject { get; init; }
    public required string NoPortfolioForProject { get; init; }
    public required Func<string, string> PlanSaved { get; init; }

    public required CultureInfo Culture { get; init; }

    public string Day(DateOnly date) => date.ToString("d. MMMM yyyy", Culture);

    public string Time(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Oslo).ToString("d. MMMM yyyy HH:mm", Culture);

    private static readonly CultureInfo NorwegianCulture = CultureInfo.GetCultureInfo("nb-NO");
    private static readonly CultureInfo EnglishCulture = CultureInfo.GetCultureInfo("en-GB");

    public static readonly BenefitPagesText Bokmal = new()
    {
        Culture = NorwegianCulture,
        BenefitTitle = "Gevinst",
        BackToDashboard = "Tilbake til gevinstoversikten",
        BackToBenefit = "Tilbake til gevinsten",
        BackToMeasures = "Tilbake til tiltakene",
        InProject = (project, goal) => $"Prosjekt: {project}. Mål: {goal}.",
        EditBenefit = "Endre gevinsten",
        NewMeasureForBenefit = "Nytt tiltak for gevinsten",
        NowHeading = "Status nå",
        ChartHeading = "Kurve: plan mot målt",
        MeasurementsHeading = "Målinger",
        ExtractionsHeading = "Gevinstuttak (tatt ut av budsjettet)",
        MeasuresHeading = "Tiltak som gir gevinsten",
        HistoryHeading = "Revisjoner av planen",
        CompareHeading = "Sammenlign to revisjoner",
        CloseOrDeleteHeading = "Avslutt eller slett",
        MeasuresLink = "Tiltak (alle)",
        NewBenefitIn = project => $"Ny gevinst i «{project}»",
        BenefitDeleted = "Gevinsten er slettet.",
        Saved = what => what switch
        {
            "maling" => "Målingen er registrert.",
            "uttak" => "Gevinstuttaket er registrert.",
            "revisjon" => "Planen er endret. Endringen er lagret som en ny revisjon.",
            "detaljer" => "Gevinsten er endret.",
            "avsluttet" => "Gevinsten er avsluttet.",
            "ny" => "Gevinsten er opprettet.",
            _ => "Lagret.",
        },
        Actual = "Målt",
        FinalTarget = "Sluttmål",
        Gap = "Ikke tatt ut (kr)",
        Baseline = "Nullpunkt",
        TargetCurve = "Målkurve",
        PeriodLabel = "Periode",
        ClosedReasonLabel = "Begrunnelse for avslutning",
        ValueOn = (value, unit, date) => $"{value} {unit} ({date.ToString("d. MMM yyyy", NorwegianCulture)})",
        PerUnit = (value, unit) => $"{value} kr per {unit}",
        Period = (from, to) => $"{from.ToString("d. MMM yyyy", NorwegianCulture)} – {to.ToString("d. MMM yyyy", NorwegianCulture)}",
        ManualIndicator = unit => $"Måles for hånd ({unit})",
        MetricIndicator = (metric, school, unit) => $"Måltall fra bruksstatistikken: {metric}, {school ?? "hele kommunen"} ({unit}), måles hver natt",
        TypeName = type => type switch
        {
            BenefitType.BudgetEffect => "Budsjettgevinst",
            BenefitType.RedeployedCapacity => "Frigjort kapasitet",
            BenefitType.PricedElsewhere => "Prissatt gevinst andre steder i offentlig sektor",
            BenefitType.NonPriced => "Ikke-prissatt virkning",
            _ => "Ulempe",
        },
        IndicatorName = kind => kind == BenefitIndicatorKind.Metric ? "Måltall fra bruksstatistikken" : "Manuell måling",
        SourceName = source => source == MeasurementSource.Automatic ? "Automatisk" : "Manuell",
        MeasureStatusName = status => status switch
        {
            MeasureStatus.Planned => "Planlagt",
            MeasureStatus.InProgress => "Pågår",
            _ => "Utført",
        },
        MeasurementsCaption = "Målinger, nyeste først",
        ExtractionsCaption = "Gevinstuttak per periode, nyeste først",
        HistoryCaption = "Revisjoner, nyeste først",
        NoMeasurements = "Gevinsten er ikke målt ennå.",
        NoExtractions = "Ingenting er tatt ut av budsjettet ennå.",
        NoMeasures = "Ingen tiltak er knyttet til gevinsten.",
        AllMeasures = "Alle tiltak",
        DateColumn = "Dato",
        ValueColumn = "Verdi",
        SourceColumn = "Kilde",
        NoteColumn = "Merknad",
        AmountColumn = "Beløp (kr)",
        RevisionColumn = "Revisjon",
        TimeColumn = "Tidspunkt",
        AuthorColumn = "Endret av",
        ReasonColumn = "Begrunnelse",
        MeasureLine = (owner, status, due) => $"ansvarlig: {owner}, frist {due.ToString("d. MMM yyyy", NorwegianCulture)}, {status.ToLower(NorwegianCulture)}",
        CompareFrom = "Fra revisjon",
        CompareTo = "Til revisjon",
        Compare = "Sammenlign",
        RevisionOption = (number, at) => $"Revisjon {number} ({TimeZoneInfo.ConvertTime(at, Oslo).ToString("d. MMM yyyy HH:mm", NorwegianCulture)})",
        ComparisonCaption = (from, to) => $"Revisjon {from} mot revisjon {to}, felt for felt",
        FieldColumn = "Felt",
        OldColumn = "Gammel verdi",
        NewColumn = "Ny verdi",
        ChangedColumn = "Endret?",
        Changed = "Endret",
        Unchanged = "Uendret",
        FieldName = field => field switch
        {
            "owner" => "Gevinsteier",
            "ownerStaffId" => "Gevinsteier i personalregisteret",
            "indicator" => "Indikator",
            "metricId" => "Måltall",
            "metricSchoolId" => "Skole for måltallet",
            "metricSeries" => "Serie av måltallet",
            "unit" => "Enhet",
            "baselineValue" => "Nullpunkt",
            "baselineDate" => "Dato for nullpunkt",
            "targets" => "Målkurve",
            "reason" => "Begrunnelse",
            "authorName" => "Endret av",
            _ => field,
        },
        InvalidRevision = "Revisjonsnummeret må være et helt tall.",
        ErrorHeading = "Noe må rettes",
        AdministratorsOnly = "Bare kommunens administratorer kan endre gevinstplanene.",
        InvalidDate = "Datoen må skrives som ÅÅÅÅ-MM-DD.",
        InvalidNumber = "Verdien må være et tall, for eksempel 12,5.",
        NewMeasurementHeading = "Registrer en måling",
        DateLabel = "Dato",
        ValueLabel = unit => $"Verdi ({unit})",
        SourceNoteLabel = "Kilde eller merknad (for eksempel «Foreldreundersøkelsen 2027»)",
        SaveMeasurement = "Registrer målingen",
        NewExtractionHeading = "Registrer et gevinstuttak",
        PeriodFromLabel = "Periode fra",
        PeriodToLabel = "Periode til",
        AmountLabel = "Beløp tatt ut av budsjettet (kr)",
        NoteLabel = "Merknad",
        SaveExtraction = "Registrer uttaket",
        CloseIntro = "En avsluttet gevinst beholder historikk og målinger, men får ingen nye revisjoner eller målinger.",
        CloseReasonLabel = "Begrunnelse for å avslutte",
        Close = "Avslutt gevinsten",
        DeleteIntro = "Bare en gevinst som aldri er målt og ikke har gevinstuttak, kan slettes. En målt gevinst avsluttes i stedet.",
        DeleteErrorHeading = "Gevinsten kan ikke slettes",
        Delete = "Slett gevinsten",
        NewBenefitTitle = "Ny gevinst",
        EditTitle = benefit => $"Endre «{benefit}»",
        NewIntro = "Gevinsten opprettes med revisjon 1 av planen. Senere endringer av eier, indikator, enhet, nullpunkt og målkurve lagres som nye revisjoner.",
        NoProjects = "Kommunen har ingen prosjekter å legge gevinsten i. Opprett porteføljen og prosjektet gjennom API-et først.",
        ProjectLabel = "Prosjekt",
        PlanHeading = "Planen (lagres som ny revisjon)",
        PlanIntro = "Eier, indikator, enhet, nullpunkt og målkurve endres aldri i det stille: hver lagring blir en ny revisjon med begrunnelse, og de gamle kan sammenlignes.",
        DetailsHeading = "Beskrivelse, type og periode",
        DetailsIntro = "Disse feltene er ikke en del av revisjonene.",
        DescriptionLabel = "Beskrivelse",
        TypeLabel = "Gevinsttype",
        ValuePerUnitLabel = "Verdi per enhet (kr)",
        ValuePerUnitHint = "Fylles ut for budsjettgevinst, frigjort kapasitet og prissatt gevinst andre steder; tomt ellers.",
        RealisationFromLabel = "Realiseringsperiode fra",
        RealisationToLabel = "Realiseringsperiode til",
        OwnerLabel = "Gevinsteier",
        OwnerPersonLabel = "Gevinsteier i personalregisteret",
        OwnerPersonHint = "Den ansatte du velger, får se gevinstplanene og registrere målinger og gevinstuttak for denne gevinsten.",
        NoOwnerPerson = "Ingen valgt",
        OwnerSearchLabel = "Søk etter ansatt",
        OwnerSearchButton = "Søk",
        OwnerSearchHint = (shown, total) => total == 0 ? "Ingen aktive ansatte passer søket."
            : shown < total ? $"Viser {shown} av {total} ansatte. Søk etter navn for å finne flere."
            : total == 1 ? "1 ansatt å velge mellom." : $"{total} ansatte å velge mellom.",
        IndicatorLabel = "Indikator",
        MetricLabel = "Måltall fra bruksstatistikken",
        NoMetric = "Ingen (manuell måling)",
        MetricSchoolLabel = "Skole for måltallet",
        MetricSeriesLabel = "Serie av måltallet",
        MetricSeriesHint = "Totalen, eller én kanal (henvendelser via gamle kanaler) eller én rolle (innlogginger). Nattens måling tar serien du velger.",
        MetricSeriesTotal = "Totalen",
        SeriesName = key => key switch
        {
            "phone" => "Telefon",
            "paper-book" => "Papirmeldebok",
            "email" => "E-post",
            "sms-private-phone" => "SMS til privat telefon",
            "sms-office" => "SMS til kontoret",
            "office-note" => "Lapp via kontoret",
            "guardian" => "Foresatte",
            "contact-teacher" => "Kontaktlærere",
            "teacher" => "Lærere",
            "office" => "Skolekontoret",
            "principal" => "Rektorer",
            "sfo-leader" => "SFO-ledere",
            "sfo-staff" => "SFO-ansatte",
            "administrator" => "Administratorer",
            "portfolio-board" => "Porteføljestyret",
            _ => key,
        },
        WholeMunicipality = "Hele kommunen",
        UnitLabel = "Enhet",
        UnitHint = "For et måltall: måltallets enhet per dag, uke eller måned, for eksempel share/week eller count/month. For manuell måling: fritt, for eksempel timer/uke.",
        BaselineValueLabel = "Nullpunkt (verdi)",
        BaselineDateLabel = "Dato for nullpunkt",
        TargetsLegend = "Målkurve",
        TargetsHint = "Ett målpunkt per rad, etter datoen for nullpunktet. Tomme rader hoppes over.",
        TargetDateLabel = row => $"Målpunkt {row}: dato",
        TargetValueLabel = row => $"Målpunkt {row}: verdi",
        ReasonLabel = "Begrunnelse for endringen",
        ReasonHint = "Må fylles ut. Vises i historikken sammen med ditt navn og tidspunktet.",
        FirstReasonLabel = "Begrunnelse (valgfri; ellers «Første versjon»)",
        SaveRevision = "Lagre ny revisjon",
        SaveDetails = "Lagre",
        CreateBenefit = "Opprett gevinsten",
        MeasuresTitle = "Tiltak",
        MeasuresIntro = "Tiltakene som skal gi gevinstene, med ansvarlig, frist og status.",
        MeasuresCaption = "Tiltak etter frist",
        MeasureSaved = "Tiltaket er lagret.",
        NewMeasure = "Nytt tiltak",
        EditMeasureTitle = measure => $"Endre tiltaket «{measure}»",
        MeasureColumn = "Tiltak",
        ResponsibleColumn = "Ansvarlig",
        DueColumn = "Frist",
        StatusColumn = "Status",
        BenefitsColumn = "Gevinster",
        StatusOf = measure => $"Status for «{measure}»",
        SaveStatus = "Lagre status",
        SaveStatusOf = measure => $"Lagre status for «{measure}»",
        MeasureNotFound = "Fant ikke tiltaket.",
        InvalidStatus = "Velg en status: planlagt, pågår eller utført.",
        NoBenefitsForMeasure = "Kommunen har ingen gevinster å knytte et tiltak til ennå.",
        MeasureDescriptionLabel = "Hva skal gjøres",
        ResponsibleLabel = "Ansvarlig",
        ResponsibleHint = "En leder i kommunen, eller leverandøren.",
        DueLabel = "Frist",
        LinkedBenefitsLegend = "Gevinster tiltaket gir (minst én)",
        CreateMeasure = "Opprett tiltaket",
        SaveMeasure = "Lagre tiltaket",
        NewPortfolio = "Ny portefølje",
        EditPortfolioTitle = name => $"Endre porteføljen «{name}»",
        RenamePortfolio = name => $"Endre navn på porteføljen «{name}»",
        PortfolioNameLabel = "Navn på porteføljen",
        CreatePortfolio = "Opprett porteføljen",
        SavePortfolio = "Lagre porteføljen",
        NewProject = "Nytt prosjekt",
        NewProjectIn = portfolio => $"Nytt prosjekt i «{portfolio}»",
        EditProjectTitle = name => $"Endre prosjektet «{name}»",
        EditProject = name => $"Endre prosjektet «{name}»",
        ProjectNameLabel = "Navn på prosjektet",
        ProjectPortfolioLabel = "Portefølje",
        ProjectGoalLabel = "Målet prosjektets gevinster skal bidra til",
        ProjectGoalHint = "For eksempel «Periodemål 4 for oppvekst og utdanning».",
        CreateProject = "Opprett prosjektet",
        SaveProject = "Lagre prosjektet",
        NoPortfolioForProject = "Kommunen har ingen portefølje ennå. Opprett en portefølje først.",
        PlanSaved = what => what switch
        {
            "ny-portefolje" => "Porteføljen er opprettet.",
            "portefolje" => "Porteføljen er lagret.",
            "nytt-prosjekt" => "Prosjektet er opprettet.",
            "prosjekt" => "Prosjektet er lagret.",
            _ => "Lagret.",
        },
    };

    public static readonly BenefitPagesText English = new()
    {
        Culture = EnglishCulture,
        BenefitTitle = "Benefit",
        BackToDashboard = "Back to the benefits overview",
        BackToBenefit = "Back to the benefit",
        BackToMeasures = "Back to the measures",
        InProject = (project, goal) => $"Project: {project}. Goal: {goal}.",
        EditBenefit = "Edit the benefit",
        NewMeasureForBenefit = "New measure for the benefit",
        NowHeading = "Status now",
        ChartHeading = "Curve: plan against measured",
        MeasurementsHeading = "Measurements",
        ExtractionsHeading = "Extractions (taken out of the budget)",
        MeasuresHeading = "Measures that bring the benefit about",
        HistoryHeading = "Revisions of the plan",
        CompareHeading = "Compare two revisions",
        CloseOrDeleteHeading = "Close or delete",
        MeasuresLink = "Measures (all)",
        NewBenefitIn = project => $"New benefit in “{project}”",
        BenefitDeleted = "The benefit has been deleted.",
        Saved = what => what switch
        {
            "maling" => "The measurement has been recorded.",
            "uttak" => "The extraction has been recorded.",
            "revisjon" => "The plan has changed. The change is saved as a new revision.",
            "detaljer" => "The benefit has been changed.",
            "avsluttet" => "The benefit has been closed.",
            "ny" => "The benefit has been created.",
            _ => "Saved.",
        },
        Actual = "Measured",
        FinalTarget = "Final target",
        Gap = "Not taken out (NOK)",
        Baseline = "Baseline",
        TargetCurve = "Target curve",
        PeriodLabel = "Period",
        ClosedReasonLabel = "Reason for closing",
        ValueOn = (value, unit, date) => $"{value} {unit} ({date.ToString("d MMM yyyy", EnglishCulture)})",
        PerUnit = (value, unit) => $"NOK {value} per {unit}",
        Period = (from, to) => $"{from.ToString("d MMM yyyy", EnglishCulture)} – {to.ToString("d MMM yyyy", EnglishCulture)}",
        ManualIndicator = unit => $"Measured by hand ({unit})",
        MetricIndicator = (metric, school, unit) => $"Usage metric: {metric}, {school ?? "the whole municipality"} ({unit}), measured every night",
        TypeName = type => type switch
        {
            BenefitType.BudgetEffect => "Budget effect",
            BenefitType.RedeployedCapacity => "Redeployed capacity",
            BenefitType.PricedElsewhere => "Priced benefit elsewhere in the public sector",
            BenefitType.NonPriced => "Non-priced effect",
            _ => "Dis-benefit",
        },
        IndicatorName = kind => kind == BenefitIndicatorKind.Metric ? "Usage metric" : "Manual measurement",
        SourceName = source => source == MeasurementSource.Automatic ? "Automatic" : "Manual",
        MeasureStatusName = status => status switch
        {
            MeasureStatus.Planned => "Planned",
            MeasureStatus.InProgress => "In progress",
            _ => "Done",
        },
        MeasurementsCaption = "Measurements, newest first",
        ExtractionsCaption = "Extractions by period, newest first",
        HistoryCaption = "Revisions, newest first",
        NoMeasurements = "The benefit has not been measured yet.",
        NoExtractions = "Nothing has been taken out of the budget yet.",
        NoMeasures = "No measures are linked to the benefit.",
        AllMeasures = "All measures",
        DateColumn = "Date",
        ValueColumn = "Value",
        SourceColumn = "Source",
        NoteColumn = "Note",
        AmountColumn = "Amount (NOK)",
        RevisionColumn = "Revision",
        TimeColumn = "Time",
        AuthorColumn = "Changed by",
        ReasonColumn = "Reason",
        MeasureLine = (owner, status, due) => $"responsible: {owner}, due {due.ToString("d MMM yyyy", EnglishCulture)}, {status.ToLower(EnglishCulture)}",
        CompareFrom = "From revision",
        CompareTo = "To revision",
        Compare = "Compare",
        RevisionOption = (number, at) => $"Revision {number} ({TimeZoneInfo.ConvertTime(at, Oslo).ToString("d MMM yyyy HH:mm", EnglishCulture)})",
        ComparisonCaption = (from, to) => $"Revision {from} against revision {to}, field by field",
        FieldColumn = "Field",
        OldColumn = "Old value",
        NewColumn = "New value",
        ChangedColumn = "Changed?",
        Changed = "Changed",
        Unchanged = "Unchanged",
        FieldName = field => field switch
        {
            "owner" => "Benefit owner",
            "indicator" => "Indicator",
            "metricId" => "Metric",
            "metricSchoolId" => "School of the metric",
            "metricSeries" => "Series of the metric",
            "ownerStaffId" => "Owner in the staff register",
            "unit" => "Unit",
            "baselineValue" => "Baseline",
            "baselineDate" => "Baseline date",
            "targets" => "Target curve",
            "reason" => "Reason",
            "authorName" => "Changed by",
            _ => field,
        },
        InvalidRevision = "The revision number must be a whole number.",
        ErrorHeading = "Something needs correcting",
        AdministratorsOnly = "Only the municipality's administrators can change the benefit plans.",
        InvalidDate = "Write the date as YYYY-MM-DD.",
        InvalidNumber = "The value must be a number, for example 12.5.",
        NewMeasurementHeading = "Record a measurement",
        DateLabel = "Date",
        ValueLabel = unit => $"Value ({unit})",
        SourceNoteLabel = "Source or note (for example “Parent survey 2027”)",
        SaveMeasurement = "Record the measurement",
        NewExtractionHeading = "Record an extraction",
        PeriodFromLabel = "Period from",
        PeriodToLabel = "Period to",
        AmountLabel = "Amount taken out of the budget (NOK)",
        NoteLabel = "Note",
        SaveExtraction = "Record the extraction",
        CloseIntro = "A closed benefit keeps its history and measurements but takes no new revisions or measurements.",
        CloseReasonLabel = "Reason for closing",
        Close = "Close the benefit",
        DeleteIntro = "Only a benefit that was never measured and has no extractions can be deleted. A measured benefit is closed instead.",
        DeleteErrorHeading = "The benefit cannot be deleted",
        Delete = "Delete the benefit",
        NewBenefitTitle = "New benefit",
        EditTitle = benefit => $"Edit “{benefit}”",
        NewIntro = "The benefit is created with revision 1 of its plan. Later changes of owner, indicator, unit, baseline and target curve are saved as new revisions.",
        NoProjects = "The municipality has no project to put the benefit in. Create the portfolio and the project through the API first.",
        ProjectLabel = "Project",
        PlanHeading = "The plan (saved as a new revision)",
        PlanIntro = "Owner, indicator, unit, baseline and target curve are never changed silently: each save becomes a new revision with a reason, and the old ones can be compared.",
        DetailsHeading = "Description, type and period",
        DetailsIntro = "These fields are not part of the revisions.",
        DescriptionLabel = "Description",
        TypeLabel = "Benefit type",
        ValuePerUnitLabel = "Value per unit (NOK)",
        ValuePerUnitHint = "Filled in for budget effects, redeployed capacity and priced benefits elsewhere; empty otherwise.",
        RealisationFromLabel = "Realisation period from",
        RealisationToLabel = "Realisation period to",
        OwnerLabel = "Benefit owner",
        OwnerPersonLabel = "Owner in the staff register",
        OwnerPersonHint = "The staff member you choose can read the benefit plans and record measurements and extractions for this benefit.",
        NoOwnerPerson = "None chosen",
        OwnerSearchLabel = "Search for staff",
        OwnerSearchButton = "Search",
        OwnerSearchHint = (shown, total) => total == 0 ? "No active staff member matches the search."
            : shown < total ? $"Showing {shown} of {total} staff. Search by name to find others."
            : total == 1 ? "1 staff member to choose from." : $"{total} staff to choose from.",
        IndicatorLabel = "Indicator",
        MetricLabel = "Usage metric",
        NoMetric = "None (manual measurement)",
        MetricSchoolLabel = "School of the metric",
        MetricSeriesLabel = "Series of the metric",
        MetricSeriesHint = "The total, or one channel (contacts through legacy channels) or one role (sign-ins). The nightly measurement takes the series you choose.",
        MetricSeriesTotal = "The total",
        SeriesName = key => key switch
        {
            "phone" => "Phone",
            "paper-book" => "Paper message book",
            "email" => "E-mail",
            "sms-private-phone" => "SMS to a private phone",
            "sms-office" => "SMS to the office",
            "office-note" => "Note via the office",
            "guardian" => "Guardians",
            "contact-teacher" => "Contact teachers",
            "teacher" => "Teachers",
            "office" => "School office",
            "principal" => "Principals",
            "sfo-leader" => "SFO leaders",
            "sfo-staff" => "SFO staff",
            "administrator" => "Administrators",
            "portfolio-board" => "Portfolio board",
            _ => key,
        },
        WholeMunicipality = "The whole municipality",
        UnitLabel = "Unit",
        UnitHint = "For a metric: the metric's unit per day, week or month, for example share/week or count/month. For manual measurement: free text, for example hours/week.",
        BaselineValueLabel = "Baseline (value)",
        BaselineDateLabel = "Baseline date",
        TargetsLegend = "Target curve",
        TargetsHint = "One target point per row, after the baseline date. Empty rows are skipped.",
        TargetDateLabel = row => $"Target point {row}: date",
        TargetValueLabel = row => $"Target point {row}: value",
        ReasonLabel = "Reason for the change",
        ReasonHint = "Required. Shown in the history with your name and the time.",
        FirstReasonLabel = "Reason (optional; otherwise “First version”)",
        SaveRevision = "Save new revision",
        SaveDetails = "Save",
        CreateBenefit = "Create the benefit",
        MeasuresTitle = "Measures",
        MeasuresIntro = "The measures that are to bring the benefits about, with who is responsible, due date and status.",
        MeasuresCaption = "Measures by due date",
        MeasureSaved = "The measure has been saved.",
        NewMeasure = "New measure",
        EditMeasureTitle = measure => $"Edit the measure “{measure}”",
        MeasureColumn = "Measure",
        ResponsibleColumn = "Responsible",
        DueColumn = "Due",
        StatusColumn = "Status",
        BenefitsColumn = "Benefits",
        StatusOf = measure => $"Status of “{measure}”",
        SaveStatus = "Save status",
        SaveStatusOf = measure => $"Save status of “{measure}”",
        MeasureNotFound = "The measure was not found.",
        InvalidStatus = "Choose a status: planned, in progress or done.",
        NoBenefitsForMeasure = "The municipality has no benefits to link a measure to yet.",
        MeasureDescriptionLabel = "What is to be done",
        ResponsibleLabel = "Responsible",
        ResponsibleHint = "A manager in the municipality, or the supplier.",
        DueLabel = "Due date",
        LinkedBenefitsLegend = "Benefits the measure brings about (at least one)",
        CreateMeasure = "Create the measure",
        SaveMeasure = "Save the measure",
        NewPortfolio = "New portfolio",
        EditPortfolioTitle = name => $"Edit the portfolio “{name}”",
        RenamePortfolio = name => $"Rename the portfolio “{name}”",
        PortfolioNameLabel = "Name of the portfolio",
        CreatePortfolio = "Create the portfolio",
        SavePortfolio = "Save the portfolio",
        NewProject = "New project",
        NewProjectIn = portfolio => $"New project in “{portfolio}”",
        EditProjectTitle = name => $"Edit the project “{name}”",
        EditProject = name => $"Edit the project “{name}”",
        ProjectNameLabel = "Name of the project",
        ProjectPortfolioLabel = "Portfolio",
        ProjectGoalLabel = "The goal the project's benefits serve",
        ProjectGoalHint = "For example “Periodemål 4 for oppvekst og utdanning”.",
        CreateProject = "Create the project",
        SaveProject = "Save the project",
        NoPortfolioForProject = "The municipality has no portfolio yet. Create a portfolio first.",
        PlanSaved = what => what switch
        {
            "ny-portefolje" => "The portfolio has been created.",
            "portefolje" => "The portfolio has been saved.",
            "nytt-prosjekt" => "The project has been created.",
            "prosjekt" => "The project has been saved.",
            _ => "Saved.",
        },
    };
}
