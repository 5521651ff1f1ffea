using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Notifications;

/// <summary>A guardian or staff record that notifications reach.</summary>
internal sealed record NotificationPerson(Guid? GuardianId, Guid? StaffId)
{
    public Guid Id => GuardianId ?? StaffId!.Value;
}

/// <summary>
/// The signed-in person's notification settings. The person is the guardian and staff records the account stands for
/// (one per municipality as a guardian, and perhaps a member of staff too): a change is written to each of them, and
/// read back from the first (guardian before staff). Someone who is neither (an administrator only) has none: null (404).
/// </summary>
internal sealed class NotificationSettingsService(
    MeldebokDbContext db, AccessScope access, EmailChannel email, SmsChannel sms, WebPush.WebPushChannel push, TimeProvider time,
    NotificationDeliveryTrigger delivery)
{
    /// <summary>The guardian and staff records the signed-in account stands for, guardian records first; empty for anyone else.</summary>
    public async Task<List<NotificationPerson>> PeopleAsync(CancellationToken ct)
    {
        var roles = await access.RolesAsync(ct);
        var people = roles.GuardianIds.Select(id => new NotificationPerson(id, null)).ToList();
        if (roles.StaffId is { } staffId)
        {
            people.Add(new NotificationPerson(null, staffId));
        }

        return people;
    }

    /// <summary>The settings (the defaults until changed); null for someone who is neither guardian nor staff.</summary>
    public async Task<NotificationSettingsResponse?> GetAsync(CancellationToken ct)
    {
        if ((await PeopleAsync(ct)).FirstOrDefault() is not { } person)
        {
            return null;
        }

        var setting = await db.NotificationSettings.AsNoTracking().SingleOrDefaultAsync(s => s.PersonId == person.Id, ct) ?? new NotificationSetting();
        var contact = person.GuardianId is { } guardianId
            ? await db.Guardians.AsNoTracking().Where(g => g.Id == guardianId).Select(g => new { g.Email, g.Mobile, Language = (string?)g.PreferredLanguage }).SingleAsync(ct)
            : await db.Staff.AsNoTracking().Where(s => s.Id == person.StaffId).Select(s => new { s.Email, s.Mobile, Language = (string?)null }).SingleAsync(ct);
        return new NotificationSettingsResponse(
            setting.EmailEnabled, setting.SmsEnabled, setting.UrgentSmsEnabled, setting.QuietHoursEnabled, setting.QuietFrom, setting.QuietTo,
            !string.IsNullOrWhiteSpace(contact.Email), !string.IsNullOrWhiteSpace(contact.Mobile), email.IsEnabled, sms.IsEnabled,
            push.IsEnabled, await db.PushSubscriptions.CountAsync(s => s.PersonId == person.Id, ct),
            NotificationSetting.LanguageOf(setting.Language, contact.Language), setting.DigestEnabled, setting.DigestTime);
    }

    /// <summary>Replaces the settings of every guardian and staff record of the caller; null for someone who is neither.</summary>
    public async Task<NotificationSettingsResponse?> UpdateAsync(NotificationSettingsRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (!IsWholeMinute(request.QuietFrom))
        {
            errors.Add("quietFrom", NotificationSettingsMessages.WholeMinutes);
        }

        if (!IsWholeMinute(request.DigestTime))
        {
            errors.Add("digestTime", NotificationSettingsMessages.WholeMinutes);
        }

        if (!IsWholeMinute(request.QuietTo))
        {
            errors.Add("quietTo", NotificationSettingsMessages.WholeMinutes);
        }
        else if (request.QuietHours == true && request.QuietFrom == request.QuietTo)
        {
            errors.Add("quietTo", NotificationSettingsMessages.QuietHoursEmpty);
        }

        if (request.Language is { } language && !NotificationSetting.Languages.Contains(language))
        {
            errors.Add("language", NotificationSettingsMessages.LanguageInvalid);
        }

        errors.ThrowIfAny();
        var people = await PeopleAsync(ct);
        if (people.Count == 0)
        {
            return null;
        }

        var ids = people.Select(p => p.Id).ToList();
        var stored = await db.NotificationSettings.Where(s => ids.Contains(s.PersonId)).ToDictionaryAsync(s => s.PersonId, ct);
        foreach (var person in people)
        {
            if (!stored.TryGetValue(person.Id, out var setting))
            {
                setting = new NotificationSetting { GuardianId = person.GuardianId, StaffId = person.StaffId, PersonId = person.Id };
                db.NotificationSettings.Add(setting);
            }

            setting.EmailEnabled = request.Email!.Value;
            setting.SmsEnabled = request.Sms!.Value;
            setting.UrgentSmsEnabled = request.UrgentSms!.Value;
            setting.QuietHoursEnabled = request.QuietHours!.Value;
            setting.QuietFrom = request.QuietFrom!.Value;
            setting.QuietTo = request.QuietTo!.Value;
            setting.Language = request.Language;
            setting.DigestEnabled = request.Digest!.Value;
            setting.DigestTime = request.DigestTime!.Value;
            setting.UpdatedAt = time.GetUtcNow();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        // Without a digest, what was held for it goes now, one by one, as everything else.
        var released = request.Digest == false && await NotificationDigestJob.ReleaseAsync(db, ids, time.GetUtcNow(), ct) > 0;
        await transaction.CommitAsync(ct);
        if (released)
        {
            delivery.Soon();
        }

        return await GetAsync(ct);
    }

    private static bool IsWholeMinute(TimeOnly? time) => time is not { } t || (t.Second == 0 && t.Millisecond == 0 && t.Microsecond == 0);
}
