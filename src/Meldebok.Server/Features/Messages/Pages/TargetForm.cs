namespace Meldebok.Server.Features.Messages.Pages;

/// <summary>
/// The target field of the compose forms (<see cref="TargetPicker"/>): <c>Groups</c> (the ticked groups), <c>SfoUnit:{id}</c>,
/// <c>School:{id}</c> or <c>Municipality</c>. The service judges the target as it judges the API's (reach, 404, 400).
/// </summary>
internal static class TargetForm
{
    public const string Groups = nameof(BulkTargetKind.Groups);
    public const string Municipality = nameof(BulkTargetKind.Municipality);

    public static string SfoUnit(Guid id) => $"{BulkTargetKind.SfoUnit}:{id}";

    public static string School(Guid id) => $"{BulkTargetKind.School}:{id}";

    /// <summary>The form's values for a stored target (the edit page starts from the message's own): the choice and the ticked groups.</summary>
    public static (string Target, Guid[] GroupIds) FromStored(BulkTargetKind kind, IReadOnlyList<Guid> ids) => kind switch
    {
        BulkTargetKind.SfoUnit when ids.Count > 0 => (SfoUnit(ids[0]), Array.Empty<Guid>()),
        BulkTargetKind.School when ids.Count > 0 => (School(ids[0]), Array.Empty<Guid>()),
        BulkTargetKind.Municipality => (Municipality, Array.Empty<Guid>()),
        _ => (Groups, ids.ToArray()),
    };

    /// <summary>The target the form names; ticked groups count only for <see cref="Groups"/> (the default).</summary>
    public static BulkTarget ToTarget(string? value, Guid[]? groupIds)
    {
        var parts = (value ?? Groups).Split(':', 2);
        Guid? id = parts.Length == 2 && Guid.TryParse(parts[1], out var parsed) ? parsed : null;
        return parts[0] switch
        {
            nameof(BulkTargetKind.SfoUnit) => new BulkTarget(BulkTargetKind.SfoUnit, SfoUnitId: id),
            nameof(BulkTargetKind.School) => new BulkTarget(BulkTargetKind.School, SchoolId: id),
            Municipality => new BulkTarget(BulkTargetKind.Municipality),
            _ => new BulkTarget(BulkTargetKind.Groups, groupIds ?? []),
        };
    }
}
