using Meldebok.Server.Features.RosterImport;
using Meldebok.Server.Infrastructure.Auth;

namespace Meldebok.Server.Features.Roster;

/// <summary>Registers the roster feature: its services and the admin endpoints under /api/v1/admin.</summary>
internal static class RosterModule
{
    public static void AddRoster(this IServiceCollection services)
    {
        services.AddScoped<SchoolService>();
        // roster-services
        services.AddScoped<RosterImporter>();
    }

    public static void MapRoster(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin").RequireAuthorization(Policies.MunicipalityAdmin);
        admin.MapSchools();
        // roster-endpoints
        admin.MapRosterImport();
    }
}
