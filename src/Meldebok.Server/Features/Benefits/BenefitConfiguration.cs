using Meldebok.Server.Features.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Meldebok.Server.Features.Benefits;

/// <summary>Length limits of the benefit plans' text columns.</summary>
internal static class BenefitLimits
{
    public const int Name = 200;
    public const int Text = 1000;
    public const int Owner = 200;
    public const int Unit = 32;
    public const int MetricId = 64;
    public const int TargetPoints = 120;
}

internal sealed class BenefitPortfolioConfiguration : IEntityTypeConfiguration<BenefitPortfolio>
{
    public void Configure(EntityTypeBuilder<BenefitPortfolio> builder)
    {
        builder.ToTable("benefit_portfolios");
        builder.Property(p => p.Name).HasMaxLength(BenefitLimits.Name);
        builder.HasIndex(p => new { p.MunicipalityId, p.Name }).IsUnique();
        builder.HasOne<Municipality>().WithMany().HasForeignKey(p => p.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BenefitProjectConfiguration : IEntityTypeConfiguration<BenefitProject>
{
    public void Configure(EntityTypeBuilder<BenefitProject> builder)
    {
        builder.ToTable("benefit_projects");
        builder.Property(p => p.Name).HasMaxLength(BenefitLimits.Name);
        builder.Property(p => p.Goal).HasMaxLength(BenefitLimits.Text);
        builder.HasOne<Municipality>().WithMany().HasForeignKey(p => p.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<BenefitPortfolio>().WithMany().HasForeignKey(p => p.PortfolioId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BenefitConfiguration : IEntityTypeConfiguration<Benefit>
{
    public void Configure(EntityTypeBuilder<Benefit> builder)
    {
        builder.ToTable("benefits");
        builder.Property(b => b.Description).HasMaxLength(BenefitLimits.Text);
        builder.Property(b => b.Type).HasConversion<string>().HasMaxLength(24);
        builder.Property(b => b.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(b => b.ClosedReason).HasMaxLength(BenefitLimits.Text);
        builder.Property(b => b.ValuePerUnitNok).HasPrecision(18, 4);
        builder.HasIndex(b => b.ProjectId);
        builder.HasOne<Municipality>().WithMany().HasForeignKey(b => b.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<BenefitProject>().WithMany().HasForeignKey(b => b.ProjectId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t => t.HasCheckConstraint("ck_benefits_period", "realisation_to >= realisation_from"));
    }
}

internal sealed class BenefitRevisionConfiguration : IEntityTypeConfiguration<BenefitRevision>
{
    public void Configure(EntityTypeBuilder<BenefitRevision> builder)
    {
        builder.ToTable("benefit_revisions");
        builder.Property(r => r.Owner).HasMaxLength(BenefitLimits.Owner);
        builder.Property(r => r.IndicatorKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.MetricId).HasMaxLength(BenefitLimits.MetricId);
        builder.Property(r => r.MetricSeries).HasMaxLength(BenefitLimits.MetricId);
        builder.Property(r => r.Unit).HasMaxLength(BenefitLimits.Unit);
        builder.Property(r => r.BaselineValue).HasPrecision(18, 4);
        builder.Property(r => r.Reason).HasMaxLength(BenefitLimits.Text);
        builder.Property(r => r.AuthorName).HasMaxLength(BenefitLimits.Owner);
        builder.HasIndex(r => new { r.BenefitId, r.Number }).IsUnique();
        builder.HasOne<Benefit>().WithMany().HasForeignKey(r => r.BenefitId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<School>().WithMany().HasForeignKey(r => r.MetricSchoolId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Staff>().WithMany().HasForeignKey(r => r.OwnerStaffId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => r.OwnerStaffId);
    }
}

internal sealed class BenefitMeasurementConfiguration : IEntityTypeConfiguration<BenefitMeasurement>
{
    public void Configure(EntityTypeBuilder<BenefitMeasurement> builder)
    {
        builder.ToTable("benefit_measurements");
        builder.Property(m => m.Value).HasPrecision(18, 4);
        builder.Property(m => m.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Note).HasMaxLength(BenefitLimits.Text);
        builder.HasIndex(m => new { m.BenefitId, m.Date });
        // The nightly job stores one automatic measurement per benefit and date, whatever runs it again.
        builder.HasIndex(m => new { m.BenefitId, m.Date }).IsUnique().HasFilter("source = 'Automatic'").HasDatabaseName("ix_benefit_measurements_automatic_once");
        // A measured benefit is closed, never deleted: the database refuses too.
        builder.HasOne<Benefit>().WithMany().HasForeignKey(m => m.BenefitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BenefitExtractionConfiguration : IEntityTypeConfiguration<BenefitExtraction>
{
    public void Configure(EntityTypeBuilder<BenefitExtraction> builder)
    {
        builder.ToTable("benefit_extractions");
        builder.Property(e => e.AmountNok).HasPrecision(18, 2);
        builder.Property(e => e.Note).HasMaxLength(BenefitLimits.Text);
        builder.HasIndex(e => e.BenefitId);
        builder.HasOne<Benefit>().WithMany().HasForeignKey(e => e.BenefitId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t => t.HasCheckConstraint("ck_benefit_extractions_period", "period_to >= period_from"));
    }
}

internal sealed class BenefitMeasureConfiguration : IEntityTypeConfiguration<BenefitMeasure>
{
    public void Configure(EntityTypeBuilder<BenefitMeasure> builder)
    {
        builder.ToTable("benefit_measures");
        builder.Property(m => m.Description).HasMaxLength(BenefitLimits.Text);
        builder.Property(m => m.Owner).HasMaxLength(BenefitLimits.Owner);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Municipality>().WithMany().HasForeignKey(m => m.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BenefitMeasureLinkConfiguration : IEntityTypeConfiguration<BenefitMeasureLink>
{
    public void Configure(EntityTypeBuilder<BenefitMeasureLink> builder)
    {
        builder.ToTable("benefit_measure_links");
        builder.HasKey(l => new { l.MeasureId, l.BenefitId });
        builder.HasIndex(l => l.BenefitId);
        builder.HasOne<BenefitMeasure>().WithMany().HasForeignKey(l => l.MeasureId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Benefit>().WithMany().HasForeignKey(l => l.BenefitId).OnDelete(DeleteBehavior.Cascade);
    }
}
