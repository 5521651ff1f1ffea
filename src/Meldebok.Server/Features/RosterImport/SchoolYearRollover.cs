using System.Globalization;
using System.Security.Claims;
using Meldebok.Server.Features.Audit;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.RosterImport;

/// <summary>A group the rollover creates or ends.</summary>
/// <param name="Id">The group.</param>
/// <param name="SchoolId">Its school.</param>
/// <param name="Name">Its name, e.g. 3A.</param>
/// <param name="Grade">Its grade (trinn), if it has one.</param>
/// <param name="SchoolYear">The year its school year starts.</param>
public sealed record RolloverGroup(Guid Id, Guid SchoolId, string Name, int? Grade, int SchoolYear);

/// <summary>A pupil who stays and changes groups (and usually grade).</summary>
/// <param name="PupilId">The pupil.</param>
/// <param name="Name">Given and family name.</param>
/// <param name="FromGroups">The groups before the rollover, by name.</param>
/// <param name="ToGroups">The groups after it.</param>
/// <param name="FromGrade">The grade of the class or basis group before (the highest, if several).</param>
/// <param name="ToGrade">The grade after.</param>
public sealed record RolloverPupilMove(Guid PupilId, string Name, IReadOnlyList<string> FromGroups, IReadOnlyList<string> ToGroups, int? FromGrade, int? ToGrade);

/// <summary>A person the rollover concerns.</summary>
/// <param name="Id">The pupil or guardian.</param>
/// <param name="Name">Given and family name.</param>
/// <param name="Deactivated">Whether the rollover deactivates the person (a guardian still in the files keeps their record).</param>
public sealed record RolloverPerson(Guid Id, string Name, bool Deactivated);

/// <summary>What the school-year rollover does (dry run) or did.</summary>
/// <param name="DryRun">True when nothing was written.</param>
/// <param name="RolloverDate">The first day of the new school year: leavers' SFO places end the day before.</param>
/// <param name="NewGroups">Groups of the new school year.</param>
/// <param name="EndedGroups">Groups of the old year, deactivated.</param>
/// <param name="MovedPupils">Pupils who stay and change groups.</param>
/// <param name="Leavers">Pupils who leave (not in the new year's files): deactivated, never deleted.</param>
/// <param name="GuardiansWithoutChildren">Guardians whose last child in Meldebok leaves.</param>
/// <param name="GuardianLinksDeactivated">Guardian links deactivated (those of the leavers, and any other the files no longer list).</param>
/// <param name="SfoEnrolmentsEnded">SFO places of pupils who are no longer active, still open on the rollover date, ended the day before.</param>
/// <param name="Import">The counts of the roster import underneath (full mode).</param>
public sealed record SchoolYearRolloverResult(
    bool DryRun, DateOnly RolloverDate, IReadOnlyList<RolloverGroup> NewGroups, IReadOnlyList<RolloverGroup> EndedGroups,
    IReadOnlyList<RolloverPupilMove> MovedPupils, IReadOnlyList<RolloverPerson> Leavers, IReadOnlyList<RolloverPerson> GuardiansWithoutChildren,
    int GuardianLinksDeactivated, int SfoEnrolmentsEnded, RosterImportResult Import);

/// <summary>
/// The end-of-school-year rollover (skoleårsskifte): a full roster import of the new school year's files — the import's
/// own reading, checking, matching and writing, all or nothing — seen as a rollover: which groups are new and which end,
/// which pupils move up, which leave (deactivated with their guardian links, never deleted: retention deletes their
/// records later) and which guardians lose their last child; and, in the same transaction, the SFO places of pupils who are
/// no longer active end the day before the rollover date. A dry run shows all of it and writes nothing.
/// </summary>
internal sealed class SchoolYearRollover(RosterImporter importer, MeldebokDbContext db, MunicipalClock clock, TimeProvider time, AuditLog audit)
{
    public async Task<(SchoolYearRolloverResult? Result, RosterImportOutcome? Outcome)> RunAsync(
        Guid municipalityId, RosterImportRequest request, DateOnly? rolloverDate, CancellationToken ct)
    {
        var date = rolloverDate ?? await clock.TodayAsync(municipalityId, ct);
        SchoolYearRolloverResult? result = null;
        var outcome = await importer.ImportAsync(municipalityId, request, ct, async (plan, stored, token) =>
        {
            var ended = await EndSfoPlacesAsync(municipalityId, stored, date, request.DryRun, token);
            result = Describe(plan, stored, date, request.DryRun, ended);
            if (!request.DryRun)
            {
                await audit.WriteAsync(AuditActions.SchoolYearRollover, new AuditSubject(municipalityId, AuditObjects.Municipality, municipalityId), token);
            }
        });
        return outcome?.Result is { } import && result is not null ? (result with { Import = import }, outcome) : (null, outcome);
    }

