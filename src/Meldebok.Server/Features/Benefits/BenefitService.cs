using System.Globalization;
using System.Security.Claims;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Benefits;

/// <summary>
/// The benefit plans: portfolios, projects, benefits with their revisions, measurements, extractions and measures.
/// Municipality administrators manage their own municipality's plans; the portfolio board and principals read them; a benefit
/// owner (a staff member named as owner) reads them and records measurements and extractions for their own benefits (the
/// policy lets staff in, this service lets only principals and owners through: other staff 403). Anything of another
/// municipality answers 404.
/// </summary>
internal sealed class BenefitService(MeldebokDbContext db, AccessScope access, MunicipalClock clock, TimeProvider time, Outbox outbox)
{
    private static readonly DateOnly EarliestDate = new(2000, 1, 1);
    private static readonly DateOnly LatestDate = new(2100, 12, 31);
    private const decimal MaxMagnitude = 1_000_000_000_000m;

    // ---------------------------------------------------------------- access

    /// <summary>
    /// The municipality whose plans the caller may read: an administrator's or a portfolio-board member's (from the roster, through
    /// the claims); a principal's; a benefit owner's (a staff member named as the owner of a benefit's current revision).
    /// </summary>
    public async Task<Guid> ReaderMunicipalityAsync(CancellationToken ct)
    {
        if (access.User is { } user && (user.IsInRole(Roles.MunicipalityAdmin) || user.IsInRole(Roles.PortfolioBoard)))
        {
            return user.MunicipalityId();
        }

        if ((await access.RolesAsync(ct)).StaffId is { } staffId)
        {
            var municipality = await UsageService.PrincipalAssignments(db, staffId).AsNoTracking()
                    .Select(a => (Guid?)a.MunicipalityId)
                    .FirstOrDefaultAsync(ct)
                ?? await OwnedBenefits(db, staffId).AsNoTracking().Select(b => (Guid?)b.MunicipalityId).FirstOrDefaultAsync(ct);
            if (municipality is { } id)
            {
                return id;
            }
        }

        throw new RoleDeniedException("Gevinstplanene er for gevinsteiere, rektorer, porteføljestyret og kommunens administratorer.");
    }

    /// <summary>The benefits whose current revision names the staff member as owner: the benefit owner's (the service's, the menu's and the hub's rule).</summary>
    internal static IQueryable<Benefit> OwnedBenefits(MeldebokDbContext db, Guid? staffId) =>
        db.Benefits.Where(b => db.BenefitRevisions.Any(r => r.BenefitId == b.Id && r.Number == b.CurrentRevision && r.OwnerStaffId == staffId && staffId != null));

    /// <summary>
    /// The municipality in which the caller records manual measurements and extractions for the benefit: an administrator's, or
    /// that of the benefit's owner. Null when the benefit is not in the caller's municipality (404); a reader who is not its
    /// owner (a principal, another benefit's owner) is refused with 403, as the benefit is visible to them.
    /// </summary>
    private async Task<Guid?> RecorderMunicipalityAsync(Guid benefitId, CancellationToken ct)
    {
        if (access.User is { } user && user.IsInRole(Roles.MunicipalityAdmin))
        {
            return user.MunicipalityId();
        }

        var m = await ReaderMunicipalityAsync(ct);
        if (!await db.Benefits.AnyAsync(b => b.Id == benefitId && b.MunicipalityId == m, ct))
        {
            return null;
        }

        var staffId = (await access.RolesAsync(ct)).StaffId;
        return await OwnedBenefits(db, staffId).AnyAsync(b => b.Id == benefitId, ct)
            ? m
            : throw new RoleDeniedException("Bare gevinsteieren og kommunens administratorer kan registrere målinger og gevinstuttak for denne gevinsten.");
    }

    /// <summary>Whether the caller may record measurements and extractions for the benefit (for the page's forms).</summary>
    public async Task<bool> CanRecordAsync(Guid benefitId, CancellationToken ct)
    {
        try
        {
            return await RecorderMunicipalityAsync(benefitId, ct) is not null;
        }
        catch (RoleDeniedException)
        {
            return false;
        }
    }

    /// <summary>The administrator's municipality (the endpoint's policy requires the administrator role).</summary>
    private Guid AdminMunicipality() => access.User!.MunicipalityId();

    /// <summary>The schools of the reader's municipality (a metric may be taken for one of them), by name.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> SchoolChoicesAsync(CancellationToken ct)
    {
        var m = await ReaderMunicipalityAsync(ct);
        var schools = await db.Schools.AsNoTracking().Where(s => s.MunicipalityId == m).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        return [.. schools.Select(s => (s.Id, s.Name))];
    }

