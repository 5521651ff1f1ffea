using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Meldebok.Server.Features.Absence;
using Meldebok.Server.Features.Attachments;
using Meldebok.Server.Features.Benefits;
using Meldebok.Server.Features.Consents;
using Meldebok.Server.Features.Identity;
using Meldebok.Server.Features.Messages;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Features.Sfo.Pickup;
using Meldebok.Server.Infrastructure.Blobs;
using Meldebok.Server.Tests.Attachments;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Access;

/// <summary>Everyone the access tests act as.</summary>
public enum Actor
{
    Anonymous,
    Guardian,
    GuardianOfOtherPupil,
    GuardianWithInformationRightOnly,
    GuardianWithoutRights,
    BlockedGuardian,
    ContactTeacher,
    TeacherOfOtherGroup,
    TeacherAtOtherSchool,
    SfoStaff,
    Office,
    Principal,
    MunicipalityAdmin,
    AdminOfOtherMunicipality,
    PlatformOperator,
    IntegrationClient,
    /// <summary>A member of the first municipality's portfolio board (porteføljestyre).</summary>
    PortfolioBoard,
}

/// <summary>
/// A municipality with two schools, groups, pupils (one with a protected address), guardians of every
/// kind, staff of every role and an administrator; a second municipality with its own administrator;
/// a platform operator; and a roster integration. Every person acts through a real account whose roles
/// the server derives from the roster, the integration through a real client-credentials token.
/// The "target" records are what path parameters point at, so that writes in the tests never change
/// what any actor may do.
/// </summary>
public sealed class AccessWorld(PostgresServer postgres) : MeldebokApp(postgres), IAsyncLifetime
{
    private const string IntegrationClientId = "access-matrix-sis";
    private const string IntegrationSecret = "access-matrix-secret-0123456789";

    private readonly Dictionary<Actor, AuthenticationHeaderValue> _headers = [];
    private WebApplicationFactory<Program>? _host;

    public Guid MunicipalityId { get; private set; }
    public string MunicipalityOrganisationNumber { get; private set; } = "";
    public Guid OtherMunicipalityId { get; private set; }
    public Guid SchoolId { get; private set; }
    public Guid OtherSchoolId { get; private set; }
    public Guid SfoUnitId { get; private set; }
    public Guid ClassId { get; private set; }
    public Guid OtherGroupId { get; private set; }
    public Guid PupilId { get; private set; }
    public Guid ProtectedPupilId { get; private set; }
    /// <summary>A school notice for the 5A pupil, 30 days ahead, reported by <see cref="Actor.Guardian"/>.</summary>
    public Guid AbsenceNoticeId { get; private set; }
    /// <summary>A pending leave application for the 5A pupil, 40–41 days ahead, by <see cref="Actor.Guardian"/>.</summary>
    public Guid LeaveApplicationId { get; private set; }

    /// <summary>A thread about the 5A pupil between <see cref="Actor.Guardian"/> and <see cref="Actor.ContactTeacher"/>.</summary>
    public Guid ThreadId { get; private set; }
    /// <summary>A bulk message from <see cref="Actor.ContactTeacher"/> to 5A, delivered to <see cref="Actor.Guardian"/> and <see cref="Actor.GuardianWithInformationRightOnly"/>.</summary>
    public Guid BulkMessageId { get; private set; }
    /// <summary>A one-time consent request from <see cref="Actor.ContactTeacher"/> to 5A about the 5A pupil, open for 10 days.</summary>
    public Guid ConsentRequestId { get; private set; }
    /// <summary>Another such request, for closing early (so <see cref="ConsentRequestId"/> stays open for answers).</summary>
    public Guid ClosableConsentRequestId { get; private set; }
    /// <summary>A PDF attached to the first message of <see cref="ThreadId"/>.</summary>
    public Guid AttachmentId { get; private set; }

