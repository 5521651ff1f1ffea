namespace Meldebok.Server.Features.Roster;

/// <summary>
/// What every roster record shares: it belongs to one municipality (the tenant), may carry the
/// identifier it has in the source system (OneRoster <c>sourcedId</c>), and is deactivated rather
/// than deleted, so history that points at it stays intact.
/// </summary>
internal abstract class RosterEntity
{
    public Guid Id { get; protected init; } = Guid.CreateVersion7();
    public Guid MunicipalityId { get; protected init; }
    public string? SourcedId { get; set; }
    public bool IsActive { get; private set; } = true;
    public DateTimeOffset UpdatedAt { get; private set; }

    public void Deactivate(DateTimeOffset now)
    {
        IsActive = false;
        UpdatedAt = now;
    }

    public void Activate(DateTimeOffset now)
    {
        IsActive = true;
        UpdatedAt = now;
    }

    public void Touch(DateTimeOffset now) => UpdatedAt = now;
}
