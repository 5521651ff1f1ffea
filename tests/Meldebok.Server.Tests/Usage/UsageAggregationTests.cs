using Meldebok.Server.Features.Usage;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Meldebok.Server.Features.Usage.UsageActions;
using static Meldebok.Server.Features.Usage.UsageChannels;
using static Meldebok.Server.Features.Usage.UsageRoles;

namespace Meldebok.Server.Tests.Usage;

/// <summary>
/// The daily aggregation on a constructed set of events around new year 2026/27 (ISO week 53 runs from Monday 28 December
/// to Sunday 3 January), and the metrics read from it, with exact figures.
/// </summary>
public sealed class UsageAggregationTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string TwoWeeks = "from=2026-12-21&to=2027-01-03";

    private sealed record Arranged(AdminSession Admin, Guid School, Guid OtherSchool, AccessWorld World);

    /// <summary>
    /// Guardian A (in the roster): reports twice on Mon 21 Dec, once on Tue 22 Dec, signs in on 22 Dec, reports on Sat 2 Jan.
    /// Guardian B (in the roster): signs in and reports on Mon 28 Dec. A former guardian (not in the roster) reports at the
    /// other school on 1 Jan. A teacher logs a phone call on 21 Dec and a paper note, two SMS to the office (one per school)
    /// on 31 Dec. Another municipality's event on 28 Dec must count nowhere.
    /// </summary>
    private async Task<Arranged> ArrangeAsync()
    {
        // The tests of this class share the clock, which only goes forward; the nightly test moves it to 23 January.
        var morning = new DateTimeOffset(2027, 1, 20, 9, 0, 0, TimeSpan.Zero);
        if (app.Time.GetUtcNow() < morning) app.Time.SetUtcNow(morning);
        var world = await app.ArrangeWorldAsync();
        var admin = world.Admin;
        var school = world.SchoolId;
        var other = await admin.CreateSchoolAsync("Nordre skole");
        var (a, b, former, teacher) = (world.GuardianA, world.GuardianB, Guid.NewGuid(), Guid.NewGuid());
        await app.AddEventsAsync(admin.MunicipalityId,
            ("2026-12-21", school, AbsenceReported, Digital, Guardian, a),
            ("2026-12-21", school, AbsenceReported, Digital, Guardian, a),
            ("2026-12-21", school, AbsenceLoggedLegacy, Phone, Teacher, teacher),
            ("2026-12-22", school, AbsenceReported, Digital, Guardian, a),
            ("2026-12-22", null, SignIn, IdPorten, Guardian, a),
            ("2026-12-28", null, SignIn, IdPorten, Guardian, b),
            ("2026-12-28", school, AbsenceReported, Digital, Guardian, b),
            ("2026-12-31", school, AbsenceLoggedLegacy, PaperBook, Teacher, teacher),
            ("2026-12-31", school, AbsenceLoggedLegacy, SmsOffice, Teacher, teacher),
            ("2026-12-31", other, AbsenceLoggedLegacy, SmsOffice, Teacher, teacher),
            ("2027-01-01", other, AbsenceReported, Digital, Guardian, former),
            ("2027-01-02", school, AbsenceReported, Digital, Guardian, a));
        var elsewhere = await app.CreateMunicipalityAsync("Andevik kommune");
        await app.AddEventsAsync(elsewhere, ("2026-12-28", Guid.NewGuid(), AbsenceReported, Digital, Guardian, a));
        return new Arranged(admin, school, other, world);
    }

    [Fact]
    public async Task Aggregation_gives_exact_daily_figures_and_weekly_and_monthly_metrics()
    {
        var (admin, school, other, _) = await ArrangeAsync();

        var result = await admin.Client.AggregateAsync("2026-12-21", "2027-01-03");

        Assert.Equal(new UsageAggregationResult(new DateOnly(2026, 12, 21), new DateOnly(2027, 1, 3), Events: 12, DailyRows: 11), result);
        var figures = await app.DailyFiguresAsync(admin.MunicipalityId);
        Assert.Contains($"2026-12-21 {school} {AbsenceReported} {Digital} {Guardian} 2 1", figures);
        Assert.Contains($"2026-12-31 {other} {AbsenceLoggedLegacy} {SmsOffice} {Teacher} 1 1", figures);

        var client = admin.Client;
        // Guardian A is active on two days of the first week: one active guardian that week, not two.
        var dailyActive = await client.MetricAsync(UsageMetrics.ActiveGuardians, "from=2026-12-21&to=2026-12-23&interval=day");
        Assert.Equal([1.0, 1.0, 0.0], dailyActive.Values());
        var weeklyActive = await client.MetricAsync(UsageMetrics.ActiveGuardians, $"{TwoWeeks}&interval=week");
        Assert.Equal([new DateOnly(2026, 12, 21), new DateOnly(2026, 12, 28)], weeklyActive.Series[0].Points.Select(p => p.PeriodStart));
        Assert.Equal((new DateOnly(2026, 12, 21), new DateOnly(2027, 1, 3)), (weeklyActive.From, weeklyActive.To));
        Assert.Equal([1.0, 3.0], weeklyActive.Values());
        Assert.Equal([2.0, 2.0], (await client.MetricAsync(UsageMetrics.ActiveGuardians, $"{TwoWeeks}&interval=month")).Values());
        // At the school: A and B (B's sign-in counts there, B is a guardian of its pupil); the former guardian acted at the other school.
        Assert.Equal([1.0, 2.0], (await client.MetricAsync(UsageMetrics.ActiveGuardians, $"{TwoWeeks}&interval=week&schoolId={school}")).Values());

        var share = await client.MetricAsync(UsageMetrics.DigitalShare, $"{TwoWeeks}&interval=week");
        Assert.Equal([(3L, 4L), (3L, 6L)], share.Series[0].Points.Select(p => (p.Numerator!.Value, p.Denominator!.Value)));
        Assert.Equal([0.75, 0.5], share.Values());
        Assert.Equal([0.5, 1.0], (await client.MetricAsync(UsageMetrics.DigitalShare, $"{TwoWeeks}&interval=month")).Values());
        Assert.Equal([0.75, 0.5], (await client.MetricAsync(UsageMetrics.DigitalShare, $"{TwoWeeks}&interval=week&schoolId={school}")).Values());

        var legacy = await client.MetricAsync(UsageMetrics.LegacyContacts, $"{TwoWeeks}&interval=week");
        Assert.Equal(["total", .. UsageChannels.Legacy], legacy.Series.Select(s => s.Key));
        Assert.Equal([1.0, 3.0], legacy.Values());
        Assert.Equal([1.0, 0.0], legacy.Values(Phone));
        Assert.Equal([0.0, 1.0], legacy.Values(PaperBook));
        Assert.Equal([0.0, 2.0], legacy.Values(SmsOffice));
        Assert.Equal([0.0, 0.0], legacy.Values(Email));

        // Two guardians in the roster: A signed in in the first week, B in the second; the other school has none.
        var activation = await client.MetricAsync(UsageMetrics.ActivationRate, $"{TwoWeeks}&interval=week");
        Assert.Equal([(1L, 2L), (2L, 2L)], activation.Series[0].Points.Select(p => (p.Numerator!.Value, p.Denominator!.Value)));
        Assert.Equal([0.5, 1.0], activation.Values());
        Assert.Equal([null, null], (await client.MetricAsync(UsageMetrics.ActivationRate, $"{TwoWeeks}&interval=week&schoolId={other}")).Values());

        var signIns = await client.MetricAsync(UsageMetrics.SignIns, $"{TwoWeeks}&interval=week");
        Assert.Equal([1.0, 1.0], signIns.Values(Guardian));
    }

    [Fact]
    public async Task Aggregating_again_gives_the_same_figures_and_replaces_a_day_rather_than_adding_to_it()
    {
        var (admin, school, _, world) = await ArrangeAsync();
        await admin.Client.AggregateAsync("2026-12-21", "2027-01-03");
        var first = await app.DailyFiguresAsync(admin.MunicipalityId);

        await admin.Client.AggregateAsync("2026-12-21", "2027-01-03");
        await admin.Client.AggregateAsync("2026-12-21", "2026-12-21");

        Assert.Equal(first, await app.DailyFiguresAsync(admin.MunicipalityId));
        Assert.Equal([0.75, 0.5], (await admin.Client.MetricAsync(UsageMetrics.DigitalShare, $"{TwoWeeks}&interval=week")).Values());

        await app.AddEventsAsync(admin.MunicipalityId, ("2026-12-21", school, AbsenceReported, Digital, Guardian, world.GuardianB));
        await admin.Client.AggregateAsync("2026-12-21", "2026-12-21");

        var again = await app.DailyFiguresAsync(admin.MunicipalityId);
        Assert.Contains($"2026-12-21 {school} {AbsenceReported} {Digital} {Guardian} 3 2", again);
        Assert.Equal(first.Count, again.Count);
        Assert.Equal([0.8, 0.5], (await admin.Client.MetricAsync(UsageMetrics.DigitalShare, $"{TwoWeeks}&interval=week")).Values());
    }

    [Fact]
    public async Task Activation_keeps_each_guardians_first_sign_in_when_other_ranges_are_aggregated_and_moves_it_only_earlier()
    {
        var (admin, _, _, world) = await ArrangeAsync();
        await admin.Client.AggregateAsync("2026-12-21", "2027-01-03");
        const string query = $"{TwoWeeks}&interval=week";
        Assert.Equal([0.5, 1.0], (await admin.Client.MetricAsync(UsageMetrics.ActivationRate, query)).Values());

        // Aggregating only the second week again (B's sign-in) keeps A's first sign-in from the first week.
        await admin.Client.AggregateAsync("2026-12-28", "2027-01-03");
        Assert.Equal([0.5, 1.0], (await admin.Client.MetricAsync(UsageMetrics.ActivationRate, query)).Values());

        // A sign-in of B that arrives late for 21 December makes B activated from the first week once that day is aggregated,
        await app.AddEventsAsync(admin.MunicipalityId, ("2026-12-21", null, SignIn, IdPorten, Guardian, world.GuardianB));
        await admin.Client.AggregateAsync("2026-12-21", "2026-12-21");
        var activation = await admin.Client.MetricAsync(UsageMetrics.ActivationRate, query);
        Assert.Equal([(2L, 2L), (2L, 2L)], activation.Series[0].Points.Select(p => (p.Numerator!.Value, p.Denominator!.Value)));

        // and aggregating B's later sign-in again does not move B's first day back to 28 December.
        await admin.Client.AggregateAsync("2026-12-28", "2026-12-28");
        Assert.Equal([1.0, 1.0], (await admin.Client.MetricAsync(UsageMetrics.ActivationRate, query)).Values());
        Assert.Equal([0.5, 1.0], (await admin.Client.MetricAsync(UsageMetrics.ActivationRate, "from=2026-12-21&to=2026-12-22&interval=day")).Values());
    }

    [Fact]
    public async Task Whole_months_and_partial_ranges_across_a_month_boundary_give_the_same_exact_figures()
    {
        var (admin, school, _, world) = await ArrangeAsync();
        // Parts of two months: December from the 21st and January to the 3rd.
        await admin.Client.AggregateAsync("2026-12-21", "2027-01-03");
        var figures = await app.DailyFiguresAsync(admin.MunicipalityId);
        var actors = await app.ActorMonthsAsync(admin.MunicipalityId);
        // Each key once per month, school and role with its days: A's three reports at the school on 21 and 22 December are
        // one row, A's sign-in (no school) another; the teacher's phone call of the 21st and three notes of the 31st one row
        // at the school and one at the other school; January has the former guardian and A.
        Assert.Equal(8, actors.Count);
        Assert.Contains(actors, r => r.StartsWith($"2026-12 {school} {Guardian} 21,22 ", StringComparison.Ordinal));
        Assert.Contains(actors, r => r.StartsWith($"2026-12  {Guardian} 22 ", StringComparison.Ordinal));
        Assert.Contains(actors, r => r.StartsWith($"2026-12 {school} {Teacher} 21,31 ", StringComparison.Ordinal));
        Assert.Contains(actors, r => r.StartsWith($"2027-01 {school} {Guardian} 2 ", StringComparison.Ordinal));

        // The whole of December with the start of January; December again from the middle of November; then a few days across
        // the new year (the 30th and 31st of rows that also have earlier days of December).
        var whole = await admin.Client.AggregateAsync("2026-12-01", "2027-01-03");
        Assert.Equal((12, 11), (whole.Events, whole.DailyRows));
        Assert.Equal(figures, await app.DailyFiguresAsync(admin.MunicipalityId));
        Assert.Equal(actors, await app.ActorMonthsAsync(admin.MunicipalityId));
        await admin.Client.AggregateAsync("2026-11-15", "2026-12-31");
        var across = await admin.Client.AggregateAsync("2026-12-30", "2027-01-02");
        Assert.Equal((5, 5), (across.Events, across.DailyRows));
        Assert.Equal(figures, await app.DailyFiguresAsync(admin.MunicipalityId));
        Assert.Equal(actors, await app.ActorMonthsAsync(admin.MunicipalityId));
        Assert.Equal([1.0, 3.0], (await admin.Client.MetricAsync(UsageMetrics.ActiveGuardians, $"{TwoWeeks}&interval=week")).Values());
        Assert.Equal([0.5, 1.0], (await admin.Client.MetricAsync(UsageMetrics.ActivationRate, $"{TwoWeeks}&interval=week")).Values());

        // A late event of 31 December counts once December is aggregated again as a whole month, and only once.
        await app.AddEventsAsync(admin.MunicipalityId, ("2026-12-31", school, AbsenceReported, Digital, Guardian, world.GuardianB));
        await admin.Client.AggregateAsync("2026-12-01", "2026-12-31");
        await admin.Client.AggregateAsync("2026-12-01", "2026-12-31");

        Assert.Contains($"2026-12-31 {school} {AbsenceReported} {Digital} {Guardian} 1 1", await app.DailyFiguresAsync(admin.MunicipalityId));
        var lateActors = await app.ActorMonthsAsync(admin.MunicipalityId);
        Assert.Equal(actors.Count, lateActors.Count);
        Assert.Contains(lateActors, r => r.StartsWith($"2026-12 {school} {Guardian} 28,31 ", StringComparison.Ordinal));
        var share = await admin.Client.MetricAsync(UsageMetrics.DigitalShare, $"{TwoWeeks}&interval=week");
        Assert.Equal([(3L, 4L), (4L, 7L)], share.Series[0].Points.Select(p => (p.Numerator!.Value, p.Denominator!.Value)));

        // Events taken out of the database (an operator's correction) leave the actor rows when their days are aggregated
        // again: the teacher keeps 21 December at the school and loses the other school, the former guardian's only day goes.
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""
            DELETE FROM usage_events WHERE municipality_id = {admin.MunicipalityId}
              AND ((day = DATE '2026-12-31' AND role = {Teacher}) OR (day = DATE '2027-01-01'))
            """, Ct));
        await admin.Client.AggregateAsync("2026-12-31", "2027-01-01");

        var corrected = await app.ActorMonthsAsync(admin.MunicipalityId);
        Assert.Equal(lateActors.Count - 2, corrected.Count);
        Assert.Contains(corrected, r => r.StartsWith($"2026-12 {school} {Teacher} 21 ", StringComparison.Ordinal));
        Assert.DoesNotContain(corrected, r => r.StartsWith("2027-01 ", StringComparison.Ordinal) && !r.Contains($" {school} ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_nightly_job_aggregates_up_to_yesterday_and_catches_up_the_nights_it_missed()
    {
        var (admin, school, _, world) = await ArrangeAsync();
        await app.AddEventsAsync(admin.MunicipalityId,
            ("2027-01-19", school, AbsenceReported, Digital, Guardian, world.GuardianA),
            ("2027-01-20", school, AbsenceReported, Digital, Guardian, world.GuardianA));

        await RunNightlyJobAsync();

        // From the first event (21 December) to yesterday (19 January); today's event waits for tomorrow's run.
        var figures = await app.DailyFiguresAsync(admin.MunicipalityId);
        Assert.Contains(figures, f => f.StartsWith("2026-12-21 ", StringComparison.Ordinal));
        Assert.Contains(figures, f => f.StartsWith("2027-01-19 ", StringComparison.Ordinal));
        Assert.DoesNotContain(figures, f => f.StartsWith("2027-01-20 ", StringComparison.Ordinal));

        // Three nights without a run: the next run takes 20, 21 and 22 January.
        await app.AddEventsAsync(admin.MunicipalityId, ("2027-01-22", school, AbsenceLoggedLegacy, Phone, Teacher, Guid.NewGuid()));
        app.Time.SetUtcNow(new DateTimeOffset(2027, 1, 23, 1, 30, 0, TimeSpan.Zero));
        await RunNightlyJobAsync();

        var daily = await admin.Client.MetricAsync(UsageMetrics.DigitalShare, "from=2027-01-19&to=2027-01-22&interval=day");
        Assert.Equal([1.0, 1.0, null, 0.0], daily.Values());
        Assert.Equal(new DateOnly(2027, 1, 22), await app.WithDbAsync(db =>
            db.UsageAggregationStates.Where(s => s.MunicipalityId == admin.MunicipalityId).Select(s => s.AggregatedThrough).SingleAsync(Ct)));
    }

    private async Task RunNightlyJobAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UsageAggregationJob>().RunAsync(Ct);
    }
}
