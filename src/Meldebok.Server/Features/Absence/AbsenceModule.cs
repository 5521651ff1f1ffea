namespace Meldebok.Server.Features.Absence;

/// <summary>Registers the absence feature: notices, the staff inbox, legacy channels, leave applications and the overview.</summary>
internal static class AbsenceModule
{
    public static void AddAbsence(this IServiceCollection services)
    {
        services.AddOptions<AbsenceOptions>()
            .BindConfiguration(AbsenceOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddAbsenceNotices();
        services.AddLeaveApplications();
        services.AddAbsenceOverview();
    }

    public static void MapAbsence(this RouteGroupBuilder api)
    {
        api.MapAbsenceNotices();
        api.MapLeaveApplications();
        api.MapAbsenceOverview();
    }
}