    /// <summary>SFO places of pupils inactive after the import that are still open on the rollover date end the day before.</summary>
    private async Task<int> EndSfoPlacesAsync(Guid municipalityId, RosterSnapshot stored, DateOnly date, bool dryRun, CancellationToken ct)
    {
        var inactive = stored.Pupils.Where(p => !p.IsActive).Select(p => p.Id).ToArray();
        var open = db.SfoEnrolments.Where(e => e.MunicipalityId == municipalityId && inactive.Contains(e.PupilId)
            && e.StartDate < date && (e.EndDate == null || e.EndDate >= date));
        if (dryRun)
        {
            return await open.CountAsync(ct);
        }

        var now = time.GetUtcNow();
        return await open.ExecuteUpdateAsync(e => e.SetProperty(x => x.EndDate, date.AddDays(-1)).SetProperty(x => x.UpdatedAt, now), ct);
    }

    private static SchoolYearRolloverResult Describe(RosterPlan plan, RosterSnapshot stored, DateOnly date, bool dryRun, int sfoEnded)
    {
        var groups = stored.Groups.Concat(plan.Groups.Created).ToDictionary(g => g.Id);
        var created = plan.Pupils.Created.Select(p => p.Id).ToHashSet();
        var leavers = plan.Pupils.Deactivated.Select(p => p.Id).ToHashSet();

        // Memberships before the import, and after it: the import removes and adds relations, it never changes one.
        var removed = plan.GroupMemberships.Removed.Select(m => (m.PupilId, m.GroupId)).ToHashSet();
        var before = stored.GroupMemberships.ToLookup(m => m.PupilId, m => m.GroupId);
        var added = plan.GroupMemberships.Added.ToLookup(m => m.PupilId, m => m.GroupId);
        var moved = new List<RolloverPupilMove>();
        foreach (var pupil in stored.Pupils.Where(p => p.IsActive && !created.Contains(p.Id)).OrderBy(p => p.FamilyName).ThenBy(p => p.GivenName))
        {
            var from = before[pupil.Id].ToHashSet();
            var to = from.Where(g => !removed.Contains((pupil.Id, g))).Concat(added[pupil.Id]).ToHashSet();
            if (!from.SetEquals(to))
            {
                moved.Add(new RolloverPupilMove(pupil.Id, Name(pupil.GivenName, pupil.FamilyName),
                    Names(from, groups), Names(to, groups), Grade(from, groups), Grade(to, groups)));
            }
        }

        // A guardian who reached an active child through an active link before, and reaches none after.
        var activeAfter = stored.Pupils.Where(p => p.IsActive).Select(p => p.Id).Concat(plan.Pupils.Created.Where(p => p.IsActive).Select(p => p.Id)).ToHashSet();
        var activeBefore = stored.Pupils.Where(p => p.IsActive || leavers.Contains(p.Id)).Select(p => p.Id).ToHashSet();
        var linksDeactivated = plan.GuardianLinks.Deactivated.Select(l => l.Id).ToHashSet();
        var withChildBefore = stored.GuardianLinks.Where(l => (l.IsActive || linksDeactivated.Contains(l.Id)) && activeBefore.Contains(l.PupilId))
            .Select(l => l.GuardianId).ToHashSet();
        var withChildAfter = stored.GuardianLinks.Concat(plan.GuardianLinks.Created).Where(l => l.IsActive && activeAfter.Contains(l.PupilId))
            .Select(l => l.GuardianId).ToHashSet();
        var guardiansDeactivated = plan.Guardians.Deactivated.Select(g => g.Id).ToHashSet();
        var lost = stored.Guardians.Where(g => withChildBefore.Contains(g.Id) && !withChildAfter.Contains(g.Id))
            .OrderBy(g => g.FamilyName).ThenBy(g => g.GivenName)
            .Select(g => new RolloverPerson(g.Id, Name(g.GivenName, g.FamilyName), guardiansDeactivated.Contains(g.Id)))
            .ToList();

        return new SchoolYearRolloverResult(dryRun, date,
            plan.Groups.Created.Where(g => g.IsActive).Select(Group).OrderBy(g => g.Name, StringComparer.Ordinal).ToList(),
            plan.Groups.Deactivated.Select(Group).OrderBy(g => g.Name, StringComparer.Ordinal).ToList(),
            moved,
            plan.Pupils.Deactivated.OrderBy(p => p.FamilyName).ThenBy(p => p.GivenName).Select(p => new RolloverPerson(p.Id, Name(p.GivenName, p.FamilyName), true)).ToList(),
            lost, plan.GuardianLinks.Deactivated.Count, sfoEnded, null!);
    }

