using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Meldebok.Server.Infrastructure.Idempotency;

/// <summary>
/// A POST made with an <c>Idempotency-Key</c> header, scoped to the caller: the fingerprint of the
/// request and, once it completed, the response to replay for a retry with the same key.
/// </summary>
internal sealed class IdempotencyRecord
{
    /// <summary>Account id, or client id for integrations.</summary>
    public required string Caller { get; init; }
    public required string Key { get; init; }
    public required string Method { get; init; }
    public required string Path { get; init; }
    /// <summary>SHA-256 of the request body, hex.</summary>
    public required string RequestHash { get; init; }
    /// <summary>Empty while the first request is still in flight.</summary>
    public int? ResponseStatus { get; set; }
    public string? ResponseContentType { get; set; }
    public string? ResponseLocation { get; set; }
    public byte[]? ResponseBody { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_records");
        builder.HasKey(r => new { r.Caller, r.Key });
        builder.Property(r => r.Caller).HasMaxLength(128);
        builder.Property(r => r.Key).HasMaxLength(255);
        builder.Property(r => r.Method).HasMaxLength(8);
        builder.Property(r => r.Path).HasMaxLength(512);
        builder.Property(r => r.RequestHash).HasMaxLength(64);
        builder.Property(r => r.ResponseContentType).HasMaxLength(128);
        builder.Property(r => r.ResponseLocation).HasMaxLength(512);
        builder.HasIndex(r => r.ExpiresAt);
    }
}
