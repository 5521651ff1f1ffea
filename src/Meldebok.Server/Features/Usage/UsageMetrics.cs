namespace Meldebok.Server.Features.Usage;

/// <summary>The metrics catalogue: the figures the municipality follows its benefits with.</summary>
internal static class UsageMetrics
{
    public const string ActiveGuardians = "active-guardians";
    public const string ActivationRate = "activation-rate";
    public const string DigitalShare = "digital-share";
    public const string LegacyContacts = "legacy-contacts";
    public const string SignIns = "sign-ins";
    public const string MessageReadRate = "message-read-rate";
    public const string MessageTimeToRead = "message-time-to-read";
    public const string ConsentResponseRate = "consent-response-rate";
    public const string ConsentTimeToAnswer = "consent-time-to-answer";
    public const string SfoPickupPlanShare = "sfo-pickup-plan-share";

    public static readonly IReadOnlyList<UsageMetricDefinition> All =
    [
        new(ActiveGuardians, "Aktive foresatte",
            "Antall ulike foresatte som har logget inn eller gjort noe i Meldebok i perioden (én gang per person, også når perioden er en uke eller måned). " +
            "For en skole: foresatte med en handling ved skolen, og innlogginger av foresatte til barn ved skolen.",
            "count", true, [UsageActions.SignIn, UsageActions.AbsenceReported, UsageActions.LeaveApplied, UsageActions.LeaveWithdrawn]),
        new(ActivationRate, "Aktiveringsgrad",
            "Andelen av foresatte som i dag når et barn i elevregisteret (kommunen eller skolen), som har logget inn minst én gang innen periodens siste dag.",
            "share", true, [UsageActions.SignIn]),
        new(DigitalShare, "Digital andel fraværsmeldinger",
            "Fraværsmeldinger foresatte har sendt i Meldebok, delt på alle fraværsmeldinger – også dem ansatte har ført inn fra telefon, papirmeldebok, " +
            "e-post, SMS og lapper via kontoret.",
            "share", true, [UsageActions.AbsenceReported, UsageActions.AbsenceLoggedLegacy]),
        new(LegacyContacts, "Henvendelser via gamle kanaler",
            "Antall fravær ansatte har ført inn fordi de kom via telefon, papirmeldebok, e-post, SMS eller lapp, i alt og per kanal.",
            "count", true, [UsageActions.AbsenceLoggedLegacy]) { Series = UsageChannels.Legacy },
        new(SignIns, "Innlogginger",
            "Antall innlogginger i alt og per rolle (foresatt, kontaktlærer, kontor, rektor …). Fornying av tilgangsnøkkel er ikke en innlogging. " +
            "For en skole: ansattes innlogginger (foresattes innlogginger hører til kommunen).",
            "count", true, [UsageActions.SignIn]) { Series = UsageRoles.Ordered },
        new(MessageReadRate, "Lesegrad for meldinger",
            "Andelen av sendte meldinger som er lest av mottakeren.",
            "share", false, [UsageActions.MessageSent, UsageActions.MessageRead]),
        new(MessageTimeToRead, "Mediantid til lest melding",
            "Mediantiden i minutter fra en melding er sendt til den er lest.",
            "minutes", false, [UsageActions.MessageSent, UsageActions.MessageRead]),
        new(ConsentResponseRate, "Svarandel på samtykker",
            "Andelen av samtykkeforespørsler foresatte har svart på.",
            "share", false, [UsageActions.ConsentRequested, UsageActions.ConsentAnswered]),
        new(ConsentTimeToAnswer, "Mediantid til svar på samtykke",
            "Mediantiden i minutter fra en samtykkeforespørsel er sendt til den er besvart.",
            "minutes", false, [UsageActions.ConsentRequested, UsageActions.ConsentAnswered]),
        new(SfoPickupPlanShare, "SFO-utsjekk etter digital henteplan",
            "Andelen av SFO-utsjekker som fulgte en digital henteplan eller hentemelding fra foresatte.",
            "share", true, [UsageActions.SfoCheckOut]),
    ];

    public static UsageMetricDefinition? Find(string id) => All.FirstOrDefault(m => m.Id == id);

    /// <summary>The key of a metric's whole figure, the series every metric with data has.</summary>
    public const string Total = "total";

    /// <summary>Why a metric has no data yet.</summary>
    public static string NoDataNote(UsageMetricDefinition metric) =>
        $"Ingen data ennå: funksjonen som gir «{metric.Name}» er ikke tatt i bruk i Meldebok. Måltallet regnes fra handlingene {string.Join(", ", metric.Actions)}.";
}
