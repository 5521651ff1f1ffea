namespace Meldebok.Server.Features.Sfo.Pickup.Pages;

/// <summary>The addresses of the pickup pages.</summary>
internal static class PickupPaths
{
    public const string Guardian = "/henting";
    public const string RuleEditTemplate = "/henting/{PupilId:guid}/regler/{RuleId:guid}";
    public const string HistoryTemplate = "/henting/{PupilId:guid}/historikk";

    /// <summary>The form that changes one weekly rule.</summary>
    public static string RuleEdit(Guid pupilId, Guid ruleId) => $"/henting/{pupilId}/regler/{ruleId}";

    /// <summary>Every version of the child's pickup messages for a day (default today), superseded and withdrawn ones included.</summary>
    public static string History(Guid pupilId, DateOnly? date = null) =>
        $"/henting/{pupilId}/historikk" + (date is { } d ? $"?dato={d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}" : "");

    /// <summary>The pickup page after a weekly rule was saved.</summary>
    public const string RuleSaved = "/henting?lagret=regel";
}
