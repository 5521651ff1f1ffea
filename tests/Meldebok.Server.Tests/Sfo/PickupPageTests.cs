using System.Globalization;
using System.Net;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Features.Sfo.Pickup;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
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
}
