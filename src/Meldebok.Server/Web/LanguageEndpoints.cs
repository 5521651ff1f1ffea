using Meldebok.Server.Web.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Meldebok.Server.Web;

internal static class LanguageEndpoints
{
    public static void MapLanguageChoice(this IEndpointRouteBuilder app)
    {
        // A form post from the page header; binding the form makes the endpoint check the antiforgery token.
        app.MapPost(WebPaths.Language, ChooseLanguage)
            .WithName("ChooseLanguage")
            .WithSummary("Stores the visitor's language for the web UI in a cookie and returns to the page they came from.")
            .ExcludeFromDescription()
            .AllowAnonymous();
    }

    private static Results<RedirectHttpResult, ValidationProblem> ChooseLanguage(
        [FromForm] string? language, [FromForm] string? returnUrl, HttpContext context, TimeProvider time)
    {
        if (UiText.Find(language) is not { } text)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["language"] = [$"Velg et av språkene {string.Join(", ", UiText.All.Select(t => t.LanguageCode))}."],
            });
        }

        context.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(WebUiSetup.FormatCulture, text.Culture)),
            new CookieOptions
            {
                Path = "/",
                Expires = time.GetUtcNow().AddYears(1),
                HttpOnly = true,
                Secure = context.Request.IsHttps,
                SameSite = SameSiteMode.Lax,
                // Remembers a choice the visitor made; needs no consent.
                IsEssential = true,
            });

        // Back to a page of this site only: anything else would make this an open redirect.
        return TypedResults.LocalRedirect(RedirectHttpResult.IsLocalUrl(returnUrl) ? returnUrl! : WebPaths.Home);
    }
}
