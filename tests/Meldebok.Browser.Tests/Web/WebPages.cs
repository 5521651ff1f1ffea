using Meldebok.Browser.Tests.Infrastructure;

namespace Meldebok.Browser.Tests.Web;

/// <summary>Every page of the web UI with the status it answers with; a new page is added here to be tested.</summary>
public static class WebPages
{
    private static readonly (string Path, int Status)[] All =
    [
        ("/", 200),
        ("/tilgjengelighet", 200),
        ("/konto/logg-inn", 200),
        // Opened without a password first it says the sign-in has expired; Identity/SignInBrowserTests scans the real step.
        ("/konto/logg-inn/totp", 200),
        ("/konto/ikke-registrert", 200),
        ("/konto/ikke-registrert?via=idporten", 200),
        ("/konto/ikke-registrert?via=feide", 200),
        ("/konto/ingen-tilgang", 403),
        ("/feil/ikke-funnet", 404),
        ("/finnes-ikke", 404),
        (FaultPaths.Page, 500),
    ];

    /// <summary>Stands in a path for the id of the world's class 5A (the scan puts it in).</summary>
    public const string ClassId = "{klasse}";

    /// <summary>Pages for signed-in people, with the role that opens them (guardian, staff = contact teacher, office, principal; scanned by Absence/AbsencePageTests).</summary>
    public static readonly (string Path, string Role)[] SignedIn =
    [
        ("/fravaer", "guardian"),
        ("/fravaer/meld", "guardian"),
        ("/ansatt/fravaer", "staff"),
        ("/ansatt/fravaer/logg", "staff"),
        ("/permisjon", "guardian"),
        ("/ansatt/permisjon", "principal"),
        ("/ansatt/permisjon", "office"),
        ("/ansatt/fravaersoversikt", "staff"),
        ("/ansatt/fravaersoversikt", "office"),
        ("/ansatt/bruksstatistikk", "principal"),
        ("/ansatt/bruksstatistikk", "office"),
        ("/ansatt/bruksstatistikk?intervall=month", "principal"),
        ("/ansatt/gevinster", "principal"),
        ("/ansatt/gevinster", "office"),
        // The benefit, editing and measure pages with ids are scanned for administrators by Benefits/BenefitEditingTests.
        ("/ansatt/gevinster/tiltak", "principal"),
        ("/ansatt/gevinster/tiltak", "office"),
        ("/meldinger", "guardian"),
        ("/meldinger", "staff"),
        ("/meldinger/ny", "guardian"),
        ("/ansatt/meldinger/ny", "staff"),
        ("/ansatt/meldinger/ny", "office"),
        // The status and edit pages of a scheduled notice (/ansatt/meldinger/beskjed/{id}, …/endre) need an id:
        // Messages/BulkEditBrowserTests scans them with axe on a phone and a desktop.
        ("/varsler", "guardian"),
        ("/varsler", "staff"),
        ("/samtykker", "guardian"),
        ("/henting", "guardian"),
        ("/ansatt/samtykker", "staff"),
        ("/ansatt/samtykker/ny", "staff"),
        ("/ansatt/samtykker/ny", "office"),
        ("/sfo", "guardian"),
        ("/sfo/tavle", "staff"),
        ("/sfo/tavle", "office"),
        ("/ansatt/overlevering", "staff"),
        ("/ansatt/overlevering", "office"),
        ("/klasseliste", "guardian"),
        ("/ansatt/klasselister", "staff"),
        ("/ansatt/klasselister", "office"),
        ($"/ansatt/klasselister/{ClassId}/utskrift", "staff"),
        ($"/ansatt/klasselister/{ClassId}/utskrift", "office"),
        // The rule form, the message history and the printable SFO list need ids: Sfo/PickupAndSfoClassListBrowserTests scans them.
        ("/ansatt/klasselister/sfo", "staff"),
        ("/ansatt/klasselister/sfo", "office"),
    ];

    /// <summary>Each signed-in page at each screen size: path, role, screen.</summary>
    public static TheoryData<string, string, Screen> SignedInAtEveryScreenSize()
    {
        var data = new TheoryData<string, string, Screen>();
        foreach (var (path, role) in SignedIn)
        {
            foreach (var screen in Enum.GetValues<Screen>())
            {
                data.Add(path, role, screen);
            }
        }

        return data;
    }

    /// <summary>Each page at each screen size: path, expected status, screen.</summary>
    public static TheoryData<string, int, Screen> AtEveryScreenSize()
    {
        var data = new TheoryData<string, int, Screen>();
        foreach (var (path, status) in All)
        {
            foreach (var screen in Enum.GetValues<Screen>())
            {
                data.Add(path, status, screen);
            }
        }

        return data;
    }
}