    /// <summary>An authorized pickup person, a Monday rule and a pickup message (3 days ahead) of the 5A pupil, by <see cref="Actor.Guardian"/>.</summary>
    public Guid PickupPersonId { get; private set; }
    public Guid PickupRuleId { get; private set; }
    public Guid PickupMessageId { get; private set; }
    /// <summary>
    /// The SFO day: an SFO group of the school's SFO unit covered by <see cref="Actor.SfoStaff"/>, with one pupil (not the 5A pupil,
    /// so no other row changes) who has a place every weekday, was checked in and out today, and an enrolment id for paths.
    /// </summary>
    public Guid SfoPupilId { get; private set; }
    public Guid SfoEnrolmentId { get; private set; }
    public Guid SfoCheckInId { get; private set; }
    public Guid SfoCheckOutId { get; private set; }

    /// <summary>A benefit plan of the first municipality: portfolio, project, a measured benefit (so never deleted) and a measure.</summary>
    public Guid BenefitPortfolioId { get; private set; }
    public Guid BenefitProjectId { get; private set; }
    public Guid BenefitId { get; private set; }
    public Guid BenefitMeasureId { get; private set; }

    /// <summary>The local date <paramref name="days"/> after the tests' default day, as the API writes it.</summary>
    public static string Day(int days) => Date(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static DateOnly Date(int days) => DateOnly.FromDateTime(DefaultNow.UtcDateTime).AddDays(days);

    /// <summary>Records in the first municipality that no actor depends on, for path parameters.</summary>
    public Guid TargetSchoolId { get; private set; }
    public Guid TargetSfoUnitId { get; private set; }
    public Guid TargetGroupId { get; private set; }
    public Guid TargetPupilId { get; private set; }
    public Guid TargetGuardianId { get; private set; }
    public Guid TargetGuardianLinkId { get; private set; }
    public Guid TargetStaffId { get; private set; }
    public Guid TargetStaffAssignmentId { get; private set; }
    public Guid TargetAdministratorId { get; private set; }
    public Guid TargetPortfolioBoardMemberId { get; private set; }
    /// <summary>The staff record of <see cref="Actor.Office"/>, who owns the world's benefit (a benefit owner).</summary>
    public Guid OfficeStaffId { get; private set; }
    public Guid TargetMunicipalityId { get; private set; }
    public string TargetMunicipalityOrganisationNumber { get; private set; } = "";

    /// <summary>Records that bodies refer to and no test deactivates, so that examples stay valid in any order.</summary>
    public Guid SpareStaffId { get; private set; }
    public Guid SpareGuardianId { get; private set; }
    public Guid SpareGroupId { get; private set; }

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await BuildRosterAsync();
        // The integration is registered at start-up and must name an existing municipality, so the
        // host that serves the tests starts after the roster exists.
        _host = WithWebHostBuilder(builder => builder.UseRosterIntegration(IntegrationClientId, IntegrationSecret, MunicipalityOrganisationNumber));
        await CreateAccountsAsync();
        _headers[Actor.IntegrationClient] = new AuthenticationHeaderValue("Bearer", await RequestIntegrationTokenAsync());
    }

    /// <summary>A client of the host with the integration registered, acting as <paramref name="actor"/>.</summary>
    public HttpClient ClientAs(Actor actor)
    {
        var client = _host!.CreateClient();
        client.DefaultRequestHeaders.Authorization = _headers.GetValueOrDefault(actor);
        return client;
    }

