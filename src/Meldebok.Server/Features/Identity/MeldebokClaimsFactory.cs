using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Features.Identity;

/// <summary>
/// The web UI's cookie identity: the account id and the display name (shown in the header), not
/// the user name. Roles are not stored in the cookie; they are derived from the roster per request.
/// </summary>
internal sealed class MeldebokClaimsFactory(UserManager<MeldebokUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<MeldebokUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(MeldebokUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (identity.FindFirst(identity.NameClaimType) is { } userName)
        {
            identity.RemoveClaim(userName);
        }

        identity.AddClaim(new Claim(identity.NameClaimType, user.DisplayName));
        return identity;
    }
}
