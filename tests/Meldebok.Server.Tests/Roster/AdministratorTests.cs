using System.Net;
using System.Net.Http.Json;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Tests.Infrastructure;

namespace Meldebok.Server.Tests.Roster;

public sealed class AdministratorTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private const string Url = "/api/v1/admin/administrators";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Admin_creates_updates_deactivates_and_activates_an_administrator()
    {
        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        await client.CreateAdministratorAsync("it-drift@testvik.kommune.no", "Ida", "Drift");

        var created = await (await client.PostAsJsonAsync(Url,
            new AdministratorRequest(" Ola ", "Nordmann", " ola.nordmann@testvik.kommune.no ", "Ola.Nordmann@Testvik.Kommune.no"), Ct))
            .ReadAsync<AdministratorResponse>(HttpStatusCode.Created);
        Assert.Equal("Ola", created.GivenName);
        Assert.Equal("ola.nordmann@testvik.kommune.no", created.Email);
        Assert.Equal("ola.nordmann@testvik.kommune.no", created.FeideId);
        Assert.True(created.IsActive);

        var updated = await (await client.PutAsJsonAsync($"{Url}/{created.Id}",
            new AdministratorRequest("Ola", "Nordmann-Hansen", "ola.nh@testvik.kommune.no", null), Ct)).ReadAsync<AdministratorResponse>();
        Assert.Equal("Nordmann-Hansen", updated.FamilyName);
        Assert.Equal("ola.nh@testvik.kommune.no", updated.Email);
        Assert.Null(updated.FeideId);

        var deactivated = await (await client.PostAsync($"{Url}/{created.Id}/deactivate", null, Ct)).ReadAsync<AdministratorResponse>();
        Assert.False(deactivated.IsActive);
        Assert.DoesNotContain((await client.GetPageAsync<AdministratorResponse>(Url)).Items, a => a.Id == created.Id);
        Assert.Contains((await client.GetPageAsync<AdministratorResponse>($"{Url}?includeInactive=true")).Items, a => a.Id == created.Id && !a.IsActive);

        var activated = await (await client.PostAsync($"{Url}/{created.Id}/activate", null, Ct)).ReadAsync<AdministratorResponse>();
        Assert.True(activated.IsActive);
        Assert.Equal(activated, await (await client.GetAsync($"{Url}/{created.Id}", Ct)).ReadAsync<AdministratorResponse>());
    }

    [Fact]
    public async Task Administrator_without_names_and_email_names_every_field()
    {
        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        var errors = await (await client.PostAsJsonAsync(Url, new { givenName = " ", feideId = "ola@intranett" }, Ct))
            .ValidationProblemAsync("givenName", "familyName", "email", "feideId");
        Assert.Contains("E-postadresse", errors.GetProperty("email")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Administrator_with_an_invalid_email_is_rejected()
    {
        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        var errors = await (await client.PostAsJsonAsync(Url, new AdministratorRequest("Ola", "Nordmann", "ola.testvik.kommune.no", null), Ct))
            .ValidationProblemAsync("email");
        Assert.Equal("E-postadressen er ikke gyldig.", errors.GetProperty("email")[0].GetString());
    }

    [Fact]
    public async Task Email_already_used_in_the_municipality_is_a_conflict_whatever_its_case()
    {
        var municipality = await app.CreateMunicipalityAsync();
        var client = app.ClientFor(TestUser.MunicipalityAdmin(municipality));
        var first = await client.CreateAdministratorAsync("kari@testvik.kommune.no");

        var problem = await (await client.PostAsJsonAsync(Url, new AdministratorRequest("Kari", "Kopi", "Kari@Testvik.Kommune.no", null), Ct))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("e-postadressen", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var second = await client.CreateAdministratorAsync("per@testvik.kommune.no");
        await (await client.PutAsJsonAsync($"{Url}/{second.Id}", new AdministratorRequest("Per", "Nordmann", "KARI@testvik.kommune.no", null), Ct))
            .ProblemAsync(HttpStatusCode.Conflict);
        // Saving an administrator with their own address is no conflict.
        await (await client.PutAsJsonAsync($"{Url}/{first.Id}", new AdministratorRequest("Kari", "Nordmann", "kari@testvik.kommune.no", null), Ct))
            .ShouldHaveStatusAsync(HttpStatusCode.OK);

        // Another municipality may have an administrator with the same address.
        var other = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync("Annen kommune")));
        await other.CreateAdministratorAsync("kari@testvik.kommune.no");
    }

    [Fact]
    public async Task Feide_id_already_used_by_an_administrator_of_the_municipality_is_a_conflict()
    {
        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        await client.CreateAdministratorAsync("kari@testvik.kommune.no", feideId: "kari@testvik.kommune.no");
        await (await client.PostAsJsonAsync(Url, new AdministratorRequest("Kari", "To", "kari2@testvik.kommune.no", "KARI@testvik.kommune.no"), Ct))
            .ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Last_active_administrator_cannot_be_deactivated()
    {
        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        var kari = await client.CreateAdministratorAsync("kari@testvik.kommune.no");

        var problem = await (await client.PostAsync($"{Url}/{kari.Id}/deactivate", null, Ct)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("siste aktive administrator", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True((await (await client.GetAsync($"{Url}/{kari.Id}", Ct)).ReadAsync<AdministratorResponse>()).IsActive);

        var per = await client.CreateAdministratorAsync("per@testvik.kommune.no");
        await (await client.PostAsync($"{Url}/{kari.Id}/deactivate", null, Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);
        await (await client.PostAsync($"{Url}/{per.Id}/deactivate", null, Ct)).ProblemAsync(HttpStatusCode.Conflict);
        // Deactivating one who already is inactive leaves the last active one in place, so it is allowed.
        await (await client.PostAsync($"{Url}/{kari.Id}/deactivate", null, Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Two_administrators_deactivating_each_other_at_once_leave_one_active()
    {
        // Repeated because a race shows only sometimes: without serialisation both requests could pass the check.
        for (var round = 0; round < 5; round++)
        {
            var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
            var kari = await client.CreateAdministratorAsync("kari@testvik.kommune.no");
            var per = await client.CreateAdministratorAsync("per@testvik.kommune.no");

            var answers = await Task.WhenAll(
                client.PostAsync($"{Url}/{kari.Id}/deactivate", null, Ct),
                client.PostAsync($"{Url}/{per.Id}/deactivate", null, Ct));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
            Assert.Single((await client.GetPageAsync<AdministratorResponse>(Url)).Items);
        }
    }

    [Fact]
    public async Task List_is_paged_searched_and_ordered_by_family_name()
    {
        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        await client.CreateAdministratorAsync("p.hansen@testvik.kommune.no", "Per", "Hansen", feideId: "phansen@feide.testvik.no");
        await client.CreateAdministratorAsync("a.hansen@testvik.kommune.no", "Anne", "Hansen");
        await client.CreateAdministratorAsync("o.berg@testvik.kommune.no", "Ola", "Berg");

        var all = await client.GetPageAsync<AdministratorResponse>(Url);
        Assert.Equal(["Berg Ola", "Hansen Anne", "Hansen Per"], all.Items.Select(a => $"{a.FamilyName} {a.GivenName}"));

        var page = await client.GetPageAsync<AdministratorResponse>($"{Url}?page=2&pageSize=2");
        Assert.Equal(3, page.TotalCount);
        Assert.Equal(["Per"], page.Items.Select(a => a.GivenName));

        Assert.Equal(["Per"], (await client.GetPageAsync<AdministratorResponse>($"{Url}?search=FEIDE.testvik")).Items.Select(a => a.GivenName));
        Assert.Equal(["Ola"], (await client.GetPageAsync<AdministratorResponse>($"{Url}?search=o.berg")).Items.Select(a => a.GivenName));
        Assert.Equal(["Anne"], (await client.GetPageAsync<AdministratorResponse>($"{Url}?search=anne%20hansen")).Items.Select(a => a.GivenName));
        await (await client.GetAsync($"{Url}?pageSize=0", Ct)).ValidationProblemAsync("pageSize");
    }

    [Fact]
    public async Task Administrator_of_another_municipality_is_not_found()
    {
        var other = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync("Annen kommune")));
        var hidden = await other.CreateAdministratorAsync("skjult@annen.kommune.no");
        await other.CreateAdministratorAsync("kollega@annen.kommune.no");

        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        await (await client.GetAsync($"{Url}/{hidden.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PutAsJsonAsync($"{Url}/{hidden.Id}", new AdministratorRequest("Kapret", "Admin", "kapret@testvik.kommune.no", null), Ct))
            .ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync($"{Url}/{hidden.Id}/deactivate", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync($"{Url}/{hidden.Id}/activate", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await client.GetPageAsync<AdministratorResponse>($"{Url}?includeInactive=true")).Items);
        Assert.True((await (await other.GetAsync($"{Url}/{hidden.Id}", Ct)).ReadAsync<AdministratorResponse>()).IsActive);
    }
}
