using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Roster;

/// <summary>A member of the portfolio board as the admin API shows them.</summary>
/// <param name="Id">The member's id.</param>
/// <param name="GivenName">Given name (fornavn).</param>
/// <param name="FamilyName">Family name (etternavn).</param>
/// <param name="Email">E-mail address; unique within the municipality; a local account with this confirmed address signs in as the member.</param>
/// <param name="FeideId">Feide identifier, in lower case.</param>
/// <param name="IsActive">False when the role has been taken away (deactivated).</param>
public sealed record PortfolioBoardMemberResponse(Guid Id, string GivenName, string FamilyName, string Email, string? FeideId, bool IsActive);

/// <summary>
/// The municipality's portfolio board (porteføljestyre), assigned by its administrators: who may read the whole municipality's
/// benefit plans, usage statistics and exports without changing anything. Every query is scoped to the caller's municipality.
/// </summary>
internal sealed class PortfolioBoardService(MeldebokDbContext db, TimeProvider time, ILogger<PortfolioBoardService> logger)
{
    private const string Kind = "et medlem av porteføljestyret";

    public Task<Paged<PortfolioBoardMemberResponse>> ListAsync(Guid municipalityId, AdministratorFilter filter, PageRequest page, CancellationToken ct) =>
        db.PortfolioBoardMembers.AsNoTracking().ListedIn(municipalityId, filter.IncludeInactive).Searched(filter.Search)
            .OrderBy(a => a.FamilyName).ThenBy(a => a.GivenName).ThenBy(a => a.Id).Select(a => ToResponse(a)).ToPageAsync(page, ct);

    public Task<PortfolioBoardMemberResponse?> GetAsync(Guid municipalityId, Guid id, CancellationToken ct) =>
        db.PortfolioBoardMembers.AsNoTracking().Where(a => a.MunicipalityId == municipalityId && a.Id == id).Select(a => ToResponse(a)).SingleOrDefaultAsync(ct);

    public async Task<PortfolioBoardMemberResponse> CreateAsync(Guid municipalityId, AdministratorRequest request, CancellationToken ct)
    {
        var member = new PortfolioBoardMember(municipalityId) { GivenName = "", FamilyName = "", Email = "" };
        await db.PortfolioBoardMembers.ApplyAsync(member, request, time.GetUtcNow(), Kind, ct);
        db.PortfolioBoardMembers.Add(member);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Added portfolio-board member {MemberId} in municipality {MunicipalityId}", member.Id, municipalityId);
        return ToResponse(member);
    }

    public async Task<PortfolioBoardMemberResponse?> UpdateAsync(Guid municipalityId, Guid id, AdministratorRequest request, CancellationToken ct)
    {
        if (await db.PortfolioBoardMembers.FindInMunicipalityAsync(municipalityId, id, ct) is not { } member)
        {
            return null;
        }

        await db.PortfolioBoardMembers.ApplyAsync(member, request, time.GetUtcNow(), Kind, ct);
        await db.SaveChangesAsync(ct);
        return ToResponse(member);
    }

    /// <summary>Takes the role away (or gives it back); the member's next request already has it or not.</summary>
    public async Task<PortfolioBoardMemberResponse?> SetActiveAsync(Guid municipalityId, Guid id, bool active, CancellationToken ct)
    {
        if (await db.PortfolioBoardMembers.FindInMunicipalityAsync(municipalityId, id, ct) is not { } member)
        {
            return null;
        }

        member.SetActive(active, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Portfolio-board member {MemberId} is now {State}", id, active ? "active" : "inactive");
        return ToResponse(member);
    }

    private static PortfolioBoardMemberResponse ToResponse(PortfolioBoardMember a) => new(a.Id, a.GivenName, a.FamilyName, a.Email, a.FeideId, a.IsActive);
}
