using Meldebok.Server.Features.Consents;
using Meldebok.Server.Features.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Meldebok.Server.Features.Attachments;

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> builder)
    {
        builder.Property(a => a.FileName).HasMaxLength(AttachmentLimits.FileName);
        builder.Property(a => a.ContentType).HasMaxLength(128);
        builder.Property(a => a.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Property(a => a.BlobKey).HasMaxLength(64);
        builder.Property(a => a.ScanStatus).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.ClaimedAt).IsConcurrencyToken();
        builder.HasIndex(a => a.BlobKey).IsUnique();
        builder.HasIndex(a => a.ThreadMessageId).HasFilter("thread_message_id IS NOT NULL");
        builder.HasIndex(a => a.BulkMessageId).HasFilter("bulk_message_id IS NOT NULL");
        builder.HasIndex(a => a.ConsentRequestId).HasFilter("consent_request_id IS NOT NULL");
        // The pruning job's question: which uploads have been pending too long?
        builder.HasIndex(a => a.UploadedAt).HasFilter("claimed_at IS NULL");
        builder.HasOne<ThreadMessage>().WithMany().HasForeignKey(a => a.ThreadMessageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<BulkMessage>().WithMany().HasForeignKey(a => a.BulkMessageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ConsentRequest>().WithMany().HasForeignKey(a => a.ConsentRequestId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t => t.HasCheckConstraint("ck_attachments_one_owner",
            "(claimed_at IS NULL AND thread_message_id IS NULL AND bulk_message_id IS NULL AND consent_request_id IS NULL) OR " +
            "(claimed_at IS NOT NULL AND num_nonnulls(thread_message_id, bulk_message_id, consent_request_id) = 1)"));
    }
}
