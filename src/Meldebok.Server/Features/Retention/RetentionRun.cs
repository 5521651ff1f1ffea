using System.Text.Json;
using Meldebok.Server.Features.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Meldebok.Server.Features.Retention;

/// <summary>Who started a retention run.</summary>
public enum RetentionTrigger
{
    /// <summary>The nightly recurring job.</summary>
    Job,
    /// <summary>A municipality administrator through <c>POST /api/v1/admin/retention/run</c>.</summary>
    Administrator,
    /// <summary>The operator through the server verb <c>retention</c>.</summary>
    Command,
}

/// <summary>
/// One retention run of one municipality: when, by whom, and how many rows it deleted from each table (a JSON object
/// table → rows). The audit entry of the run points at it. Holds counts only, never what was deleted.
/// </summary>
internal sealed class RetentionRun
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MunicipalityId { get; init; }
    public RetentionTrigger Trigger { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset FinishedAt { get; init; }
    /// <summary>False when a table had more rows past their period than <see cref="RetentionOptions.MaxRowsPerRun"/>.</summary>
    public bool Complete { get; init; }
    public Dictionary<string, long> DeletedRows { get; init; } = [];
}

internal sealed class RetentionRunConfiguration : IEntityTypeConfiguration<RetentionRun>
{
    public void Configure(EntityTypeBuilder<RetentionRun> builder)
    {
        builder.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.DeletedRows).HasColumnType("jsonb").HasConversion(
            rows => JsonSerializer.Serialize(rows, JsonSerializerOptions.Default),
            json => JsonSerializer.Deserialize<Dictionary<string, long>>(json, JsonSerializerOptions.Default) ?? new Dictionary<string, long>(),
            new ValueComparer<Dictionary<string, long>>((a, b) => a!.Count == b!.Count && !a.Except(b).Any(), rows => rows.Count, rows => new Dictionary<string, long>(rows)));
        builder.HasIndex(r => new { r.MunicipalityId, r.StartedAt });
        builder.HasOne<Municipality>().WithMany().HasForeignKey(r => r.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
    }
}
