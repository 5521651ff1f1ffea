using System.Net;
using System.Net.Http.Json;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Tests.Infrastructure;

namespace Meldebok.Server.Tests.Roster;

/// <summary>Starting points for the staff, assignment and administrator tests.</summary>
internal static class StaffArrange
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A school written straight to the database.</summary>
    public static Task<Guid> ArrangeSchoolAsync(this MeldebokApp app, Guid municipalityId, string name = "Lianvatnet skole") => app.WithDbAsync(async db =>
    {
        var school = new School(municipalityId) { Name = name };
        db.Schools.Add(school);
        await db.SaveChangesAsync(Ct);
        return school.Id;
    });

    /// <summary>A group of <paramref name="schoolId"/> written straight to the database, active unless told otherwise.</summary>
    public static Task<Guid> ArrangeGroupAsync(
        this MeldebokApp app, Guid municipalityId, Guid schoolId, string name = "5A", GroupKind kind = GroupKind.Class, bool active = true) => app.WithDbAsync(async db =>
    {
        var group = new Group(municipalityId) { SchoolId = schoolId, Name = name, Kind = kind, SchoolYear = 2026 };
        if (!active)
        {
            group.Deactivate(MeldebokApp.DefaultNow);
        }

        db.Groups.Add(group);
        await db.SaveChangesAsync(Ct);
        return group.Id;
    });

    public static async Task<StaffResponse> CreateStaffMemberAsync(
        this HttpClient admin, string givenName = "Kari", string familyName = "Larsen", string? feideId = null, string? email = null) =>
        await (await admin.PostAsJsonAsync("/api/v1/admin/staff", new StaffRequest(givenName, familyName, feideId, email, null, null), Ct))
            .ReadAsync<StaffResponse>(HttpStatusCode.Created);

    public static async Task<StaffAssignmentResponse> CreateAssignmentAsync(
        this HttpClient admin, Guid staffId, Guid schoolId, StaffRole role, params Guid[] groupIds) =>
        await (await admin.PostAsJsonAsync("/api/v1/admin/staff-assignments",
                new StaffAssignmentCreateRequest(staffId, schoolId, role, groupIds, null), HttpAssertions.Json, Ct))
            .ReadAsync<StaffAssignmentResponse>(HttpStatusCode.Created);

    public static async Task<AdministratorResponse> CreateAdministratorAsync(
        this HttpClient admin, string email, string givenName = "Ola", string familyName = "Nordmann", string? feideId = null) =>
        await (await admin.PostAsJsonAsync("/api/v1/admin/administrators", new AdministratorRequest(givenName, familyName, email, feideId), Ct))
            .ReadAsync<AdministratorResponse>(HttpStatusCode.Created);

    /// <summary>GETs a page with the API's JSON options (enums as names).</summary>
    public static async Task<Paged<T>> GetPageAsync<T>(this HttpClient client, string url) =>
        await (await client.GetAsync(url, Ct)).ReadAsync<Paged<T>>();
}
