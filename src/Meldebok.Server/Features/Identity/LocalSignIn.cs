using Meldebok.Server.Features.Usage;
using Meldebok.Server.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Meldebok.Server.Features.Identity;

/// <summary>
/// What the sign-in pages share: where a sign-in may return to, the links to the external
/// providers, recording the sign-in, and the sign-out endpoint.
/// </summary>
internal static class LocalSignIn
{
    public const string TotpPath = WebPaths.SignIn + "/totp";

    /// <summary>
    /// Where to go after signing in: <paramref name="returnUrl"/> when it is an address on this site,
    /// otherwise the front page (anything else would make the sign-in an open redirect).
    /// </summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        RedirectHttpResult.IsLocalUrl(returnUrl) ? returnUrl! : WebPaths.Home;

    /// <summary>The external sign-in with <paramref name="provider"/> (<c>idporten</c>, <c>feide</c>), returning to <paramref name="returnUrl"/>.</summary>
    public static string ExternalPath(string provider, string? returnUrl) =>
        $"/konto/ekstern/{provider}" + QueryString.Create("returnUrl", SafeReturnUrl(returnUrl));

    /// <summary>The second-factor page, keeping where the sign-in returns to.</summary>
    public static string TotpPathFor(string? returnUrl) => TotpPath + QueryString.Create("returnUrl", SafeReturnUrl(returnUrl));

    /// <summary>Notes when the account last signed in, and counts the sign-in in the usage statistics (saved together).</summary>
    public static async Task RecordSignInAsync(UserManager<MeldebokUser> users, UsageSignIns usage, MeldebokUser user, TimeProvider time)
    {
        await usage.AddAsync(user.Id, UsageChannels.Local, CancellationToken.None);
        user.LastSignInAt = time.GetUtcNow();
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Recording the sign-in failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    public static void MapSignOut(this IEndpointRouteBuilder app)
    {
        // Only a form post with the antiforgery token signs out: a link or an image elsewhere cannot.
        app.MapPost(WebPaths.SignOut, SignOutAsync)
            .WithName("SignOut")
            .WithSummary("Signs the person out of the web UI and returns to the front page.")
            .ExcludeFromDescription()
            .AllowAnonymous();
    }

    // Binding the form makes the endpoint answer 400 to a post without a valid antiforgery token.
    private static async Task<RedirectHttpResult> SignOutAsync(IFormCollection form, SignInManager<MeldebokUser> signIns)
    {
        await signIns.SignOutAsync();
        return TypedResults.LocalRedirect(WebPaths.Home);
    }
}
