using System.Globalization;
using System.Security.Claims;
using System.Text;
using Meldebok.Server.Features.Attachments;
using Meldebok.Server.Features.Audit;
using Meldebok.Server.Features.ClassLists;
using Meldebok.Server.Features.Messages;
using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Consents;

/// <summary>The evidence export of a consent request.</summary>
internal sealed record ConsentExport(byte[] Content, string FileName);

/// <summary>
/// Consents (samtykker). Staff ask the guardians of the pupils in a target they may send bulk messages to (the same reach,
/// <see cref="BulkTargets"/>); the pupils and the guardians notified are resolved from the roster when the request is
/// created. A guardian answers per child only through an active, unblocked link with parental responsibility (with a right
/// to information only: may read, not answer). Answers are append-only; the current state is derived
/// (<see cref="ConsentStates"/>). Staff see the requests they created, and the school's office and principal every request
/// of the school.
/// </summary>
internal sealed class ConsentService(
    MeldebokDbContext db, AccessScope scope, BulkTargets targets, MessagePeople people, ConsentStates states, ConsentReminders reminders,
    Outbox outbox, NotificationRecorder notifications, AttachmentClaims attachments, ClassListChanges classLists, MunicipalClock clock, AuditLog audit,
    TimeProvider time)
{
    private static readonly string[] KnownSignInMethods = [UsageChannels.IdPorten, UsageChannels.Feide, UsageChannels.Local];

    /// <summary>Creates a request; null (404) when the target is out of the caller's reach; 409 when nobody in it can answer.</summary>
    public async Task<ConsentRequestResponse?> CreateAsync(ConsentRequestCreate input, CancellationToken ct)
    {
        var target = input.Target!;
        if (target.Kind == BulkTargetKind.Municipality)
        {
            throw new FieldValidationException("target.kind", ConsentTexts.MunicipalityTarget);
        }

        var now = time.GetUtcNow();
        if (input.Deadline!.Value <= now)
        {
            throw new FieldValidationException("deadline", ConsentTexts.DeadlineInPast);
        }

        if ((await scope.RolesAsync(ct)).StaffId is null)
        {
            throw new RoleDeniedException(ConsentTexts.OnlyStaff);
        }

        var sender = await targets.SenderAsync(target, ct);
        if (await targets.ResolveAsync(sender, target, ct) is not { } resolved)
        {
            return null;
        }

        var purpose = input.Purpose ?? ConsentPurpose.General;
        if (purpose != ConsentPurpose.General && input.Kind != ConsentKind.Standing)
        {
            throw new FieldValidationException("purpose", ConsentTexts.PurposeRequiresStanding);
        }

        ValidateDates(input, TimeZoneInfo.ConvertTime(input.Deadline.Value, (await clock.ProfileAsync(sender.MunicipalityId, ct)).TimeZone));
        var links = people.ReceivingLinks(resolved.Pupils);
        var pupilIds = await resolved.Pupils.Where(p => db.GuardianLinks.Any(l => l.PupilId == p.Id && l.IsActive && !l.Blocked && l.ParentalResponsibility
                && db.Guardians.Any(g => g.Id == l.GuardianId && g.IsActive)))
            .Select(p => p.Id).ToListAsync(ct);
        if (pupilIds.Count == 0)
        {
            throw new RuleConflictException(ConsentTexts.NoPupils);
        }

        var guardianIds = await links.Where(l => pupilIds.Contains(l.PupilId)).Select(l => l.GuardianId).Distinct().ToListAsync(ct);
        var request = new ConsentRequest
        {
            MunicipalityId = sender.MunicipalityId,
            SchoolId = resolved.SchoolId,
            CreatedByStaffId = sender.StaffId!.Value,
            Title = input.Title!.Trim(),
            Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(),
            Kind = input.Kind!.Value,
            Purpose = purpose,
            EventDate = input.Kind == ConsentKind.OneTime ? input.EventDate : null,
            ValidFrom = input.Kind == ConsentKind.Standing ? input.ValidFrom : null,
            ValidUntil = input.Kind == ConsentKind.Standing ? input.ValidUntil : null,
            Rule = input.Rule!.Value,
            Deadline = input.Deadline.Value.ToUniversalTime(), // Npgsql writes timestamptz only from UTC; a form or client may send Norwegian time.
            TargetKind = resolved.Kind,
            TargetIds = resolved.Ids,
            CreatedAt = now,
        };

        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            db.ConsentRequests.Add(request);
            await attachments.ClaimAsync(input.AttachmentIds, AttachmentOwner.ConsentRequest(request.Id), ct);
            await db.SaveChangesAsync(ct);
            await PostgresBulk.CopyAsync(db, pupilIds.Select(id => new ConsentRequestPupil { RequestId = request.Id, PupilId = id }).ToList(), ct);
            outbox.Enqueue(ConsentEvents.Requested, request.MunicipalityId, guardianIds.Select(Audiences.Guardian), new { consentRequestId = request.Id });
            await people.RecordUsageAsync(UsageActions.ConsentRequested, request.MunicipalityId, request.SchoolId, null, request.CreatedByStaffId, null, ct);
            await notifications.RecordConsentAsync(request.MunicipalityId, NotificationSource.ConsentRequest, request.Id, guardianIds, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        notifications.DeliverSoon();
        return await GetAsync(request.Id, ct);
    }

    /// <summary>The requests the caller sees as staff, newest first, with counts.</summary>
    public async Task<Paged<ConsentRequestResponse>> ListAsync(PageRequest page, CancellationToken ct)
    {
        var requests = await (await VisibleAsync(ct)).AsNoTracking().OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id).ToPageAsync(page, ct);
        var items = await ResponsesAsync(requests.Items, ct);
        return new Paged<ConsentRequestResponse>(items, requests.Page, requests.PageSize, requests.TotalCount);
    }

    /// <summary>One request the caller sees as staff, with counts; null when out of sight.</summary>
    public async Task<ConsentRequestResponse?> GetAsync(Guid id, CancellationToken ct) =>
        await FindVisibleAsync(id, ct) is { } request ? (await ResponsesAsync([request], ct))[0] : null;

    /// <summary>Each pupil's status with every answering guardian's current answer, by family name; null when out of sight.</summary>
    public async Task<Paged<ConsentPupilResponse>?> PupilsAsync(Guid id, ConsentPupilFilter filter, PageRequest page, CancellationToken ct)
    {
        if (await FindVisibleAsync(id, ct) is not { } request)
        {
            return null;
        }

        var all = (await states.PupilsAsync(request, ct)).Where(p => filter.Status is not { } status || p.Status == status).ToList();
        var items = all.Skip((page.EffectivePage - 1) * page.EffectivePageSize).Take(page.EffectivePageSize)
            .Select(p => new ConsentPupilResponse(p.PupilId, p.Name, p.Status, p.Status == ConsentStatus.Given, p.Guardians))
            .ToList();
        return new Paged<ConsentPupilResponse>(items, page.EffectivePage, page.EffectivePageSize, all.Count);
    }

    /// <summary>Reminds the guardians of pending pupils who have not answered; null when out of sight; 409 when closed early.</summary>
    public async Task<ConsentReminderResponse?> RemindAsync(Guid id, CancellationToken ct)
    {
        if (await FindVisibleAsync(id, ct) is not { } request)
        {
            return null;
        }

        if (request.ClosedAt is not null)
        {
            throw new RuleConflictException(ConsentTexts.ClosedNoReminders);
        }

        var reminded = await reminders.RemindAsync(request, automatic: false, ct);
        notifications.DeliverSoon();
        return new ConsentReminderResponse(reminded);
    }

    /// <summary>
    /// Closes the request before its deadline, with a reason: from then on answers are refused as after the deadline (a
    /// withdrawal follows the same rules as after the deadline) and no reminder goes out. Null (404) when out of sight (the
    /// same who see the status may close it); 409 when already closed or past the deadline. One conditional UPDATE, so two
    /// racing closes leave the first. In the same transaction the guardians are told (<see cref="TellGuardiansClosedAsync"/>).
    /// </summary>
    public async Task<ConsentRequestResponse?> CloseAsync(Guid id, ConsentCloseRequest input, CancellationToken ct)
    {
        if (await FindVisibleAsync(id, ct) is not { } request)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (request.ClosedAt is not null)
        {
            throw new RuleConflictException(ConsentTexts.AlreadyClosed);
        }

        if (now >= request.Deadline)
        {
            throw new RuleConflictException(ConsentTexts.CloseAfterDeadline);
        }

        var staffId = (await scope.RolesAsync(ct)).StaffId;
        var reason = input.Reason!.Trim();
        var noticeId = Guid.CreateVersion7();
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var closed = await db.ConsentRequests.Where(r => r.Id == id && r.ClosedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.ClosedAt, now).SetProperty(r => r.ClosedByStaffId, staffId)
                    .SetProperty(r => r.ClosedReason, reason).SetProperty(r => r.ClosedNoticeId, noticeId), ct);
            if (closed == 0)
            {
                throw new RuleConflictException(ConsentTexts.AlreadyClosed);
            }

            await TellGuardiansClosedAsync(request, noticeId, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        notifications.DeliverSoon();
        return await GetAsync(id, ct);
    }

    /// <summary>
    /// Tells the guardians about a request closed early (unsaved, in the closing's unit of work): every guardian who reaches
    /// one of its pupils now — those it was sent to, by the same rule (<see cref="MessagePeople.ReceivingLinks"/>), less
    /// those whose link has since ended or been blocked — gets the real-time event <see cref="ConsentEvents.Closed"/>, and
    /// those of them who have not answered for each of their children it concerns (a guardian with a right to information only,
    /// who cannot answer, included) are notified through their chosen channels: the others have their answer and see the
    /// closing when they open the request.
    /// </summary>
    private async Task TellGuardiansClosedAsync(ConsentRequest request, Guid noticeId, CancellationToken ct)
    {
        var pupils = db.Pupils.Where(p => p.IsActive && db.ConsentRequestPupils.Any(x => x.RequestId == request.Id && x.PupilId == p.Id));
        var links = await people.ReceivingLinks(pupils).Select(l => new { l.GuardianId, l.PupilId }).ToListAsync(ct);
        var answered = (await db.ConsentAnswers.Where(a => a.RequestId == request.Id).Select(a => new { a.GuardianId, a.PupilId }).Distinct().ToListAsync(ct))
            .Select(a => (a.GuardianId, a.PupilId)).ToHashSet();
        var guardians = links.Select(l => l.GuardianId).Distinct().ToList();
        var unanswered = links.Where(l => !answered.Contains((l.GuardianId, l.PupilId))).Select(l => l.GuardianId).Distinct().ToList();
        outbox.Enqueue(ConsentEvents.Closed, request.MunicipalityId, guardians.Select(Audiences.Guardian), new { consentRequestId = request.Id });
        await notifications.RecordConsentClosedAsync(request.MunicipalityId, noticeId, unanswered, ct);
    }

    /// <summary>
    /// The evidence: every stored answer (the whole history, oldest first per pupil), with the guardian's name, the answer,
    /// when (ISO 8601 with the municipality's offset) and how the guardian had signed in. Audited. Null when out of sight.
    /// </summary>
    public async Task<ConsentExport?> ExportAsync(Guid id, CancellationToken ct)
    {
        if (await FindVisibleAsync(id, ct) is not { } request)
        {
            return null;
        }

        var zone = (await clock.ProfileAsync(request.MunicipalityId, ct)).TimeZone;
        var rows = await db.ConsentAnswers.AsNoTracking().Where(a => a.RequestId == id)
            .Join(db.Pupils, a => a.PupilId, p => p.Id, (a, p) => new { a, PupilGiven = p.GivenName, PupilFamily = p.FamilyName })
            .Join(db.Guardians, x => x.a.GuardianId, g => g.Id, (x, g) => new { x.a, x.PupilGiven, x.PupilFamily, g.GivenName, g.FamilyName })
            .OrderBy(x => x.PupilFamily).ThenBy(x => x.PupilGiven).ThenBy(x => x.a.PupilId).ThenBy(x => x.a.Sequence)
            .ToListAsync(ct);
        var csv = new StringBuilder("Elev;Foresatt;Svar;Besvart;Innlogging\r\n");
        foreach (var row in rows)
        {
            csv.Append(Csv.Text(row.PupilGiven + " " + row.PupilFamily)).Append(';')
                .Append(Csv.Text(row.GivenName + " " + row.FamilyName)).Append(';')
                .Append(Csv.Text(AnswerText(row.a.Choice))).Append(';')
                .Append(TimeZoneInfo.ConvertTime(row.a.AnsweredAt, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)).Append(';')
                .Append(Csv.Text(row.a.SignInMethod)).Append("\r\n");
        }

        if (request.ClosedAt is { } closedAt)
        {
            // The closing is part of the evidence: who closed it early, why and when, as the last line.
            var closer = (await StaffNamesAsync([request], ct))[request.ClosedByStaffId!.Value];
            csv.Append(Csv.Text(ClosedEarlyLabel)).Append(';').Append(Csv.Text(closer)).Append(';').Append(Csv.Text(request.ClosedReason ?? ""))
                .Append(';').Append(TimeZoneInfo.ConvertTime(closedAt, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)).Append(';').Append("\r\n");
        }

        await audit.WriteAsync(AuditActions.ExportConsent, new AuditSubject(request.MunicipalityId, AuditObjects.ConsentRequest, id), ct, Roles.Staff);
        return new ConsentExport(Csv.Utf8WithBom(csv), $"samtykke-{id}.csv");
    }

    /// <summary>The first column of the export's closing line.</summary>
    public const string ClosedEarlyLabel = "Avsluttet før svarfristen";

    /// <summary>The answer as the export writes it.</summary>
    public static string AnswerText(ConsentChoice choice) => choice switch
    {
        ConsentChoice.Yes => "Ja",
        ConsentChoice.No => "Nei",
        _ => "Trukket tilbake",
    };

    /// <summary>The requests concerning the calling guardian's children (while a link still lets them reach the child), newest first.</summary>
    public async Task<Paged<GuardianConsentResponse>> ListMineAsync(PageRequest page, CancellationToken ct)
    {
        var (guardianIds, reachable) = await MyReachAsync(ct);
        var requests = await db.ConsentRequests.AsNoTracking()
            .Where(r => db.ConsentRequestPupils.Any(p => p.RequestId == r.Id && reachable.Any(x => x.Id == p.PupilId)))
            .OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id)
            .ToPageAsync(page, ct);
        var items = await GuardianResponsesAsync(requests.Items, guardianIds, reachable, ct);
        return new Paged<GuardianConsentResponse>(items, requests.Page, requests.PageSize, requests.TotalCount);
    }

    /// <summary>One request concerning the calling guardian's children; null when it concerns none of them.</summary>
    public async Task<GuardianConsentResponse?> GetMineAsync(Guid id, CancellationToken ct)
    {
        var (guardianIds, reachable) = await MyReachAsync(ct);
        var request = await db.ConsentRequests.AsNoTracking()
            .Where(r => r.Id == id && db.ConsentRequestPupils.Any(p => p.RequestId == r.Id && reachable.Any(x => x.Id == p.PupilId)))
            .SingleOrDefaultAsync(ct);
        return request is null ? null : (await GuardianResponsesAsync([request], guardianIds, reachable, ct))[0];
    }

    /// <summary>
    /// The calling guardian answers for one child: null (404) when the request does not concern a child they reach; 403 with
    /// a right to information only; 409 after the deadline, for a withdrawal without a current yes, after a one-time
    /// consent's event or after a standing consent's validity.
    /// </summary>
    public async Task<GuardianConsentResponse?> AnswerAsync(Guid id, ConsentAnswerRequest input, CancellationToken ct)
    {
        var (guardianIds, _) = await MyReachAsync(ct);
        var pupilId = input.PupilId!.Value;
        var request = await db.ConsentRequests.AsNoTracking()
            .Where(r => r.Id == id && db.ConsentRequestPupils.Any(p => p.RequestId == r.Id && p.PupilId == pupilId))
            .SingleOrDefaultAsync(ct);
        var link = request is null ? null : await db.GuardianLinks.AsNoTracking()
            .Where(l => l.PupilId == pupilId && guardianIds.Contains(l.GuardianId) && l.IsActive && !l.Blocked && (l.ParentalResponsibility || l.RightToInformation)
                && db.Guardians.Any(g => g.Id == l.GuardianId && g.IsActive) && db.Pupils.Any(p => p.Id == pupilId && p.IsActive))
            .OrderByDescending(l => l.ParentalResponsibility).ThenBy(l => l.GuardianId)
            .Select(l => new { l.GuardianId, l.ParentalResponsibility })
            .FirstOrDefaultAsync(ct);
        if (request is null || link is null)
        {
            return null;
        }

        if (!link.ParentalResponsibility)
        {
            throw new RoleDeniedException(ConsentTexts.RequiresParentalResponsibility);
        }

        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, (await clock.ProfileAsync(request.MunicipalityId, ct)).TimeZone).DateTime);
        var choice = input.Answer!.Value;
        if (request.Kind == ConsentKind.Standing && today > request.ValidUntil)
        {
            throw new RuleConflictException(ConsentTexts.ValidityEnded);
        }

        if (choice != ConsentChoice.Withdrawn && request.ClosedAt is not null)
        {
            throw new RuleConflictException(ConsentTexts.RequestClosed);
        }

        if (choice == ConsentChoice.Withdrawn)
        {
            var current = await db.ConsentAnswers.AsNoTracking()
                .Where(a => a.RequestId == id && a.PupilId == pupilId && a.GuardianId == link.GuardianId)
                .OrderByDescending(a => a.Sequence).Select(a => (ConsentChoice?)a.Choice).FirstOrDefaultAsync(ct);
            if (current != ConsentChoice.Yes)
            {
                throw new RuleConflictException(ConsentTexts.NothingToWithdraw);
            }

            if (request.Kind == ConsentKind.OneTime && today > request.EventDate)
            {
                throw new RuleConflictException(ConsentTexts.EventPassed);
            }
        }
        else if (now >= request.Deadline)
        {
            throw new RuleConflictException(ConsentTexts.DeadlinePassed);
        }

        db.ConsentAnswers.Add(new ConsentAnswer
        {
            RequestId = id, PupilId = pupilId, GuardianId = link.GuardianId, Choice = choice, AnsweredAt = now, SignInMethod = SignInMethod(scope.User),
        });
        outbox.Enqueue(ConsentEvents.Answered, request.MunicipalityId, [Audiences.Staff(request.CreatedByStaffId)], new { consentRequestId = id, pupilId });
        // A contact-sharing or photo answer changes the class lists of the child's groups: open lists refresh live.
        await classLists.ConsentAnsweredAsync(request.MunicipalityId, pupilId, request.Purpose, ct);
        var schoolId = await db.Pupils.Where(p => p.Id == pupilId).Select(p => p.SchoolId).SingleAsync(ct);
        await people.RecordUsageAsync(UsageActions.ConsentAnswered, request.MunicipalityId, schoolId, link.GuardianId, null, null, ct);
        await db.SaveChangesAsync(ct);
        return await GetMineAsync(id, ct);
    }

    /// <summary>
    /// How the caller's session was signed in: from the access token's claim, or (the web UI's cookie) from the session's
    /// authentication method; <c>api</c> when neither says.
    /// </summary>
    private static string SignInMethod(ClaimsPrincipal? user) =>
        user?.FindFirstValue(MeldebokClaims.SignInMethod) is { } method && KnownSignInMethods.Contains(method) ? method
        : user?.FindFirstValue(ClaimTypes.AuthenticationMethod) is { } session ? UsageSignIns.ChannelOfMethod(session)
        : "api";

    private static void ValidateDates(ConsentRequestCreate input, DateTimeOffset localDeadline)
    {
        var deadlineDay = DateOnly.FromDateTime(localDeadline.DateTime);
        if (input.Kind == ConsentKind.OneTime)
        {
            if (input.EventDate is not { } eventDate) throw new FieldValidationException("eventDate", ConsentTexts.EventDateRequired);
            if (eventDate < deadlineDay) throw new FieldValidationException("eventDate", ConsentTexts.EventBeforeDeadline);
            return;
        }

        if (input.ValidFrom is not { } from) throw new FieldValidationException("validFrom", ConsentTexts.ValidFromRequired);
        if (input.ValidUntil is not { } until) throw new FieldValidationException("validUntil", ConsentTexts.ValidUntilRequired);
        if (until < from) throw new FieldValidationException("validUntil", ConsentTexts.ValidUntilBeforeFrom);
    }

    private bool IsOpen(ConsentRequest request) => request.IsOpenAt(time.GetUtcNow());

    /// <summary>The staff view of requests, in their order, in a fixed number of queries (not a few per request).</summary>
    private async Task<List<ConsentRequestResponse>> ResponsesAsync(IReadOnlyList<ConsentRequest> requests, CancellationToken ct)
    {
        var pupilsOf = await states.PupilsAsync(requests, ct);
        var creators = await StaffNamesAsync(requests, ct);
        var attached = await attachments.OfAsync(AttachmentOwnerKind.ConsentRequest, [.. requests.Select(r => r.Id)], ct);
        return requests.Select(request =>
        {
            var pupils = pupilsOf[request.Id];
            return new ConsentRequestResponse(
                request.Id, request.Title, request.Description, request.Kind, request.Rule, request.EventDate, request.ValidFrom, request.ValidUntil,
                request.Deadline, IsOpen(request), request.Purpose, request.TargetKind, request.TargetIds, creators[request.CreatedByStaffId], request.CreatedAt, pupils.Count,
                pupils.Count(p => p.Status == ConsentStatus.Given), pupils.Count(p => p.Status == ConsentStatus.Refused), pupils.Count(p => p.Status == ConsentStatus.Pending),
                [.. attached[request.Id]], request.ClosedAt, request.ClosedByStaffId is { } closer ? creators[closer] : null, request.ClosedReason);
        }).ToList();
    }

    /// <summary>The guardian's view of requests, in their order: their own children only, in a fixed number of queries.</summary>
    private async Task<List<GuardianConsentResponse>> GuardianResponsesAsync(
        IReadOnlyList<ConsentRequest> requests, IReadOnlyList<Guid> guardianIds, IQueryable<Pupil> reachable, CancellationToken ct)
    {
        var ids = requests.Select(r => r.Id).ToList();
        var mine = (await db.ConsentRequestPupils.Where(p => ids.Contains(p.RequestId) && reachable.Any(x => x.Id == p.PupilId))
            .Select(p => new { p.RequestId, p.PupilId }).ToListAsync(ct))
            .ToLookup(p => p.RequestId, p => p.PupilId);
        var myPupils = mine.SelectMany(p => p).Distinct().ToList();
        var answering = await db.GuardianLinks.AsNoTracking()
            .Where(l => myPupils.Contains(l.PupilId) && guardianIds.Contains(l.GuardianId) && l.IsActive && !l.Blocked && l.ParentalResponsibility)
            .Select(l => new { l.PupilId, l.GuardianId }).ToListAsync(ct);
        var pupilsOf = await states.PupilsAsync(requests, ct);
        var creators = await StaffNamesAsync(requests, ct);
        var attached = await attachments.OfAsync(AttachmentOwnerKind.ConsentRequest, ids, ct);
        return requests.Select(request =>
        {
            var children = pupilsOf[request.Id].Where(p => mine[request.Id].Contains(p.PupilId)).Select(p =>
            {
                var me = answering.FirstOrDefault(a => a.PupilId == p.PupilId)?.GuardianId;
                var myAnswer = p.Guardians.FirstOrDefault(g => g.GuardianId == me);
                return new GuardianConsentChild(p.PupilId, p.Name, p.Status, me is not null, myAnswer?.Answer, myAnswer?.AnsweredAt,
                    p.Guardians.Where(g => !guardianIds.Contains(g.GuardianId)).ToList());
            }).ToList();
            return new GuardianConsentResponse(
                request.Id, request.Title, request.Description, request.Kind, request.Rule, request.EventDate, request.ValidFrom, request.ValidUntil,
                request.Deadline, IsOpen(request), request.Purpose, creators[request.CreatedByStaffId], children, [.. attached[request.Id]],
                request.ClosedAt, request.ClosedReason);
        }).ToList();
    }

    /// <summary>
    /// Whether the caller sees the request — as staff (its creator, the school's office and principal) or as a guardian of a
    /// child it concerns, while a link still lets them reach the child: the rule for its attachments.
    /// </summary>
    public async Task<bool> CanReadAsync(Guid id, CancellationToken ct)
    {
        if (await (await VisibleAsync(ct)).AnyAsync(r => r.Id == id, ct))
        {
            return true;
        }

        var (_, reachable) = await MyReachAsync(ct);
        return await db.ConsentRequestPupils.AnyAsync(p => p.RequestId == id && reachable.Any(x => x.Id == p.PupilId), ct);
    }

    private Task<Dictionary<Guid, string>> StaffNamesAsync(IReadOnlyList<ConsentRequest> requests, CancellationToken ct)
    {
        // Creators and, for requests closed early, who closed them.
        var staffIds = requests.Select(r => r.CreatedByStaffId).Concat(requests.Where(r => r.ClosedByStaffId is not null).Select(r => r.ClosedByStaffId!.Value)).Distinct().ToList();
        return db.Staff.Where(s => staffIds.Contains(s.Id)).Select(s => new { s.Id, Name = s.GivenName + " " + s.FamilyName })
            .ToDictionaryAsync(s => s.Id, s => s.Name, ct);
    }

    private async Task<(IReadOnlyList<Guid> GuardianIds, IQueryable<Pupil> Reachable)> MyReachAsync(CancellationToken ct)
    {
        var guardianIds = (await scope.RolesAsync(ct)).GuardianIds.ToList();
        return (guardianIds, scope.ReachableAsGuardian(guardianIds));
    }

    private async Task<ConsentRequest?> FindVisibleAsync(Guid id, CancellationToken ct) =>
        await (await VisibleAsync(ct)).AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);

    /// <summary>The requests the calling staff member created, and every request of the schools where they are office or principal.</summary>
    private async Task<IQueryable<ConsentRequest>> VisibleAsync(CancellationToken ct)
    {
        var staffId = (await scope.RolesAsync(ct)).StaffId;
        var leaderSchools = db.StaffAssignments
            .Where(a => a.StaffId == staffId && a.IsActive && (a.Role == StaffRole.Office || a.Role == StaffRole.Principal))
            .Select(a => (Guid?)a.SchoolId);
        return db.ConsentRequests.Where(r => staffId != null && (r.CreatedByStaffId == staffId || leaderSchools.Contains(r.SchoolId)));
    }
}