    /// <summary>
    /// The people a benefit may be owned by — the active staff of the reader's municipality, the same rule the plan's
    /// <c>ownerStaffId</c> is checked by — whose name contains <paramref name="search"/> (all when empty), by name, at most
    /// <paramref name="limit"/>, with how many match in all; the <paramref name="chosen"/> owner comes first when the search
    /// leaves them out (even when no longer active, so that a revision keeps them). Names only: the picker shows nothing else.
    /// </summary>
    public async Task<(IReadOnlyList<(Guid Id, string Name)> People, int MatchCount)> OwnerChoicesAsync(
        string? search, Guid? chosen, int limit, CancellationToken ct)
    {
        var m = await ReaderMunicipalityAsync(ct);
        var staff = db.Staff.AsNoTracking().Where(s => s.MunicipalityId == m && s.IsActive);
        if (RosterChanges.ContainsPattern(search) is { } pattern)
        {
            staff = staff.Where(s => EF.Functions.ILike(s.GivenName + " " + s.FamilyName, pattern));
        }

        var people = await staff.OrderBy(s => s.FamilyName).ThenBy(s => s.GivenName).ThenBy(s => s.Id).Take(limit)
            .Select(s => new { s.Id, Name = s.GivenName + " " + s.FamilyName }).ToListAsync(ct);
        var matchCount = people.Count < limit ? people.Count : await staff.CountAsync(ct);
        if (chosen is { } owner && !people.Any(p => p.Id == owner)
            && await db.Staff.AsNoTracking().Where(s => s.Id == owner && s.MunicipalityId == m)
                .Select(s => new { s.Id, Name = s.GivenName + " " + s.FamilyName }).SingleOrDefaultAsync(ct) is { } kept)
        {
            people.Insert(0, kept);
        }

        return ([.. people.Select(p => (p.Id, p.Name))], matchCount);
    }

    /// <summary>The names of the municipality's staff who own benefits (for showing an owner person by name), by staff id.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> OwnerNamesAsync(CancellationToken ct)
    {
        var m = await ReaderMunicipalityAsync(ct);
        var owners = db.BenefitRevisions.Where(r => r.OwnerStaffId != null).Select(r => r.OwnerStaffId);
        return await db.Staff.AsNoTracking().Where(s => s.MunicipalityId == m && owners.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.GivenName + " " + s.FamilyName, ct);
    }

    // ---------------------------------------------------------------- portfolios

    public async Task<Paged<PortfolioResponse>> ListPortfoliosAsync(PageRequest page, CancellationToken ct)
    {
        var m = await ReaderMunicipalityAsync(ct);
        return await db.BenefitPortfolios.AsNoTracking().Where(p => p.MunicipalityId == m)
            .OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Select(p => new PortfolioResponse(p.Id, p.Name, p.CreatedAt))
            .ToPageAsync(page, ct);
    }

    public async Task<PortfolioResponse?> GetPortfolioAsync(Guid id, CancellationToken ct)
    {
        var m = await ReaderMunicipalityAsync(ct);
        return await db.BenefitPortfolios.AsNoTracking().Where(p => p.Id == id && p.MunicipalityId == m)
            .Select(p => new PortfolioResponse(p.Id, p.Name, p.CreatedAt)).SingleOrDefaultAsync(ct);
    }

    public async Task<PortfolioResponse> CreatePortfolioAsync(PortfolioRequest request, CancellationToken ct)
    {
        var portfolio = new BenefitPortfolio { MunicipalityId = AdminMunicipality(), Name = request.Name!.Trim(), CreatedAt = time.GetUtcNow() };
        db.BenefitPortfolios.Add(portfolio);
        outbox.Enqueue(BenefitEvents.PortfolioChanged, portfolio.MunicipalityId, new { portfolioId = portfolio.Id });
        await db.SaveChangesAsync(ct);
        return new PortfolioResponse(portfolio.Id, portfolio.Name, portfolio.CreatedAt);
    }

    public async Task<PortfolioResponse?> UpdatePortfolioAsync(Guid id, PortfolioRequest request, CancellationToken ct)
    {
        var m = AdminMunicipality();
        if (await db.BenefitPortfolios.AsTracking().SingleOrDefaultAsync(p => p.Id == id && p.MunicipalityId == m, ct) is not { } portfolio)
        {
            return null;
        }

        portfolio.Name = request.Name!.Trim();
        outbox.Enqueue(BenefitEvents.PortfolioChanged, m, new { portfolioId = portfolio.Id });
        await db.SaveChangesAsync(ct);
        return new PortfolioResponse(portfolio.Id, portfolio.Name, portfolio.CreatedAt);
    }

    // ---------------------------------------------------------------- projects

    public async Task<Paged<ProjectResponse>> ListProjectsAsync(BenefitListFilter filter, PageRequest page, CancellationToken ct)
    {
        var m = await ReaderMunicipalityAsync(ct);
        return await db.BenefitProjects.AsNoTracking()
            .Where(p => p.MunicipalityId == m && (filter.PortfolioId == null || p.PortfolioId == filter.PortfolioId))
            .OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Select(p => new ProjectResponse(p.Id, p.PortfolioId, p.Name, p.Goal, p.CreatedAt))
            .ToPageAsync(page, ct);
    }

    public async Task<ProjectResponse?> GetProjectAsync(Guid id, CancellationToken ct)
    {
        var m = await ReaderMunicipalityAsync(ct);
        return await db.BenefitProjects.AsNoTracking().Where(p => p.Id == id && p.MunicipalityId == m)
            .Select(p => new ProjectResponse(p.Id, p.PortfolioId, p.Name, p.Goal, p.CreatedAt)).SingleOrDefaultAsync(ct);
    }

    public async Task<ProjectResponse> CreateProjectAsync(ProjectRequest request, CancellationToken ct)
    {
        var m = AdminMunicipality();
        await RequirePortfolioAsync(m, request.PortfolioId!.Value, ct);
        var project = new BenefitProject
        {
            MunicipalityId = m, PortfolioId = request.PortfolioId.Value, Name = request.Name!.Trim(), Goal = request.Goal!.Trim(), CreatedAt = time.GetUtcNow(),
        };
        db.BenefitProjects.Add(project);
        outbox.Enqueue(BenefitEvents.ProjectChanged, m, new { projectId = project.Id, portfolioId = project.PortfolioId });
        await db.SaveChangesAsync(ct);
        return new ProjectResponse(project.Id, project.PortfolioId, project.Name, project.Goal, project.CreatedAt);
    }

