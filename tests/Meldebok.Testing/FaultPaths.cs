using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Meldebok.Testing;

/// <summary>
/// Addresses that throw in the test host, to test what a person (a page) and a program (the API) see of
/// an unexpected fault. Every <see cref="MeldebokApp"/> has them.
/// </summary>
public static class FaultPaths
{
    public const string Page = "/test/feil";
    public const string Api = "/api/v1/test/feil";

    /// <summary>Appends the failing middleware behind the product's whole pipeline, so that its exception
    /// handler and status code pages see the fault as they would see one from an endpoint.</summary>
    internal sealed class StartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((context, nextMiddleware) => context.Request.Path == Page || context.Request.Path == Api
                ? throw new InvalidOperationException("A fault the test host raises on purpose.")
                : nextMiddleware(context));
        };
    }
}
