using System.Security.Claims;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;

namespace Meldebok.Server.Infrastructure.Auth;

/// <summary>What the roster says an account is, right now.</summary>
/// <param name="GuardianIds">Active guardian records matching the account's national identity number (one per municipality).</param>
/// <param name="StaffId">The active staff record matching the account's Feide id.</param>
/// <param name="AdministratorId">The active administrator record matching the account's Feide id or e-mail.</param>
/// <param name="MunicipalityId">The municipality the account works in (staff or administrator).</param>
/// <param name="IsPlatformOperator">Set on the account by the operator.</param>
/// <param name="PortfolioBoardMemberId">The active portfolio-board member record matching the account's Feide id or e-mail.</param>
internal sealed record RosterRoles(
    IReadOnlyList<Guid> GuardianIds, Guid? StaffId, Guid? AdministratorId, Guid? MunicipalityId, bool IsPlatformOperator, Guid? PortfolioBoardMemberId = null)
{
    public bool IsRegistered => GuardianIds.Count > 0 || StaffId is not null || AdministratorId is not null || PortfolioBoardMemberId is not null || IsPlatformOperator;
}

/// <summary>
/// An access token's entry as the API's token validation reads it with the roster (<c>TokenEntryValidation</c>): its status,
/// dates and type, and the status of the authorization it was issued under (null when it has none).
/// </summary>
internal sealed record TokenEntry(string? Status, DateTime? CreationDate, DateTime? ExpirationDate, string? Type, string? AuthorizationId, string? AuthorizationStatus);

/// <summary>
/// Derives an account's roles from the roster: access follows the roster, not the token. Scoped: the token validation, the
/// claims transformation and the feature services of one request share one look-up.
/// </summary>
internal sealed class RosterRoleResolver(MeldebokDbContext db)
{
    private (Guid AccountId, RosterRoles? Roles)? resolved;

    public async Task<RosterRoles?> ResolveAsync(Guid accountId, CancellationToken ct)
    {
        if (resolved is { } earlier && earlier.AccountId == accountId)
        {
            return earlier.Roles;
        }

        var (roles, _) = await LookUpAsync(accountId, tokenId: null, ct);
        resolved = (accountId, roles);
        return roles;
    }

    /// <summary>
    /// The entry of the account's access token <paramref name="tokenId"/>, read in the statement that reads the account's
    /// roles, which the rest of the request then shares: an API request costs one round trip for both. Null when the account
    /// is not found (the token is then for the caller to look up alone).
    /// </summary>
    public async Task<TokenEntry?> ResolveWithTokenAsync(Guid accountId, string tokenId, CancellationToken ct)
    {
        var (roles, token) = await LookUpAsync(accountId, tokenId, ct);
        resolved = (accountId, roles);
        return token;
    }

    /// <summary>The account with its guardian, staff and administrator records, in one round trip (every request makes it).</summary>
    private async Task<(RosterRoles? Roles, TokenEntry? Token)> LookUpAsync(Guid accountId, string? tokenId, CancellationToken ct)
    {
        if (await AccountRecords(db, accountId, tokenId, ct) is not { } account)
        {
            return (null, null);
        }

        return (new RosterRoles(
            account.GuardianIds, account.StaffId, account.Administrator?.Id,
            account.Administrator?.MunicipalityId ?? account.StaffMunicipalityId ?? account.Board?.MunicipalityId, account.IsPlatformOperator, account.Board?.Id),
            account.Token);
    }

    private sealed record AccountRecordRow(
        bool IsPlatformOperator, List<Guid> GuardianIds, Guid? StaffId, Guid? StaffMunicipalityId, RecordRef? Administrator, RecordRef? Board, TokenEntry? Token);

    private sealed record RecordRef(Guid Id, Guid MunicipalityId);

