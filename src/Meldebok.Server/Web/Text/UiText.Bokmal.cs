using System.Globalization;

namespace Meldebok.Server.Web.Text;

internal sealed partial class UiText
{
    /// <summary>Norwegian bokmål, the default language.</summary>
    public static readonly UiText Bokmal = new()
    {
        Culture = CultureInfo.GetCultureInfo("nb"),
        LanguageName = "Norsk (bokmål)",
        Layout = new LayoutText
        {
            SkipToContent = "Hopp til hovedinnholdet",
            MainMenu = "Hovedmeny",
            Home = "Hjem",
            ApiDocumentation = "API-dokumentasjon",
            SignIn = "Logg inn",
            SignOut = "Logg ut",
            SignedInAs = name => $"Logget inn som {name}",
            SignedIn = "Du er logget inn",
            FooterAbout = "Meldebok – digital meldebok mellom hjem og skole/SFO",
            AccessibilityStatement = "Tilgjengelighetserklæring",
        },
        Home = new HomeText
        {
            Heading = "Velkommen til Meldebok",
            Intro = "Meldebok er den digitale meldeboka mellom hjemmet og skolen eller SFO. Her samles beskjedene som ellers " +
                "går på papir, i ranselen, på e-post og på SMS til lærernes private telefoner.",
            GuardiansHeading = "For foresatte",
            GuardiansText = "Meld fravær, send meldinger til skolen, svar på samtykker, gi beskjed om hvem som henter, og få vite " +
                "når barnet ditt er hentet eller har gått hjem fra SFO.",
            StaffHeading = "For ansatte i skole og SFO",
            StaffText = "Få fraværsmeldinger og beskjeder samlet på ett sted, send meldinger til én eller mange foresatte, " +
                "be om samtykker og sjekk barn inn og ut av SFO.",
            SignInHeading = "Logg inn",
            SignInText = "Foresatte logger inn med ID-porten. Ansatte logger inn med Feide.",
            SignInLink = "Gå til innlogging",
            DevelopersHeading = "For utviklere",
            DevelopersText = "Meldebok har et dokumentert programmeringsgrensesnitt (API) for integrasjon med kommunens andre systemer.",
            ApiDocumentationLink = "Les API-dokumentasjonen",
        },
        Accessibility = new AccessibilityText
        {
            Heading = "Tilgjengelighetserklæring",
            Intro = "Meldebok skal kunne brukes av alle, også av deg som bruker skjermleser, forstørring, bare tastatur eller " +
                "andre hjelpemidler. Her forteller vi hvilke krav Meldebok skal oppfylle, hva vi vet om hvordan kravene er " +
                "oppfylt, og hvordan du sier fra om noe ikke fungerer.",
            StandardHeading = "Krav og standard",
            Standard = "Kommuner og andre virksomheter som tilbyr nettløsninger, skal følge forskrift om universell utforming " +
                "av informasjons- og kommunikasjonsteknologiske (IKT-)løsninger. Forskriften bygger på standarden WCAG 2.1 " +
                "(Web Content Accessibility Guidelines). Målet for Meldebok er å oppfylle suksesskriteriene i WCAG 2.1 på nivå A og AA.",
            StatusHeading = "Status",
            Status = "Vi kjenner ikke til brudd på kravene i de sidene Meldebok har i dag. Meldebok er en ny løsning og er ennå " +
                "ikke kontrollert av en uavhengig part eller testet sammen med brukere av hjelpemidler. Vi oppdaterer " +
                "erklæringen når det er gjort, og når nye deler av løsningen tas i bruk.",
            TestingHeading = "Slik tester vi",
            Testing =
            [
                "Hver side testes automatisk i en ekte nettleser ved hver endring av løsningen, både i mobilstørrelse og på stor skjerm.",
                "Testene kjører verktøyet axe-core, som finner mange vanlige feil, for eksempel for svak kontrast, manglende tekst " +
                    "på lenker og knapper og feil bruk av overskrifter.",
                "Testene kontrollerer også at lenken «Hopp til hovedinnholdet» virker, at tastaturfokus er synlig, at knapper og " +
                    "lenker er store nok å treffe, at sidene får plass uten sideveis rulling på en smal mobilskjerm, og at " +
                    "språket på siden er riktig merket.",
            ],
            DeviationsHeading = "Kjente avvik",
            Deviations = "Vi kjenner ikke til avvik fra kravene.",
            DeviationsLimits = "Automatiske tester finner bare en del av de mulige feilene. Opplever du at noe er vanskelig å bruke, " +
                "vil vi gjerne høre fra deg.",
            ApiDocumentationDeviation = "API-dokumentasjonen er et verktøy for utviklere, laget med et verktøy fra en annen " +
                "leverandør. Den er ikke en del av tjenesten for foresatte og ansatte, og den er ikke testet for universell utforming.",
            FeedbackHeading = "Si fra om problemer",
            Feedback = "Fungerer ikke noe i Meldebok for deg? Send e-post til",
            FeedbackDetails = "Skriv gjerne hvilken side det gjelder, hva du prøvde å gjøre, og hvilken nettleser og hvilke " +
                "hjelpemidler du brukte.",
            Complaint = "Får du ikke svar, eller er du ikke fornøyd med svaret, kan du melde fra til",
            ComplaintLink = "Tilsynet for universell utforming av ikt (uutilsynet.no)",
            ResponsibleHeading = "Hvem er ansvarlig",
            Responsible = "Kommunen som tilbyr Meldebok, er ansvarlig for tjenesten og for denne erklæringen.",
            LastUpdated = date => $"Erklæringen ble sist oppdatert {date}.",
        },
        SignIn = new SignInText
        {
            Title = "Logg inn",
            Heading = "Logg inn i Meldebok",
            Intro = "Velg hvordan du vil logge inn.",
            IdPorten = "Logg inn med ID-porten",
            IdPortenFor = "For foresatte: BankID, MinID eller Buypass.",
            Feide = "Logg inn med Feide",
            FeideFor = "For ansatte i skole og SFO.",
            LocalHeading = "Logg inn med brukernavn og passord",
            LocalIntro = "For deg som har fått en egen Meldebok-konto av kommunen.",
            Username = "Brukernavn eller e-post",
            Password = "Passord",
            Submit = "Logg inn",
            ErrorHeading = "Innloggingen mislyktes",
            MissingUsername = "Skriv inn brukernavnet ditt.",
            MissingPassword = "Skriv inn passordet ditt.",
            WrongCredentials = "Feil brukernavn eller passord.",
            LockedOut = "Kontoen er midlertidig låst etter for mange mislykkede forsøk. Prøv igjen om en stund.",
            TotpTitle = "Engangskode",
            TotpHeading = "Skriv inn engangskoden",
            TotpIntro = "Kontoen din krever en engangskode i tillegg til passordet. Åpne autentiseringsappen din og skriv inn koden på seks sifre.",
            TotpCode = "Engangskode (6 sifre)",
            TotpCodeHint = "Koden byttes hvert 30. sekund.",
            TotpWrongCode = "Feil engangskode. Prøv igjen med koden appen viser nå.",
            TotpExpired = "Innloggingen har gått ut på tid. Logg inn på nytt.",
        },
        NotRegistered = new NotRegisteredText
        {
            Title = "Ikke registrert",
            Heading = "Du er logget inn, men vi fant deg ikke i Meldebok",
            Explanation = "Innloggingen virket, men ingen skole eller kommune har registrert deg i Meldebok. Du får tilgang når " +
                "skolen eller kommunen har lagt deg inn som foresatt eller ansatt.",
            WhatToDoHeading = "Hva kan du gjøre?",
            GuardianLead = "Er du foresatt?",
            Guardian = "Foresatte logger inn med ID-porten og blir registrert av skolen, som regel ut fra opplysningene skolen " +
                "har om eleven. Ta kontakt med skolekontoret eller kontaktlæreren, og be dem kontrollere at du er registrert " +
                "som foresatt for barnet ditt.",
            StaffLead = "Er du ansatt?",
            Staff = "Ansatte logger inn med Feide og blir registrert av skolen eller kommunen. Ta kontakt med skolekontoret, " +
                "nærmeste leder eller kommunens administrator for Meldebok, og be dem registrere deg som ansatt.",
            WrongAccount = "Logget du inn med feil bruker? Lukk nettleseren helt, åpne den igjen og logg inn på nytt.",
            BackHome = "Tilbake til forsiden",
        },
        Errors = new ErrorText
        {
            NotFoundHeading = "Fant ikke siden",
            NotFound = "Vi fant ingen side på denne adressen. Kanskje er adressen skrevet feil, eller siden er flyttet.",
            ForbiddenHeading = "Ingen tilgang",
            Forbidden = "Du har ikke tilgang til denne siden. Tror du at dette er feil, kan du ta kontakt med skolen eller " +
                "kommunens administrator for Meldebok.",
            UnauthorizedHeading = "Du må logge inn",
            Unauthorized = "Du må logge inn for å se denne siden.",
            BadRequestHeading = "Vi kunne ikke behandle forespørselen",
            BadRequest = "Noe i forespørselen var ugyldig eller har gått ut på tid. Gå tilbake, last inn siden på nytt og prøv igjen.",
            ServerErrorHeading = "Noe gikk galt",
            ServerError = "Det oppstod en feil hos oss, og det du prøvde å gjøre, ble kanskje ikke fullført. Prøv igjen om litt.",
            TraceIdLabel = "Sporings-ID:",
            TraceIdHelp = "Skjer feilen igjen, kan du oppgi sporings-ID-en når du kontakter skolen eller kommunen. Den hjelper oss " +
                "å finne feilen.",
            BackHome = "Gå til forsiden",
        },
    };
}
