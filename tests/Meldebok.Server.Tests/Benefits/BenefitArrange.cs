using System.Net;
using Meldebok.Server.Features.Benefits;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Roster;

namespace Meldebok.Server.Tests.Benefits;

/// <summary>A municipality's administrator (with a name, as a real sign-in carries) and a portfolio with one project.</summary>
internal sealed record BenefitPlan(Guid MunicipalityId, HttpClient Admin, Guid PortfolioId, Guid ProjectId);

internal static class BenefitArrange
{
    public const string Api = "/api/v1/benefits";
    public const string AuthorName = "Anne Admin";

    public static async Task<BenefitPlan> ArrangePlanAsync(this MeldebokApp app, Guid? municipalityId = null)
    {
        var m = municipalityId ?? await app.CreateMunicipalityAsync("Gevinstvik kommune");
        var admin = app.ClientFor(TestUser.MunicipalityAdmin(m) with { Name = AuthorName });
        var portfolio = await (await admin.PostJsonAsync($"{Api}/portfolios", new PortfolioRequest { Name = "Digitalisering i oppvekst" }))
            .ReadAsync<PortfolioResponse>(HttpStatusCode.Created);
        var project = await (await admin.PostJsonAsync($"{Api}/projects", new ProjectRequest
            {
                PortfolioId = portfolio.Id, Name = "Meldebok", Goal = "Periodemål 4 for oppvekst og utdanning",
            }))
            .ReadAsync<ProjectResponse>(HttpStatusCode.Created);
        return new BenefitPlan(m, admin, portfolio.Id, project.Id);
    }

    /// <summary>A manual benefit from <paramref name="baseline"/> on <paramref name="baselineDate"/> to the given target points.</summary>
    public static BenefitCreateRequest Manual(
        Guid projectId, string description, BenefitType type, string unit, decimal baseline, string baselineDate, decimal? valuePerUnit,
        params (string Date, decimal Value)[] targets) => new()
    {
        ProjectId = projectId, Description = description, Type = type, ValuePerUnitNok = valuePerUnit,
        RealisationFrom = DateOnly.Parse(baselineDate, System.Globalization.CultureInfo.InvariantCulture), RealisationTo = new DateOnly(2028, 12, 31),
        Owner = "Kommunalsjef oppvekst", Indicator = BenefitIndicatorKind.Manual, Unit = unit, BaselineValue = baseline,
        BaselineDate = DateOnly.Parse(baselineDate, System.Globalization.CultureInfo.InvariantCulture),
        Targets = targets.Select(t => new TargetPointRequest { Date = DateOnly.Parse(t.Date, System.Globalization.CultureInfo.InvariantCulture), Value = t.Value }).ToList(),
    };

    public static async Task<BenefitResponse> CreateBenefitAsync(this HttpClient admin, BenefitCreateRequest request) =>
        await (await admin.PostJsonAsync(Api, request)).ReadAsync<BenefitResponse>(HttpStatusCode.Created);

    public static async Task<MeasurementResponse> MeasureAsync(this HttpClient admin, Guid benefitId, string date, decimal value) =>
        await (await admin.PostJsonAsync($"{Api}/{benefitId}/measurements", new MeasurementRequest
            {
                Date = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), Value = value, Note = "Telling",
            }))
            .ReadAsync<MeasurementResponse>(HttpStatusCode.Created);

    /// <summary>The revision request that keeps everything of <paramref name="current"/> but what the caller changes.</summary>
    public static BenefitRevisionRequest Revise(BenefitRevisionResponse current, string reason) => new()
    {
        Reason = reason, Owner = current.Owner, Indicator = current.Indicator, MetricId = current.MetricId, MetricSchoolId = current.MetricSchoolId,
        MetricSeries = current.MetricSeries,
        Unit = current.Unit, BaselineValue = current.BaselineValue, BaselineDate = current.BaselineDate,
        Targets = current.Targets.Select(t => new TargetPointRequest { Date = t.Date, Value = t.Value }).ToList(),
    };
}
