using System.Security.Claims;
using Meldebok.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.RosterImport;

/// <summary>The multipart form of a roster import (for the API documentation; the endpoint reads the form itself).</summary>
/// <param name="Files">
/// orgs.csv, classes.csv, users.csv and enrollments.csv (required), roles.csv, academicSessions.csv, meldebok-relations.csv and
/// meldebok-pupils.csv (optional) — each as its own part, or all of them in one ZIP file (bundle.zip).
/// </param>
/// <param name="Mode">full (default) replaces the imported roster and deactivates what the files leave out; delta only creates and updates, and deactivates rows whose status is tobedeleted.</param>
/// <param name="DryRun">true checks the files and reports what would change, without writing anything.</param>
/// <param name="SchoolYear">The year the school year starts (2026 for 2026/2027) for classes without a term; default the current school year.</param>
public sealed record RosterImportForm(IFormFileCollection Files, string? Mode, bool? DryRun, int? SchoolYear);

internal static class RosterImportEndpoints
{
    public static void MapRosterImport(this RouteGroupBuilder admin)
    {
        admin.MapPost("/roster-imports", ImportAsync)
            .WithTags("Roster: import")
            .WithName("ImportRoster")
            .WithSummary("Import the municipality's roster from OneRoster 1.2 CSV files, all or nothing.")
            .WithDescription("Every file is checked before anything is written. Any error rejects the whole upload with 400, listing each error " +
                "with its file, line and column (importErrors, and errors keyed file:line:column). See docs/roster-import.md.")
            .Accepts<RosterImportForm>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<Results<Ok<RosterImportResult>, ValidationProblem, ProblemHttpResult, NotFound>> ImportAsync(
        HttpRequest request, ClaimsPrincipal user, RosterImporter importer, CancellationToken ct)
    {
        var upload = await RosterImportUpload.ReadAsync(request, ct);
        if (upload.ProblemStatus is { } status)
        {
            return TypedResults.Problem(statusCode: status, detail: upload.ProblemDetail);
        }

        if (upload.Request is null)
        {
            return TypedResults.ValidationProblem(upload.Errors);
        }

        var outcome = await importer.ImportAsync(user.MunicipalityId(), upload.Request, ct);
        if (outcome is null)
        {
            return TypedResults.NotFound();
        }

        if (outcome.Result is { } result)
        {
            return TypedResults.Ok(result);
        }

        return Rejected(outcome);
    }

    /// <summary>The 400 answer of an upload with errors: every error keyed by file, line and column, and the warnings.</summary>
    public static ValidationProblem Rejected(RosterImportOutcome outcome)
    {
        var errors = outcome.Errors
            .GroupBy(e => e.ErrorKey(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
        return TypedResults.ValidationProblem(errors,
            detail: $"Importen ble avvist med {outcome.Errors.Count} feil. Ingenting ble lagret; rett feilene og last opp filene på nytt.",
            extensions: new Dictionary<string, object?>
            {
                ["importErrors"] = outcome.Errors,
                ["warnings"] = outcome.Warnings,
            });
    }
}
