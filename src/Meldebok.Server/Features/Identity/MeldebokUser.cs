using Microsoft.AspNetCore.Identity;

namespace Meldebok.Server.Features.Identity;

/// <summary>
/// A sign-in account. It says who a person is, not what they may see: roles and reach are derived
/// on every request from the roster (guardian by national identity number, staff and administrators
/// by Feide id or e-mail), so a link that is blocked or ended takes effect at once.
/// </summary>
internal sealed class MeldebokUser : IdentityUser<Guid>
{
    public MeldebokUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString();
    }

    public required string DisplayName { get; set; }

    /// <summary>The national identity number ID-porten vouches for; matches guardians.</summary>
    public string? NationalIdentityNumber { get; set; }

    /// <summary>The Feide user id (eduPersonPrincipalName); matches staff and administrators.</summary>
    public string? FeideId { get; set; }

    /// <summary>The platform operator creates municipalities; not a role any roster record gives.</summary>
    public bool IsPlatformOperator { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastSignInAt { get; set; }
}