    // Compiled once: every request runs it, and building and translating the LINQ tree on each run cost more of the
    // server's time and allocations than the query itself. The staff record is two scalar look-ups through the unique
    // Feide index: a projected FirstOrDefault of an object joined on a plain equality is translated to a window over the whole
    // staff table (a scan and a sort per request). The administrator and board look-ups, whose conditions are not a plain
    // equality, are translated to a LATERAL join with LIMIT 1 and stay objects. The token's entry is one more such join by
    // its primary key, and none when there is no token (a signed-in page).
    private static readonly Func<MeldebokDbContext, Guid, string?, CancellationToken, Task<AccountRecordRow?>> AccountRecords =
        EF.CompileAsyncQuery((MeldebokDbContext db, Guid accountId, string? tokenId, CancellationToken ct) => db.Users.AsNoTracking()
            .Where(u => u.Id == accountId)
            .Select(u => new AccountRecordRow(
                u.IsPlatformOperator,
                db.Guardians
                    .Where(g => u.NationalIdentityNumber != null && g.NationalIdentityNumber == u.NationalIdentityNumber && g.IsActive)
                    .Select(g => g.Id)
                    .ToList(),
                db.Staff
                    .Where(s => u.FeideId != null && s.FeideId == u.FeideId && s.IsActive)
                    .Select(s => (Guid?)s.Id)
                    .FirstOrDefault(),
                db.Staff
                    .Where(s => u.FeideId != null && s.FeideId == u.FeideId && s.IsActive)
                    .Select(s => (Guid?)s.MunicipalityId)
                    .FirstOrDefault(),
                db.MunicipalityAdministrators
                    .Where(a => a.IsActive && ((u.FeideId != null && a.FeideId == u.FeideId) || (u.EmailConfirmed && u.Email != null && a.Email == u.Email)))
                    .OrderBy(a => a.Id)
                    .Select(a => new RecordRef(a.Id, a.MunicipalityId))
                    .FirstOrDefault(),
                db.PortfolioBoardMembers
                    .Where(a => a.IsActive && ((u.FeideId != null && a.FeideId == u.FeideId) || (u.EmailConfirmed && u.Email != null && a.Email == u.Email)))
                    .OrderBy(a => a.Id)
                    .Select(a => new RecordRef(a.Id, a.MunicipalityId))
                    .FirstOrDefault(),
                db.Set<OpenIddictEntityFrameworkCoreToken>()
                    .Where(t => tokenId != null && t.Id == tokenId)
                    .Select(t => new TokenEntry(t.Status, t.CreationDate, t.ExpirationDate, t.Type, t.Authorization!.Id, t.Authorization.Status))
                    .FirstOrDefault()))
            .SingleOrDefault());
}

/// <summary>
/// Adds role and municipality claims to a signed-in person's principal from the roster, once per
/// request. Tokens and cookies carry only who the person is, so a blocked guardian or a deactivated
/// administrator loses access with the next request, not when a token expires.
/// </summary>
internal sealed class RosterClaimsTransformation(RosterRoleResolver resolver, IHttpContextAccessor http) : IClaimsTransformation
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.HasClaim(c => c.Type == MeldebokClaims.RolesDerived)
            || principal.IsInRole(Roles.Integration)
            || !Guid.TryParse(principal.FindFirstValue(MeldebokClaims.Subject), out var accountId))
        {
            return principal;
        }

        var ct = http.HttpContext?.RequestAborted ?? CancellationToken.None;
        var roles = await resolver.ResolveAsync(accountId, ct);
        var claims = new List<Claim> { new(MeldebokClaims.RolesDerived, "true") };
        if (roles is not null)
        {
            if (roles.GuardianIds.Count > 0) claims.Add(new Claim(MeldebokClaims.Role, Roles.Guardian));
            if (roles.StaffId is not null) claims.Add(new Claim(MeldebokClaims.Role, Roles.Staff));
            if (roles.AdministratorId is not null) claims.Add(new Claim(MeldebokClaims.Role, Roles.MunicipalityAdmin));
            if (roles.PortfolioBoardMemberId is not null) claims.Add(new Claim(MeldebokClaims.Role, Roles.PortfolioBoard));
            if (roles.IsPlatformOperator) claims.Add(new Claim(MeldebokClaims.Role, Roles.PlatformOperator));
            if (roles.MunicipalityId is { } municipality) claims.Add(new Claim(MeldebokClaims.Municipality, municipality.ToString()));
        }

        var derived = principal.Clone();
        derived.AddIdentity(new ClaimsIdentity(claims, "roster", MeldebokClaims.Name, MeldebokClaims.Role));
        return derived;
    }
}
