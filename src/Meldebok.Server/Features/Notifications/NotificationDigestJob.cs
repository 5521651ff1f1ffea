using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Notifications;

/// <summary>
/// Every minute: gathers the notifications held for a person's daily digest (<see cref="DeliveryStatus.Held"/>) into one
/// digest per person, channel and local date once their digest time has come, and releases at once what is held for
/// someone who turned the digest off. Each digest is made in one transaction — the <see cref="NotificationDigest"/> row
/// (unique per person, channel and local date), the held notifications that arrived before the digest time pointed to it,
/// and the delivery that sends it — so a run killed half-way leaves either all of it or nothing, and a second run finds
/// the date taken and makes nothing. The digest then goes through <see cref="NotificationDeliveryJob"/> like any other
/// notification: claimed once, retried, and held by quiet hours when it is an SMS or push.
/// </summary>
internal sealed class NotificationDigestJob(
    MeldebokDbContext db, MunicipalClock clock, NotificationDeliveryTrigger delivery, TimeProvider time)
{
    public const string Id = "notification-digest";

    public async Task RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var held = await db.NotificationDeliveries.AsNoTracking().Where(d => d.Status == DeliveryStatus.Held)
            .GroupBy(d => new { d.MunicipalityId, d.GuardianId, d.StaffId, d.PersonId, d.Channel })
            .Select(g => new { g.Key.MunicipalityId, g.Key.GuardianId, g.Key.StaffId, g.Key.PersonId, g.Key.Channel, Oldest = g.Min(d => d.CreatedAt) })
            .ToListAsync(ct);
        if (held.Count == 0)
        {
            return;
        }

        var personIds = held.Select(h => h.PersonId).Distinct().ToList();
        var settings = await db.NotificationSettings.AsNoTracking().Where(s => personIds.Contains(s.PersonId)).ToDictionaryAsync(s => s.PersonId, ct);
        // Those who turned the digest off get what is held for them one by one after all, in one statement.
        var turnedOff = personIds.Where(id => !(settings.GetValueOrDefault(id) ?? new NotificationSetting()).DigestEnabled).ToList();
        var due = turnedOff.Count > 0 && await ReleaseAsync(db, turnedOff, now, ct) > 0;
        foreach (var person in held)
        {
            var setting = settings.GetValueOrDefault(person.PersonId) ?? new NotificationSetting();
            if (!setting.DigestEnabled)
            {
                continue;
            }

            var zone = (await clock.ProfileAsync(person.MunicipalityId, ct)).TimeZone;
            var (localDate, dueAt) = setting.LatestDigest(now, zone);
            if (person.Oldest >= dueAt)
            {
                // All of it came after the last digest time: it waits for the next.
                continue;
            }

            var digest = new NotificationDigest
            {
                MunicipalityId = person.MunicipalityId, GuardianId = person.GuardianId, StaffId = person.StaffId, PersonId = person.PersonId,
                Channel = person.Channel, LocalDate = localDate, DueAt = dueAt, CreatedAt = now,
            };
            due |= await GatherAsync(digest, ct);
        }

        if (due)
        {
            delivery.Soon();
        }
    }

    /// <summary>
    /// Makes the digest with the held notifications that arrived before its time, in one transaction; false when the person
    /// already has this date's digest on this channel (a second run) or nothing held arrived before the digest time.
    /// </summary>
    private async Task<bool> GatherAsync(NotificationDigest digest, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var channel = digest.Channel.ToString();
        // A concurrent run waits here on the unique index until the first commits, then finds the date taken.
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO notification_digests (id, municipality_id, guardian_id, staff_id, person_id, channel, local_date, due_at, created_at)
            VALUES ({digest.Id}, {digest.MunicipalityId}, {digest.GuardianId}, {digest.StaffId}, {digest.PersonId}, {channel},
                    {digest.LocalDate}, {digest.DueAt}, {digest.CreatedAt})
            ON CONFLICT (person_id, channel, local_date) DO NOTHING
            """, ct);
        if (inserted == 0)
        {
            return false;
        }

        var gathered = await db.NotificationDeliveries
            .Where(d => d.PersonId == digest.PersonId && d.Channel == digest.Channel && d.Status == DeliveryStatus.Held && d.CreatedAt < digest.DueAt)
            .ExecuteUpdateAsync(set => set
                .SetProperty(d => d.Status, DeliveryStatus.Digested)
                .SetProperty(d => d.DigestId, digest.Id), ct);
        if (gathered == 0)
        {
            // Nothing arrived before the digest time: no digest today; what came later waits for the next one.
            await transaction.RollbackAsync(ct);
            return false;
        }

        db.NotificationDeliveries.Add(new NotificationDelivery
        {
            MunicipalityId = digest.MunicipalityId,
            SourceKind = NotificationSource.Digest,
            SourceId = digest.Id,
            GuardianId = digest.GuardianId,
            StaffId = digest.StaffId,
            PersonId = digest.PersonId,
            Channel = digest.Channel,
            Status = DeliveryStatus.Pending,
            NextAttemptAt = digest.CreatedAt,
            CreatedAt = digest.CreatedAt,
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return true;
    }

    /// <summary>Sends what is held for the people's digest one by one after all (they turned the digest off); how many.</summary>
    public static Task<int> ReleaseAsync(MeldebokDbContext db, IReadOnlyCollection<Guid> personIds, DateTimeOffset now, CancellationToken ct) =>
        db.NotificationDeliveries.Where(d => personIds.Contains(d.PersonId) && d.Status == DeliveryStatus.Held)
            .ExecuteUpdateAsync(set => set
                .SetProperty(d => d.Status, DeliveryStatus.Pending)
                .SetProperty(d => d.NextAttemptAt, now), ct);
}
