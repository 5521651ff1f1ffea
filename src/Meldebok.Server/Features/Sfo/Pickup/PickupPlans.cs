using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Sfo.Pickup;

/// <summary>
/// The day's plan for many children at once, for the SFO's lists and check-out: per child the current pickup message for the
/// day (with its late flag), else the weekly rule for the weekday that holds on the day, else nothing, and the persons who may
/// pick the child up that day. Set-based: one query whatever the number of children. It does not check access: callers pass children
/// the caller reaches.
/// </summary>
internal sealed class PickupPlans(MeldebokDbContext db)
{
    /// <summary>The children's plans for the day (see <see cref="DayAsync"/>).</summary>
    public async Task<IReadOnlyDictionary<Guid, PickupPlan>> ForDayAsync(IReadOnlyCollection<Guid> pupilIds, DateOnly day, CancellationToken ct) =>
        (await DayAsync(pupilIds, day, ct)).Plans;

    /// <summary>
    /// Per child the day's plan (the current message for the day, else the weekly rule for its weekday) and the authorized
    /// pickup persons valid on the day, by name — in one query whatever the number of children: the board and every
    /// check-out need both (bench/afternoon-rush).
    /// </summary>
    public async Task<PickupDay> DayAsync(IReadOnlyCollection<Guid> pupilIds, DateOnly day, CancellationToken ct)
    {
        var ids = pupilIds.Distinct().ToList();
        var persons = ValidPersons(day);
        var weekday = day.DayOfWeek;
        var rows = await db.Pupils.AsNoTracking()
            .Where(p => ids.Contains(p.Id))
            .Select(p => new DayRow
            {
                PupilId = p.Id,
                // A partial unique index keeps one current message per child and day.
                Message = db.PickupMessages
                    .Where(m => m.PupilId == p.Id && m.Date == day && m.SupersededAt == null && m.WithdrawnAt == null)
                    .OrderBy(m => m.Id)
                    .Select(m => new PlanRow
                    {
                        PupilId = m.PupilId, SourceId = m.Id, Method = m.Method, Time = m.Time, Name = m.PickupName, Note = m.Note, IsLate = m.IsLate,
                        Person = persons.Where(x => x.Id == m.AuthorizedPersonId).Select(x => new PersonRow { Name = x.Name, Relation = x.Relation, Phone = x.Phone }).FirstOrDefault(),
                    })
                    .FirstOrDefault(),
                // Rules cannot overlap (the service refuses it); should old data hold two, the first made wins.
                Rule = db.PickupRules
                    .Where(r => r.PupilId == p.Id && r.RemovedAt == null && r.Weekday == weekday
                        && (r.ValidFrom == null || r.ValidFrom <= day) && (r.ValidUntil == null || r.ValidUntil >= day))
                    .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
                    .Select(r => new PlanRow
                    {
                        PupilId = r.PupilId, SourceId = r.Id, Method = r.Method, Time = r.Time, Name = null, Note = r.Note, IsLate = false,
                        Person = persons.Where(x => x.Id == r.AuthorizedPersonId).Select(x => new PersonRow { Name = x.Name, Relation = x.Relation, Phone = x.Phone }).FirstOrDefault(),
                    })
                    .FirstOrDefault(),
                Persons = persons.Where(x => x.PupilId == p.Id).OrderBy(x => x.Name).ThenBy(x => x.Id)
                    .Select(x => new AuthorizedPickupPersonView(x.Id, x.PupilId, x.Name, x.Relation, x.Phone, x.ValidUntil))
                    .ToList(),
            })
            .ToListAsync(ct);

        var plans = new Dictionary<Guid, PickupPlan>(rows.Count);
        var listed = new Dictionary<Guid, IReadOnlyList<AuthorizedPickupPersonView>>(rows.Count);
        foreach (var row in rows)
        {
            if (row.Message is { } message)
            {
                plans[row.PupilId] = message.ToPlan(day, PickupPlanSource.Message);
            }
            else if (row.Rule is { } rule)
            {
                plans[row.PupilId] = rule.ToPlan(day, PickupPlanSource.Rule);
            }

            if (row.Persons.Count > 0)
            {
                listed[row.PupilId] = row.Persons;
            }
        }

        return new PickupDay(plans, listed);
    }

    private IQueryable<AuthorizedPickupPerson> ValidPersons(DateOnly day) =>
        db.AuthorizedPickupPersons.AsNoTracking().Where(p => p.RemovedAt == null && (p.ValidUntil == null || p.ValidUntil >= day));

    private sealed class DayRow
    {
        public required Guid PupilId { get; init; }
        public required PlanRow? Message { get; init; }
        public required PlanRow? Rule { get; init; }
        public required List<AuthorizedPickupPersonView> Persons { get; init; }
    }

    /// <summary>A plan as read from the database; member-initialised so that EF Core can project it.</summary>
    private sealed class PlanRow
    {
        public required Guid PupilId { get; init; }
        public required Guid SourceId { get; init; }
        public required DepartureMethod Method { get; init; }
        public required TimeOnly Time { get; init; }
        public required string? Name { get; init; }
        public required string? Note { get; init; }
        public required bool IsLate { get; init; }
        public required PersonRow? Person { get; init; }

        public PickupPlan ToPlan(DateOnly day, PickupPlanSource source) =>
            new(PupilId, day, source, SourceId, Method, Time, Person?.Name ?? Name, Person?.Relation, Person?.Phone, IsLate, Note);
    }

    private sealed class PersonRow
    {
        public required string Name { get; init; }
        public required string Relation { get; init; }
        public required string Phone { get; init; }
    }
}

/// <summary>The day's plans and the authorized pickup persons valid on the day, per child (children without either are absent).</summary>
internal sealed record PickupDay(
    IReadOnlyDictionary<Guid, PickupPlan> Plans, IReadOnlyDictionary<Guid, IReadOnlyList<AuthorizedPickupPersonView>> Persons);
