using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Meldebok.Server.Infrastructure.Realtime;

internal sealed class OutboxEventConfiguration : IEntityTypeConfiguration<OutboxEvent>
{
    public void Configure(EntityTypeBuilder<OutboxEvent> builder)
    {
        builder.ToTable("outbox_events");
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.Type).HasMaxLength(64);
        builder.Property(e => e.Payload).HasColumnType("jsonb");
        builder.HasIndex(e => e.Sequence).IsUnique();
        builder.HasIndex(e => e.Id).HasFilter("sequence IS NULL").HasDatabaseName("ix_outbox_events_unpublished");
        builder.HasIndex(e => e.Audiences).HasMethod("gin");
        builder.HasIndex(e => e.CreatedAt);
    }
}
