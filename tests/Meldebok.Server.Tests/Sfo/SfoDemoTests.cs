using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Tests.Demo;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Sfo;

/// <summary>The demo municipality's SFO places.</summary>
public sealed class SfoDemoTests(SeededDemoApp demo) : IClassFixture<SeededDemoApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_demo_sfo_pupil_has_one_place_at_the_unit_of_their_sfo_group_with_varied_weekdays()
    {
        var (inGroups, places) = await demo.App.WithDbAsync(async db =>
        {
            var inGroups = await db.GroupMemberships
                .Join(db.Groups.Where(g => g.Kind == GroupKind.SfoGroup && g.MunicipalityId == demo.MunicipalityId), m => m.GroupId, g => g.Id, (m, g) => new { m.PupilId, Unit = g.SfoUnitId!.Value })
                .ToListAsync(Ct);
            var places = await db.SfoEnrolments.Where(e => e.MunicipalityId == demo.MunicipalityId).ToListAsync(Ct);
            return (inGroups, places);
        });

        Assert.Equal(inGroups.Select(m => (m.PupilId, m.Unit)).Order().ToArray(), places.Select(p => (p.PupilId, p.SfoUnitId)).Order().ToArray());
        Assert.True(places.Select(p => p.Weekdays).Distinct().Count() >= 3, "The demo places should not all share one weekday pattern.");
        Assert.All(places, p => Assert.Null(p.EndDate));
    }
}
