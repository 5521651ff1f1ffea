using System.Security.Claims;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Validation;
using Meldebok.Server.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Client.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Meldebok.Server.Features.Identity.External;

/// <summary>
/// <c>GET /konto/ekstern/{provider}</c> sends the browser to ID-porten or Feide; the callback finds the person in the
/// roster (ID-porten: an active guardian by national identity number; Feide: active staff or administrator by Feide id),
/// finds or creates their account and signs them in with the Identity cookie. Nobody outside the roster gets an account.
/// </summary>
internal static partial class ExternalSignInEndpoints
{
    public static void MapExternalSignIn(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/konto/ekstern").AllowAnonymous().ExcludeFromDescription();
        group.MapGet("/{provider}", Challenge)
            .WithName("ExternalSignInChallenge")
            .WithSummary("Sender nettleseren til ID-porten eller Feide for innlogging.");
        group.MapMethods("/{provider}/callback", [HttpMethods.Get, HttpMethods.Post], CallbackAsync)
            .WithName("ExternalSignInCallback")
            .WithSummary("Tar imot svaret fra ID-porten eller Feide og logger personen inn.")
            .DisableAntiforgery();
    }

    private static Results<ChallengeHttpResult, NotFound> Challenge(string provider, string? returnUrl, EnabledExternalProviders enabled)
    {
        if (enabled.Find(provider) is not { } found)
        {
            return TypedResults.NotFound();
        }

        var properties = new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictClientAspNetCoreConstants.Properties.ProviderName] = found.Name,
        })
        {
            RedirectUri = RedirectHttpResult.IsLocalUrl(returnUrl) ? returnUrl : WebPaths.Home,
        };
        return TypedResults.Challenge(properties, [OpenIddictClientAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static async Task<Results<RedirectHttpResult, NotFound, ProblemHttpResult>> CallbackAsync(
        string provider,
        HttpContext http,
        EnabledExternalProviders enabled,
        MeldebokDbContext db,
        UserManager<MeldebokUser> users,
        SignInManager<MeldebokUser> signIn,
        TimeProvider time,
        UsageSignIns usage,
        ILoggerFactory loggers,
        CancellationToken ct)
    {
        if (enabled.Find(provider) is not { } found)
        {
            return TypedResults.NotFound();
        }

        var logger = loggers.CreateLogger(typeof(ExternalSignInEndpoints).FullName!);
        var result = await http.AuthenticateAsync(OpenIddictClientAspNetCoreDefaults.AuthenticationScheme);
        if (result.Principal is not { Identity.IsAuthenticated: true } principal)
        {
            LogRejected(logger, found.Name,
                result.Properties?.GetString(OpenIddictClientAspNetCoreConstants.Properties.Error) ?? result.Failure?.Message ?? "no result",
                result.Properties?.GetString(OpenIddictClientAspNetCoreConstants.Properties.ErrorDescription));
            return Rejected();
        }

        if (principal.FindFirst(Claims.Private.ProviderName)?.Value is { } answeredBy && answeredBy != found.Name)
        {
            LogRejected(logger, found.Name, "wrong_provider", $"the answer came from {answeredBy}");
            return Rejected();
        }

        var identifier = principal.FindFirst(found.IdentifierClaim)?.Value?.Trim();
        if (string.IsNullOrEmpty(identifier))
        {
            LogRejected(logger, found.Name, "missing_identifier", $"no {found.IdentifierClaim} claim");
            return Rejected();
        }

        var person = found == ExternalProvider.IdPorten
            ? await FindGuardianAsync(db, identifier, ct)
            : await FindStaffOrAdministratorAsync(db, FeideIdentifiers.Normalise(identifier)!, ct);
        if (person is null)
        {
            return TypedResults.Redirect($"{WebPaths.NotRegistered}?via={found.Name}");
        }

        var account = await FindOrCreateAccountAsync(db, users, found, person, time.GetUtcNow(), ct);
        if (account is null || await users.IsLockedOutAsync(account))
        {
            LogRejected(logger, found.Name, "account_unavailable", "the account could not be created or is locked out");
            return Rejected();
        }

        await signIn.SignInAsync(account, isPersistent: false, authenticationMethod: found.Name);
        await usage.AddAsync(account.Id, UsageSignIns.ChannelOfMethod(found.Name), ct);
        await db.SaveChangesAsync(ct);
        var returnUrl = result.Properties?.RedirectUri;
        return TypedResults.Redirect(RedirectHttpResult.IsLocalUrl(returnUrl) ? returnUrl! : WebPaths.Home);
    }

    /// <summary>The Norwegian error page (via <see cref="ErrorPageWriter"/>); the reason is in the log, not on the page.</summary>
    private static ProblemHttpResult Rejected() => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Innloggingen mislyktes",
        detail: "Vi kunne ikke bekrefte innloggingen. Prøv å logge inn på nytt.");

    /// <summary>Who the roster says the person is: the identifier the account is matched by and the name to show.</summary>
    private sealed record RosterPerson(string Identifier, string DisplayName);

    private static Task<RosterPerson?> FindGuardianAsync(MeldebokDbContext db, string nationalIdentityNumber, CancellationToken ct) =>
        db.Guardians.AsNoTracking()
            .Where(g => g.IsActive && g.NationalIdentityNumber == nationalIdentityNumber)
            .OrderByDescending(g => g.UpdatedAt).ThenBy(g => g.Id)
            .Select(g => new RosterPerson(g.NationalIdentityNumber, g.GivenName + " " + g.FamilyName))
            .FirstOrDefaultAsync(ct);

    private static async Task<RosterPerson?> FindStaffOrAdministratorAsync(MeldebokDbContext db, string feideId, CancellationToken ct) =>
        await db.Staff.AsNoTracking()
            .Where(s => s.IsActive && s.FeideId == feideId)
            .OrderByDescending(s => s.UpdatedAt).ThenBy(s => s.Id)
            .Select(s => new RosterPerson(feideId, s.GivenName + " " + s.FamilyName))
            .FirstOrDefaultAsync(ct)
        ?? await MunicipalPersonAsync(db.MunicipalityAdministrators, feideId, ct)
        // The portfolio board signs in with Feide as administrators do.
        ?? await MunicipalPersonAsync(db.PortfolioBoardMembers, feideId, ct);

    private static Task<RosterPerson?> MunicipalPersonAsync<T>(IQueryable<T> people, string feideId, CancellationToken ct) where T : MunicipalPerson =>
        people.AsNoTracking()
            .Where(a => a.IsActive && a.FeideId == feideId)
            .OrderByDescending(a => a.UpdatedAt).ThenBy(a => a.Id)
            .Select(a => new RosterPerson(feideId, a.GivenName + " " + a.FamilyName))
            .FirstOrDefaultAsync(ct);

    private static async Task<MeldebokUser?> FindOrCreateAccountAsync(
        MeldebokDbContext db, UserManager<MeldebokUser> users, ExternalProvider provider, RosterPerson person, DateTimeOffset now, CancellationToken ct)
    {
        var byNationalIdentityNumber = provider == ExternalProvider.IdPorten;
        var account = byNationalIdentityNumber
            ? await db.Users.FirstOrDefaultAsync(u => u.NationalIdentityNumber == person.Identifier, ct)
            : await db.Users.FirstOrDefaultAsync(u => u.FeideId == person.Identifier, ct);
        if (account is null)
        {
            account = new MeldebokUser
            {
                UserName = $"{provider.Name}-{person.Identifier}",
                DisplayName = person.DisplayName,
                NationalIdentityNumber = byNationalIdentityNumber ? person.Identifier : null,
                FeideId = byNationalIdentityNumber ? null : person.Identifier,
                CreatedAt = now,
                LastSignInAt = now,
            };
            return (await users.CreateAsync(account)).Succeeded ? account : null;
        }

        account.DisplayName = person.DisplayName;
        account.LastSignInAt = now;
        return (await users.UpdateAsync(account)).Succeeded ? account : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in through {Provider} was rejected: {Error} {Description}")]
    private static partial void LogRejected(ILogger logger, string provider, string error, string? description);
}
