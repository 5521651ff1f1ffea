using Meldebok.Server.Features.Demo;

namespace Meldebok.Server.Features.Home;

internal static class HomeEndpoints
{
    public static void MapHome(this IEndpointRouteBuilder app)
    {
        // The demo sign-ins are listed in Development only, never in any other environment.
        app.MapGet("/", async (HttpContext context, IHostEnvironment environment) => TypedResults.Content(
                $$"""
                <!DOCTYPE html>
                <html lang="nb">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Meldebok</title></head>
                <body>
                <main>
                <h1>Meldebok</h1>
                <p>Digital meldebok mellom hjem og skole/SFO.</p>
                <ul>
                <li><a href="/api/docs">API-dokumentasjon</a></li>
                <li><a href="/health/ready">Driftsstatus</a></li>
                </ul>
                {{(environment.IsDevelopment() ? await DemoSignIns.HomePageSectionAsync(context.RequestServices, context.RequestAborted) : "")}}
                </main>
                </body>
                </html>
                """, "text/html; charset=utf-8"))
            .ExcludeFromDescription()
            .AllowAnonymous();
    }
}
