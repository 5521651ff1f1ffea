using System.Net;
using Meldebok.Server.Features.Audit;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Roster;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Pupils;

public sealed class AuditTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reading_a_protected_pupil_and_changing_a_link_are_audited()
    {
        var world = await app.ArrangeWorldAsync();
        var (teacher, accountId, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.ContactTeacher, world.ClassA);
        (await teacher.GetAsync($"/api/v1/pupils/{world.ProtectedPupil}", Ct)).EnsureSuccessStatusCode();

        var entries = await world.Admin.Client.GetJsonAsync<Paged<AuditEntryResponse>>($"/api/v1/admin/audit?pupilId={world.ProtectedPupil}");
        var read = Assert.Single(entries.Items);
        Assert.Equal(("pupil.read-protected", accountId, "staff"), (read.Action, read.ActorAccountId, read.ActorRole));

        var links = await world.Admin.Client.GetJsonAsync<Paged<AuditEntryResponse>>($"/api/v1/admin/audit?pupilId={world.PupilA}");
        Assert.Contains(links.Items, e => e.Action == "guardian-link.changed" && e.ObjectId == world.LinkA && e.SubjectPersonId == world.GuardianA);
    }

    [Fact]
    public async Task Audit_rows_can_be_neither_updated_nor_deleted()
    {
        var world = await app.ArrangeWorldAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(async db =>
        {
            var entry = await db.Set<AuditEntry>().FirstAsync(Ct);
            db.Entry(entry).Property(e => e.Action).CurrentValue = "forged";
            return await db.SaveChangesAsync(Ct);
        }));
        await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries", Ct)));
        await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET action = 'x'", Ct)));
        Assert.True(await app.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(e => e.Action == "guardian-link.changed" && e.ObjectId == world.LinkA, Ct)));
    }

    [Fact]
    public async Task Guardian_export_has_every_section_and_is_audited()
    {
        var world = await app.ArrangeWorldAsync();
        var nin = await app.WithDbAsync(db => db.Guardians.Where(g => g.Id == world.GuardianA).Select(g => g.NationalIdentityNumber).SingleAsync(Ct));
        var accountId = await app.CreateAccountAsync("Kari Hansen", nin);

        var export = await world.Admin.Client.GetJsonAsync<GuardianDataExport>($"/api/v1/admin/data-export/guardians/{world.GuardianA}");
        Assert.Equal(nin, export.Guardian.NationalIdentityNumber);
        Assert.Equal(world.PupilA, Assert.Single(export.PupilLinks).PupilId);
        Assert.Equal(accountId, Assert.Single(export.Accounts).Id);
        Assert.Contains(export.AuditEntries, e => e.Action == "guardian-link.changed");

        var audit = await world.Admin.Client.GetJsonAsync<Paged<AuditEntryResponse>>($"/api/v1/admin/audit?personId={world.GuardianA}");
        Assert.Contains(audit.Items, e => e.Action == "export.guardian" && e.ObjectId == world.GuardianA);
    }

    [Fact]
    public async Task Pupil_export_has_every_section_and_is_audited()
    {
        var world = await app.ArrangeWorldAsync();
        var export = await world.Admin.Client.GetJsonAsync<PupilDataExport>($"/api/v1/admin/data-export/pupils/{world.PupilA}");
        Assert.Equal(world.PupilA, export.Pupil.Id);
        Assert.Equal(world.ClassA, Assert.Single(export.Groups).GroupId);
        Assert.Equal(world.GuardianA, Assert.Single(export.GuardianLinks).GuardianId);
        var audit = await world.Admin.Client.GetJsonAsync<Paged<AuditEntryResponse>>($"/api/v1/admin/audit?pupilId={world.PupilA}");
        Assert.Contains(audit.Items, e => e.Action == "export.pupil");
    }

    [Fact]
    public async Task Admin_of_another_municipality_sees_neither_audit_nor_exports()
    {
        var world = await app.ArrangeWorldAsync();
        var other = await app.AdminOfNewMunicipalityAsync("Annenby kommune");
        Assert.Empty((await other.Client.GetJsonAsync<Paged<AuditEntryResponse>>($"/api/v1/admin/audit?pupilId={world.PupilA}")).Items);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/api/v1/admin/data-export/pupils/{world.PupilA}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/api/v1/admin/data-export/guardians/{world.GuardianA}", Ct)).StatusCode);
    }
}
