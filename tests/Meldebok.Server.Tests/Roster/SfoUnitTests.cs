using System.Net;
using System.Net.Http.Json;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Tests.Infrastructure;

namespace Meldebok.Server.Tests.Roster;

public sealed class SfoUnitTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private const string Units = "/api/v1/admin/sfo-units";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> NewAdminAsync(string municipality = "Testvik kommune") =>
        app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync(municipality)));

    [Fact]
    public async Task Admin_creates_updates_deactivates_and_activates_an_sfo_unit()
    {
        var client = await NewAdminAsync();
        var school = await client.CreateSchoolAsync("Lianvatnet skole");

        var created = await (await client.PostAsJsonAsync(Units, new SfoUnitRequest(school.Id, " Lianvatnet SFO ", "sfo-lia"), Ct))
            .ReadAsync<SfoUnitResponse>(HttpStatusCode.Created);
        Assert.Equal(new SfoUnitResponse(created.Id, school.Id, "Lianvatnet SFO", new TimeOnly(10, 0), "sfo-lia", true, new TimeOnly(12, 0)), created);

        var fetched = await (await client.GetAsync($"{Units}/{created.Id}", Ct)).ReadAsync<SfoUnitResponse>();
        Assert.Equal(created, fetched);

        var updated = await (await client.PutAsJsonAsync($"{Units}/{created.Id}", new SfoUnitRequest(school.Id, "Lian AKS", null, new TimeOnly(9, 30), new TimeOnly(11, 15)), Ct))
            .ReadAsync<SfoUnitResponse>();
        Assert.Equal("Lian AKS", updated.Name);
        Assert.Equal(new TimeOnly(9, 30), updated.LateNoticeDeadline);
        Assert.Equal(new TimeOnly(11, 15), updated.PickupMessageDeadline);
        Assert.Null(updated.SourcedId);

        var deactivated = await (await client.PostAsync($"{Units}/{created.Id}/deactivate", null, Ct)).ReadAsync<SfoUnitResponse>();
        Assert.False(deactivated.IsActive);
        Assert.Empty((await client.ListAsync<SfoUnitResponse>(Units)).Items);
        Assert.Contains((await client.ListAsync<SfoUnitResponse>($"{Units}?includeInactive=true")).Items, u => u.Id == created.Id && !u.IsActive);

        var activated = await (await client.PostAsync($"{Units}/{created.Id}/activate", null, Ct)).ReadAsync<SfoUnitResponse>();
        Assert.True(activated.IsActive);
    }

    [Fact]
    public async Task Sfo_unit_without_school_and_name_names_both_fields()
    {
        var client = await NewAdminAsync();
        var response = await client.PostAsJsonAsync(Units, new { name = "" }, Ct);
        var errors = await response.ValidationProblemAsync("schoolId", "name");
        Assert.Contains("Skole", errors.GetProperty("schoolId")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sfo_unit_at_an_unknown_school_is_rejected_naming_schoolId()
    {
        var client = await NewAdminAsync();
        var response = await client.PostAsJsonAsync(Units, new SfoUnitRequest(Guid.CreateVersion7(), "Ingen SFO", null), Ct);
        await response.ValidationProblemAsync("schoolId");
    }

    [Fact]
    public async Task Sfo_unit_at_a_school_of_another_municipality_is_rejected_naming_schoolId()
    {
        var otherSchool = await (await NewAdminAsync("Annenvik kommune")).CreateSchoolAsync("Fremmed skole");
        var client = await NewAdminAsync();

        var response = await client.PostAsJsonAsync(Units, new SfoUnitRequest(otherSchool.Id, "Snik-SFO", null), Ct);
        await response.ValidationProblemAsync("schoolId");
        Assert.Empty((await client.ListAsync<SfoUnitResponse>($"{Units}?includeInactive=true")).Items);
    }

    [Fact]
    public async Task Sfo_unit_at_a_deactivated_school_is_rejected_naming_schoolId()
    {
        var client = await NewAdminAsync();
        var school = await client.CreateSchoolAsync("Nedlagt skole");
        await (await client.PostAsync($"/api/v1/admin/schools/{school.Id}/deactivate", null, Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);

        var response = await client.PostAsJsonAsync(Units, new SfoUnitRequest(school.Id, "Nedlagt SFO", null), Ct);
        await response.ValidationProblemAsync("schoolId");
    }

    [Fact]
    public async Task Moving_an_sfo_unit_to_another_school_is_rejected_naming_schoolId()
    {
        var client = await NewAdminAsync();
        var first = await client.CreateSchoolAsync("Første skole");
        var second = await client.CreateSchoolAsync("Andre skole");
        var unit = await client.CreateSfoUnitAsync(first.Id);

        var errors = await (await client.PutAsJsonAsync($"{Units}/{unit.Id}", new SfoUnitRequest(second.Id, unit.Name, null), Ct))
            .ValidationProblemAsync("schoolId");
        Assert.Contains("kan ikke flyttes", errors.GetProperty("schoolId")[0].GetString(), StringComparison.Ordinal);

        var unchanged = await (await client.GetAsync($"{Units}/{unit.Id}", Ct)).ReadAsync<SfoUnitResponse>();
        Assert.Equal(first.Id, unchanged.SchoolId);
    }

    [Fact]
    public async Task List_is_filtered_by_school_searched_paged_and_ordered_by_name()
    {
        var client = await NewAdminAsync();
        var lia = await client.CreateSchoolAsync("Lianvatnet skole");
        var berg = await client.CreateSchoolAsync("Berg skole");
        await client.CreateSfoUnitAsync(lia.Id, "Lia SFO nord");
        await client.CreateSfoUnitAsync(lia.Id, "Lia SFO sør");
        await client.CreateSfoUnitAsync(berg.Id, "Berg SFO");
        await client.CreateSfoUnitAsync(lia.Id, "Lia AKS");

        var atLia = await client.ListAsync<SfoUnitResponse>($"{Units}?schoolId={lia.Id}");
        Assert.Equal(["Lia AKS", "Lia SFO nord", "Lia SFO sør"], atLia.Items.Select(u => u.Name));
        Assert.All(atLia.Items, u => Assert.Equal(lia.Id, u.SchoolId));

        var page = await client.ListAsync<SfoUnitResponse>($"{Units}?page=2&pageSize=3");
        Assert.Equal(4, page.TotalCount);
        Assert.Equal(["Lia SFO sør"], page.Items.Select(u => u.Name));

        var search = await client.ListAsync<SfoUnitResponse>($"{Units}?search=sfo N");
        Assert.Equal(["Lia SFO nord"], search.Items.Select(u => u.Name));
    }

    [Fact]
    public async Task Sfo_unit_of_another_municipality_is_not_found()
    {
        var other = await NewAdminAsync("Annenvik kommune");
        var hidden = await other.CreateSfoUnitAsync((await other.CreateSchoolAsync()).Id, "Skjult SFO");

        var client = await NewAdminAsync();
        var mySchool = await client.CreateSchoolAsync();
        await (await client.GetAsync($"{Units}/{hidden.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PutAsJsonAsync($"{Units}/{hidden.Id}", new SfoUnitRequest(hidden.SchoolId, "Kapret", null), Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PutAsJsonAsync($"{Units}/{hidden.Id}", new SfoUnitRequest(mySchool.Id, "Kapret", null), Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync($"{Units}/{hidden.Id}/deactivate", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync($"{Units}/{hidden.Id}/activate", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await client.ListAsync<SfoUnitResponse>($"{Units}?schoolId={hidden.SchoolId}&includeInactive=true")).Items);

        var stillThere = await (await other.GetAsync($"{Units}/{hidden.Id}", Ct)).ReadAsync<SfoUnitResponse>();
        Assert.Equal(hidden, stillThere);
    }

    [Fact]
    public async Task Staff_may_not_use_the_sfo_unit_admin_api()
    {
        var municipality = await app.CreateMunicipalityAsync();
        var staff = app.ClientFor(TestUser.Staff(municipality, Guid.NewGuid()));
        await (await staff.GetAsync(Units, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await staff.PostAsJsonAsync(Units, new SfoUnitRequest(Guid.CreateVersion7(), "SFO", null), Ct)).ProblemAsync(HttpStatusCode.Forbidden);
    }
}
