using Meldebok.Server.Features.RosterImport;
using Meldebok.Server.Infrastructure.Auth;

namespace Meldebok.Server.Features.Roster;

/// <summary>Registers the roster feature: its services and the admin endpoints under /api/v1/admin.</summary>
internal static class RosterModule
{
    public static void AddRoster(this IServiceCollection services)
    {
        services.AddScoped<SchoolService>();
        services.AddScoped<PupilService>();
        services.AddScoped<GuardianService>();
        services.AddScoped<GuardianLinkService>();
        services.AddScoped<MunicipalityService>();
        services.AddScoped<SfoUnitService>();
        services.AddScoped<GroupService>();
        services.AddScoped<StaffService>();
        services.AddScoped<StaffAssignmentService>();
        services.AddScoped<AdministratorService>();
        services.AddScoped<PortfolioBoardService>();
        // roster-services
        services.AddScoped<RosterImporter>();
        services.AddScoped<SchoolYearRollover>();
    }

    public static void MapRoster(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin").RequireAuthorization(Policies.MunicipalityAdmin);
        admin.MapSchools();
        admin.MapPupils();
        admin.MapGuardians();
        admin.MapGuardianLinks();
        admin.MapOwnMunicipality();
        admin.MapSfoUnits();
        admin.MapGroups();
        admin.MapStaff();
        admin.MapStaffAssignments();
        admin.MapAdministrators();
        admin.MapPortfolioBoard();
        // roster-endpoints

        var platform = api.MapGroup("/platform").RequireAuthorization(Policies.PlatformOperator);
        platform.MapPlatformMunicipalities();
        // Roster import also admits integrations holding the roster scope, so it is not under the admin-only group.
        api.MapGroup("/admin").RequireAuthorization(Policies.RosterImport).MapRosterImport();
        // The rollover is the administrator's decision, not the roster integration's: municipality administrators only.
        api.MapGroup("/admin").RequireAuthorization(Policies.MunicipalityAdmin).MapSchoolYearRollover();
    }
}
