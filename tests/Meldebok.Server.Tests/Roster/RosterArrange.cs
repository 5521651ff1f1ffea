using System.Net;
using System.Net.Http.Json;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Tests.Infrastructure;

namespace Meldebok.Server.Tests.Roster;

/// <summary>Creates roster records through the admin API, for tests that need them as a starting point.</summary>
internal static class RosterArrange
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<SchoolResponse> CreateSchoolAsync(this HttpClient admin, string name = "Testvik skole") =>
        await (await admin.PostAsJsonAsync("/api/v1/admin/schools", new SchoolRequest(name, null, null), Ct))
            .ReadAsync<SchoolResponse>(HttpStatusCode.Created);

    public static async Task<SfoUnitResponse> CreateSfoUnitAsync(this HttpClient admin, Guid schoolId, string name = "Testvik SFO") =>
        await (await admin.PostAsJsonAsync("/api/v1/admin/sfo-units", new SfoUnitRequest(schoolId, name, null), Ct))
            .ReadAsync<SfoUnitResponse>(HttpStatusCode.Created);

    public static async Task<GroupResponse> CreateGroupAsync(this HttpClient admin, GroupRequest request) =>
        await (await admin.PostAsJsonAsync("/api/v1/admin/groups", request, HttpAssertions.Json, Ct))
            .ReadAsync<GroupResponse>(HttpStatusCode.Created);

    /// <summary>A page of <typeparamref name="T"/> from a list endpoint, read with the API's JSON options.</summary>
    public static async Task<Paged<T>> ListAsync<T>(this HttpClient client, string url) =>
        await (await client.GetAsync(url, Ct)).ReadAsync<Paged<T>>();
}
