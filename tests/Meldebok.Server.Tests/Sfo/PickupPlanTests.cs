using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Features.Sfo.Pickup;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Sfo;

/// <summary>The day's plan for a whole SFO at once, as the board and check-out will ask for it.</summary>
public sealed class PickupPlanTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_plan_and_the_persons_of_300_children_take_one_query_and_each_child_gets_its_own()
    {
        var world = await app.ArrangeWorldAsync();
        var day = PickupArrange.Next(DateOnly.FromDateTime(MeldebokApp.DefaultNow.UtcDateTime).AddDays(7), DayOfWeek.Tuesday);
        var pupils = await app.WithDbAsync(async db =>
        {
            var m = world.Admin.MunicipalityId;
            var guardian = await db.Guardians.SingleAsync(g => g.Id == world.GuardianA, Ct);
            var ids = new List<Guid>();
            for (var i = 0; i < 300; i++)
            {
                var pupil = new Pupil(m) { SchoolId = world.SchoolId, GivenName = $"Barn{i:D3}", FamilyName = "Hentesen", BirthDate = new DateOnly(2018, 1, 1) };
                var person = new AuthorizedPickupPerson
                {
                    MunicipalityId = m, PupilId = pupil.Id, Name = $"Bestemor {i:D3}", Relation = "Bestemor", Phone = "+4791234567",
                    ValidUntil = i % 10 == 0 ? day.AddDays(-1) : null, CreatedByGuardianId = guardian.Id, CreatedAt = MeldebokApp.DefaultNow, UpdatedAt = MeldebokApp.DefaultNow,
                };
                db.Pupils.Add(pupil);
                db.AuthorizedPickupPersons.Add(person);
                // Every child has a Tuesday rule (picked up by its grandmother) and a Wednesday rule; every third a message for the day.
                db.PickupRules.AddRange(
                    new PickupRule
                    {
                        MunicipalityId = m, PupilId = pupil.Id, Weekday = DayOfWeek.Tuesday, Method = DepartureMethod.PickedUp, Time = new TimeOnly(15, i % 60),
                        AuthorizedPersonId = person.Id, CreatedByGuardianId = guardian.Id, CreatedAt = MeldebokApp.DefaultNow, UpdatedAt = MeldebokApp.DefaultNow,
                    },
                    new PickupRule
                    {
                        MunicipalityId = m, PupilId = pupil.Id, Weekday = DayOfWeek.Wednesday, Method = DepartureMethod.Bus, Time = new TimeOnly(14, 0),
                        CreatedByGuardianId = guardian.Id, CreatedAt = MeldebokApp.DefaultNow, UpdatedAt = MeldebokApp.DefaultNow,
                    });
                if (i % 3 == 0)
                {
                    db.PickupMessages.Add(new PickupMessage
                    {
                        MunicipalityId = m, PupilId = pupil.Id, SchoolId = world.SchoolId, Date = day, Method = DepartureMethod.WentHomeAlone, Time = new TimeOnly(13, 0),
                        Note = $"Melding {i:D3}", SentByGuardianId = guardian.Id, CreatedAt = MeldebokApp.DefaultNow,
                    });
                }

                ids.Add(pupil.Id);
            }

            await db.SaveChangesAsync(Ct);
            return ids;
        });

        await using var scope = app.Services.CreateAsyncScope();
        var plans = scope.ServiceProvider.GetRequiredService<PickupPlans>();
        using var counter = new NpgsqlCommandCounter();

        var pickupDay = await plans.DayAsync(pupils, day, Ct);

        Assert.Equal(1, counter.Count);
        var (byPupil, persons) = (pickupDay.Plans, pickupDay.Persons);
        Assert.Equal(300, byPupil.Count);
        for (var i = 0; i < 300; i++)
        {
            var plan = byPupil[pupils[i]];
            if (i % 3 == 0)
            {
                Assert.Equal((PickupPlanSource.Message, DepartureMethod.WentHomeAlone, $"Melding {i:D3}"), (plan.Source, plan.Method, plan.Note));
            }
            else
            {
                // A grandmother whose authorization ended the day before is not named.
                Assert.Equal((PickupPlanSource.Rule, new TimeOnly(15, i % 60), i % 10 == 0 ? null : $"Bestemor {i:D3}"), (plan.Source, plan.Time, plan.PersonName));
            }
        }

        Assert.Equal(270, persons.Count);
        Assert.All(persons, p => Assert.Equal(p.Key, Assert.Single(p.Value).PupilId));
        Assert.False(persons.ContainsKey(pupils[10]));
    }
}
