using System.Net;
using System.Text.RegularExpressions;
using Meldebok.Server.Tests.Infrastructure;

namespace Meldebok.Server.Tests.Web;

/// <summary>Errors reach a person as a page in their language and a program as ProblemDetails JSON.</summary>
public sealed class ErrorPageTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    [Fact]
    public async Task Unknown_page_answers_404_with_the_not_found_page()
    {
        var (status, html) = await app.BrowserLikeClient().GetPageAsync("/elever/finnes-ikke");

        Assert.Equal(404, status);
        Assert.Contains("<h1>Fant ikke siden</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<title>Fant ikke siden – Meldebok</title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_api_path_answers_problem_details_even_when_the_client_accepts_html()
    {
        var response = await app.BrowserLikeClient().GetAsync("/api/v1/finnes-ikke", TestContext.Current.CancellationToken);

        var problem = await response.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("/api/v1/finnes-ikke", problem.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task Fault_on_a_page_answers_500_with_the_error_page_and_its_trace_id()
    {
        var (status, html) = await app.BrowserLikeClient().GetPageAsync(FaultPaths.Page);

        Assert.Equal(500, status);
        Assert.Contains("<h1>Noe gikk galt</h1>", html, StringComparison.Ordinal);
        Assert.Matches(new Regex("Sporings-ID: <code class=\"trace-id\">[^<]+</code>"), html);
        Assert.DoesNotContain("InvalidOperationException", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fault_on_an_api_path_answers_500_problem_details()
    {
        var response = await app.BrowserLikeClient().GetAsync(FaultPaths.Api, TestContext.Current.CancellationToken);

        var problem = await response.ProblemAsync(HttpStatusCode.InternalServerError);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task Error_page_follows_the_chosen_language()
    {
        var client = app.BrowserLikeClient();
        client.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c=nb-NO|uic=en");

        var (status, html) = await client.GetPageAsync("/finnes-ikke");

        Assert.Equal(404, status);
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Page not found</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Access_denied_page_answers_403()
    {
        var (status, html) = await app.BrowserLikeClient().GetPageAsync("/konto/ingen-tilgang");

        Assert.Equal(403, status);
        Assert.Contains("<h1>Ingen tilgang</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Not_found_page_answers_404_at_its_own_address()
    {
        var (status, html) = await app.BrowserLikeClient().GetPageAsync("/feil/ikke-funnet");

        Assert.Equal(404, status);
        Assert.Contains("<h1>Fant ikke siden</h1>", html, StringComparison.Ordinal);
    }
}
