using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.Primitives;

namespace Meldebok.IdentityStandIn;

/// <summary>The HTML a person sees, in Norwegian bokmål: login, error, logged-out and the form_post hand-over page.</summary>
internal static class StandInPages
{
    // Keeps æ, ø and å readable in the markup; encodes only what HTML needs encoded.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private const string Styles = """
        body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 1.125rem;
               line-height: 1.5; color: #1b1b1b; background: #ffffff; }
        main { max-width: 40rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
        h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 1rem; }
        h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; }
        .notice { background: #fff4d6; border-left: .25rem solid #7a4f00; padding: .75rem 1rem; }
        .users { list-style: none; margin: 0; padding: 0; }
        .users li { margin: 0 0 .75rem; }
        button { font: inherit; width: 100%; min-height: 3rem; padding: .75rem 1rem; border: 2px solid #0a4f94;
                 border-radius: .375rem; background: #0a4f94; color: #ffffff; text-align: left; cursor: pointer; }
        button.secondary { background: #ffffff; color: #0a4f94; text-align: center; margin-top: 2rem; }
        .identifier { display: block; font-size: 1rem; }
        label { display: block; font-weight: 600; }
        input { font: inherit; box-sizing: border-box; width: 100%; min-height: 3rem; margin: .25rem 0 1rem;
                padding: .5rem .75rem; border: 2px solid #4d4d4d; border-radius: .375rem; }
        .hint { color: #4d4d4d; margin: .25rem 0 0; }
        .error { color: #a4000f; font-weight: 600; margin: .25rem 0 0; }
        input[aria-invalid="true"] { border-color: #a4000f; }
        :focus-visible { outline: 3px solid #b35c00; outline-offset: 3px; }
        """;

    public static string Login(StandInOptions options, string clientId, IReadOnlyList<KeyValuePair<string, StringValues>> request, string? typed)
    {
        var idPorten = options.Kind == IdentityProviderKind.IdPorten;
        var provider = ProviderName(options.Kind);
        var hidden = HiddenFields(request);
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"""
            <h1>Logg inn med {provider}</h1>
            <p class="notice">Dette er en lokal testinnlogging som etterligner {provider}. Den brukes bare under utvikling og testing, og ingen ekte personer logger inn her.</p>
            <p>Tjenesten «{E(clientId)}» ber deg logge inn.</p>
            <section aria-labelledby="listed-heading">
            <h2 id="listed-heading">{(idPorten ? "Velg en testperson" : "Velg en testbruker")}</h2>
            """);
        if (options.Users.Count == 0)
        {
            body.Append("<p>Ingen testpersoner er satt opp. Skriv inn en nedenfor.</p>\n");
        }
        else
        {
            body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"authorize\">\n{hidden}<ul class=\"users\">\n");
            foreach (var user in options.Users)
            {
                var detail = idPorten ? $"fødselsnummer {user.Identifier}" : user.Identifier;
                body.Append(CultureInfo.InvariantCulture, $"""
                    <li><button type="submit" name="{StandInEndpoints.SelectedUserField}" value="{E(user.Identifier)}">Logg inn som {E(user.Name)}<span class="identifier">{E(detail)}</span></button></li>

                    """);
            }

            body.Append("</ul>\n</form>\n");
        }

        var (heading, label, hint, error) = idPorten
            ? ("Eller skriv inn et fødselsnummer", "Fødselsnummer (11 siffer)",
                "Syntetiske testnummer godtas, og personen trenger ikke stå i listen.", "Skriv inn et fødselsnummer med nøyaktig 11 siffer.")
            : ("Eller skriv inn et Feide-brukernavn", "Feide-brukernavn",
                "For eksempel kari.nordmann@trondheim.kommune.no. Brukeren trenger ikke stå i listen.", "Skriv inn et Feide-brukernavn på formen navn@organisasjon.");
        var invalid = typed is not null;
        body.Append(CultureInfo.InvariantCulture, $"""
            </section>
            <section aria-labelledby="typed-heading">
            <h2 id="typed-heading">{heading}</h2>
            <form method="post" action="authorize">
            {hidden}<label for="typed-user">{label}</label>
            <p id="typed-user-hint" class="hint">{E(hint)}</p>
            {(invalid ? $"<p id=\"typed-user-error\" class=\"error\" role=\"alert\">{error}</p>\n" : "")}<input id="typed-user" name="{StandInEndpoints.SelectedUserField}" type="text" required autocomplete="off" spellcheck="false"{(idPorten ? " inputmode=\"numeric\"" : " inputmode=\"email\"")} aria-describedby="typed-user-hint{(invalid ? " typed-user-error" : "")}"{(invalid ? $" aria-invalid=\"true\" value=\"{E(typed!)}\"" : "")}>
            <button type="submit">Logg inn</button>
            </form>
            </section>
            <form method="post" action="authorize">
            {hidden}<button type="submit" class="secondary" name="{StandInEndpoints.CancelField}" value="1">Avbryt innloggingen</button>
            </form>
            """);
        return Page($"Logg inn – {provider} (test)", body.ToString());
    }

    public static string Error(IdentityProviderKind kind, ErrorPageReason reason)
    {
        var message = reason switch
        {
            ErrorPageReason.UnknownClient => "Tjenesten som sendte deg hit, er ikke registrert hos innloggingen.",
            ErrorPageReason.UnregisteredRedirectUri => "Adressen tjenesten ba om å bli sendt tilbake til, er ikke registrert for tjenesten. Av sikkerhetshensyn sender vi deg ikke dit.",
            ErrorPageReason.UnknownIdTokenHint => "Utloggingen viste til en innlogging vi ikke kjenner igjen.",
            _ => "Adressen tjenesten ba om å bli sendt til etter utlogging, er ikke registrert for tjenesten.",
        };
        return Page($"Feil – {ProviderName(kind)} (test)", $"""
            <h1>Vi kan ikke fullføre forespørselen</h1>
            <p>{message}</p>
            <p>Gå tilbake til tjenesten og prøv igjen. Dette er en lokal testinnlogging som etterligner {ProviderName(kind)}.</p>
            """);
    }

    public static string LoggedOut(IdentityProviderKind kind) => Page($"Logget ut – {ProviderName(kind)} (test)", """
        <h1>Du er logget ut</h1>
        <p>Du kan lukke dette vinduet.</p>
        """);

    /// <summary>OAuth 2.0 Form Post Response Mode: the browser posts the answer to the client at once.</summary>
    public static string FormPost(string redirectUri, IEnumerable<(string Name, string Value)> fields)
    {
        var inputs = string.Concat(fields.Select(f => $"<input type=\"hidden\" name=\"{E(f.Name)}\" value=\"{E(f.Value)}\">\n"));
        return Page("Sender deg tilbake", $"""
            <h1>Sender deg tilbake til tjenesten</h1>
            <form method="post" action="{E(redirectUri)}">
            {inputs}<noscript><p>Nettleseren din kjører ikke skript. Trykk på knappen for å fortsette.</p></noscript>
            <button type="submit">Fortsett</button>
            </form>
            <script>document.forms[0].submit();</script>
            """);
    }

    private static string ProviderName(IdentityProviderKind kind) => kind == IdentityProviderKind.IdPorten ? "ID-porten" : "Feide";

    private static string HiddenFields(IEnumerable<KeyValuePair<string, StringValues>> request) => string.Concat(
        request.SelectMany(p => p.Value.Select(v => $"<input type=\"hidden\" name=\"{E(p.Key)}\" value=\"{E(v ?? "")}\">\n")));

    private static string E(string value) => Html.Encode(value);

    private static string Page(string title, string body) => $"""
        <!DOCTYPE html>
        <html lang="nb">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>{E(title)}</title>
        <style>
        {Styles}
        </style>
        </head>
        <body>
        <main>
        {body}
        </main>
        </body>
        </html>
        """;
}
