using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Meldebok.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Meldebok.Testing;

/// <summary>Who a test acts as: the same claims a real sign-in gives.</summary>
public sealed record TestUser(Guid PersonId, Guid? MunicipalityId, params string[] Roles)
{
    /// <summary>Set to act as a real account: roles are then derived from the roster, as in production.</summary>
    public Guid? AccountId { get; init; }

    /// <summary>Acts as the account <paramref name="accountId"/>; what it may do comes from the roster.</summary>
    public static TestUser Account(Guid accountId) => new(accountId, null) { AccountId = accountId };
    /// <summary>How the session was signed in (<c>idporten</c>, <c>feide</c>, <c>local</c>), carried as a real token carries it; none when null.</summary>
    public string? SignInMethod { get; init; }

    /// <summary>The person's display name, carried in the standard name claim; none when null.</summary>
    public string? Name { get; init; }

    public static TestUser MunicipalityAdmin(Guid municipalityId) => new(Guid.NewGuid(), municipalityId, Server.Infrastructure.Auth.Roles.MunicipalityAdmin);
    public static TestUser PlatformOperator() => new(Guid.NewGuid(), null, Server.Infrastructure.Auth.Roles.PlatformOperator);
    public static TestUser Guardian(Guid municipalityId, Guid guardianId) => new(guardianId, municipalityId, Server.Infrastructure.Auth.Roles.Guardian);
    public static TestUser Staff(Guid municipalityId, Guid staffId) => new(staffId, municipalityId, Server.Infrastructure.Auth.Roles.Staff);

    internal string Encode() => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(this));

    internal static TestUser? Decode(string value)
    {
        try
        {
            return JsonSerializer.Deserialize<TestUser>(Convert.FromBase64String(value));
        }
        catch (FormatException)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public AuthenticationHeaderValue Header() => new(TestAuthHandler.SchemeName, Encode());
}

/// <summary>Clients of a test host that act as a <see cref="TestUser"/>.</summary>
public static class TestClients
{
    /// <summary>A client of <paramref name="host"/> (the class's <see cref="MeldebokApp"/> or a variant of it) acting as <paramref name="user"/>, or anonymous when null.</summary>
    public static HttpClient ClientFor(this WebApplicationFactory<Program> host, TestUser? user)
    {
        var client = host.CreateClient();
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = user.Header();
        }

        return client;
    }
}

/// <summary>
/// The tests' sign-in: an <c>Authorization: Test &lt;base64 JSON&gt;</c> header carrying a
/// <see cref="TestUser"/>. Registered only in the test host; challenges and forbids fall through to
/// the product's own handler so that tests see the product's 401 and 403 answers.
/// </summary>
internal sealed class TestAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(SchemeName + " ", StringComparison.Ordinal))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (TestUser.Decode(header[(SchemeName.Length + 1)..]) is not { } user)
        {
            return Task.FromResult(AuthenticateResult.Fail("Malformed test identity"));
        }

        var claims = new List<Claim> { new(MeldebokClaims.Person, user.PersonId.ToString()) };
        if (user.AccountId is { } account)
        {
            claims.Add(new Claim(MeldebokClaims.Subject, account.ToString()));
        }

        if (user.Name is { } name)
        {
            claims.Add(new Claim(MeldebokClaims.Name, name));
        }

        if (user.SignInMethod is { } method)
        {
            claims.Add(new Claim(MeldebokClaims.SignInMethod, method));
        }

        if (user.MunicipalityId is { } municipality)
        {
            claims.Add(new Claim(MeldebokClaims.Municipality, municipality.ToString()));
        }

        claims.AddRange(user.Roles.Select(role => new Claim(MeldebokClaims.Role, role)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, MeldebokClaims.Name, MeldebokClaims.Role));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}

