using Meldebok.Server.Features.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Meldebok.Server.Features.Messages;

/// <summary>Length limits of messages.</summary>
internal static class MessageLimits
{
    public const int Subject = 200;
    public const int Body = 5000;
}

internal sealed class MessageThreadConfiguration : IEntityTypeConfiguration<MessageThread>
{
    public void Configure(EntityTypeBuilder<MessageThread> builder)
    {
        builder.Property(t => t.Subject).HasMaxLength(MessageLimits.Subject);
        builder.Property(t => t.Addressee).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(t => new { t.PupilId, t.LastMessageAt });
        builder.HasOne<Municipality>().WithMany().HasForeignKey(t => t.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<School>().WithMany().HasForeignKey(t => t.SchoolId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Pupil>().WithMany().HasForeignKey(t => t.PupilId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<BulkMessage>().WithMany().HasForeignKey(t => t.BulkMessageId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ThreadParticipantConfiguration : IEntityTypeConfiguration<ThreadParticipant>
{
    public void Configure(EntityTypeBuilder<ThreadParticipant> builder)
    {
        builder.HasIndex(p => new { p.ThreadId, p.GuardianId }).IsUnique().HasFilter("guardian_id IS NOT NULL");
        builder.HasIndex(p => new { p.ThreadId, p.StaffId }).IsUnique().HasFilter("staff_id IS NOT NULL");
        builder.HasIndex(p => new { p.ThreadId, p.AdministratorId }).IsUnique().HasFilter("administrator_id IS NOT NULL");
        builder.HasIndex(p => p.GuardianId);
        builder.HasIndex(p => p.StaffId);
        builder.HasIndex(p => p.AdministratorId);
        builder.HasOne<MessageThread>().WithMany().HasForeignKey(p => p.ThreadId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Guardian>().WithMany().HasForeignKey(p => p.GuardianId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Staff>().WithMany().HasForeignKey(p => p.StaffId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MunicipalityAdministrator>().WithMany().HasForeignKey(p => p.AdministratorId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t => t.HasCheckConstraint("ck_thread_participants_one_person",
            "num_nonnulls(guardian_id, staff_id, administrator_id) = 1"));
    }
}

internal sealed class ThreadMessageConfiguration : IEntityTypeConfiguration<ThreadMessage>
{
    public void Configure(EntityTypeBuilder<ThreadMessage> builder)
    {
        builder.Property(m => m.Body).HasMaxLength(MessageLimits.Body);
        builder.HasIndex(m => new { m.ThreadId, m.SentAt });
        builder.HasOne<MessageThread>().WithMany().HasForeignKey(m => m.ThreadId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ThreadParticipant>().WithMany().HasForeignKey(m => m.AuthorParticipantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BulkMessageConfiguration : IEntityTypeConfiguration<BulkMessage>
{
    public void Configure(EntityTypeBuilder<BulkMessage> builder)
    {
        builder.Property(m => m.Subject).HasMaxLength(MessageLimits.Subject);
        builder.Property(m => m.Body).HasMaxLength(MessageLimits.Body);
        builder.Property(m => m.TargetKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.State).HasConversion<string>().HasMaxLength(16);
        // The fan-out sweeper's question: what waits and is due, or was taken by a worker long ago?
        builder.HasIndex(m => new { m.State, m.SentAt }).HasFilter("state IN ('Scheduled', 'Queued', 'Sending')");
        builder.HasIndex(m => new { m.SenderStaffId, m.SentAt });
        builder.HasIndex(m => new { m.SenderAdministratorId, m.SentAt });
        builder.HasOne<Municipality>().WithMany().HasForeignKey(m => m.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<School>().WithMany().HasForeignKey(m => m.SchoolId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Staff>().WithMany().HasForeignKey(m => m.SenderStaffId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MunicipalityAdministrator>().WithMany().HasForeignKey(m => m.SenderAdministratorId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t => t.HasCheckConstraint("ck_bulk_messages_one_sender", "num_nonnulls(sender_staff_id, sender_administrator_id) = 1"));
    }
}

internal sealed class BulkMessageRecipientConfiguration : IEntityTypeConfiguration<BulkMessageRecipient>
{
    public void Configure(EntityTypeBuilder<BulkMessageRecipient> builder)
    {
        builder.HasKey(r => new { r.BulkMessageId, r.GuardianId });
        builder.HasIndex(r => new { r.GuardianId, r.DeliveredAt });
        builder.HasOne<BulkMessage>().WithMany().HasForeignKey(r => r.BulkMessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Guardian>().WithMany().HasForeignKey(r => r.GuardianId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Pupil>().WithMany().HasForeignKey(r => r.PupilId).OnDelete(DeleteBehavior.Restrict);
    }
}