    public async Task<ProjectResponse?> UpdateProjectAsync(Guid id, ProjectRequest request, CancellationToken ct)
    {
        var m = AdminMunicipality();
        if (await db.BenefitProjects.AsTracking().SingleOrDefaultAsync(p => p.Id == id && p.MunicipalityId == m, ct) is not { } project)
        {
            return null;
        }

        await RequirePortfolioAsync(m, request.PortfolioId!.Value, ct);
        (project.PortfolioId, project.Name, project.Goal) = (request.PortfolioId.Value, request.Name!.Trim(), request.Goal!.Trim());
        outbox.Enqueue(BenefitEvents.ProjectChanged, m, new { projectId = project.Id, portfolioId = project.PortfolioId });
        await db.SaveChangesAsync(ct);
        return new ProjectResponse(project.Id, project.PortfolioId, project.Name, project.Goal, project.CreatedAt);
    }

    private async Task RequirePortfolioAsync(Guid m, Guid portfolioId, CancellationToken ct)
    {
        if (!await db.BenefitPortfolios.AnyAsync(p => p.Id == portfolioId && p.MunicipalityId == m, ct))
        {
            throw new FieldValidationException("portfolioId", "Porteføljen finnes ikke i kommunen.");
        }
    }

    // ---------------------------------------------------------------- benefits

    public async Task<Paged<BenefitResponse>> ListBenefitsAsync(BenefitListFilter filter, PageRequest page, CancellationToken ct)
    {
        var m = await ReaderMunicipalityAsync(ct);
        var benefits = db.Benefits.AsNoTracking().Where(b => b.MunicipalityId == m
            && (filter.ProjectId == null || b.ProjectId == filter.ProjectId)
            && (filter.PortfolioId == null || db.BenefitProjects.Any(p => p.Id == b.ProjectId && p.PortfolioId == filter.PortfolioId)));
        var total = await benefits.CountAsync(ct);
        var rows = await benefits.OrderBy(b => b.Description).ThenBy(b => b.Id)
            .Skip((page.EffectivePage - 1) * page.EffectivePageSize).Take(page.EffectivePageSize)
            .Join(db.BenefitRevisions.AsNoTracking(), b => new { Id = b.Id, Number = b.CurrentRevision }, r => new { Id = r.BenefitId, r.Number }, (b, r) => new { b, r })
            // The page's order again: a join over the paged subquery does not keep it.
            .OrderBy(x => x.b.Description).ThenBy(x => x.b.Id)
            .ToListAsync(ct);
        return new Paged<BenefitResponse>(rows.Select(x => ToResponse(x.b, x.r)).ToList(), page.EffectivePage, page.EffectivePageSize, total);
    }

    public async Task<BenefitResponse?> GetBenefitAsync(Guid id, CancellationToken ct)
    {
        var m = await ReaderMunicipalityAsync(ct);
        return await BenefitAsync(m, id, ct) is { } found ? ToResponse(found.Benefit, found.Revision) : null;
    }

    private async Task<(Benefit Benefit, BenefitRevision Revision)?> BenefitAsync(Guid m, Guid id, CancellationToken ct)
    {
        var row = await db.Benefits.AsNoTracking().Where(b => b.Id == id && b.MunicipalityId == m)
            .Join(db.BenefitRevisions.AsNoTracking(), b => new { Id = b.Id, Number = b.CurrentRevision }, r => new { Id = r.BenefitId, r.Number }, (b, r) => new { b, r })
            .SingleOrDefaultAsync(ct);
        return row is null ? null : (row.b, row.r);
    }

    public async Task<BenefitResponse> CreateBenefitAsync(BenefitCreateRequest request, CancellationToken ct)
    {
        var m = AdminMunicipality();
        var errors = new FieldErrors();
        if (!await db.BenefitProjects.AnyAsync(p => p.Id == request.ProjectId && p.MunicipalityId == m, ct))
        {
            errors.Add("projectId", "Prosjektet finnes ikke i kommunen.");
        }

        CheckBenefitFields(request.Type!.Value, request.ValuePerUnitNok, request.RealisationFrom!.Value, request.RealisationTo!.Value, errors);
        var plan = await CheckPlanAsync(m, request, errors, ct);
        errors.ThrowIfAny();

        var now = time.GetUtcNow();
        var benefit = new Benefit
        {
            MunicipalityId = m, ProjectId = request.ProjectId!.Value, Description = request.Description!.Trim(), Type = request.Type.Value,
            ValuePerUnitNok = request.ValuePerUnitNok, RealisationFrom = request.RealisationFrom.Value, RealisationTo = request.RealisationTo.Value,
            Status = BenefitStatus.Open, CurrentRevision = 1, CreatedAt = now,
        };
        var revision = await NewRevisionAsync(benefit.Id, 1, plan, string.IsNullOrWhiteSpace(request.Reason) ? "Første versjon" : request.Reason.Trim(), ct);
        db.Benefits.Add(benefit);
        db.BenefitRevisions.Add(revision);
        BenefitChanged(m, benefit);
        await db.SaveChangesAsync(ct);
        return ToResponse(benefit, revision);
    }

