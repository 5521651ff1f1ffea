using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Meldebok.Server.Features.Audit;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public const string Table = "audit_entries";

    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable(Table);
        builder.Property(a => a.ActorRole).HasMaxLength(32);
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.ObjectType).HasMaxLength(32);
        builder.Property(a => a.ClientIp).HasMaxLength(64);
        builder.HasIndex(a => new { a.MunicipalityId, a.OccurredAt });
        builder.HasIndex(a => a.SubjectPupilId);
        builder.HasIndex(a => a.SubjectPersonId);
        builder.HasIndex(a => a.ActorAccountId);
    }
}