    private async Task BuildRosterAsync()
    {
        MunicipalityOrganisationNumber = TestIdentifiers.NextOrganisationNumber();
        var blobKey = await Services.GetRequiredService<IBlobStore>().PutAsync(new MemoryStream(TestFiles.Pdf()), default);
        await WithDbAsync(async db =>
        {
            var municipality = new Municipality { Name = "Tilgangvik kommune", OrganisationNumber = MunicipalityOrganisationNumber };
            var other = new Municipality { Name = "Nabovik kommune", OrganisationNumber = TestIdentifiers.NextOrganisationNumber() };
            var target = new Municipality { Name = "Målvik kommune", OrganisationNumber = TestIdentifiers.NextOrganisationNumber() };
            db.Municipalities.AddRange(municipality, other, target);
            (MunicipalityId, OtherMunicipalityId, TargetMunicipalityId) = (municipality.Id, other.Id, target.Id);
            TargetMunicipalityOrganisationNumber = target.OrganisationNumber;
            var m = municipality.Id;

            var school = new School(m) { Name = "Tilgangvik skole" };
            var otherSchool = new School(m) { Name = "Nordre Tilgangvik skole" };
            var targetSchool = new School(m) { Name = "Målvik skole" };
            db.Schools.AddRange(school, otherSchool, targetSchool);
            (SchoolId, OtherSchoolId, TargetSchoolId) = (school.Id, otherSchool.Id, targetSchool.Id);

            var sfo = new SfoUnit(m) { SchoolId = school.Id, Name = "Tilgangvik SFO" };
            var targetSfo = new SfoUnit(m) { SchoolId = targetSchool.Id, Name = "Målvik SFO" };
            db.SfoUnits.AddRange(sfo, targetSfo);
            (SfoUnitId, TargetSfoUnitId) = (sfo.Id, targetSfo.Id);

            Group Class(Guid schoolId, string name) => new(m) { SchoolId = schoolId, Name = name, Kind = GroupKind.Class, SchoolYear = 2026, Grade = 5 };
            var fiveA = Class(school.Id, "5A");
            var fiveB = Class(school.Id, "5B");
            var northern = Class(otherSchool.Id, "5N");
            var targetGroup = Class(targetSchool.Id, "5M");
            var spareGroup = Class(targetSchool.Id, "6M");
            var sfoGroup = new Group(m) { SchoolId = school.Id, SfoUnitId = sfo.Id, Name = "SFO 1–4", Kind = GroupKind.SfoGroup, SchoolYear = 2026 };
            db.Groups.AddRange(fiveA, fiveB, northern, targetGroup, spareGroup, sfoGroup);
            SpareGroupId = spareGroup.Id;
            (ClassId, OtherGroupId, TargetGroupId) = (fiveA.Id, fiveB.Id, targetGroup.Id);

            Pupil NewPupil(Guid schoolId, string givenName, ProtectedAddressLevel level = ProtectedAddressLevel.None) =>
                new(m) { SchoolId = schoolId, GivenName = givenName, FamilyName = "Elevsen", BirthDate = new DateOnly(2016, 5, 14), ProtectedAddress = level };
            var pupil = NewPupil(school.Id, "Emma");
            var otherPupil = NewPupil(school.Id, "Jonas");
            var protectedPupil = NewPupil(school.Id, "Sara", ProtectedAddressLevel.StrictlyConfidential);
            var targetPupil = NewPupil(targetSchool.Id, "Mats");
            db.Pupils.AddRange(pupil, otherPupil, protectedPupil, targetPupil);
            (PupilId, ProtectedPupilId, TargetPupilId) = (pupil.Id, protectedPupil.Id, targetPupil.Id);
            var sfoPupil = NewPupil(school.Id, "Liv");
            db.Pupils.Add(sfoPupil);
            SfoPupilId = sfoPupil.Id;
            var enrolment = new SfoEnrolment
            {
                MunicipalityId = m, SfoUnitId = sfo.Id, PupilId = sfoPupil.Id, PlacePercentage = 100, StartDate = Date(-30),
                Weekdays = SfoWeekdays.Monday | SfoWeekdays.Tuesday | SfoWeekdays.Wednesday | SfoWeekdays.Thursday | SfoWeekdays.Friday,
                CreatedAt = DefaultNow, UpdatedAt = DefaultNow,
            };
            db.SfoEnrolments.Add(enrolment);
            SfoEnrolmentId = enrolment.Id;
            db.GroupMemberships.AddRange(
                new GroupMembership { PupilId = sfoPupil.Id, GroupId = sfoGroup.Id },
                new GroupMembership { PupilId = pupil.Id, GroupId = fiveA.Id },
                new GroupMembership { PupilId = protectedPupil.Id, GroupId = fiveA.Id },
                new GroupMembership { PupilId = otherPupil.Id, GroupId = fiveB.Id },
                new GroupMembership { PupilId = targetPupil.Id, GroupId = targetGroup.Id });

            Guardian NewGuardian(Actor actor)
            {
                var guardian = new Guardian(m) { GivenName = actor.ToString(), FamilyName = "Foresatt", NationalIdentityNumber = TestIdentifiers.NextNationalIdentityNumber() };
                db.Guardians.Add(guardian);
                _people[actor] = guardian.NationalIdentityNumber;
                return guardian;
            }

            GuardianLink Link(Guardian guardian, Pupil child, bool responsibility = true, bool information = false, bool blocked = false)
            {
                var link = new GuardianLink(m)
                {
                    GuardianId = guardian.Id, PupilId = child.Id, ParentalResponsibility = responsibility, DailyCare = responsibility,
                    RightToInformation = information, Blocked = blocked,
                };
                db.GuardianLinks.Add(link);
                return link;
            }

            var reporter = NewGuardian(Actor.Guardian);
            Link(reporter, pupil);
            var notice = new AbsenceNotice
            {
                MunicipalityId = m, PupilId = pupil.Id, SchoolId = school.Id, ReportedByGuardianId = reporter.Id, Channel = AbsenceChannel.Digital,
                ToSchool = true, FirstDate = Date(30), LastDate = Date(30),
                Reason = AbsenceReason.Illness, CreatedAt = DefaultNow, UpdatedAt = DefaultNow,
            };
            db.AbsenceNotices.Add(notice);
            AbsenceNoticeId = notice.Id;
            var leave = new LeaveApplication
            {
                MunicipalityId = m, PupilId = pupil.Id, SchoolId = school.Id, AppliedByGuardianId = reporter.Id,
                FirstDate = Date(40), LastDate = Date(41), Reason = "Familietur.", CreatedAt = DefaultNow, UpdatedAt = DefaultNow,
            };
            db.LeaveApplications.Add(leave);
            LeaveApplicationId = leave.Id;
            var pickupPerson = new AuthorizedPickupPerson
            {
                MunicipalityId = m, PupilId = pupil.Id, Name = "Randi Elevsen", Relation = "Bestemor", Phone = "+4791234567",
                CreatedByGuardianId = reporter.Id, CreatedAt = DefaultNow, UpdatedAt = DefaultNow,
            };
            var pickupRule = new PickupRule
            {
                MunicipalityId = m, PupilId = pupil.Id, Weekday = DayOfWeek.Monday, Method = DepartureMethod.PickedUp, Time = new TimeOnly(15, 30),
                AuthorizedPersonId = pickupPerson.Id, CreatedByGuardianId = reporter.Id, CreatedAt = DefaultNow, UpdatedAt = DefaultNow,
            };
            var pickupMessage = new PickupMessage
            {
                MunicipalityId = m, PupilId = pupil.Id, SchoolId = school.Id, Date = Date(3), Method = DepartureMethod.Bus, Time = new TimeOnly(14, 0),
                SentByGuardianId = reporter.Id, CreatedAt = DefaultNow,
            };
            db.AuthorizedPickupPersons.Add(pickupPerson);
            db.PickupRules.Add(pickupRule);
            db.PickupMessages.Add(pickupMessage);
            (PickupPersonId, PickupRuleId, PickupMessageId) = (pickupPerson.Id, pickupRule.Id, pickupMessage.Id);
            Link(NewGuardian(Actor.GuardianOfOtherPupil), otherPupil);
            var informationRightGuardian = NewGuardian(Actor.GuardianWithInformationRightOnly);
            Link(informationRightGuardian, pupil, responsibility: false, information: true);
            Link(NewGuardian(Actor.GuardianWithoutRights), pupil, responsibility: false);
            Link(NewGuardian(Actor.BlockedGuardian), pupil, blocked: true);
            var targetGuardian = new Guardian(m) { GivenName = "Målfrid", FamilyName = "Foresatt", NationalIdentityNumber = TestIdentifiers.NextNationalIdentityNumber() };
            var spareGuardian = new Guardian(m) { GivenName = "Reidun", FamilyName = "Reserve", NationalIdentityNumber = TestIdentifiers.NextNationalIdentityNumber() };
            db.Guardians.AddRange(targetGuardian, spareGuardian);
            SpareGuardianId = spareGuardian.Id;
            TargetGuardianId = targetGuardian.Id;
            TargetGuardianLinkId = Link(targetGuardian, targetPupil).Id;

            Staff NewStaff(string feideId, Guid schoolId, StaffRole role, params Guid[] groupIds)
            {
                var staff = new Staff(m) { GivenName = role.ToString(), FamilyName = "Ansatt", FeideId = feideId };
                var assignment = new StaffAssignment(m) { StaffId = staff.Id, SchoolId = schoolId, Role = role };
                db.Staff.Add(staff);
                db.StaffAssignments.Add(assignment);
                db.StaffAssignmentGroups.AddRange(groupIds.Select(g => new StaffAssignmentGroup { StaffAssignmentId = assignment.Id, GroupId = g }));
                TargetStaffAssignmentId = assignment.Id;
                return staff;
            }

            var staffOf = new Dictionary<Actor, Staff>();
            foreach (var (actor, schoolId, role, groups) in new (Actor, Guid, StaffRole, Guid[])[]
            {
                (Actor.ContactTeacher, school.Id, StaffRole.ContactTeacher, [fiveA.Id]),
                (Actor.TeacherOfOtherGroup, school.Id, StaffRole.Teacher, [fiveB.Id]),
                (Actor.TeacherAtOtherSchool, otherSchool.Id, StaffRole.Teacher, [northern.Id]),
                (Actor.SfoStaff, school.Id, StaffRole.SfoStaff, [sfoGroup.Id]),
                (Actor.Office, school.Id, StaffRole.Office, []),
                (Actor.Principal, school.Id, StaffRole.Principal, []),
            })
            {
                staffOf[actor] = NewStaff($"{actor.ToString().ToLowerInvariant()}@tilgangvik.kommune.no", schoolId, role, groups);
                _people[actor] = staffOf[actor].FeideId!;
            }

            var checkIn = new SfoAttendance
            {
                MunicipalityId = m, SfoUnitId = sfo.Id, PupilId = sfoPupil.Id, Date = Date(0), Kind = SfoAttendanceKind.CheckIn, OccurredAt = DefaultNow,
                StaffId = staffOf[Actor.SfoStaff].Id,
            };
            var checkOut = new SfoAttendance
            {
                MunicipalityId = m, SfoUnitId = sfo.Id, PupilId = sfoPupil.Id, Date = Date(0), Kind = SfoAttendanceKind.CheckOut, OccurredAt = DefaultNow,
                StaffId = staffOf[Actor.SfoStaff].Id, Method = Features.Sfo.DepartureMethod.Bus,
            };
            db.SfoAttendances.AddRange(checkIn, checkOut);
            (SfoCheckInId, SfoCheckOutId) = (checkIn.Id, checkOut.Id);

            // A thread about the 5A pupil between the reporting guardian and the contact teacher, and a bulk message from
            // the contact teacher to 5A, delivered to the guardians who may receive messages about the pupil.
            var thread = new MessageThread
            {
                MunicipalityId = m, SchoolId = school.Id, PupilId = pupil.Id, Subject = "Turdag", Addressee = ThreadAddressee.ContactTeacher,
                CreatedAt = DefaultNow, LastMessageAt = DefaultNow,
            };
            var threadGuardian = new ThreadParticipant { ThreadId = thread.Id, GuardianId = reporter.Id };
            db.MessageThreads.Add(thread);
            db.ThreadParticipants.AddRange(threadGuardian, new ThreadParticipant { ThreadId = thread.Id, StaffId = staffOf[Actor.ContactTeacher].Id });
            var firstMessage = new ThreadMessage { ThreadId = thread.Id, AuthorParticipantId = threadGuardian.Id, Body = "Hva skal vi ha med?", SentAt = DefaultNow };
            db.ThreadMessages.Add(firstMessage);
            ThreadId = thread.Id;
            var attachment = new Attachment
            {
                UploadedByAccountId = Guid.NewGuid(), FileName = "pakkeliste.pdf", ContentType = AttachmentTypes.Pdf.ContentType,
                SizeBytes = TestFiles.Pdf().Length, Sha256 = new string('0', 64), BlobKey = blobKey, UploadedAt = DefaultNow,
            };
            attachment.ClaimFor(AttachmentOwner.ThreadMessage(firstMessage.Id), DefaultNow);
            db.Attachments.Add(attachment);
            AttachmentId = attachment.Id;
            var bulk = new BulkMessage
            {
                MunicipalityId = m, SenderStaffId = staffOf[Actor.ContactTeacher].Id, SchoolId = school.Id, TargetKind = BulkTargetKind.Groups,
                TargetIds = [fiveA.Id], Subject = "Foreldremøte", Body = "Foreldremøte tirsdag kl. 18.", SentAt = DefaultNow, RecipientCount = 2,
            };
            db.BulkMessages.Add(bulk);
            db.BulkMessageRecipients.AddRange(
                new BulkMessageRecipient { BulkMessageId = bulk.Id, GuardianId = reporter.Id, PupilId = pupil.Id, DeliveredAt = DefaultNow },
                new BulkMessageRecipient { BulkMessageId = bulk.Id, GuardianId = informationRightGuardian.Id, PupilId = pupil.Id, DeliveredAt = DefaultNow });
            BulkMessageId = bulk.Id;
            var consent = new ConsentRequest
            {
                MunicipalityId = m, SchoolId = school.Id, CreatedByStaffId = staffOf[Actor.ContactTeacher].Id, Title = "Skitur", Kind = ConsentKind.OneTime,
                EventDate = Date(12), Rule = ConsentRule.AllWithParentalResponsibility, Deadline = DefaultNow.AddDays(10), TargetKind = BulkTargetKind.Groups,
                TargetIds = [fiveA.Id], CreatedAt = DefaultNow,
            };
            db.ConsentRequests.Add(consent);
            db.ConsentRequestPupils.Add(new ConsentRequestPupil { RequestId = consent.Id, PupilId = pupil.Id });
            ConsentRequestId = consent.Id;
            var closable = new ConsentRequest
            {
                MunicipalityId = m, SchoolId = school.Id, CreatedByStaffId = staffOf[Actor.ContactTeacher].Id, Title = "Teatertur", Kind = ConsentKind.OneTime,
                EventDate = Date(12), Rule = ConsentRule.AnyGuardian, Deadline = DefaultNow.AddDays(10), TargetKind = BulkTargetKind.Groups,
                TargetIds = [fiveA.Id], CreatedAt = DefaultNow,
            };
            db.ConsentRequests.Add(closable);
            db.ConsentRequestPupils.Add(new ConsentRequestPupil { RequestId = closable.Id, PupilId = pupil.Id });
            ClosableConsentRequestId = closable.Id;

            // Created last, so TargetStaffAssignmentId is this staff member's assignment.
            TargetStaffId = NewStaff("malfrid.ansatt@tilgangvik.kommune.no", targetSchool.Id, StaffRole.Teacher, targetGroup.Id).Id;

            var spareStaff = new Staff(m) { GivenName = "Reidar", FamilyName = "Reserve" };
            db.Staff.Add(spareStaff);
            SpareStaffId = spareStaff.Id;

            var admin = new MunicipalityAdministrator(m) { GivenName = "Ada", FamilyName = "Admin", Email = "ada@tilgangvik.kommune.no", FeideId = "ada@tilgangvik.kommune.no" };
            var targetAdmin = new MunicipalityAdministrator(m) { GivenName = "Målfrid", FamilyName = "Admin", Email = "malfrid@tilgangvik.kommune.no" };
            var otherAdmin = new MunicipalityAdministrator(other.Id) { GivenName = "Nora", FamilyName = "Nabo", Email = "nora@nabovik.kommune.no" };
            db.MunicipalityAdministrators.AddRange(admin, targetAdmin, otherAdmin);
            TargetAdministratorId = targetAdmin.Id;
            _people[Actor.MunicipalityAdmin] = admin.FeideId;
            _people[Actor.AdminOfOtherMunicipality] = otherAdmin.Email;
            var board = new PortfolioBoardMember(m) { GivenName = "Styrk", FamilyName = "Styre", Email = "styrk@tilgangvik.kommune.no", FeideId = "styrk@tilgangvik.kommune.no" };
            var targetBoard = new PortfolioBoardMember(m) { GivenName = "Målfrid", FamilyName = "Styre", Email = "malfrid.styre@tilgangvik.kommune.no" };
            db.PortfolioBoardMembers.AddRange(board, targetBoard);
            TargetPortfolioBoardMemberId = targetBoard.Id;
            _people[Actor.PortfolioBoard] = board.FeideId;
            OfficeStaffId = staffOf[Actor.Office].Id;

            var portfolio = new BenefitPortfolio { MunicipalityId = m, Name = "Digitalisering i oppvekst", CreatedAt = DefaultNow };
            var project = new BenefitProject { MunicipalityId = m, PortfolioId = portfolio.Id, Name = "Meldebok", Goal = "Periodemål 4 for oppvekst og utdanning", CreatedAt = DefaultNow };
            var benefit = new Benefit
            {
                MunicipalityId = m, ProjectId = project.Id, Description = "Færre SMS til private telefoner", Type = BenefitType.NonPriced,
                RealisationFrom = Date(-100), RealisationTo = Date(300), Status = BenefitStatus.Open, CurrentRevision = 1, CreatedAt = DefaultNow,
            };
            var measure = new BenefitMeasure { MunicipalityId = m, Description = "Stoppe SMS til private telefoner", Owner = "Rektor", DueDate = Date(60), CreatedAt = DefaultNow };
            db.BenefitPortfolios.Add(portfolio);
            db.BenefitProjects.Add(project);
            db.Benefits.Add(benefit);
            db.BenefitRevisions.Add(new BenefitRevision
            {
                BenefitId = benefit.Id, Number = 1, Owner = "Oppvekstdirektør", OwnerStaffId = staffOf[Actor.Office].Id, IndicatorKind = BenefitIndicatorKind.Manual, Unit = "SMS/uke",
                BaselineValue = 100, BaselineDate = Date(-100), TargetDates = [Date(300)], TargetValues = [10], Reason = "Første versjon", AuthorName = "Ada Admin", CreatedAt = DefaultNow,
            });
            db.BenefitMeasurements.Add(new BenefitMeasurement { BenefitId = benefit.Id, Date = Date(-10), Value = 60, Source = MeasurementSource.Manual, CreatedAt = DefaultNow });
            db.BenefitMeasures.Add(measure);
            db.BenefitMeasureLinks.Add(new BenefitMeasureLink { MeasureId = measure.Id, BenefitId = benefit.Id });
            (BenefitPortfolioId, BenefitProjectId, BenefitId, BenefitMeasureId) = (portfolio.Id, project.Id, benefit.Id, measure.Id);

            await db.SaveChangesAsync();
            return true;
        });
    }

