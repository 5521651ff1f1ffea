using System.Net;
using Meldebok.Server.Features.Audit;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Features.Sfo.Pickup;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using Microsoft.EntityFrameworkCore;
using static Meldebok.Server.Tests.Sfo.PickupArrange;

namespace Meldebok.Server.Tests.Sfo;

/// <summary>Authorized pickup persons and weekly rules: who may read and manage them, validation, soft removal, audit and overlaps.</summary>
public sealed class PickupPersonAndRuleTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_guardian_with_parental_responsibility_manages_persons_removal_keeps_the_row_and_every_change_is_audited()
    {
        var world = await app.ArrangePickupWorldAsync();
        var today = app.Today();

        var person = await world.Kari.AddPersonAsync(world.PupilA, name: " Randi Hansen ", phone: "+47 912 34 567", validUntil: today.AddDays(30));
        Assert.Equal(("Randi Hansen", "Bestemor", "+4791234567", today.AddDays(30), true), (person.Name, person.Relation, person.Phone, person.ValidUntil, person.IsValidToday));

        var changed = await (await world.Kari.PutJsonAsync($"{Persons(world.PupilA)}/{person.Id}", new PickupPersonRequest("Randi Hansen", "Mormor", "41234567", null)))
            .ReadAsync<PickupPersonResponse>();
        Assert.Equal(("Mormor", "+4741234567", (DateOnly?)null), (changed.Relation, changed.Phone, changed.ValidUntil));
        Assert.Equal(changed, Assert.Single(await world.Kari.GetJsonAsync<List<PickupPersonResponse>>(Persons(world.PupilA))));

        Assert.Equal(HttpStatusCode.NoContent, (await world.Kari.DeleteAsync($"{Persons(world.PupilA)}/{person.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await world.Kari.DeleteAsync($"{Persons(world.PupilA)}/{person.Id}", Ct)).StatusCode);

        Assert.Empty(await world.Kari.GetJsonAsync<List<PickupPersonResponse>>(Persons(world.PupilA)));
        var stored = await app.WithDbAsync(db => db.AuthorizedPickupPersons.AsNoTracking().SingleAsync(p => p.Id == person.Id, Ct));
        Assert.NotNull(stored.RemovedAt);
        await (await world.Kari.PutJsonAsync($"{Persons(world.PupilA)}/{person.Id}", new PickupPersonRequest("Randi", "Mormor", "41234567")))
            .ProblemAsync(HttpStatusCode.Conflict);
        var audited = await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking()
            .Where(e => e.ObjectId == person.Id && e.Action == AuditActions.PickupPersonChanged).ToListAsync(Ct));
        Assert.Equal(3, audited.Count);
        Assert.All(audited, e => Assert.Equal((world.PupilA, world.Absence.Roster.GuardianA, "guardian"), (e.SubjectPupilId!.Value, e.SubjectPersonId!.Value, e.ActorRole)));
    }

    [Fact]
    public async Task A_guardian_with_a_right_to_information_only_reads_but_may_not_manage_and_outsiders_get_404()
    {
        var world = await app.ArrangePickupWorldAsync();
        var person = await world.Kari.AddPersonAsync(world.PupilA);
        var rule = await world.Kari.AddRuleAsync(world.PupilA, Rule(DayOfWeek.Monday));
        var (_, informed) = await app.GuardianOfAAsync(world, "Ingrid", responsibility: false, dailyCare: false, information: true);

        Assert.Equal(person.Id, Assert.Single(await informed.GetJsonAsync<List<PickupPersonResponse>>(Persons(world.PupilA))).Id);
        Assert.Equal(rule.Id, Assert.Single(await informed.GetJsonAsync<List<PickupRuleResponse>>(Rules(world.PupilA))).Id);
        foreach (var attempt in new[]
        {
            informed.PostJsonAsync(Persons(world.PupilA), new PickupPersonRequest("Ola", "Onkel", "91234567")),
            informed.PutJsonAsync($"{Persons(world.PupilA)}/{person.Id}", new PickupPersonRequest("Ola", "Onkel", "91234567")),
            informed.DeleteAsync($"{Persons(world.PupilA)}/{person.Id}", Ct),
            informed.PostJsonAsync(Rules(world.PupilA), Rule(DayOfWeek.Tuesday)),
            informed.DeleteAsync($"{Rules(world.PupilA)}/{rule.Id}", Ct),
        })
        {
            var problem = await (await attempt).ProblemAsync(HttpStatusCode.Forbidden);
            Assert.Equal(PickupTexts.RequiresParentalResponsibility, problem.GetProperty("detail").GetString());
        }

        var message = await (await informed.PostJsonAsync(MessagesUrl(world.PupilA), new PickupMessageRequest(app.Today().AddDays(1), DepartureMethod.Bus, new TimeOnly(14, 0))))
            .ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(PickupTexts.RequiresResponsibilityOrCare, message.GetProperty("detail").GetString());

        // The SFO worker of the child's group reads; a teacher of another class and another family's guardian do not learn the child exists.
        Assert.Single(await world.SfoStaff.GetJsonAsync<List<PickupPersonResponse>>(Persons(world.PupilA)));
        var (otherTeacher, _, _) = await app.StaffClientAsync(world.Admin, world.Absence.SchoolId, StaffRole.ContactTeacher, world.Absence.Roster.ClassB);
        foreach (var outsider in new[] { otherTeacher, world.Absence.GuardianB })
        {
            await (await outsider.GetAsync(Persons(world.PupilA), Ct)).ProblemAsync(HttpStatusCode.NotFound);
            await (await outsider.GetAsync(Plan(world.PupilA, app.Today()), Ct)).ProblemAsync(HttpStatusCode.NotFound);
        }

        await (await world.Absence.GuardianB.PostJsonAsync(Persons(world.PupilA), new PickupPersonRequest("Ola", "Onkel", "91234567"))).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Single(await world.Kari.GetJsonAsync<List<PickupPersonResponse>>(Persons(world.PupilA)));
    }

    [Fact]
    public async Task Bad_person_input_names_the_field()
    {
        var world = await app.ArrangePickupWorldAsync();
        var url = Persons(world.PupilA);

        await (await world.Kari.PostJsonAsync(url, new PickupPersonRequest("Ola", "Onkel", "+46701234567"))).ValidationProblemAsync("phone");
        await (await world.Kari.PostJsonAsync(url, new PickupPersonRequest("Ola", "Onkel", "22 33 44 55"))).ValidationProblemAsync("phone");
        await (await world.Kari.PostJsonAsync(url, new PickupPersonRequest("  ", "Onkel", "91234567"))).ValidationProblemAsync("name");
        await (await world.Kari.PostJsonAsync(url, new PickupPersonRequest(new string('a', 201), new string('b', 101), "91234567"))).ValidationProblemAsync("name", "relation");
        await (await world.Kari.PostJsonAsync(url, new PickupPersonRequest("Ola", "Onkel", "91234567", app.Today().AddDays(-1)))).ValidationProblemAsync("validUntil");
        Assert.Empty(await world.Kari.GetJsonAsync<List<PickupPersonResponse>>(url));
    }

    [Fact]
    public async Task Rules_for_the_same_weekday_may_not_overlap_and_the_conflict_names_the_rule()
    {
        var world = await app.ArrangePickupWorldAsync();
        var today = app.Today();
        var first = await world.Kari.AddRuleAsync(world.PupilA, Rule(DayOfWeek.Monday, from: today.AddDays(7), until: today.AddDays(30)));
        var later = await world.Kari.AddRuleAsync(world.PupilA, Rule(DayOfWeek.Monday, DepartureMethod.WentHomeAlone, from: today.AddDays(31)));
        await world.Kari.AddRuleAsync(world.PupilA, Rule(DayOfWeek.Tuesday, from: today.AddDays(20)));

        var conflict = await (await world.Kari.PostJsonAsync(Rules(world.PupilA), Rule(DayOfWeek.Monday, until: today.AddDays(7))))
            .ProblemAsync(HttpStatusCode.Conflict);
        var detail = conflict.GetProperty("detail").GetString()!;
        Assert.Contains("mandag", detail, StringComparison.Ordinal);
        Assert.Contains(first.Id.ToString(), detail, StringComparison.Ordinal);
        Assert.Contains("tar bussen kl. 15:30", detail, StringComparison.Ordinal);

        // Moving the later rule into the first one's period is refused too; deleting the first makes room.
        var moved = Rule(DayOfWeek.Monday, DepartureMethod.WentHomeAlone, from: today.AddDays(30));
        await (await world.Kari.PutJsonAsync($"{Rules(world.PupilA)}/{later.Id}", moved)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NoContent, (await world.Kari.DeleteAsync($"{Rules(world.PupilA)}/{first.Id}", Ct)).StatusCode);
        var updated = await (await world.Kari.PutJsonAsync($"{Rules(world.PupilA)}/{later.Id}", moved)).ReadAsync<PickupRuleResponse>();
        Assert.Equal(today.AddDays(30), updated.ValidFrom);

        var rules = await world.Kari.GetJsonAsync<List<PickupRuleResponse>>(Rules(world.PupilA));
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday], rules.Select(r => r.Weekday));
        await (await world.Kari.PutJsonAsync($"{Rules(world.PupilA)}/{first.Id}", moved)).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_picked_up_rule_needs_a_person_of_the_child_who_is_valid_when_the_rule_starts()
    {
        var world = await app.ArrangePickupWorldAsync();
        var today = app.Today();
        var granny = await world.Kari.AddPersonAsync(world.PupilA, validUntil: today.AddDays(10));
        var removed = await world.Kari.AddPersonAsync(world.PupilA, name: "Tidligere Hentesen");
        (await world.Kari.DeleteAsync($"{Persons(world.PupilA)}/{removed.Id}", Ct)).EnsureSuccessStatusCode();
        var otherChilds = await world.Absence.GuardianB.AddPersonAsync(world.Absence.PupilB);

        await (await world.Kari.PostJsonAsync(Rules(world.PupilA), Rule(DayOfWeek.Monday, DepartureMethod.PickedUp))).ValidationProblemAsync("authorizedPersonId");
        await (await world.Kari.PostJsonAsync(Rules(world.PupilA), Rule(DayOfWeek.Monday, DepartureMethod.PickedUp, removed.Id))).ValidationProblemAsync("authorizedPersonId");
        await (await world.Kari.PostJsonAsync(Rules(world.PupilA), Rule(DayOfWeek.Monday, DepartureMethod.PickedUp, otherChilds.Id))).ValidationProblemAsync("authorizedPersonId");
        await (await world.Kari.PostJsonAsync(Rules(world.PupilA), Rule(DayOfWeek.Monday, DepartureMethod.PickedUp, granny.Id, from: today.AddDays(11))))
            .ValidationProblemAsync("authorizedPersonId");
        await (await world.Kari.PostJsonAsync(Rules(world.PupilA), Rule(DayOfWeek.Monday, DepartureMethod.Bus, granny.Id))).ValidationProblemAsync("authorizedPersonId");
        await (await world.Kari.PostJsonAsync(Rules(world.PupilA), Rule(DayOfWeek.Saturday))).ValidationProblemAsync("weekday");
        await (await world.Kari.PostJsonAsync(Rules(world.PupilA), Rule(DayOfWeek.Monday, from: today.AddDays(5), until: today.AddDays(4)))).ValidationProblemAsync("validUntil");

        var rule = await world.Kari.AddRuleAsync(world.PupilA, Rule(DayOfWeek.Monday, DepartureMethod.PickedUp, granny.Id, until: today.AddDays(10), note: "Bestemor henter"));
        Assert.Equal(new PickupPersonSummary(granny.Id, granny.Name, granny.Relation, granny.Phone), rule.AuthorizedPerson);
    }
}
