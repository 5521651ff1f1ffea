using System.Globalization;
using System.Net;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Features.Sfo.Pickup;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using Meldebok.Server.Tests.Web;
using static Meldebok.Server.Tests.Sfo.PickupArrange;

namespace Meldebok.Server.Tests.Sfo;

/// <summary>The guardian's pickup page (/henting) as a browser uses it: today's plan as a sentence, and a form that sends a pickup message.</summary>
public sealed class PickupPageTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    [Fact]
    public async Task The_page_says_who_picks_up_today_and_its_form_sends_a_message_that_overrides_the_rule()
    {
        var world = await app.ArrangePickupWorldAsync();
        var today = app.Today();
        var granny = await world.Kari.AddPersonAsync(world.PupilA, name: "Randi Hansen", relation: "Bestemor");
        await world.Kari.AddRuleAsync(world.PupilA, Rule(today.DayOfWeek, DepartureMethod.PickedUp, granny.Id, time: new TimeOnly(15, 30)));
        var pages = app.BrowserLikeClient(TestUser.Account(await app.GuardianAccountIdAsync(world.Absence.Roster.GuardianA)));

        var (status, html) = await pages.GetPageAsync("/henting");
        Assert.Equal(200, status);
        Assert.Contains("I dag hentes Emma av Randi Hansen (Bestemor) kl. 15:30.", html, StringComparison.Ordinal);
        Assert.Contains("må sendes innen kl. 12:00", html, StringComparison.Ordinal);

        using var response = await pages.PostFormAsync("/henting", $"send-{world.PupilA:N}", new()
        {
            ["Do"] = "send-message", ["PupilId"] = world.PupilA.ToString(), ["Date"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Method"] = "Bus", ["Time"] = "14:00", ["PersonId"] = "", ["PickupName"] = "", ["Note"] = "",
        });
        var after = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("I dag tar Emma bussen kl. 14:00.", after, StringComparison.Ordinal);
        Assert.Equal((PickupPlanSource.Message, DepartureMethod.Bus), await PlanOfTodayAsync(world, today));
    }

    private static async Task<(PickupPlanSource, DepartureMethod)> PlanOfTodayAsync(PickupWorld world, DateOnly today)
    {
        var plan = (await world.Kari.PlanAsync(world.PupilA, today)).Plan!;
        return (plan.Source, plan.Method);
    }

    [Fact]
    public async Task A_guardian_with_a_right_to_information_only_sees_the_arrangements_without_forms()
    {
        var world = await app.ArrangePickupWorldAsync();
        await world.Kari.AddPersonAsync(world.PupilA, name: "Randi Hansen", relation: "Bestemor");
        var (informedId, _) = await app.GuardianOfAAsync(world, "Ingrid", responsibility: false, dailyCare: false, information: true);
        var pages = app.BrowserLikeClient(TestUser.Account(await app.GuardianAccountIdAsync(informedId)));

        var (status, html) = await pages.GetPageAsync("/henting");

        Assert.Equal(200, status);
        Assert.Contains("Randi Hansen (Bestemor)", html, StringComparison.Ordinal);
        Assert.Contains("Du har rett til informasjon", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Do\"", html, StringComparison.Ordinal);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> RuleForm(DayOfWeek weekday, DepartureMethod method, string time, Guid? person,
        string note = "", string validFrom = "", string validUntil = "") => new()
    {
        ["Weekday"] = weekday.ToString(), ["Method"] = method.ToString(), ["Time"] = time, ["PersonId"] = person?.ToString() ?? "",
        ["Note"] = note, ["ValidFrom"] = validFrom, ["ValidUntil"] = validUntil,
    };

    [Fact]
    public async Task A_weekly_rule_is_changed_through_its_form_and_the_page_shows_it_changed()
    {
        var world = await app.ArrangePickupWorldAsync();
        var granny = await world.Kari.AddPersonAsync(world.PupilA, name: "Randi Hansen", relation: "Bestemor");
        var grandpa = await world.Kari.AddPersonAsync(world.PupilA, name: "Odd Hansen", relation: "Morfar", phone: "987 65 432");
        var rule = await world.Kari.AddRuleAsync(world.PupilA, Rule(DayOfWeek.Monday, DepartureMethod.PickedUp, granny.Id, time: new TimeOnly(15, 30)));
        var pages = app.BrowserLikeClient(TestUser.Account(await app.GuardianAccountIdAsync(world.Absence.Roster.GuardianA)));
        var edit = $"/henting/{world.PupilA}/regler/{rule.Id}";

        var (_, list) = await pages.GetPageAsync("/henting");
        var (status, form) = await pages.GetPageAsync(edit);
        using var response = await pages.PostFormAsync(edit, "rule", RuleForm(DayOfWeek.Monday, DepartureMethod.PickedUp, "16:15", grandpa.Id, "Svømming først"));

        Assert.Contains($"href=\"{edit}\"", list, StringComparison.Ordinal);
        Assert.Equal(200, status);
        Assert.Contains("value=\"15:30\"", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/henting?lagret=regel", response.Headers.Location?.PathAndQuery);
        var changed = Assert.Single(await world.Kari.GetJsonAsync<List<PickupRuleResponse>>(Rules(world.PupilA)));
        Assert.Equal((rule.Id, new TimeOnly(16, 15), grandpa.Id, "Svømming først"), (changed.Id, changed.Time, changed.AuthorizedPerson?.Id, changed.Note));
        var (_, after) = await pages.GetPageAsync("/henting?lagret=regel");
        Assert.Contains("Henteregelen er lagret.", after, StringComparison.Ordinal);
        Assert.Contains("Odd Hansen (Morfar)", after, StringComparison.Ordinal);
        Assert.Contains("16:15", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rule_form_shows_the_services_field_errors_beside_their_fields_and_a_conflict_above_the_form()
    {
        var world = await app.ArrangePickupWorldAsync();
        var today = app.Today();
        var monday = await world.Kari.AddRuleAsync(world.PupilA, Rule(DayOfWeek.Monday, DepartureMethod.Bus));
        var tuesday = await world.Kari.AddRuleAsync(world.PupilA, Rule(DayOfWeek.Tuesday, DepartureMethod.WentHomeAlone, time: new TimeOnly(14, 0)));
        var pages = app.BrowserLikeClient(TestUser.Account(await app.GuardianAccountIdAsync(world.Absence.Roster.GuardianA)));
        var edit = $"/henting/{world.PupilA}/regler/{tuesday.Id}";

        using var invalid = await pages.PostFormAsync(edit, "rule",
            RuleForm(DayOfWeek.Tuesday, DepartureMethod.PickedUp, "14:00", null, validFrom: Iso(today.AddDays(10)), validUntil: Iso(today.AddDays(5))));
        var invalidHtml = await invalid.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var conflict = await pages.PostFormAsync(edit, "rule", RuleForm(DayOfWeek.Monday, DepartureMethod.WentHomeAlone, "14:00", null));
        var conflictHtml = await conflict.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.Contains("<p class=\"field-error\" id=\"rule-until-error\">Gyldig til må være samme dag som eller etter gyldig fra.</p>", invalidHtml, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"rule-until-error\"", invalidHtml, StringComparison.Ordinal);
        Assert.Contains("id=\"rule-person-error\"", invalidHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, conflict.StatusCode);
        Assert.Contains("Det finnes allerede en henteregel for mandag", conflictHtml, StringComparison.Ordinal);
        Assert.Contains($"(regel {monday.Id})", conflictHtml, StringComparison.Ordinal);
        var rules = await world.Kari.GetJsonAsync<List<PickupRuleResponse>>(Rules(world.PupilA));
        Assert.Equal([(DayOfWeek.Monday, DepartureMethod.Bus), (DayOfWeek.Tuesday, DepartureMethod.WentHomeAlone)], rules.Select(r => (r.Weekday, r.Method)));
    }

    [Fact]
    public async Task Another_family_gets_404_for_the_rule_form_and_the_history()
    {
        var world = await app.ArrangePickupWorldAsync();
        var rule = await world.Kari.AddRuleAsync(world.PupilA, Rule(DayOfWeek.Monday, DepartureMethod.Bus));
        var other = app.BrowserLikeClient(TestUser.Account(await app.GuardianAccountIdAsync(world.Absence.Roster.GuardianB)));

        Assert.Equal(404, (await other.GetPageAsync($"/henting/{world.PupilA}/regler/{rule.Id}")).Status);
        Assert.Equal(404, (await other.GetPageAsync($"/henting/{world.PupilA}/historikk")).Status);
    }

    [Fact]
    public async Task The_history_shows_every_version_of_a_days_message_with_who_sent_it_to_the_guardians_and_the_sfo_staff()
    {
        var world = await app.ArrangePickupWorldAsync();
        var day = app.Today().AddDays(2);
        var granny = await world.Kari.AddPersonAsync(world.PupilA, name: "Randi Hansen", relation: "Bestemor");
        var first = await world.Kari.SendAsync(world.PupilA, new PickupMessageRequest(day, DepartureMethod.Bus, new TimeOnly(14, 0)));
        var second = await world.Absence.SecondGuardian.SendAsync(world.PupilA, new PickupMessageRequest(day, DepartureMethod.PickedUp, new TimeOnly(16, 0), granny.Id));
        var (_, staffAccount, _) = await app.StaffClientAsync(world.Admin, world.Absence.SchoolId, Meldebok.Server.Features.Roster.StaffRole.SfoStaff, world.Absence.Roster.SfoGroup);
        var history = $"/henting/{world.PupilA}/historikk?dato={Iso(day)}";

        var versions = await world.Kari.MessagesAsync(world.PupilA, $"&from={Iso(day)}&to={Iso(day)}&includeHistory=true");
        var (guardianStatus, guardianHtml) = await app.BrowserLikeClient(TestUser.Account(await app.GuardianAccountIdAsync(world.Absence.Roster.GuardianA)))
            .GetPageAsync(history);
        var (staffStatus, staffHtml) = await app.BrowserLikeClient(TestUser.Account(staffAccount)).GetPageAsync(history);

        Assert.Equal([(second.Id, PickupMessageStatus.Current, "Per Hansen"), (first.Id, PickupMessageStatus.Superseded, "Kari Hansen")],
            versions.Select(v => (v.Id, v.Status, v.SentByName)));
        foreach (var (status, html) in new[] { (guardianStatus, guardianHtml), (staffStatus, staffHtml) })
        {
            Assert.Equal(200, status);
            Assert.Contains("Sendt av Per Hansen", html, StringComparison.Ordinal);
            Assert.Contains("Sendt av Kari Hansen", html, StringComparison.Ordinal);
            Assert.Contains("data-status=\"Superseded\"", html, StringComparison.Ordinal);
            Assert.Contains("Erstattet av en nyere melding", html, StringComparison.Ordinal);
            Assert.Contains("hentes Emma av Randi Hansen (Bestemor) kl. 16:00.", html, StringComparison.Ordinal);
            Assert.True(html.IndexOf("Sendt av Per Hansen", StringComparison.Ordinal) < html.IndexOf("Sendt av Kari Hansen", StringComparison.Ordinal));
        }
    }
}