    /// <summary>How each person is recognised: national identity number (guardians), Feide id (staff, administrator) or confirmed e-mail.</summary>
    private readonly Dictionary<Actor, string> _people = [];

    private async Task CreateAccountsAsync()
    {
        await using var scope = _host!.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MeldebokUser>>();
        foreach (var actor in Enum.GetValues<Actor>().Where(a => a is not (Actor.Anonymous or Actor.IntegrationClient)))
        {
            var account = new MeldebokUser { DisplayName = actor.ToString(), UserName = $"{actor.ToString().ToLowerInvariant()}@konto.test" };
            var known = _people.GetValueOrDefault(actor);
            switch (actor)
            {
                case Actor.PlatformOperator:
                    account.IsPlatformOperator = true;
                    break;
                case Actor.AdminOfOtherMunicipality:
                    (account.Email, account.EmailConfirmed) = (known, true);
                    break;
                case >= Actor.Guardian and <= Actor.BlockedGuardian:
                    account.NationalIdentityNumber = known;
                    break;
                default:
                    account.FeideId = known;
                    break;
            }

            var result = await users.CreateAsync(account);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
            _headers[actor] = TestUser.Account(account.Id).Header();
        }
    }

    private async Task<string> RequestIntegrationTokenAsync()
    {
        using var client = _host!.CreateClient();
        using var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = IntegrationClientId,
            ["client_secret"] = IntegrationSecret,
            ["scope"] = ApiScopes.RosterImport,
        }));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"The integration got no token: {body}");
        return body.GetProperty("access_token").GetString()!;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
