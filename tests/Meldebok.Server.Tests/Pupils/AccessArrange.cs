using System.Net;
using Meldebok.Server.Features.Identity;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Roster;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Pupils;

/// <summary>
/// A school with two classes and an SFO group, a pupil in each class, a protected pupil in 5A and an
/// SFO pupil, each class pupil with a guardian. People act through real accounts, so their roles
/// and reach are derived from the roster as in production.
/// </summary>
internal sealed record AccessWorld(
    AdminSession Admin, Guid SchoolId, Guid ClassA, Guid ClassB, Guid SfoGroup,
    Guid PupilA, Guid PupilB, Guid ProtectedPupil, Guid SfoPupil, Guid GuardianA, Guid GuardianB, Guid LinkA);

internal static class AccessArrange
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<AccessWorld> ArrangeWorldAsync(this MeldebokApp app, string municipality = "Testvik kommune")
    {
        var admin = await app.AdminOfNewMunicipalityAsync(municipality);
        var schoolId = await admin.CreateSchoolAsync();
        var classA = await app.ArrangeGroupAsync(admin.MunicipalityId, schoolId, "5A");
        var classB = await app.ArrangeGroupAsync(admin.MunicipalityId, schoolId, "5B");
        var sfo = await app.ArrangeGroupAsync(admin.MunicipalityId, schoolId, "SFO 1–2", GroupKind.SfoGroup);
        var pupilA = await admin.CreatePupilAsync(RosterTestData.Pupil(schoolId, "Emma", "Hansen") with { GroupIds = [classA] });
        var pupilB = await admin.CreatePupilAsync(RosterTestData.Pupil(schoolId, "Nora", "Berg") with { GroupIds = [classB] });
        var protectedPupil = await admin.CreatePupilAsync(RosterTestData.Pupil(schoolId, "Sofie", "Dahl") with
        {
            GroupIds = [classA], ProtectedAddress = ProtectedAddressLevel.StrictlyConfidential,
        });
        var sfoPupil = await admin.CreatePupilAsync(RosterTestData.Pupil(schoolId, "Jakob", "Lie") with { GroupIds = [sfo] });
        var guardianA = await admin.CreateGuardianAsync(RosterTestData.Guardian("Kari", "Hansen", "kari@example.no"));
        var guardianB = await admin.CreateGuardianAsync(RosterTestData.Guardian("Ola", "Berg", "ola@example.no"));
        var linkA = await admin.LinkAsync(guardianA.Id, pupilA.Id);
        await admin.LinkAsync(guardianB.Id, pupilB.Id);
        return new AccessWorld(admin, schoolId, classA, classB, sfo, pupilA.Id, pupilB.Id, protectedPupil.Id, sfoPupil.Id, guardianA.Id, guardianB.Id, linkA.Id);
    }

    /// <summary>A real account, created through the UserManager as sign-in would create it.</summary>
    public static async Task<Guid> CreateAccountAsync(this MeldebokApp app, string displayName, string? nationalIdentityNumber = null, string? feideId = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MeldebokUser>>();
        var user = new MeldebokUser
        {
            UserName = feideId ?? "person-" + Guid.NewGuid().ToString("N"),
            DisplayName = displayName,
            NationalIdentityNumber = nationalIdentityNumber,
            FeideId = feideId,
        };
        var result = await users.CreateAsync(user);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return user.Id;
    }

    /// <summary>A client acting as the account of the guardian <paramref name="guardianId"/>.</summary>
    public static async Task<HttpClient> GuardianClientAsync(this MeldebokApp app, Guid guardianId)
    {
        var nationalIdentityNumber = await app.WithDbAsync(db => Task.FromResult(db.Guardians.Single(g => g.Id == guardianId).NationalIdentityNumber));
        return app.ClientFor(TestUser.Account(await app.CreateAccountAsync("Foresatt", nationalIdentityNumber)));
    }

    /// <summary>A staff member with one assignment at <paramref name="schoolId"/>, and a client acting as their account.</summary>
    public static async Task<(HttpClient Client, Guid AccountId, Guid StaffId)> StaffClientAsync(
        this MeldebokApp app, AdminSession admin, Guid schoolId, StaffRole role, params Guid[] groupIds)
    {
        var feideId = $"ansatt-{Guid.NewGuid():N}@testvik.kommune.no";
        var staff = await admin.Client.CreateStaffMemberAsync(feideId: feideId);
        await admin.Client.CreateAssignmentAsync(staff.Id, schoolId, role, groupIds);
        var accountId = await app.CreateAccountAsync("Ansatt", feideId: feideId);
        return (app.ClientFor(TestUser.Account(accountId)), accountId, staff.Id);
    }

    public static async Task ShouldNotReachAsync(this HttpClient client, Guid pupilId)
    {
        var response = await client.GetAsync($"/api/v1/pupils/{pupilId}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var list = await client.GetJsonAsync<Meldebok.Server.Infrastructure.Api.Paged<Meldebok.Server.Features.Pupils.ReachablePupilListItem>>("/api/v1/pupils?pageSize=200");
        Assert.DoesNotContain(list.Items, p => p.Id == pupilId);
    }

    public static async Task<IReadOnlyList<Guid>> ListedPupilsAsync(this HttpClient client, string query = "") =>
        (await client.GetJsonAsync<Meldebok.Server.Infrastructure.Api.Paged<Meldebok.Server.Features.Pupils.ReachablePupilListItem>>($"/api/v1/pupils?pageSize=200{query}"))
            .Items.Select(p => p.Id).ToList();
}
