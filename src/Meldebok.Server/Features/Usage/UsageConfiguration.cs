using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Meldebok.Server.Features.Usage;

internal sealed class UsageEventConfiguration : IEntityTypeConfiguration<UsageEvent>
{
    public void Configure(EntityTypeBuilder<UsageEvent> builder)
    {
        builder.ToTable("usage_events");
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.Action).HasMaxLength(48);
        builder.Property(e => e.Channel).HasMaxLength(32);
        builder.Property(e => e.Role).HasMaxLength(32);
        builder.Property(e => e.ActorKey).HasMaxLength(32);
        // The aggregation reads one municipality's days.
        builder.HasIndex(e => new { e.MunicipalityId, e.Day });
        // Every OpenID Connect authorize step asks whether the session's sign-in is recorded yet; only sign-in events are
        // indexed, so the other events' inserts do not pay for it.
        builder.HasIndex(e => new { e.ActorKey, e.OccurredAt }).HasFilter($"action = '{UsageActions.SignIn}'");
    }
}

internal sealed class UsageDailyConfiguration : IEntityTypeConfiguration<UsageDaily>
{
    public void Configure(EntityTypeBuilder<UsageDaily> builder)
    {
        builder.ToTable("usage_daily");
        builder.Property(d => d.Id).UseIdentityAlwaysColumn();
        builder.Property(d => d.Action).HasMaxLength(48);
        builder.Property(d => d.Channel).HasMaxLength(32);
        builder.Property(d => d.Role).HasMaxLength(32);
        builder.HasIndex(d => new { d.MunicipalityId, d.Day, d.SchoolId, d.Action, d.Channel, d.Role }).IsUnique().AreNullsDistinct(false);
    }
}

internal sealed class UsageActorMonthConfiguration : IEntityTypeConfiguration<UsageActorMonth>
{
    public void Configure(EntityTypeBuilder<UsageActorMonth> builder)
    {
        builder.ToTable("usage_actor_months");
        // No key of its own: rows are written and read in sets by SQL only, never tracked one by one.
        builder.HasNoKey();
        builder.Property(a => a.Role).HasMaxLength(32);
        builder.Property(a => a.ActorKey).HasMaxLength(32);
        // Every reader asks for a municipality's months; the aggregation merges a range's days into existing rows through it
        // (INSERT … ON CONFLICT) and writes new rows in its order, at the index's right edge.
        builder.HasIndex(a => new { a.MunicipalityId, a.Month, a.SchoolId, a.Role, a.ActorKey }).IsUnique().AreNullsDistinct(false);
    }
}

internal sealed class UsageFirstSignInConfiguration : IEntityTypeConfiguration<UsageFirstSignIn>
{
    public void Configure(EntityTypeBuilder<UsageFirstSignIn> builder)
    {
        builder.ToTable("usage_first_sign_ins");
        builder.HasKey(f => new { f.MunicipalityId, f.Role, f.ActorKey });
        builder.Property(f => f.Role).HasMaxLength(32);
        builder.Property(f => f.ActorKey).HasMaxLength(32);
    }
}

internal sealed class UsageAggregationStateConfiguration : IEntityTypeConfiguration<UsageAggregationState>
{
    public void Configure(EntityTypeBuilder<UsageAggregationState> builder)
    {
        builder.ToTable("usage_aggregation_state");
        builder.HasKey(s => s.MunicipalityId);
    }
}
