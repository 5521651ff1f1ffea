using Meldebok.Server.Features.Absence;
using Meldebok.Server.Features.Identity;
using Meldebok.Server.Features.Messages;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Idempotency;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;

namespace Meldebok.Server.Infrastructure.Data;

/// <summary>
/// The one DbContext of the host: the features' entities, the sign-in accounts (ASP.NET Core
/// Identity) and OpenIddict's applications, authorizations, scopes and tokens.
/// </summary>
internal sealed class MeldebokDbContext(DbContextOptions<MeldebokDbContext> options)
    : IdentityDbContext<MeldebokUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    /// <summary>The data-protection key ring shared by every replica (Infrastructure/ScaleOut).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Municipality> Municipalities => Set<Municipality>();
    public DbSet<School> Schools => Set<School>();
    public DbSet<SfoUnit> SfoUnits => Set<SfoUnit>();
    public DbSet<Group> Groups => Set<Group>();
    public DbSet<GroupMembership> GroupMemberships => Set<GroupMembership>();
    public DbSet<Pupil> Pupils => Set<Pupil>();
    public DbSet<Guardian> Guardians => Set<Guardian>();
    public DbSet<GuardianLink> GuardianLinks => Set<GuardianLink>();
    public DbSet<Staff> Staff => Set<Staff>();
    public DbSet<StaffAssignment> StaffAssignments => Set<StaffAssignment>();
    public DbSet<StaffAssignmentGroup> StaffAssignmentGroups => Set<StaffAssignmentGroup>();
    public DbSet<MunicipalityAdministrator> MunicipalityAdministrators => Set<MunicipalityAdministrator>();
    public DbSet<PortfolioBoardMember> PortfolioBoardMembers => Set<PortfolioBoardMember>();
    public DbSet<AbsenceNotice> AbsenceNotices => Set<AbsenceNotice>();
    public DbSet<AbsenceAcknowledgement> AbsenceAcknowledgements => Set<AbsenceAcknowledgement>();
    public DbSet<LeaveApplication> LeaveApplications => Set<LeaveApplication>();
    public DbSet<MessageThread> MessageThreads => Set<MessageThread>();
    public DbSet<ThreadParticipant> ThreadParticipants => Set<ThreadParticipant>();
    public DbSet<ThreadMessage> ThreadMessages => Set<ThreadMessage>();
    public DbSet<BulkMessage> BulkMessages => Set<BulkMessage>();
    public DbSet<BulkMessageRecipient> BulkMessageRecipients => Set<BulkMessageRecipient>();
    public DbSet<Features.Consents.ConsentRequest> ConsentRequests => Set<Features.Consents.ConsentRequest>();
    public DbSet<Features.Consents.ConsentRequestPupil> ConsentRequestPupils => Set<Features.Consents.ConsentRequestPupil>();
    public DbSet<Features.Consents.ConsentAnswer> ConsentAnswers => Set<Features.Consents.ConsentAnswer>();
    public DbSet<Features.Consents.ConsentReminder> ConsentReminders => Set<Features.Consents.ConsentReminder>();
    public DbSet<Features.Sfo.SfoEnrolment> SfoEnrolments => Set<Features.Sfo.SfoEnrolment>();
    public DbSet<Features.Sfo.SfoAttendance> SfoAttendances => Set<Features.Sfo.SfoAttendance>();
    public DbSet<Features.Sfo.SfoHandover> SfoHandovers => Set<Features.Sfo.SfoHandover>();
    public DbSet<Features.Sfo.SfoHandoverPupil> SfoHandoverPupils => Set<Features.Sfo.SfoHandoverPupil>();
    public DbSet<Features.Sfo.SfoMissingAlert> SfoMissingAlerts => Set<Features.Sfo.SfoMissingAlert>();
    public DbSet<Features.Attachments.Attachment> Attachments => Set<Features.Attachments.Attachment>();
    public DbSet<OutboxEvent> OutboxEvents => Set<OutboxEvent>();
    public DbSet<Features.Notifications.NotificationDelivery> NotificationDeliveries => Set<Features.Notifications.NotificationDelivery>();
    public DbSet<Features.Notifications.NotificationSetting> NotificationSettings => Set<Features.Notifications.NotificationSetting>();
    public DbSet<Features.Notifications.NotificationDigest> NotificationDigests => Set<Features.Notifications.NotificationDigest>();
    public DbSet<Features.Notifications.WebPush.PushSubscription> PushSubscriptions => Set<Features.Notifications.WebPush.PushSubscription>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<UsageEvent> UsageEvents => Set<UsageEvent>();
    public DbSet<UsageDaily> UsageDaily => Set<UsageDaily>();
    public DbSet<UsageActorMonth> UsageActorMonths => Set<UsageActorMonth>();
    public DbSet<UsageFirstSignIn> UsageFirstSignIns => Set<UsageFirstSignIn>();
    public DbSet<UsageAggregationState> UsageAggregationStates => Set<UsageAggregationState>();
    public DbSet<Features.Retention.RetentionRun> RetentionRuns => Set<Features.Retention.RetentionRun>();
    public DbSet<Features.Benefits.BenefitPortfolio> BenefitPortfolios => Set<Features.Benefits.BenefitPortfolio>();
    public DbSet<Features.Benefits.BenefitProject> BenefitProjects => Set<Features.Benefits.BenefitProject>();
    public DbSet<Features.Benefits.Benefit> Benefits => Set<Features.Benefits.Benefit>();
    public DbSet<Features.Benefits.BenefitRevision> BenefitRevisions => Set<Features.Benefits.BenefitRevision>();
    public DbSet<Features.Benefits.BenefitMeasurement> BenefitMeasurements => Set<Features.Benefits.BenefitMeasurement>();
    public DbSet<Features.Benefits.BenefitExtraction> BenefitExtractions => Set<Features.Benefits.BenefitExtraction>();
    public DbSet<Features.Benefits.BenefitMeasure> BenefitMeasures => Set<Features.Benefits.BenefitMeasure>();
    public DbSet<Features.Benefits.BenefitMeasureLink> BenefitMeasureLinks => Set<Features.Benefits.BenefitMeasureLink>();
    public DbSet<Features.Sfo.Pickup.AuthorizedPickupPerson> AuthorizedPickupPersons => Set<Features.Sfo.Pickup.AuthorizedPickupPerson>();
    public DbSet<Features.Sfo.Pickup.PickupRule> PickupRules => Set<Features.Sfo.Pickup.PickupRule>();
    public DbSet<Features.Sfo.Pickup.PickupMessage> PickupMessages => Set<Features.Sfo.Pickup.PickupMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.UseOpenIddict();
        // OpenIddict names its tables in PascalCase; keep the schema's snake_case.
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreApplication>().ToTable("oidc_applications");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreAuthorization>().ToTable("oidc_authorizations");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreScope>().ToTable("oidc_scopes");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreToken>().ToTable("oidc_tokens");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MeldebokDbContext).Assembly);
    }
}
