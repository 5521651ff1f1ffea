namespace Meldebok.Server.Features.Roster;

/// <summary>A municipality (kommune): the tenant every other record belongs to.</summary>
internal sealed class Municipality
{
    public Guid Id { get; private init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    /// <summary>Nine-digit organisation number from Enhetsregisteret.</summary>
    public required string OrganisationNumber { get; set; }
    /// <summary>IANA time zone in which school days, deadlines and quiet hours are computed.</summary>
    public string TimeZone { get; set; } = "Europe/Oslo";
    public MunicipalitySettings Settings { get; set; } = new();
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

/// <summary>Settings a municipality chooses for itself. Stored as JSON beside the municipality.</summary>
internal sealed class MunicipalitySettings
{
    /// <summary>Free-text notes on absence notices are off by default (data minimisation).</summary>
    public bool AbsenceNoteEnabled { get; set; }
    public int AbsenceNoteMaxLength { get; set; } = 200;
    /// <summary>Language used for users who have not chosen one: nb, nn or en.</summary>
    public string DefaultLanguage { get; set; } = "nb";
}
