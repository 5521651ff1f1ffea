using System.Net;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Realtime;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Realtime;

public sealed class RealtimeTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The access world plus an SFO unit for its SFO group and one account per kind of person.</summary>
    private sealed record People(
        AccessWorld World, Guid SfoUnitId, Guid GuardianA, Guid GuardianB, Guid ContactTeacherA, Guid TeacherB, Guid Office, Guid SfoStaff);

    private async Task<People> ArrangePeopleAsync()
    {
        var world = await app.ArrangeWorldAsync();
        var unit = await world.Admin.Client.CreateSfoUnitAsync(world.SchoolId);
        await app.WithDbAsync(async db =>
            await db.Groups.Where(g => g.Id == world.SfoGroup).ExecuteUpdateAsync(set => set.SetProperty(g => g.SfoUnitId, unit.Id), Ct));
        var guardianA = (await app.GuardianAccountAsync(world.GuardianA)).AccountId!.Value;
        var guardianB = (await app.GuardianAccountAsync(world.GuardianB)).AccountId!.Value;
        var (_, contactTeacher, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.ContactTeacher, world.ClassA);
        var (_, teacherB, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Teacher, world.ClassB);
        var (_, office, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Office);
        var (_, sfoStaff, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.SfoStaff, world.SfoGroup);
        return new People(world, unit.Id, guardianA, guardianB, contactTeacher, teacherB, office, sfoStaff);
    }

    /// <summary>
    /// Sends one event to every client's own account and waits for it everywhere. Events reach a connection in
    /// sequence order, so whatever a client did not receive before this one was not sent to it.
    /// </summary>
    private async Task FlushAsync(params (HubClient Client, Guid AccountId)[] clients)
    {
        var sentinel = await app.EnqueueAsync(null, [.. clients.Select(c => Audiences.Account(c.AccountId))]);
        foreach (var (client, _) in clients)
        {
            await client.WaitForAsync(OutboxArrange.Type, sentinel);
        }
    }

    [Fact]
    public async Task Event_reaches_exactly_the_connections_whose_roster_groups_match()
    {
        var p = await ArrangePeopleAsync();
        var w = p.World;
        var accounts = new[] { p.GuardianA, p.GuardianB, p.ContactTeacherA, p.TeacherB, p.Office, p.SfoStaff };
        var clients = new List<(HubClient Client, Guid AccountId)>();
        foreach (var account in accounts)
        {
            clients.Add((await HubClient.ConnectAsync(app, TestUser.Account(account)), account));
        }

        var toSchool = await app.EnqueueAsync(w.Admin.MunicipalityId,
            Audiences.PupilGuardians(w.PupilA), Audiences.GroupStaff(w.ClassA), Audiences.SchoolOffice(w.SchoolId));
        var toSfo = await app.EnqueueAsync(w.Admin.MunicipalityId, Audiences.PupilGuardians(w.SfoPupil), Audiences.SfoStaff(p.SfoUnitId));
        await FlushAsync([.. clients]);

        var received = clients.ToDictionary(c => c.AccountId, c => (School: c.Client.CountOf(OutboxArrange.Type, toSchool), Sfo: c.Client.CountOf(OutboxArrange.Type, toSfo)));
        Assert.Equal((1, 0), received[p.GuardianA]);
        Assert.Equal((0, 0), received[p.GuardianB]);
        Assert.Equal((1, 0), received[p.ContactTeacherA]);
        Assert.Equal((0, 0), received[p.TeacherB]);
        Assert.Equal((1, 0), received[p.Office]);
        Assert.Equal((0, 1), received[p.SfoStaff]);

        var message = clients[0].Client.Received.Single(e => HubClient.Marker(e) == toSchool);
        Assert.Equal(OutboxArrange.Type, message.Type);
        Assert.Equal(app.Time.GetUtcNow(), message.OccurredAt);
        foreach (var (client, _) in clients)
        {
            await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task Staff_member_in_several_audiences_of_one_event_receives_it_once()
    {
        var world = await app.ArrangeWorldAsync();
        var (_, accountId, staffId) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.ContactTeacher, world.ClassA);
        await world.Admin.Client.CreateAssignmentAsync(staffId, world.SchoolId, StaffRole.Office);
        await using var client = await HubClient.ConnectAsync(app, TestUser.Account(accountId));

        var marker = await app.EnqueueAsync(world.Admin.MunicipalityId,
            Audiences.GroupStaff(world.ClassA), Audiences.SchoolOffice(world.SchoolId), Audiences.PupilGuardians(world.PupilA));
        await FlushAsync((client, accountId));

        Assert.Equal(1, client.CountOf(OutboxArrange.Type, marker));
    }

    [Fact]
    public async Task Client_cannot_put_itself_in_a_group()
    {
        var world = await app.ArrangeWorldAsync();
        var guardianB = (await app.GuardianAccountAsync(world.GuardianB)).AccountId!.Value;
        await using var client = await HubClient.ConnectAsync(app, TestUser.Account(guardianB));

        foreach (var method in new[] { "AddToGroup", "JoinGroup", "Join", "Subscribe" })
        {
            await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync(method, Audiences.PupilGuardians(world.PupilA), Ct));
        }

        var marker = await app.EnqueueAsync(world.Admin.MunicipalityId, Audiences.PupilGuardians(world.PupilA));
        await FlushAsync((client, guardianB));
        Assert.Equal(0, client.CountOf(OutboxArrange.Type, marker));
    }

    [Fact]
    public async Task Unauthenticated_connection_is_refused()
    {
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => HubClient.ConnectAsync(app, null));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Catch_up_returns_exactly_the_missed_events_within_access_in_order()
    {
        var world = await app.ArrangeWorldAsync();
        var guardian = await app.GuardianAccountAsync(world.GuardianA);
        var m = world.Admin.MunicipalityId;
        var seen = await app.EnqueueAsync(m, Audiences.PupilGuardians(world.PupilA));
        var otherGroup = await app.EnqueueAsync(m, Audiences.GroupStaff(world.ClassB));
        var ownAccount = await app.EnqueueAsync(null, Audiences.Account(guardian.AccountId!.Value));
        var otherChild = await app.EnqueueAsync(m, Audiences.PupilGuardians(world.PupilB));
        var shared = await app.EnqueueAsync(m, Audiences.SchoolOffice(world.SchoolId), Audiences.PupilGuardians(world.PupilA));
        await app.WaitUntilAllPublishedAsync();
        var client = app.ClientFor(guardian);

        var all = await client.GetJsonAsync<RealtimeEventsResponse>("/api/v1/events?after=0");
        Assert.Equal([seen, ownAccount, shared], all.Items.Select(HubClient.Marker));
        Assert.Equal(all.Items[^1].Sequence, all.LastSequence);

        var missed = await client.GetJsonAsync<RealtimeEventsResponse>($"/api/v1/events?after={all.Items[0].Sequence}");
        Assert.Equal([ownAccount, shared], missed.Items.Select(HubClient.Marker));
        Assert.True(missed.Items[0].Sequence < missed.Items[1].Sequence);
        Assert.DoesNotContain(missed.Items, e => HubClient.Marker(e) == otherGroup || HubClient.Marker(e) == otherChild);

        var firstPage = await client.GetJsonAsync<RealtimeEventsResponse>("/api/v1/events?after=0&limit=1");
        Assert.Equal([seen], firstPage.Items.Select(HubClient.Marker));
        Assert.Equal(firstPage.Items[0].Sequence, firstPage.LastSequence);

        var nothingNew = await client.GetJsonAsync<RealtimeEventsResponse>($"/api/v1/events?after={all.LastSequence}");
        Assert.Empty(nothingNew.Items);
        Assert.Equal(all.LastSequence, nothingNew.LastSequence);
    }

    [Fact]
    public async Task Catch_up_rejects_a_negative_after_and_a_limit_over_500()
    {
        var world = await app.ArrangeWorldAsync();
        var client = app.ClientFor(await app.GuardianAccountAsync(world.GuardianA));
        await (await client.GetAsync("/api/v1/events?after=-1", Ct)).ValidationProblemAsync("after");
        await (await client.GetAsync("/api/v1/events?limit=501", Ct)).ValidationProblemAsync("limit");
    }

    [Fact]
    public async Task Sequences_strictly_increase_across_concurrent_writers_and_publishers()
    {
        var world = await app.ArrangeWorldAsync();
        var (_, office, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Office);
        await using var live = await HubClient.ConnectAsync(app, TestUser.Account(office));
        var markers = new List<Guid>();
        await using (var secondProcess = app.WithWebHostBuilder(_ => { }))
        {
            _ = secondProcess.Server;
            var writers = Enumerable.Range(0, 8).Select(async writer =>
            {
                var host = writer % 2 == 0 ? (Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>)app : secondProcess;
                var written = new List<Guid>();
                for (var i = 0; i < 10; i++)
                {
                    written.Add(await host.EnqueueAsync(world.Admin.MunicipalityId, Audiences.SchoolOffice(world.SchoolId)));
                }

                return written;
            });
            markers.AddRange((await Task.WhenAll(writers)).SelectMany(w => w));
            await app.WaitUntilAllPublishedAsync();
        }

        var sequences = await app.WithDbAsync(db => db.OutboxEvents.OrderBy(e => e.Id).Select(e => e.Sequence!.Value).ToListAsync(Ct));
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(s => (long)s), sequences.Order());

        var caughtUp = new List<RealtimeEvent>();
        var after = 0L;
        while (true)
        {
            var page = await app.ClientFor(TestUser.Account(office)).GetJsonAsync<RealtimeEventsResponse>($"/api/v1/events?after={after}&limit=7");
            if (page.Items.Count == 0)
            {
                break;
            }

            caughtUp.AddRange(page.Items);
            after = page.LastSequence;
        }

        Assert.Equal(markers.Order(), caughtUp.Select(e => HubClient.Marker(e)!.Value).Order());
        Assert.True(caughtUp.Zip(caughtUp.Skip(1)).All(pair => pair.First.Sequence < pair.Second.Sequence));

        await FlushAsync((live, office));
        var pushed = live.Received.Select(e => e.Sequence).ToList();
        Assert.True(pushed.Zip(pushed.Skip(1)).All(pair => pair.First < pair.Second), string.Join(", ", pushed));
    }
}
