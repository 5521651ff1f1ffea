using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Validation;
using Meldebok.Server.Tests.Infrastructure;

namespace Meldebok.Server.Tests.Roster;

/// <summary>An administrator's client together with the municipality it acts in.</summary>
public sealed record AdminSession(Guid MunicipalityId, HttpClient Client);

/// <summary>Arranges roster data for the admin API tests, through the API wherever it has an endpoint.</summary>
public static class RosterTestData
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A default pupil birth date: in grade 5 in the autumn of 2026.</summary>
    public static readonly DateOnly PupilBirthDate = new(2016, 5, 14);

    public static async Task<AdminSession> AdminOfNewMunicipalityAsync(this MeldebokApp app, string name = "Testvik kommune")
    {
        var municipalityId = await app.CreateMunicipalityAsync(name);
        return new AdminSession(municipalityId, app.ClientFor(TestUser.MunicipalityAdmin(municipalityId)));
    }

    public static Task<HttpResponseMessage> PostJsonAsync<T>(this HttpClient client, string url, T body) =>
        client.PostAsJsonAsync(url, body, HttpAssertions.Json, Ct);

    /// <summary>Posts <paramref name="body"/> with an <c>Idempotency-Key</c>, as the phone app and the SFO tablet do.</summary>
    public static Task<HttpResponseMessage> PostJsonWithKeyAsync<T>(this HttpClient client, string url, T body, string key)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: HttpAssertions.Json) };
        message.Headers.Add(Meldebok.Server.Infrastructure.Idempotency.IdempotencyFilter.Header, key);
        return client.SendAsync(message, Ct);
    }

    public static Task<HttpResponseMessage> PutJsonAsync<T>(this HttpClient client, string url, T body) =>
        client.PutAsJsonAsync(url, body, HttpAssertions.Json, Ct);

    public static async Task<T> GetJsonAsync<T>(this HttpClient client, string url) =>
        await (await client.GetAsync(url, Ct)).ReadAsync<T>();

    public static async Task<Guid> CreateSchoolAsync(this AdminSession admin, string name = "Lianvatnet skole") =>
        (await (await admin.Client.PostJsonAsync("/api/v1/admin/schools", new SchoolRequest(name, null, null)))
            .ReadAsync<SchoolResponse>(HttpStatusCode.Created)).Id;

    /// <summary>Creates a class at <paramref name="schoolId"/> directly in the database (groups are not part of this API).</summary>
    internal static Task<Guid> CreateGroupAsync(this MeldebokApp app, AdminSession admin, Guid schoolId, string name = "5A", bool active = true) =>
        app.WithDbAsync(async db =>
        {
            var group = new Group(admin.MunicipalityId) { SchoolId = schoolId, Name = name, Kind = GroupKind.Class, SchoolYear = 2026, Grade = 5 };
            if (!active)
            {
                group.Deactivate(MeldebokApp.DefaultNow);
            }

            db.Groups.Add(group);
            await db.SaveChangesAsync();
            return group.Id;
        });

    public static PupilRequest Pupil(Guid schoolId, string givenName = "Emma", string familyName = "Hansen", DateOnly? birthDate = null) =>
        new(schoolId, givenName, familyName, birthDate ?? PupilBirthDate, null);

    public static async Task<PupilResponse> CreatePupilAsync(this AdminSession admin, PupilRequest request) =>
        await (await admin.Client.PostJsonAsync("/api/v1/admin/pupils", request)).ReadAsync<PupilResponse>(HttpStatusCode.Created);

    public static GuardianRequest Guardian(string givenName = "Kari", string familyName = "Nordmann", string? email = null) =>
        new(givenName, familyName, TestIdentifiers.NextNationalIdentityNumber(), email);

    public static async Task<GuardianResponse> CreateGuardianAsync(this AdminSession admin, GuardianRequest request) =>
        await (await admin.Client.PostJsonAsync("/api/v1/admin/guardians", request)).ReadAsync<GuardianResponse>(HttpStatusCode.Created);

    public static async Task<GuardianLinkResponse> LinkAsync(this AdminSession admin, Guid guardianId, Guid pupilId, bool parentalResponsibility = true) =>
        await (await admin.Client.PostJsonAsync("/api/v1/admin/guardian-links",
                new GuardianLinkCreateRequest(guardianId, pupilId, parentalResponsibility, DailyCare: true, RightToInformation: false, Blocked: false)))
            .ReadAsync<GuardianLinkResponse>(HttpStatusCode.Created);

    /// <summary>
    /// Every endpoint that addresses one record answers <paramref name="client"/> 404 for <paramref name="id"/>,
    /// exactly as for an id that does not exist.
    /// </summary>
    public static async Task ShouldNotFindAsync<T>(this HttpClient client, string collection, Guid id, T updateBody)
    {
        await (await client.GetAsync($"{collection}/{id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PutJsonAsync($"{collection}/{id}", updateBody)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync($"{collection}/{id}/deactivate", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync($"{collection}/{id}/activate", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>
    /// A guardian and a member of staff of the same municipality are refused (403) every endpoint of the
    /// collection, and the record is left as it was.
    /// </summary>
    public static async Task ShouldRefuseGuardianAndStaffAsync<TCreate, TUpdate>(
        this MeldebokApp app, AdminSession admin, string collection, Guid id, TCreate createBody, TUpdate updateBody)
    {
        var before = await admin.Client.GetStringAsync($"{collection}/{id}", Ct);
        foreach (var user in new[] { TestUser.Guardian(admin.MunicipalityId, Guid.NewGuid()), TestUser.Staff(admin.MunicipalityId, Guid.NewGuid()) })
        {
            var client = app.ClientFor(user);
            await (await client.GetAsync(collection, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
            await (await client.GetAsync($"{collection}/{id}", Ct)).ProblemAsync(HttpStatusCode.Forbidden);
            await (await client.PostJsonAsync(collection, createBody)).ProblemAsync(HttpStatusCode.Forbidden);
            await (await client.PutJsonAsync($"{collection}/{id}", updateBody)).ProblemAsync(HttpStatusCode.Forbidden);
            await (await client.PostAsync($"{collection}/{id}/deactivate", null, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
            await (await client.PostAsync($"{collection}/{id}/activate", null, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        }

        Assert.Equal(before, await admin.Client.GetStringAsync($"{collection}/{id}", Ct));
    }

    /// <summary>A D-number (day + 40) for <paramref name="birthDate"/> with valid check digits.</summary>
    public static string DNumber(DateOnly birthDate)
    {
        for (var individual = 100; ; individual++)
        {
            var nine = string.Create(CultureInfo.InvariantCulture, $"{birthDate.Day + 40:00}{birthDate.Month:00}{birthDate.Year % 100:00}{individual:000}");
            if (NorwegianIdentifiers.CheckDigitsFor(nine) is { } check)
            {
                return nine + check;
            }
        }
    }
}
