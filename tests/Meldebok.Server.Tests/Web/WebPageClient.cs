using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Meldebok.Server.Tests.Web;

/// <summary>Talks to the web UI the way a browser does: asks for HTML, keeps cookies, does not follow redirects.</summary>
internal static partial class WebPageClient
{
    public static HttpClient BrowserLikeClient(this MeldebokApp app, TestUser? user = null)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = user.Header();
        }

        return client;
    }

    /// <summary>GETs an HTML page and returns its status and markup.</summary>
    public static async Task<(int Status, string Html)> GetPageAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Opens the page, then posts its form (by its handler name) with the fields and the page's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string path, string handler, Dictionary<string, string> fields)
    {
        var (_, html) = await client.GetPageAsync(path);
        fields["_handler"] = handler;
        fields["__RequestVerificationToken"] = AntiforgeryToken(html);
        return await client.PostAsync(path, new FormUrlEncodedContent(fields), TestContext.Current.CancellationToken);
    }

    /// <summary>The antiforgery token of the first form on the page.</summary>
    public static string AntiforgeryToken(string html) =>
        AntiforgeryField().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("The page has no antiforgery token.");

    /// <summary>The markup of the main menu.</summary>
    public static string MainMenu(string html) => MainMenuElement().Match(html).Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("<nav[^>]*aria-label=\"Hovedmeny\".*?</nav>", RegexOptions.Singleline)]
    private static partial Regex MainMenuElement();
}