    private static RolloverGroup Group(Group g) => new(g.Id, g.SchoolId, g.Name, g.Grade, g.SchoolYear);

    private static string Name(string given, string family) => $"{given} {family}";

    private static List<string> Names(IEnumerable<Guid> ids, Dictionary<Guid, Group> groups) =>
        ids.Select(id => groups.TryGetValue(id, out var g) ? g.Name : id.ToString()).Order(StringComparer.Ordinal).ToList();

    private static int? Grade(IEnumerable<Guid> ids, Dictionary<Guid, Group> groups) =>
        ids.Select(id => groups.GetValueOrDefault(id)).Where(g => g is { Kind: not GroupKind.SfoGroup }).Max(g => g!.Grade);
}

internal static class SchoolYearRolloverEndpoints
{
    public static void MapSchoolYearRollover(this RouteGroupBuilder admin)
    {
        admin.MapPost("/school-year-rollover", RolloverAsync)
            .WithTags("Roster: import")
            .WithName("RollOverSchoolYear")
            .WithSummary("The school-year rollover from the new school year's OneRoster files: with dryRun=true a preview, otherwise applied (audited).")
            .WithDescription("A full roster import (the same form as /roster-imports, plus rolloverDate, default today) reported as a rollover: new and " +
                "ended groups, pupils who move, leavers (deactivated with their guardian links), guardians who lose their last child, and the SFO " +
                "places of pupils no longer active ended the day before rolloverDate. All or nothing; applying the same files again changes nothing.")
            .Accepts<RosterImportForm>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<Results<Ok<SchoolYearRolloverResult>, ValidationProblem, ProblemHttpResult, NotFound>> RolloverAsync(
        HttpRequest request, ClaimsPrincipal user, SchoolYearRollover rollover, CancellationToken ct)
    {
        var upload = await RosterImportUpload.ReadAsync(request, ct);
        if (upload.ProblemStatus is { } status)
        {
            return TypedResults.Problem(statusCode: status, detail: upload.ProblemDetail);
        }

        var errors = new Dictionary<string, string[]>(upload.Errors, StringComparer.Ordinal);
        DateOnly? rolloverDate = null;
        if (request.Form["rolloverDate"].ToString().Trim() is { Length: > 0 } dateValue)
        {
            if (DateOnly.TryParseExact(dateValue, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                rolloverDate = date;
            }
            else
            {
                errors["rolloverDate"] = ["rolloverDate må være en dato som ÅÅÅÅ-MM-DD: den første dagen i det nye skoleåret."];
            }
        }

        if (upload.Request is { Mode: RosterImportMode.Delta })
        {
            errors["mode"] = ["Skoleårsskiftet er alltid en full import av det nye skoleårets filer; send mode=full eller ingen mode."];
        }

        if (errors.Count > 0 || upload.Request is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (result, outcome) = await rollover.RunAsync(user.MunicipalityId(), upload.Request, rolloverDate, ct);
        if (outcome is null)
        {
            return TypedResults.NotFound();
        }

        return result is not null ? TypedResults.Ok(result) : RosterImportEndpoints.Rejected(outcome);
    }
}
