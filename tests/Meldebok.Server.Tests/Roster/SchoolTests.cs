using System.Net;
using System.Net.Http.Json;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Tests.Infrastructure;

namespace Meldebok.Server.Tests.Roster;

public sealed class SchoolTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Admin_creates_updates_deactivates_and_activates_a_school()
    {
        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));

        var created = await (await client.PostAsJsonAsync("/api/v1/admin/schools",
            new SchoolRequest("Lianvatnet skole", null, "org-lia"), Ct)).ReadAsync<SchoolResponse>(HttpStatusCode.Created);
        Assert.Equal("Lianvatnet skole", created.Name);
        Assert.True(created.IsActive);

        var updated = await (await client.PutAsJsonAsync($"/api/v1/admin/schools/{created.Id}",
            new SchoolRequest("Lianvatnet barneskole", "974760673", "org-lia"), Ct)).ReadAsync<SchoolResponse>();
        Assert.Equal("Lianvatnet barneskole", updated.Name);
        Assert.Equal("974760673", updated.OrganisationNumber);

        var deactivated = await (await client.PostAsync($"/api/v1/admin/schools/{created.Id}/deactivate", null, Ct)).ReadAsync<SchoolResponse>();
        Assert.False(deactivated.IsActive);
        var activeList = await client.GetFromJsonAsync<Paged<SchoolResponse>>("/api/v1/admin/schools", Ct);
        Assert.DoesNotContain(activeList!.Items, s => s.Id == created.Id);
        var allList = await client.GetFromJsonAsync<Paged<SchoolResponse>>("/api/v1/admin/schools?includeInactive=true", Ct);
        Assert.Contains(allList!.Items, s => s.Id == created.Id && !s.IsActive);

        var activated = await (await client.PostAsync($"/api/v1/admin/schools/{created.Id}/activate", null, Ct)).ReadAsync<SchoolResponse>();
        Assert.True(activated.IsActive);
    }

    [Fact]
    public async Task School_without_name_and_with_bad_organisation_number_names_both_fields()
    {
        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        var response = await client.PostAsJsonAsync("/api/v1/admin/schools", new { name = "", organisationNumber = "123456789" }, Ct);
        var errors = await response.ValidationProblemAsync("name", "organisationNumber");
        Assert.Contains("Navn", errors.GetProperty("name")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_is_paged_searched_and_ordered_by_name()
    {
        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        foreach (var name in new[] { "Charlottenlund skole", "Byåsen skole", "Åsveien skole", "Berg skole" })
        {
            await (await client.PostAsJsonAsync("/api/v1/admin/schools", new SchoolRequest(name, null, null), Ct)).ShouldHaveStatusAsync(HttpStatusCode.Created);
        }

        var page = await client.GetFromJsonAsync<Paged<SchoolResponse>>("/api/v1/admin/schools?page=2&pageSize=2", Ct);
        Assert.Equal(4, page!.TotalCount);
        Assert.Equal(2, page.Items.Count);
        Assert.Equal(2, page.Page);

        var search = await client.GetFromJsonAsync<Paged<SchoolResponse>>("/api/v1/admin/schools?search=BYÅ", Ct);
        Assert.Equal(["Byåsen skole"], search!.Items.Select(s => s.Name));
    }

    [Fact]
    public async Task Page_size_out_of_range_is_rejected_naming_the_parameter()
    {
        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        var response = await client.GetAsync("/api/v1/admin/schools?pageSize=1000", Ct);
        await response.ValidationProblemAsync("pageSize");
    }

    [Fact]
    public async Task School_of_another_municipality_is_not_found()
    {
        var other = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync("Annen kommune")));
        var created = await (await other.PostAsJsonAsync("/api/v1/admin/schools", new SchoolRequest("Skjult skole", null, null), Ct))
            .ReadAsync<SchoolResponse>(HttpStatusCode.Created);

        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        await (await client.GetAsync($"/api/v1/admin/schools/{created.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PutAsJsonAsync($"/api/v1/admin/schools/{created.Id}", new SchoolRequest("Kapret", null, null), Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync($"/api/v1/admin/schools/{created.Id}/deactivate", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        var list = await client.GetFromJsonAsync<Paged<SchoolResponse>>("/api/v1/admin/schools", Ct);
        Assert.Empty(list!.Items);
    }

    [Fact]
    public async Task Guardian_may_not_use_the_admin_api()
    {
        var municipality = await app.CreateMunicipalityAsync();
        var response = await app.ClientFor(TestUser.Guardian(municipality, Guid.NewGuid())).GetAsync("/api/v1/admin/schools", Ct);
        await response.ProblemAsync(HttpStatusCode.Forbidden);
    }
}
