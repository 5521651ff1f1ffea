using System.Security.Claims;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Infrastructure.Auth;

/// <summary>What the roster says an account is, right now.</summary>
/// <param name="GuardianIds">Active guardian records matching the account's national identity number (one per municipality).</param>
/// <param name="StaffId">The active staff record matching the account's Feide id.</param>
/// <param name="AdministratorId">The active administrator record matching the account's Feide id or e-mail.</param>
/// <param name="MunicipalityId">The municipality the account works in (staff or administrator).</param>
/// <param name="IsPlatformOperator">Set on the account by the operator.</param>
internal sealed record RosterRoles(
    IReadOnlyList<Guid> GuardianIds, Guid? StaffId, Guid? AdministratorId, Guid? MunicipalityId, bool IsPlatformOperator)
{
    public bool IsRegistered => GuardianIds.Count > 0 || StaffId is not null || AdministratorId is not null || IsPlatformOperator;
}

/// <summary>
/// Derives an account's roles from the roster: access follows the roster, not the token. Scoped: the claims
/// transformation and the feature services of one request share one look-up.
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

        var roles = await LookUpAsync(accountId, ct);
        resolved = (accountId, roles);
        return roles;
    }

    private async Task<RosterRoles?> LookUpAsync(Guid accountId, CancellationToken ct)
    {
        var account = await db.Users.AsNoTracking()
            .Where(u => u.Id == accountId)
            .Select(u => new { u.NationalIdentityNumber, u.FeideId, u.Email, u.EmailConfirmed, u.IsPlatformOperator, u.LockoutEnd })
            .SingleOrDefaultAsync(ct);
        if (account is null)
        {
            return null;
        }

        var guardianIds = account.NationalIdentityNumber is null
            ? []
            : await db.Guardians.AsNoTracking()
                .Where(g => g.NationalIdentityNumber == account.NationalIdentityNumber && g.IsActive)
                .Select(g => g.Id)
                .ToListAsync(ct);

        var staff = account.FeideId is null
            ? null
            : await db.Staff.AsNoTracking()
                .Where(s => s.FeideId == account.FeideId && s.IsActive)
                .Select(s => new { s.Id, s.MunicipalityId })
                .FirstOrDefaultAsync(ct);

        var confirmedEmail = account.EmailConfirmed ? account.Email : null;
        var administrator = account.FeideId is null && confirmedEmail is null
            ? null
            : await db.MunicipalityAdministrators.AsNoTracking()
                .Where(a => a.IsActive && ((account.FeideId != null && a.FeideId == account.FeideId) || (confirmedEmail != null && a.Email == confirmedEmail)))
                .Select(a => new { a.Id, a.MunicipalityId })
                .FirstOrDefaultAsync(ct);

        return new RosterRoles(guardianIds, staff?.Id, administrator?.Id, administrator?.MunicipalityId ?? staff?.MunicipalityId, account.IsPlatformOperator);
    }
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
            if (roles.IsPlatformOperator) claims.Add(new Claim(MeldebokClaims.Role, Roles.PlatformOperator));
            if (roles.MunicipalityId is { } municipality) claims.Add(new Claim(MeldebokClaims.Municipality, municipality.ToString()));
        }

        var derived = principal.Clone();
        derived.AddIdentity(new ClaimsIdentity(claims, "roster", MeldebokClaims.Name, MeldebokClaims.Role));
        return derived;
    }
}
