using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Sfo.Pickup;

/// <summary>
/// The day's plan for many children at once, for the SFO's lists and check-out: per child the current pickup message for the
/// day (with its late flag), else the weekly rule for the weekday that holds on the day, else nothing. Set-based: two queries
/// for the plans and one for the persons, whatever the number of children. It does not check access: callers pass children
/// the caller reaches.
/// </summary>
internal sealed class PickupPlans(MeldebokDbContext db)
{
    public async Task<IReadOnlyDictionary<Guid, PickupPlan>> ForDayAsync(IReadOnlyCollection<Guid> pupilIds, DateOnly day, CancellationToken ct)
    {
        var ids = pupilIds.Distinct().ToList();
        var persons = ValidPersons(day);
        var messages = await db.PickupMessages.AsNoTracking()
            .Where(m => ids.Contains(m.PupilId) && m.Date == day && m.SupersededAt == null && m.WithdrawnAt == null)
            .Select(m => new PlanRow
            {
                PupilId = m.PupilId, SourceId = m.Id, Method = m.Method, Time = m.Time, Name = m.PickupName, Note = m.Note, IsLate = m.IsLate,
                Person = persons.Where(p => p.Id == m.AuthorizedPersonId).Select(p => new PersonRow { Name = p.Name, Relation = p.Relation, Phone = p.Phone }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var weekday = day.DayOfWeek;
        var withMessage = messages.Select(m => m.PupilId).ToList();
        var rules = await db.PickupRules.AsNoTracking()
            .Where(r => ids.Contains(r.PupilId) && !withMessage.Contains(r.PupilId) && r.RemovedAt == null && r.Weekday == weekday
                && (r.ValidFrom == null || r.ValidFrom <= day) && (r.ValidUntil == null || r.ValidUntil >= day))
            .OrderBy(r => r.CreatedAt)
            .Select(r => new PlanRow
            {
                PupilId = r.PupilId, SourceId = r.Id, Method = r.Method, Time = r.Time, Name = null, Note = r.Note, IsLate = false,
                Person = persons.Where(p => p.Id == r.AuthorizedPersonId).Select(p => new PersonRow { Name = p.Name, Relation = p.Relation, Phone = p.Phone }).FirstOrDefault(),
            })
            .ToListAsync(ct);

        var plans = new Dictionary<Guid, PickupPlan>(messages.Count + rules.Count);
        foreach (var row in messages)
        {
            plans[row.PupilId] = row.ToPlan(day, PickupPlanSource.Message);
        }

        // Rules cannot overlap (the service refuses it); should old data hold two, the first made wins.
        foreach (var row in rules)
        {
            plans.TryAdd(row.PupilId, row.ToPlan(day, PickupPlanSource.Rule));
        }

        return plans;
    }

    /// <summary>The children's authorized pickup persons valid on the day, by name.</summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<AuthorizedPickupPersonView>>> AuthorizedForAsync(
        IReadOnlyCollection<Guid> pupilIds, DateOnly day, CancellationToken ct)
    {
        var ids = pupilIds.Distinct().ToList();
        var rows = await ValidPersons(day)
            .Where(p => ids.Contains(p.PupilId))
            .OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Select(p => new AuthorizedPickupPersonView(p.Id, p.PupilId, p.Name, p.Relation, p.Phone, p.ValidUntil))
            .ToListAsync(ct);
        return rows.GroupBy(p => p.PupilId).ToDictionary(g => g.Key, g => (IReadOnlyList<AuthorizedPickupPersonView>)g.ToList());
    }

    private IQueryable<AuthorizedPickupPerson> ValidPersons(DateOnly day) =>
        db.AuthorizedPickupPersons.AsNoTracking().Where(p => p.RemovedAt == null && (p.ValidUntil == null || p.ValidUntil >= day));

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
