using System.Net.Http.Json;
using Meldebok.Server.Features.Benefits;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Demo;

/// <summary>
/// The demo municipality's generated year of usage: school days only, adoption along an S-curve that the usage statistics show,
/// aggregated already, and the metric-bound benefits measured week by week, so the dashboard tells a story on first start.
/// The test clock stands on Monday 7 September 2026, so the history runs from 7 September 2025 to 6 September 2026.
/// </summary>
public sealed class DemoUsageHistoryTests(SeededDemoApp demo) : IClassFixture<SeededDemoApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateOnly From = new(2025, 9, 7);
    private static readonly DateOnly To = new(2026, 9, 6);
    private MeldebokApp App => demo.App;

    [Fact]
    public async Task The_history_covers_the_last_year_on_school_days_only_and_is_aggregated()
    {
        var (first, last, days, weekendOrJuly, events, aggregated) = await App.WithDbAsync(async db =>
        {
            var mine = db.UsageEvents.Where(e => e.MunicipalityId == demo.MunicipalityId);
            var days = await mine.Select(e => e.Day).Distinct().ToListAsync(Ct);
            var aggregated = await db.UsageDaily.Where(d => d.MunicipalityId == demo.MunicipalityId).SumAsync(d => (long)d.Events, Ct);
            return (days.Min(), days.Max(), days.Count,
                days.Count(d => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || d.Month == 7), await mine.LongCountAsync(Ct), aggregated);
        });

        Assert.Equal((new DateOnly(2025, 9, 8), new DateOnly(2026, 9, 4)), (first, last));
        Assert.Equal(0, weekendOrJuly);
        // 52 weeks of five days, less July's 23 weekdays.
        Assert.InRange(days, 230, 240);
        Assert.Equal(demo.Seeded.Usage.Events, events);
        Assert.Equal(events, aggregated);
        Assert.Equal((From, To), (demo.Seeded.Usage.From, demo.Seeded.Usage.To));
    }

    [Fact]
    public async Task The_statistics_show_adoption_rising_along_the_S_curve()
    {
        var admin = App.ClientFor(TestUser.MunicipalityAdmin(demo.MunicipalityId));

        var share = await admin.GetFromJsonAsync<UsageMetricResponse>(
            $"/api/v1/usage/metrics/{UsageMetrics.DigitalShare}?interval=month&from=2025-09-01&to=2026-08-31", HttpAssertions.Json, Ct);
        var activation = await admin.GetFromJsonAsync<UsageMetricResponse>(
            $"/api/v1/usage/metrics/{UsageMetrics.ActivationRate}?interval=month&from=2025-09-01&to=2026-08-31", HttpAssertions.Json, Ct);

        var digital = share!.Series.Single(s => s.Key == "total").Points;
        // September starts near the 10 % of the curve's foot; the last school month (June) is near its top.
        Assert.InRange(digital[0].Value!.Value, 0.05, 0.30);
        Assert.InRange(digital.Single(p => p.PeriodStart == new DateOnly(2026, 6, 1)).Value!.Value, 0.75, 0.97);
        Assert.True(digital.Where(p => p.Value is not null).Select(p => p.Value!.Value).Zip(digital.Where(p => p.Value is not null).Skip(3).Select(p => p.Value!.Value)).All(x => x.Second > x.First),
            "The digital share rises over every three months.");
        var activated = activation!.Series.Single().Points;
        Assert.InRange(activated[0].Value!.Value, 0.05, 0.35);
        Assert.InRange(activated[^1].Value!.Value, 0.8, 0.97);
    }

    [Fact]
    public async Task The_metric_bound_benefits_are_measured_every_week_and_the_dashboard_has_no_grey_benefit()
    {
        var admin = App.ClientFor(TestUser.MunicipalityAdmin(demo.MunicipalityId));
        var portfolio = (await admin.GetFromJsonAsync<Paged<PortfolioResponse>>("/api/v1/benefits/portfolios", HttpAssertions.Json, Ct))!.Items.Single();

        var dashboard = await admin.GetFromJsonAsync<PortfolioDashboard>($"/api/v1/benefits/portfolios/{portfolio.Id}/dashboard", HttpAssertions.Json, Ct);

        var benefits = dashboard!.Projects.Single().Benefits;
        Assert.DoesNotContain(benefits, b => b.Rag == BenefitRag.Grey);
        var oneChannel = benefits.Single(b => b.Unit == "share/week");
        var chart = await admin.GetFromJsonAsync<BenefitChart>($"/api/v1/benefits/{oneChannel.BenefitId}/chart", HttpAssertions.Json, Ct);
        // One automatic measurement per whole week of the history (Monday–Sunday), dated the Sunday — except the summer
        // holiday's weeks, which have no absence to take a share of.
        Assert.InRange(chart!.Actual.Count, 46, 49);
        Assert.All(chart.Actual, p => Assert.Equal(DayOfWeek.Sunday, p.Date.DayOfWeek));
        Assert.DoesNotContain(chart.Actual, p => p.Date.Month == 7 && p.Date.Day > 6);
        var legacy = await admin.GetFromJsonAsync<BenefitChart>($"/api/v1/benefits/{benefits.Single(b => b.Unit == "count/week").BenefitId}/chart", HttpAssertions.Json, Ct);
        // A count has a value in every week, the holiday's included (none).
        Assert.Equal(52, legacy!.Actual.Count);
        Assert.Equal(demo.Seeded.Usage.Measurements, chart.Actual.Count + legacy.Actual.Count);
        Assert.InRange(oneChannel.Actual!.Value, 0.75m, 0.97m);
    }
}