    public async Task<BenefitResponse?> UpdateBenefitAsync(Guid id, BenefitUpdateRequest request, CancellationToken ct)
    {
        var m = AdminMunicipality();
        if (await db.Benefits.AsTracking().SingleOrDefaultAsync(b => b.Id == id && b.MunicipalityId == m, ct) is not { } benefit)
        {
            return null;
        }

        var errors = new FieldErrors();
        CheckBenefitFields(request.Type!.Value, request.ValuePerUnitNok, request.RealisationFrom!.Value, request.RealisationTo!.Value, errors);
        errors.ThrowIfAny();
        benefit.Description = request.Description!.Trim();
        benefit.Type = request.Type.Value;
        benefit.ValuePerUnitNok = request.ValuePerUnitNok;
        benefit.RealisationFrom = request.RealisationFrom.Value;
        benefit.RealisationTo = request.RealisationTo.Value;
        BenefitChanged(m, benefit);
        await db.SaveChangesAsync(ct);
        return await GetCurrentAsync(m, id, ct);
    }

    /// <summary>A new revision of the owner, indicator, unit, baseline and target curve; the benefit's current values become it.</summary>
    public async Task<BenefitResponse?> ReviseAsync(Guid id, BenefitRevisionRequest request, CancellationToken ct)
    {
        var m = AdminMunicipality();
        if (await db.Benefits.AsTracking().SingleOrDefaultAsync(b => b.Id == id && b.MunicipalityId == m, ct) is not { } benefit)
        {
            return null;
        }

        var errors = new FieldErrors();
        var plan = await CheckPlanAsync(m, request, errors, ct);
        errors.ThrowIfAny();
        if (benefit.Status == BenefitStatus.Closed)
        {
            throw new RuleConflictException("Gevinsten er avsluttet; planen for en avsluttet gevinst kan ikke endres.");
        }

        var current = await db.BenefitRevisions.AsNoTracking().SingleAsync(r => r.BenefitId == id && r.Number == benefit.CurrentRevision, ct);
        if (SamePlan(current, plan))
        {
            throw new RuleConflictException("Revisjonen endrer ingenting: eier, indikator, enhet, nullpunkt og målkurve er som i gjeldende revisjon.");
        }

        benefit.CurrentRevision++;
        db.BenefitRevisions.Add(await NewRevisionAsync(id, benefit.CurrentRevision, plan, request.Reason!.Trim(), ct));
        outbox.Enqueue(BenefitEvents.Revised, m, new { benefitId = id, revision = benefit.CurrentRevision });
        await db.SaveChangesAsync(ct);
        return await GetCurrentAsync(m, id, ct);
    }

    public async Task<BenefitResponse?> CloseAsync(Guid id, BenefitCloseRequest request, CancellationToken ct)
    {
        var m = AdminMunicipality();
        if (await db.Benefits.AsTracking().SingleOrDefaultAsync(b => b.Id == id && b.MunicipalityId == m, ct) is not { } benefit)
        {
            return null;
        }

        if (benefit.Status == BenefitStatus.Closed)
        {
            throw new RuleConflictException("Gevinsten er allerede avsluttet.");
        }

        (benefit.Status, benefit.ClosedReason, benefit.ClosedAt) = (BenefitStatus.Closed, request.Reason!.Trim(), time.GetUtcNow());
        BenefitChanged(m, benefit);
        await db.SaveChangesAsync(ct);
        return await GetCurrentAsync(m, id, ct);
    }

