using System.Globalization;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Sfo.Pickup;

/// <summary>
/// A child's standing weekly rules. Read as persons are; managed by guardians with parental responsibility. Two rules for
/// the same weekday may not hold on the same day (409 naming the rule that is in the way); deleting keeps the row.
/// </summary>
internal sealed class PickupRuleService(MeldebokDbContext db, PickupAccess access, MunicipalClock clock, TimeProvider time)
{
    /// <summary>The child's rules that are not deleted, Monday first; null when the caller does not reach the child.</summary>
    public async Task<List<PickupRuleResponse>?> ListAsync(Guid pupilId, CancellationToken ct)
    {
        if (await access.ReadableAsync(pupilId, ct) is null)
        {
            return null;
        }

        var rules = await Rows(db.PickupRules.Where(r => r.PupilId == pupilId && r.RemovedAt == null)).ToListAsync(ct);
        return rules.OrderBy(r => (int)r.Weekday).ThenBy(r => r.ValidFrom).ThenBy(r => r.Time).ThenBy(r => r.Id).ToList();
    }

    public async Task<PickupRuleResponse?> CreateAsync(Guid pupilId, PickupRuleRequest request, CancellationToken ct)
    {
        if (await access.ManageableAsync(pupilId, ct) is not { } child)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var rule = new PickupRule
        {
            MunicipalityId = child.MunicipalityId,
            PupilId = pupilId,
            CreatedByGuardianId = child.GuardianId!.Value,
            CreatedAt = now,
        };
        await SaveAsync(rule, request, child, isNew: true, ct);
        return await GetAsync(rule.Id, ct);
    }

    /// <summary>Changes a rule; null when out of reach or not this child's; 409 when deleted or when it would overlap another.</summary>
    public async Task<PickupRuleResponse?> UpdateAsync(Guid pupilId, Guid id, PickupRuleRequest request, CancellationToken ct)
    {
        if (await access.ManageableAsync(pupilId, ct) is not { } child
            || await db.PickupRules.AsTracking().SingleOrDefaultAsync(r => r.Id == id && r.PupilId == pupilId, ct) is not { } rule)
        {
            return null;
        }

        if (rule.RemovedAt is not null)
        {
            throw new RuleConflictException(PickupTexts.RuleRemoved);
        }

        await SaveAsync(rule, request, child, isNew: false, ct);
        return await GetAsync(rule.Id, ct);
    }

    /// <summary>Deletes a rule (kept as history); deleting again changes nothing. False when out of reach.</summary>
    public async Task<bool> RemoveAsync(Guid pupilId, Guid id, CancellationToken ct)
    {
        if (await access.ManageableAsync(pupilId, ct) is null
            || await db.PickupRules.AsTracking().SingleOrDefaultAsync(r => r.Id == id && r.PupilId == pupilId, ct) is not { } rule)
        {
            return false;
        }

        if (rule.RemovedAt is null)
        {
            rule.RemovedAt = rule.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }

        return true;
    }

    /// <summary>
    /// Validates and stores the rule under the child's pickup lock, so that two requests cannot each miss the other's
    /// overlapping rule.
    /// </summary>
    private async Task SaveAsync(PickupRule rule, PickupRuleRequest request, PickupChild child, bool isNew, CancellationToken ct)
    {
        var today = await clock.TodayAsync(child.MunicipalityId, ct);
        var errors = new FieldErrors();
        var weekday = request.Weekday!.Value;
        var method = request.Method!.Value;
        if (weekday is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            errors.Add("weekday", "SFO har åpent mandag til fredag: velg en ukedag.");
        }

        if (request.ValidFrom is { } from && request.ValidUntil is { } until && until < from)
        {
            errors.Add("validUntil", "Gyldig til må være samme dag som eller etter gyldig fra.");
        }

        if (request.ValidUntil < today)
        {
            errors.Add("validUntil", "Gyldig til kan ikke være en dag som er passert.");
        }

        // The person must be valid on the first day the rule is in force.
        var firstDay = request.ValidFrom is { } start && start > today ? start : today;
        await PickupPersons.CheckAsync(db, child.PupilId, method, request.AuthorizedPersonId, null, firstDay, errors, ct);
        errors.ThrowIfAny();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await PickupPersons.LockChildAsync(db, child.PupilId, ct);
        var ruleId = rule.Id;
        var lowest = request.ValidFrom ?? DateOnly.MinValue;
        var highest = request.ValidUntil ?? DateOnly.MaxValue;
        var overlapping = await db.PickupRules.AsNoTracking()
            .Where(r => r.PupilId == child.PupilId && r.Id != ruleId && r.RemovedAt == null && r.Weekday == weekday
                && (r.ValidFrom == null || r.ValidFrom <= highest) && (r.ValidUntil == null || r.ValidUntil >= lowest))
            .OrderBy(r => r.ValidFrom).ThenBy(r => r.Id)
            .FirstOrDefaultAsync(ct);
        if (overlapping is not null)
        {
            throw new RuleConflictException(
                $"Det finnes allerede en henteregel for {PickupWords.Weekday(weekday)} i samme periode: {PickupWords.Method(overlapping.Method)} kl. " +
                $"{overlapping.Time.ToString("HH:mm", CultureInfo.InvariantCulture)}, {PickupWords.Period(overlapping.ValidFrom, overlapping.ValidUntil)} " +
                $"(regel {overlapping.Id}). Endre eller slett den regelen, eller velg en periode som ikke overlapper.");
        }

        rule.Weekday = weekday;
        rule.Method = method;
        rule.Time = request.Time!.Value;
        rule.AuthorizedPersonId = method == DepartureMethod.PickedUp ? request.AuthorizedPersonId : null;
        rule.Note = RosterQueries.NullIfBlank(request.Note);
        rule.ValidFrom = request.ValidFrom;
        rule.ValidUntil = request.ValidUntil;
        rule.UpdatedAt = time.GetUtcNow();
        if (isNew)
        {
            db.PickupRules.Add(rule);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private async Task<PickupRuleResponse> GetAsync(Guid id, CancellationToken ct) =>
        await Rows(db.PickupRules.Where(r => r.Id == id)).SingleAsync(ct);

    private IQueryable<PickupRuleResponse> Rows(IQueryable<PickupRule> rules) =>
        rules.AsNoTracking().Select(r => new PickupRuleResponse(
            r.Id, r.PupilId, r.Weekday, r.Method, r.Time,
            db.AuthorizedPickupPersons.Where(p => p.Id == r.AuthorizedPersonId).Select(p => new PickupPersonSummary(p.Id, p.Name, p.Relation, p.Phone)).FirstOrDefault(),
            r.Note, r.ValidFrom, r.ValidUntil, r.CreatedAt, r.UpdatedAt));
}
