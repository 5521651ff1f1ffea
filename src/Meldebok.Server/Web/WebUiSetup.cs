using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Meldebok.Server.Web.Components;
using Meldebok.Server.Web.Text;
using Microsoft.AspNetCore.Localization;

namespace Meldebok.Server.Web;

/// <summary>Settings of the web UI (section <c>Web</c>).</summary>
internal sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>Where users report accessibility problems; shown in the accessibility statement.</summary>
    [Required]
    [EmailAddress]
    public string AccessibilityContactEmail { get; set; } = "postmottak@kommune.example";

    /// <summary>The address people open Meldebok at; e-mail notifications link to it.</summary>
    [Required(ErrorMessage = "Web:PublicBaseUrl må settes.")]
    [Url(ErrorMessage = "Web:PublicBaseUrl må være en absolutt http- eller https-adresse.")]
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";
}

/// <summary>
/// The server-rendered Blazor web UI: pages, layout, language choice and HTML error pages for
/// everything that is not the API.
/// </summary>
internal static class WebUiSetup
{
    /// <summary>Formats (dates, numbers) always follow the municipality's culture, whatever the language.</summary>
    public static readonly CultureInfo FormatCulture = CultureInfo.GetCultureInfo("nb-NO");

    public static void AddMeldebokWebUi(this IServiceCollection services)
    {
        services.AddOptions<WebOptions>()
            .BindConfiguration(WebOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddRazorComponents();
        // Write Norwegian letters as they are, not as character references (markup is still encoded).
        services.AddWebEncoders(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddCascadingAuthenticationState();
        services.AddScoped<StaffMenu>();
        services.AddTransient(_ => UiText.For(CultureInfo.CurrentUICulture));

        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(FormatCulture, UiText.Bokmal.Culture);
            options.SupportedCultures = [FormatCulture];
            options.SupportedUICultures = [.. UiText.All.Select(text => text.Culture)];
            // Only the visitor's own choice counts: Norwegian is the default even for browsers set to English.
            options.RequestCultureProviders = [new CookieRequestCultureProvider()];
            options.ApplyCurrentCultureToResponseHeaders = true;
        });

        // IProblemDetailsService asks its writers in registration order and uses the first that accepts the
        // request; the HTML pages must be asked before the JSON writer that AddProblemDetails registers.
        services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, ErrorPageWriter>());
    }

    public static void MapMeldebokWebUi(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        // Each page states its own access: public pages carry [AllowAnonymous], the others a named policy.
        app.MapRazorComponents<App>();
        app.MapLanguageChoice();
        Features.Absence.AbsenceOverviewEndpoints.MapAbsenceOverviewDownload(app);
        Features.Benefits.BenefitEndpoints.MapBenefitDownloads(app);
        Features.Attachments.AttachmentEndpoints.MapAttachmentDownload(app);
        Features.ClassLists.ClassListEndpoints.MapClassListDownload(app);
        Features.ClassLists.ClassListEndpoints.MapSfoClassListDownload(app);
        Features.Consents.ConsentEndpoints.MapConsentEvidenceDownload(app);
    }
}