    /// <summary>Deletes a benefit that was never measured (nor had budget taken out); a measured one is closed, never deleted (409).</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct)
    {
        var m = AdminMunicipality();
        if (await db.Benefits.AsTracking().SingleOrDefaultAsync(b => b.Id == id && b.MunicipalityId == m, ct) is not { } benefit)
        {
            return false;
        }

        if (await db.BenefitMeasurements.AnyAsync(x => x.BenefitId == id, ct))
        {
            throw new RuleConflictException("En gevinst med målinger kan ikke slettes, bare avsluttes med en begrunnelse (regel: målte gevinster slettes aldri).");
        }

        if (await db.BenefitExtractions.AnyAsync(x => x.BenefitId == id, ct))
        {
            throw new RuleConflictException("En gevinst med gevinstuttak kan ikke slettes, bare avsluttes med en begrunnelse.");
        }

        db.Benefits.Remove(benefit);
        BenefitChanged(m, benefit);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<Paged<BenefitRevisionResponse>?> RevisionsAsync(Guid id, PageRequest page, CancellationToken ct)
    {
        var m = await ReaderMunicipalityAsync(ct);
        if (!await db.Benefits.AnyAsync(b => b.Id == id && b.MunicipalityId == m, ct))
        {
            return null;
        }

        var total = await db.BenefitRevisions.CountAsync(r => r.BenefitId == id, ct);
        var rows = await db.BenefitRevisions.AsNoTracking().Where(r => r.BenefitId == id).OrderByDescending(r => r.Number)
            .Skip((page.EffectivePage - 1) * page.EffectivePageSize).Take(page.EffectivePageSize).ToListAsync(ct);
        return new Paged<BenefitRevisionResponse>(rows.Select(ToResponse).ToList(), page.EffectivePage, page.EffectivePageSize, total);
    }

    /// <summary>Two revisions side by side, field by field; null when the benefit or a revision does not exist.</summary>
    public async Task<RevisionComparison?> CompareAsync(Guid id, RevisionCompareQuery query, CancellationToken ct)
    {
        var m = await ReaderMunicipalityAsync(ct);
        if (await db.Benefits.Where(b => b.Id == id && b.MunicipalityId == m).Select(b => (int?)b.CurrentRevision).SingleOrDefaultAsync(ct) is not { } currentNumber)
        {
            return null;
        }

        var toNumber = query.To ?? currentNumber;
        query = query with { To = toNumber, From = query.From ?? Math.Max(1, toNumber - 1) };
        var numbers = new[] { query.From!.Value, query.To!.Value };
        var revisions = await db.BenefitRevisions.AsNoTracking().Where(r => r.BenefitId == id && numbers.Contains(r.Number)).ToListAsync(ct);
        var errors = new FieldErrors();
        if (revisions.All(r => r.Number != query.From)) errors.Add("from", $"Gevinsten har ingen revisjon {query.From}.");
        if (revisions.All(r => r.Number != query.To)) errors.Add("to", $"Gevinsten har ingen revisjon {query.To}.");
        errors.ThrowIfAny();
        var (from, to) = (ToResponse(revisions.Single(r => r.Number == query.From)), ToResponse(revisions.Single(r => r.Number == query.To)));
        return new RevisionComparison(id, from, to, CompareFields(from, to));
    }

    private static List<RevisionFieldChange> CompareFields(BenefitRevisionResponse a, BenefitRevisionResponse b)
    {
        static string? Number(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
        static string? Date(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        static string? Curve(IReadOnlyList<TargetPoint> points) => string.Join("; ", points.Select(p => $"{Date(p.Date)}: {Number(p.Value)}"));
        RevisionFieldChange Field(string name, string? old, string? @new) => new(name, old, @new, !string.Equals(old, @new, StringComparison.Ordinal));
        return
        [
            Field("owner", a.Owner, b.Owner),
            Field("ownerStaffId", a.OwnerStaffId?.ToString(), b.OwnerStaffId?.ToString()),
            Field("indicator", a.Indicator.ToString(), b.Indicator.ToString()),
            Field("metricId", a.MetricId, b.MetricId),
            Field("metricSchoolId", a.MetricSchoolId?.ToString(), b.MetricSchoolId?.ToString()),
            Field("metricSeries", a.MetricSeries, b.MetricSeries),
            Field("unit", a.Unit, b.Unit),
            Field("baselineValue", Number(a.BaselineValue), Number(b.BaselineValue)),
            Field("baselineDate", Date(a.BaselineDate), Date(b.BaselineDate)),
            Field("targets", Curve(a.Targets), Curve(b.Targets)),
            Field("reason", a.Reason, b.Reason),
            Field("authorName", a.AuthorName, b.AuthorName),
        ];
    }

    private async Task<BenefitResponse> GetCurrentAsync(Guid m, Guid id, CancellationToken ct)
    {
        var found = await BenefitAsync(m, id, ct) ?? throw new InvalidOperationException("The benefit was just saved.");
        return ToResponse(found.Benefit, found.Revision);
    }

    // ---------------------------------------------------------------- measurements and extractions

    public async Task<Paged<MeasurementResponse>?> MeasurementsAsync(Guid id, PageRequest page, CancellationToken ct)
    {
        var m = await ReaderMunicipalityAsync(ct);
        if (!await db.Benefits.AnyAsync(b => b.Id == id && b.MunicipalityId == m, ct))
        {
            return null;
        }

        return await db.BenefitMeasurements.AsNoTracking().Where(x => x.BenefitId == id)
            .OrderByDescending(x => x.Date).ThenByDescending(x => x.Id)
            .Select(x => new MeasurementResponse(x.Id, x.Date, x.Value, x.Source, x.Note, x.CreatedAt))
            .ToPageAsync(page, ct);
    }

    public async Task<MeasurementResponse?> AddMeasurementAsync(Guid id, MeasurementRequest request, CancellationToken ct)
    {
        if (await RecorderMunicipalityAsync(id, ct) is not { } m || await BenefitAsync(m, id, ct) is not { } found)
        {
            return null;
        }

        var errors = new FieldErrors();
        var today = await clock.TodayAsync(m, ct);
        if (request.Date < EarliestDate || request.Date > today) errors.Add("date", "Datoen må være mellom 1. januar 2000 og i dag.");
        CheckValue("value", request.Value!.Value, found.Revision.Unit, errors);
        errors.ThrowIfAny();
        if (found.Benefit.Status == BenefitStatus.Closed)
        {
            throw new RuleConflictException("Gevinsten er avsluttet; det kan ikke registreres nye målinger.");
        }

        var measurement = new BenefitMeasurement
        {
            BenefitId = id, Date = request.Date!.Value, Value = request.Value.Value, Source = MeasurementSource.Manual,
            Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(), CreatedAt = time.GetUtcNow(),
        };
        db.BenefitMeasurements.Add(measurement);
        outbox.Enqueue(BenefitEvents.Measured, m, new { benefitId = id, measurementId = measurement.Id, automatic = false });
        await db.SaveChangesAsync(ct);
        return new MeasurementResponse(measurement.Id, measurement.Date, measurement.Value, measurement.Source, measurement.Note, measurement.CreatedAt);
    }

    public async Task<Paged<ExtractionResponse>?> ExtractionsAsync(Guid id, PageRequest page, CancellationToken ct)
    {
        var m = await ReaderMunicipalityAsync(ct);
        if (!await db.Benefits.AnyAsync(b => b.Id == id && b.MunicipalityId == m, ct))
        {
            return null;
        }

        return await db.BenefitExtractions.AsNoTracking().Where(x => x.BenefitId == id)
            .OrderByDescending(x => x.PeriodFrom).ThenByDescending(x => x.Id)
            .Select(x => new ExtractionResponse(x.Id, x.PeriodFrom, x.PeriodTo, x.AmountNok, x.Note, x.CreatedAt))
            .ToPageAsync(page, ct);
    }

    public async Task<ExtractionResponse?> AddExtractionAsync(Guid id, ExtractionRequest request, CancellationToken ct)
    {
        if (await RecorderMunicipalityAsync(id, ct) is not { } m || !await db.Benefits.AnyAsync(b => b.Id == id && b.MunicipalityId == m, ct))
        {
            return null;
        }

        var errors = new FieldErrors();
        CheckDate("periodFrom", request.PeriodFrom!.Value, errors);
        CheckDate("periodTo", request.PeriodTo!.Value, errors);
        if (request.PeriodTo < request.PeriodFrom) errors.Add("periodTo", "Slutten på perioden kan ikke være før starten.");
        if (request.AmountNok is < 0 or > MaxMagnitude) errors.Add("amountNok", "Beløpet må være mellom 0 og 1 000 000 000 000 kroner.");
        errors.ThrowIfAny();
        var extraction = new BenefitExtraction
        {
            BenefitId = id, PeriodFrom = request.PeriodFrom.Value, PeriodTo = request.PeriodTo.Value, AmountNok = request.AmountNok!.Value,
            Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(), CreatedAt = time.GetUtcNow(),
        };
        db.BenefitExtractions.Add(extraction);
        outbox.Enqueue(BenefitEvents.Extracted, m, new { benefitId = id, extractionId = extraction.Id });
        await db.SaveChangesAsync(ct);
        return new ExtractionResponse(extraction.Id, extraction.PeriodFrom, extraction.PeriodTo, extraction.AmountNok, extraction.Note, extraction.CreatedAt);
    }

    // ---------------------------------------------------------------- measures

    public async Task<Paged<MeasureResponse>> ListMeasuresAsync(BenefitListFilter filter, PageRequest page, CancellationToken ct)
    {
        var m = await ReaderMunicipalityAsync(ct);
        var measures = db.BenefitMeasures.AsNoTracking().Where(x => x.MunicipalityId == m
            && (filter.BenefitId == null || db.BenefitMeasureLinks.Any(l => l.MeasureId == x.Id && l.BenefitId == filter.BenefitId)));
        var total = await measures.CountAsync(ct);
        var rows = await measures.OrderBy(x => x.DueDate).ThenBy(x => x.Id)
            .Skip((page.EffectivePage - 1) * page.EffectivePageSize).Take(page.EffectivePageSize).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var links = (await db.BenefitMeasureLinks.AsNoTracking().Where(l => ids.Contains(l.MeasureId)).ToListAsync(ct)).ToLookup(l => l.MeasureId, l => l.BenefitId);
        return new Paged<MeasureResponse>(rows.Select(r => ToResponse(r, links[r.Id])).ToList(), page.EffectivePage, page.EffectivePageSize, total);
    }

    public async Task<MeasureResponse?> GetMeasureAsync(Guid id, CancellationToken ct)
    {
        var m = await ReaderMunicipalityAsync(ct);
        if (await db.BenefitMeasures.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id && x.MunicipalityId == m, ct) is not { } measure)
        {
            return null;
        }

        return ToResponse(measure, await db.BenefitMeasureLinks.Where(l => l.MeasureId == id).Select(l => l.BenefitId).ToListAsync(ct));
    }

    public async Task<MeasureResponse> CreateMeasureAsync(MeasureRequest request, CancellationToken ct)
    {
        var m = AdminMunicipality();
        var benefitIds = await CheckMeasureAsync(m, request, ct);
        var measure = new BenefitMeasure
        {
            MunicipalityId = m, Description = request.Description!.Trim(), Owner = request.Owner!.Trim(), DueDate = request.DueDate!.Value,
            Status = request.Status ?? MeasureStatus.Planned, CreatedAt = time.GetUtcNow(),
        };
        db.BenefitMeasures.Add(measure);
        db.BenefitMeasureLinks.AddRange(benefitIds.Select(b => new BenefitMeasureLink { MeasureId = measure.Id, BenefitId = b }));
        outbox.Enqueue(BenefitEvents.MeasureChanged, m, new { measureId = measure.Id });
        await db.SaveChangesAsync(ct);
        return ToResponse(measure, benefitIds);
    }

    public async Task<MeasureResponse?> UpdateMeasureAsync(Guid id, MeasureRequest request, CancellationToken ct)
    {
        var m = AdminMunicipality();
        if (await db.BenefitMeasures.AsTracking().SingleOrDefaultAsync(x => x.Id == id && x.MunicipalityId == m, ct) is not { } measure)
        {
            return null;
        }

        var benefitIds = await CheckMeasureAsync(m, request, ct);
        (measure.Description, measure.Owner, measure.DueDate) = (request.Description!.Trim(), request.Owner!.Trim(), request.DueDate!.Value);
        measure.Status = request.Status ?? measure.Status;
        db.BenefitMeasureLinks.RemoveRange(await db.BenefitMeasureLinks.AsTracking().Where(l => l.MeasureId == id).ToListAsync(ct));
        db.BenefitMeasureLinks.AddRange(benefitIds.Select(b => new BenefitMeasureLink { MeasureId = id, BenefitId = b }));
        outbox.Enqueue(BenefitEvents.MeasureChanged, m, new { measureId = id });
        await db.SaveChangesAsync(ct);
        return ToResponse(measure, benefitIds);
    }

    private async Task<List<Guid>> CheckMeasureAsync(Guid m, MeasureRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        CheckDate("dueDate", request.DueDate!.Value, errors);
        var wanted = request.BenefitIds!.Distinct().ToList();
        var known = await db.Benefits.Where(b => b.MunicipalityId == m && wanted.Contains(b.Id)).Select(b => b.Id).ToListAsync(ct);
        if (known.Count != wanted.Count) errors.Add("benefitIds", "En eller flere av gevinstene finnes ikke i kommunen.");
        errors.ThrowIfAny();
        return wanted;
    }

    // ---------------------------------------------------------------- validation

    private static void CheckBenefitFields(BenefitType type, decimal? valuePerUnit, DateOnly from, DateOnly to, FieldErrors errors)
    {
        if (Benefit.IsPriced(type) && valuePerUnit is null)
        {
            errors.Add("valuePerUnitNok", "En prissatt gevinst (budsjettgevinst, frigjort kapasitet, prissatt gevinst andre steder) må ha verdi per enhet i kroner.");
        }
        else if (!Benefit.IsPriced(type) && valuePerUnit is not null)
        {
            errors.Add("valuePerUnitNok", "Bare prissatte gevinster har verdi per enhet; la feltet stå tomt for ikke-prissatte virkninger og ulemper.");
        }
        else if (valuePerUnit is <= 0 or > 1_000_000_000m)
        {
            errors.Add("valuePerUnitNok", "Verdien per enhet må være over 0 og høyst 1 000 000 000 kroner.");
        }

        CheckDate("realisationFrom", from, errors);
        CheckDate("realisationTo", to, errors);
        if (to < from) errors.Add("realisationTo", "Realiseringsperioden kan ikke slutte før den starter.");
    }

    private static void CheckDate(string field, DateOnly date, FieldErrors errors)
    {
        if (date < EarliestDate || date > LatestDate) errors.Add(field, "Datoen må være mellom 1. januar 2000 og 31. desember 2100.");
    }

    /// <summary>The range a value in <paramref name="unit"/> may take: a share 0–1, a count or minutes not negative, anything within ±10¹².</summary>
    private static void CheckValue(string field, decimal value, string unit, FieldErrors errors)
    {
        if (unit.StartsWith("share/", StringComparison.Ordinal) && value is < 0 or > 1)
        {
            errors.Add(field, "En andel må være mellom 0 og 1.");
        }
        else if ((unit.StartsWith("count/", StringComparison.Ordinal) || unit.StartsWith("minutes/", StringComparison.Ordinal)) && value < 0)
        {
            errors.Add(field, "Et antall eller en tid kan ikke være negativ.");
        }
        else if (Math.Abs(value) > MaxMagnitude)
        {
            errors.Add(field, "Verdien er utenfor det tillatte området (±1 000 000 000 000).");
        }
    }

    private sealed record Plan(
        string Owner, Guid? OwnerStaffId, BenefitIndicatorKind Indicator, string? MetricId, Guid? MetricSchoolId, string? MetricSeries, string Unit,
        decimal BaselineValue, DateOnly BaselineDate, DateOnly[] TargetDates, decimal[] TargetValues);

    /// <summary>Checks the revisioned fields, each broken rule named by its field, and gives them in stored form (targets by date).</summary>
    private async Task<Plan> CheckPlanAsync(Guid m, BenefitPlanFields fields, FieldErrors errors, CancellationToken ct)
    {
        var unit = fields.Unit!.Trim();
        var metricId = string.IsNullOrWhiteSpace(fields.MetricId) ? null : fields.MetricId.Trim();
        // "total" is the metric's whole figure, which an empty series already means: one spelling, so revisions compare alike.
        var series = string.IsNullOrWhiteSpace(fields.MetricSeries) || fields.MetricSeries.Trim() == UsageMetrics.Total ? null : fields.MetricSeries.Trim();
        if (fields.Indicator == BenefitIndicatorKind.Metric)
        {
            if (metricId is null)
            {
                errors.Add("metricId", "En indikator av typen Metric må ha et måltall fra bruksstatistikken.");
            }
            else if (UsageMetrics.Find(metricId) is not { } metric)
            {
                errors.Add("metricId", $"Måltallet «{metricId}» finnes ikke. Kjente måltall: {string.Join(", ", UsageMetrics.All.Select(x => x.Id))}.");
            }
            else
            {
                if (!BenefitRules.UnitsOf(metric).Contains(unit))
                {
                    errors.Add("unit", $"Enheten «{unit}» passer ikke til måltallet «{metric.Id}» (enhet {metric.Unit}). Bruk {string.Join(", ", BenefitRules.UnitsOf(metric))}.");
                }

                if (series is not null && !metric.Series.Contains(series))
                {
                    errors.Add("metricSeries", metric.Series.Count == 0
                        ? $"Måltallet «{metric.Id}» har bare totalen; la serien stå tom."
                        : $"Måltallet «{metric.Id}» har ingen serie «{series}». Kjente serier: {string.Join(", ", metric.Series)} (eller tom for totalen).");
                }
            }

            if (fields.MetricSchoolId is { } schoolId && !await db.Schools.AnyAsync(s => s.Id == schoolId && s.MunicipalityId == m, ct))
            {
                errors.Add("metricSchoolId", "Skolen finnes ikke i kommunen.");
            }
        }
        else
        {
            if (metricId is not null) errors.Add("metricId", "Bare en indikator av typen Metric har måltall; la feltet stå tomt for manuell måling.");
            if (fields.MetricSchoolId is not null) errors.Add("metricSchoolId", "Bare en indikator av typen Metric har skole.");
            if (series is not null) errors.Add("metricSeries", "Bare en indikator av typen Metric har serie.");
        }

        if (fields.OwnerStaffId is { } ownerId && !await db.Staff.AnyAsync(s => s.Id == ownerId && s.MunicipalityId == m && s.IsActive, ct))
        {
            errors.Add("ownerStaffId", "Gevinsteieren finnes ikke blant kommunens aktive ansatte.");
        }

        CheckValue("baselineValue", fields.BaselineValue!.Value, unit, errors);
        CheckDate("baselineDate", fields.BaselineDate!.Value, errors);
        var targets = fields.Targets!;
        if (targets.Count == 0) errors.Add("targets", "Målkurven må ha minst ett punkt.");
        if (targets.Count > BenefitLimits.TargetPoints) errors.Add("targets", $"Målkurven kan ha høyst {BenefitLimits.TargetPoints} punkter.");
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            if (target is null)
            {
                errors.Add($"targets[{i}]", "Målpunktet mangler.");
                continue;
            }

            if (target.Date is not { } date) errors.Add($"targets[{i}].date", "Hvert målpunkt må ha en dato.");
            else if (date <= fields.BaselineDate) errors.Add($"targets[{i}].date", "Målpunktene må ligge etter datoen for nullpunktet.");
            else if (date > LatestDate) errors.Add($"targets[{i}].date", "Datoen kan ikke være etter 31. desember 2100.");
            else if (targets.Take(i).Any(t => t?.Date == date)) errors.Add($"targets[{i}].date", "To målpunkter har samme dato.");
            if (target.Value is not { } value) errors.Add($"targets[{i}].value", "Hvert målpunkt må ha en verdi.");
            else CheckValue($"targets[{i}].value", value, unit, errors);
        }

        var ordered = targets.Where(t => t?.Date is not null && t.Value is not null).OrderBy(t => t.Date).ToList();
        return new Plan(fields.Owner!.Trim(), fields.OwnerStaffId, fields.Indicator!.Value, metricId, fields.MetricSchoolId, series, unit, fields.BaselineValue.Value, fields.BaselineDate.Value,
            ordered.Select(t => t.Date!.Value).ToArray(), ordered.Select(t => t.Value!.Value).ToArray());
    }

    private static bool SamePlan(BenefitRevision r, Plan p) =>
        r.Owner == p.Owner && r.OwnerStaffId == p.OwnerStaffId && r.IndicatorKind == p.Indicator && r.MetricId == p.MetricId && r.MetricSchoolId == p.MetricSchoolId && r.MetricSeries == p.MetricSeries && r.Unit == p.Unit
        && r.BaselineValue == p.BaselineValue && r.BaselineDate == p.BaselineDate
        && r.TargetDates.SequenceEqual(p.TargetDates) && r.TargetValues.SequenceEqual(p.TargetValues);

    private async Task<BenefitRevision> NewRevisionAsync(Guid benefitId, int number, Plan plan, string reason, CancellationToken ct) => new()
    {
        BenefitId = benefitId, Number = number, Owner = plan.Owner, OwnerStaffId = plan.OwnerStaffId, IndicatorKind = plan.Indicator, MetricId = plan.MetricId, MetricSchoolId = plan.MetricSchoolId,
        MetricSeries = plan.MetricSeries, Unit = plan.Unit, BaselineValue = plan.BaselineValue, BaselineDate = plan.BaselineDate, TargetDates = plan.TargetDates, TargetValues = plan.TargetValues,
        Reason = reason, AuthorAccountId = access.User?.AccountId(), AuthorName = await AuthorNameAsync(ct), CreatedAt = time.GetUtcNow(),
    };

    /// <summary>The author as people know them: the name the sign-in carries, else the administrator's name in the roster.</summary>
    private async Task<string> AuthorNameAsync(CancellationToken ct)
    {
        if (access.User?.FindFirstValue(MeldebokClaims.Name) is { Length: > 0 } name)
        {
            return name.Length > BenefitLimits.Owner ? name[..BenefitLimits.Owner] : name;
        }

        var administratorId = (await access.RolesAsync(ct)).AdministratorId;
        return await db.MunicipalityAdministrators.Where(a => a.Id == administratorId).Select(a => a.GivenName + " " + a.FamilyName).FirstOrDefaultAsync(ct)
            ?? "Administrator";
    }

    private void BenefitChanged(Guid m, Benefit benefit) =>
        outbox.Enqueue(BenefitEvents.BenefitChanged, m, new { benefitId = benefit.Id, projectId = benefit.ProjectId });

    // ---------------------------------------------------------------- shapes

    internal static BenefitRevisionResponse ToResponse(BenefitRevision r) => new(
        r.Number, r.Owner, r.OwnerStaffId, r.IndicatorKind, r.MetricId, r.MetricSchoolId, r.MetricSeries, r.Unit, r.BaselineValue, r.BaselineDate,
        r.TargetDates.Zip(r.TargetValues, (d, v) => new TargetPoint(d, v)).ToList(), r.Reason, r.AuthorName, r.CreatedAt);

    private static BenefitResponse ToResponse(Benefit b, BenefitRevision r) => new(
        b.Id, b.ProjectId, b.Description, b.Type, b.ValuePerUnitNok, b.RealisationFrom, b.RealisationTo, b.Status, b.ClosedReason, b.ClosedAt, ToResponse(r));

    private static MeasureResponse ToResponse(BenefitMeasure m, IEnumerable<Guid> benefitIds) =>
        new(m.Id, m.Description, m.Owner, m.DueDate, m.Status, benefitIds.Order().ToList(), m.CreatedAt);

}
