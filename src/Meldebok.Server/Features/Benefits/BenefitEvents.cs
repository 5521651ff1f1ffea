using Meldebok.Server.Infrastructure.Realtime;

namespace Meldebok.Server.Features.Benefits;

/// <summary>
/// The real-time events of the benefit plans, written to the outbox in the same transaction as the change and sent only to
/// the municipality's benefit readers (<see cref="Audiences.BenefitReaders"/>: its administrators and principals). The data
/// carries ids only; a client fetches the plan again through the API.
/// </summary>
internal static class BenefitEvents
{
    /// <summary>A portfolio was created or renamed: <c>{ portfolioId }</c>.</summary>
    public const string PortfolioChanged = "benefit.portfolio-changed";
    /// <summary>A project was created or changed: <c>{ projectId, portfolioId }</c>.</summary>
    public const string ProjectChanged = "benefit.project-changed";
    /// <summary>A benefit was created, changed, closed or deleted: <c>{ benefitId, projectId }</c>.</summary>
    public const string BenefitChanged = "benefit.changed";
    /// <summary>A benefit's plan got a new revision: <c>{ benefitId, revision }</c>.</summary>
    public const string Revised = "benefit.revised";
    /// <summary>A measurement was registered, by hand or by the nightly run: <c>{ benefitId, measurementId, automatic }</c>.</summary>
    public const string Measured = "benefit.measured";
    /// <summary>An extraction (gevinstuttak) was registered: <c>{ benefitId, extractionId }</c>.</summary>
    public const string Extracted = "benefit.extracted";
    /// <summary>A measure (tiltak) was created or changed: <c>{ measureId }</c>.</summary>
    public const string MeasureChanged = "benefit.measure-changed";

    /// <summary>Adds the event for the benefit readers of <paramref name="municipalityId"/> to the unit of work.</summary>
    public static void Enqueue<TPayload>(this Outbox outbox, string type, Guid municipalityId, TPayload payload) =>
        outbox.Enqueue(type, municipalityId, [Audiences.BenefitReaders(municipalityId)], payload);
}
