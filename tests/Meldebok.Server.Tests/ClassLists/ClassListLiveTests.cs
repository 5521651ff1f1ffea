using System.Net;
using Meldebok.Server.Features.ClassLists;
using Meldebok.Server.Features.Consents;
using Meldebok.Server.Features.Messages;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Realtime;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Realtime;
using Meldebok.Server.Tests.Roster;

namespace Meldebok.Server.Tests.ClassLists;

/// <summary>
/// Open class lists refresh live: an answer to a standing contact-sharing consent tells the guardians who reach the child's
/// groups' lists, an answer to a photo consent the staff who open them — and nobody else.
/// </summary>
public sealed class ClassListLiveTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private const string Requests = "/api/v1/consent-requests";

    private ConsentRequestCreate Standing(Guid classId, ConsentPurpose purpose) => new(
        new BulkTarget(BulkTargetKind.Groups, [classId]), purpose == ConsentPurpose.PhotoPublication ? "Bilder på nettsiden" : "Kontaktinformasjon i klasselisten",
        null, ConsentKind.Standing, ConsentRule.AnyGuardian, app.Time.GetUtcNow().AddDays(5), ValidFrom: app.Today(), ValidUntil: app.Today().AddDays(300),
        Purpose: purpose);

    private static async Task AnswerYesAsync(HttpClient staff, HttpClient guardian, ConsentRequestCreate create, Guid pupilId)
    {
        var request = await (await staff.PostJsonAsync(Requests, create)).ReadAsync<ConsentRequestResponse>(HttpStatusCode.Created);
        (await guardian.PostJsonAsync($"/api/v1/consents/{request.Id}/answers", new ConsentAnswerRequest(pupilId, ConsentChoice.Yes))).EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Sends one event to every client's own account and waits for it everywhere: events reach a connection in sequence order,
    /// so whatever a client has not received by then was not sent to it. Returns how many changes of 5A's list each received.
    /// </summary>
    private async Task<int[]> ChangesOfGroupAsync(Guid groupId, params (HubClient Client, Guid AccountId)[] clients)
    {
        var sentinel = await app.EnqueueAsync(null, [.. clients.Select(c => Audiences.Account(c.AccountId))]);
        foreach (var (client, _) in clients)
        {
            await client.WaitForAsync(OutboxArrange.Type, sentinel);
        }

        return [.. clients.Select(c => c.Client.Received.Count(e =>
            e.Type == ClassListEvents.Changed && e.Data.TryGetProperty("groupId", out var id) && id.GetGuid() == groupId))];
    }

    [Fact]
    public async Task A_contact_sharing_answer_reaches_the_guardians_of_the_groups_pupils_and_a_photo_answer_the_groups_staff_and_nobody_else()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var admin = world.Admin;
        var classA = world.Roster.ClassA;
        var ada = await admin.CreatePupilAsync(RosterTestData.Pupil(world.SchoolId, "Ada", "Aas") with { GroupIds = [classA] });
        var siv = await admin.CreateGuardianAsync(RosterTestData.Guardian("Siv", "Aas", "siv@example.no"));
        await admin.LinkAsync(siv.Id, ada.Id);
        var sivClient = await app.GuardianClientAsync(siv.Id);
        var (teacherA, teacherAAccount, _) = await app.StaffClientAsync(admin, world.SchoolId, StaffRole.ContactTeacher, classA);
        var (_, teacherBAccount, _) = await app.StaffClientAsync(admin, world.SchoolId, StaffRole.ContactTeacher, world.Roster.ClassB);
        var (_, officeAccount, _) = await app.StaffClientAsync(admin, world.SchoolId, StaffRole.Office);
        var sivAccount = await app.GuardianAccountIdAsync(siv.Id);
        var olaAccount = await app.GuardianAccountIdAsync(world.Roster.GuardianB);
        (HubClient, Guid)[] clients =
        [
            (await HubClient.ConnectAsync(app, TestUser.Account(sivAccount)), sivAccount),
            (await HubClient.ConnectAsync(app, TestUser.Account(olaAccount)), olaAccount),
            (await HubClient.ConnectAsync(app, TestUser.Account(teacherAAccount)), teacherAAccount),
            (await HubClient.ConnectAsync(app, TestUser.Account(teacherBAccount)), teacherBAccount),
            (await HubClient.ConnectAsync(app, TestUser.Account(officeAccount)), officeAccount),
        ];

        // Kari shares her contacts in Emma's lists: Siv, guardian of Emma's classmate Ada, sees 5A's list change; Ola (5B) does
        // not, and the staff lists, which show every guardian's contacts anyway, do not change.
        await AnswerYesAsync(teacherA, world.GuardianA, Standing(classA, ConsentPurpose.ContactSharing), world.PupilA);
        var afterSharing = await ChangesOfGroupAsync(classA, clients);
        Assert.Equal([1, 0, 0, 0, 0], afterSharing);

        // A photo consent shows in the staff lists only: 5A's contact teacher and the office, not 5B's teacher or the guardians.
        await AnswerYesAsync(teacherA, world.GuardianA, Standing(classA, ConsentPurpose.PhotoPublication), world.PupilA);
        var afterPhoto = await ChangesOfGroupAsync(classA, clients);
        Assert.Equal([1, 0, 1, 0, 1], afterPhoto);

        // The list the event announces shows the change to those it reached.
        var lists = await sivClient.GetJsonAsync<GuardianClassListsResponse>($"/api/v1/pupils/{ada.Id}/class-lists");
        Assert.Equal(["Kari Hansen"], lists.Groups.Single(g => g.GroupId == classA).Pupils.Single(p => p.GivenName == "Emma").Guardians.Select(g => g.Name));
        foreach (var (client, _) in clients)
        {
            await client.DisposeAsync();
        }
    }
}
