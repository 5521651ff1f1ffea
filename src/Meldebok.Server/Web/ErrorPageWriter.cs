using System.Globalization;
using Meldebok.Server.Web.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Meldebok.Server.Web;

/// <summary>
/// Answers the errors of pages (not of the API) with a friendly HTML page instead of ProblemDetails JSON:
/// the 404 for an unknown address, the 500 of an exception, 401 and 403. Everything that writes
/// ProblemDetails (the exception handler, status code pages, the sign-in handlers) comes through here,
/// so a page error never reaches a person as JSON.
/// </summary>
internal sealed class ErrorPageWriter(IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    private const string BlazorEnhancedNavigationHeader = "blazor-enhanced-nav";
    private static readonly MediaTypeHeaderValue Html = new("text/html");

    public bool CanWrite(ProblemDetailsContext context)
    {
        var request = context.HttpContext.Request;
        if (!WebPaths.IsPage(request.Path))
        {
            return false;
        }

        var accept = request.GetTypedHeaders().Accept;
        return accept.Count == 0 || accept.Any(Html.IsSubsetOf);
    }

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var httpContext = context.HttpContext;
        // The same customisation as the JSON answers, so that the page shows the trace id the logs know.
        options.Value.CustomizeProblemDetails?.Invoke(context);
        var status = context.ProblemDetails.Status ?? httpContext.Response.StatusCode;
        var traceId = context.ProblemDetails.Extensions.TryGetValue("traceId", out var value) && value is string id
            ? id
            : httpContext.TraceIdentifier;

        // Middleware that runs outside the localization middleware does not see the culture it set.
        if (httpContext.Features.Get<IRequestCultureFeature>()?.RequestCulture is { } culture)
        {
            CultureInfo.CurrentCulture = culture.Culture;
            CultureInfo.CurrentUICulture = culture.UICulture;
        }

        // A page that changes the status while rendering (NavigationManager.NotFound(), the 403 and 404 pages)
        // leaves the body to the status code pages, but has already marked the response for enhanced
        // navigation; the error page marks it again.
        httpContext.Response.Headers.Remove(BlazorEnhancedNavigationHeader);

        // A fresh scope, as the exception handler gives its error path: the renderer of a page that failed
        // part-way must not be reused.
        var requestServices = httpContext.RequestServices;
        await using var scope = requestServices.CreateAsyncScope();
        httpContext.RequestServices = scope.ServiceProvider;
        try
        {
            var page = new RazorComponentResult<App>(new { Error = new ErrorDetails(status, traceId) }) { StatusCode = status };
            await page.ExecuteAsync(httpContext);
        }
        finally
        {
            httpContext.RequestServices = requestServices;
        }
    }
}

/// <summary>What an error page shows: the status and the trace id to quote when reporting it.</summary>
public sealed record ErrorDetails(int Status, string? TraceId);
