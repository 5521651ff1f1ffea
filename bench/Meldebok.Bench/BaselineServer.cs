using System.Text.Json;
using Npgsql;

namespace Meldebok.Bench;

/// <summary>
/// The baseline: a bare endpoint that reads the same JSON body and inserts one row with raw Npgsql (a durable
/// commit) into the same database, with nothing else — no authentication, validation, EF Core, outbox or push.
/// </summary>
internal static class BaselineServer
{
    public const string Path = "/baseline/absences";

    public static async Task<WebApplication> StartAsync(NpgsqlDataSource db)
    {
        await using (var create = db.CreateCommand(
            "CREATE TABLE IF NOT EXISTS bench_baseline (id uuid PRIMARY KEY, pupil_id uuid NOT NULL, first_date date NOT NULL, reason text NOT NULL, created_at timestamptz NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost(Path, async (HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            var root = body.RootElement;
            await using var insert = db.CreateCommand("INSERT INTO bench_baseline (id, pupil_id, first_date, reason, created_at) VALUES ($1, $2, $3, $4, now())");
            insert.Parameters.AddWithValue(Guid.CreateVersion7());
            insert.Parameters.AddWithValue(root.GetProperty("pupilId").GetGuid());
            insert.Parameters.AddWithValue(DateOnly.Parse(root.GetProperty("firstDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue(root.GetProperty("reason").GetString()!);
            await insert.ExecuteNonQueryAsync();
            return Results.StatusCode(StatusCodes.Status201Created);
        });
        await app.StartAsync();
        return app;
    }
}
