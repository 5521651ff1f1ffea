using System.Net;
using System.Text;
using Meldebok.Server.Features.Attachments;
using Meldebok.Server.Features.Consents;
using Meldebok.Server.Features.Messages;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Messages;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Attachments;

/// <summary>
/// Attachments over HTTP: the upload's size limit, type by content, sanitised names; who may download (the readers of the
/// message or consent request it belongs to, the uploader while pending, nobody else); that only one's own pending uploads
/// can be attached; and the pruning of uploads never sent.
/// </summary>
public sealed class AttachmentTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private const string Uploads = "/api/v1/attachments";
    private const string Threads = "/api/v1/threads";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record World(AbsenceWorld Absence, HttpClient TeacherA, HttpClient TeacherB)
    {
        public HttpClient GuardianA => Absence.GuardianA;
        public HttpClient GuardianB => Absence.GuardianB;
        public Guid PupilA => Absence.PupilA;
    }

    private async Task<World> ArrangeAsync()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (teacherA, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.ContactTeacher, world.Roster.ClassA);
        var (teacherB, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.ContactTeacher, world.Roster.ClassB);
        return new World(world, teacherA, teacherB);
    }

    internal static Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] content, string fileName, string declaredType = "application/pdf") =>
        client.PostAsync(Uploads, TestFiles.Form(content, fileName, declaredType), Ct);

    private static async Task<AttachmentResponse> UploadedAsync(HttpClient client, byte[] content, string fileName, string declaredType = "application/pdf")
    {
        var response = await UploadAsync(client, content, fileName, declaredType);
        var uploaded = await response.ReadAsync<AttachmentResponse>(HttpStatusCode.Created);
        Assert.Equal($"{Uploads}/{uploaded.Id}", response.Headers.Location?.OriginalString);
        return uploaded;
    }

    private static async Task<byte[]> DownloadAsync(HttpClient client, Guid id)
    {
        using var response = await client.GetAsync($"{Uploads}/{id}", Ct);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    private static async Task<ThreadResponse> StartThreadAsync(HttpClient guardian, Guid pupilId, params Guid[] attachmentIds) =>
        await (await guardian.PostJsonAsync(Threads, new GuardianThreadRequest(pupilId, GuardianAddressee.ContactTeacher, "Legeerklæring", "Se vedlegget.", attachmentIds)))
            .ReadAsync<ThreadResponse>(HttpStatusCode.Created);

    // The tests of this class share one database and one blob folder: counts are compared before and after.
    private Task<int> RowCountAsync() => app.WithDbAsync(db => db.Attachments.CountAsync(Ct));

    private int BlobCount() => Directory.Exists(app.AttachmentsPath)
        ? Directory.EnumerateFiles(app.AttachmentsPath, "*", SearchOption.AllDirectories).Count()
        : 0;

    private async Task<bool> BlobExistsAsync(Guid attachmentId)
    {
        var key = await app.WithDbAsync(db => db.Attachments.Where(a => a.Id == attachmentId).Select(a => a.BlobKey).SingleAsync(Ct));
        return File.Exists(Path.Combine(app.AttachmentsPath, key[..2], key));
    }

    [Fact]
    public async Task An_upload_is_pending_and_only_its_uploader_can_download_it_with_safe_headers()
    {
        var world = await ArrangeAsync();
        var pdf = TestFiles.Pdf();

        var uploaded = await UploadedAsync(world.GuardianA, pdf, "legeerklæring.pdf");

        Assert.Equal(("legeerklæring.pdf", pdf.Length, "application/pdf", AttachmentScanStatus.NotScanned),
            (uploaded.Name, uploaded.Size, uploaded.ContentType, uploaded.ScanStatus));
        using var response = await world.GuardianA.GetAsync($"{Uploads}/{uploaded.Id}", Ct);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal(pdf, await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("legeerklæring.pdf", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        foreach (var other in new[] { world.Absence.SecondGuardian, world.GuardianB, world.TeacherA })
        {
            await (await other.GetAsync($"{Uploads}/{uploaded.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_with_413_naming_the_limit_and_nothing_is_kept()
    {
        var world = await ArrangeAsync();
        var tooLarge = new byte[(10 * 1024 * 1024) + 1];
        TestFiles.Pdf().CopyTo(tooLarge, 0);
        var (rows, blobs) = (await RowCountAsync(), BlobCount());

        var problem = await (await UploadAsync(world.GuardianA, tooLarge, "stor.pdf")).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal("Filen er for stor. Et vedlegg kan være på høyst 10 MB.", problem.GetProperty("detail").GetString());
        Assert.Equal((rows, blobs), (await RowCountAsync(), BlobCount()));
    }

    [Fact]
    public async Task The_type_is_found_from_the_content_not_from_the_name_or_the_declared_type()
    {
        var world = await ArrangeAsync();
        var rows = await RowCountAsync();

        var png = await UploadedAsync(world.GuardianA, TestFiles.Png(), "brev.pdf", "application/pdf");
        var docx = await UploadedAsync(world.GuardianA, TestFiles.Docx(), "plan.docx", "application/octet-stream");
        var text = await UploadedAsync(world.GuardianA, Encoding.UTF8.GetBytes("Hentes kl. 15 av bestemor.\r\n"), "beskjed.txt", "text/plain");

        Assert.Equal(("image/png", "brev.png"), (png.ContentType, png.Name));
        Assert.Equal(AttachmentTypes.Docx.ContentType, docx.ContentType);
        Assert.Equal(("text/plain", "beskjed.txt"), (text.ContentType, text.Name));
        foreach (var (content, name) in new[] { (TestFiles.Exe(), "faktura.pdf"), (TestFiles.Docx(macroEnabled: true), "makro.docx"), ("<script>"u8.ToArray().Concat(new byte[] { 0 }).ToArray(), "side.txt") })
        {
            var problem = await (await UploadAsync(world.GuardianA, content, name)).ProblemAsync(HttpStatusCode.UnsupportedMediaType);
            Assert.Equal("Denne filtypen er ikke tillatt. Tillatte filtyper er PDF, PNG, JPEG, HEIC, Word (DOCX), Excel (XLSX) og ren tekst (TXT).",
                problem.GetProperty("detail").GetString());
        }

        Assert.Equal(rows + 3, await RowCountAsync());
    }

    [Fact]
    public async Task A_file_name_is_sanitised_and_never_names_a_file_on_the_server()
    {
        var world = await ArrangeAsync();
        (string Uploaded, string Expected)[] names =
        [
            ("../../etc/passwd.pdf", "passwd.pdf"), ("C:\\Users\\kari\\..\\hemmelig.pdf", "hemmelig.pdf"), ("..", "vedlegg.pdf"),
            ("rapport\u202Egnp.pdf", "rapportgnp.pdf"), ("tur<plan>:2026?.pdf", "turplan2026.pdf"),
        ];

        foreach (var (uploadedName, expected) in names)
        {
            Assert.Equal(expected, (await UploadedAsync(world.GuardianA, TestFiles.Pdf(), uploadedName)).Name);
        }

        Assert.DoesNotContain(Directory.EnumerateFiles(app.AttachmentsPath, "*", SearchOption.AllDirectories), f => f.Contains("passwd", StringComparison.Ordinal) || f.Contains("hemmelig", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_long_file_name_is_cut_to_200_characters_keeping_its_extension()
    {
        var world = await ArrangeAsync();

        var uploaded = await UploadedAsync(world.GuardianA, TestFiles.Pdf(), new string('å', 300) + ".pdf");

        Assert.Equal(200, uploaded.Name.Length);
        Assert.EndsWith("å.pdf", uploaded.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_participants_of_a_thread_download_its_attachment_and_nobody_else_does()
    {
        var world = await ArrangeAsync();
        var pdf = TestFiles.Pdf("Legeerklæring");
        var uploaded = await UploadedAsync(world.GuardianA, pdf, "legeerklaering.pdf");

        var thread = await StartThreadAsync(world.GuardianA, world.PupilA, uploaded.Id);

        var message = Assert.Single((await world.TeacherA.GetPageAsync<ThreadMessageResponse>($"{Threads}/{thread.Id}/messages")).Items);
        Assert.Equal(uploaded, Assert.Single(message.Attachments));
        Assert.Equal(pdf, await DownloadAsync(world.TeacherA, uploaded.Id));
        Assert.Equal(pdf, await DownloadAsync(world.GuardianA, uploaded.Id));
        foreach (var outsider in new[] { world.TeacherB, world.GuardianB, world.Absence.SecondGuardian })
        {
            await (await outsider.GetAsync($"{Uploads}/{uploaded.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        }

        // The teacher's reply carries its own attachment, readable by the guardian.
        var answer = await UploadedAsync(world.TeacherA, TestFiles.Png(), "timeplan.png", "image/png");
        var reply = await (await world.TeacherA.PostJsonAsync($"{Threads}/{thread.Id}/messages", new ReplyRequest("Takk! Her er timeplanen.", AttachmentIds: [answer.Id])))
            .ReadAsync<ThreadMessageResponse>(HttpStatusCode.Created);
        Assert.Equal(answer.Id, Assert.Single(reply.Attachments).Id);
        Assert.Equal(TestFiles.Png(), await DownloadAsync(world.GuardianA, answer.Id));
    }

    [Fact]
    public async Task A_bulk_message_attachment_reaches_its_recipients_but_not_the_guardian_of_a_child_in_another_class()
    {
        var world = await ArrangeAsync();
        var uploaded = await UploadedAsync(world.TeacherA, TestFiles.Pdf("Foreldremøte"), "innkalling.pdf");

        var sent = await app.SendBulkAsync(world.TeacherA, new BulkMessageRequest(
            new BulkTarget(BulkTargetKind.Groups, [world.Absence.Roster.ClassA]), "Foreldremøte", "Se innkallingen.", AttachmentIds: [uploaded.Id]));

        Assert.Equal(uploaded.Id, Assert.Single(sent.Attachments).Id);
        var received = await world.GuardianA.GetJsonAsync<ReceivedBulkMessageResponse>($"/api/v1/received-messages/{sent.Id}");
        Assert.Equal(uploaded.Id, Assert.Single(received.Attachments).Id);
        Assert.Equal(uploaded.Id, Assert.Single(Assert.Single((await world.GuardianA.GetPageAsync<ReceivedBulkMessageResponse>("/api/v1/received-messages")).Items).Attachments).Id);
        Assert.Equal(TestFiles.Pdf("Foreldremøte"), await DownloadAsync(world.GuardianA, uploaded.Id));
        Assert.Equal(TestFiles.Pdf("Foreldremøte"), await DownloadAsync(world.TeacherA, uploaded.Id));
        await (await world.GuardianB.GetAsync($"{Uploads}/{uploaded.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await world.TeacherB.GetAsync($"{Uploads}/{uploaded.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_consent_request_attachment_is_listed_and_downloaded_by_the_guardians_it_concerns_only()
    {
        var world = await ArrangeAsync();
        var uploaded = await UploadedAsync(world.TeacherA, TestFiles.Pdf("Turplan"), "turplan.pdf");

        var created = await (await world.TeacherA.PostJsonAsync("/api/v1/consent-requests", new ConsentRequestCreate(
                new BulkTarget(BulkTargetKind.Groups, [world.Absence.Roster.ClassA]), "Tur til Trollheimen", "Se turplanen.", ConsentKind.OneTime,
                ConsentRule.AnyGuardian, app.Time.GetUtcNow().AddDays(5), EventDate: app.Today().AddDays(7), AttachmentIds: [uploaded.Id])))
            .ReadAsync<ConsentRequestResponse>(HttpStatusCode.Created);

        Assert.Equal(uploaded.Id, Assert.Single(created.Attachments).Id);
        var seen = await world.GuardianA.GetJsonAsync<GuardianConsentResponse>($"/api/v1/consents/{created.Id}");
        Assert.Equal(uploaded, Assert.Single(seen.Attachments));
        Assert.Equal(TestFiles.Pdf("Turplan"), await DownloadAsync(world.GuardianA, uploaded.Id));
        Assert.Equal(TestFiles.Pdf("Turplan"), await DownloadAsync(world.Absence.SecondGuardian, uploaded.Id));
        await (await world.GuardianB.GetAsync($"{Uploads}/{uploaded.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await world.TeacherB.GetAsync($"{Uploads}/{uploaded.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        // The creator's status page links it too.
        var page = await world.TeacherA.GetStringAsync($"/ansatt/samtykker/{created.Id}", Ct);
        Assert.Contains($"href=\"/vedlegg/{uploaded.Id}\">turplan.pdf</a>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_elses_pending_upload_a_sent_upload_or_too_many_cannot_be_attached()
    {
        var world = await ArrangeAsync();
        var others = await UploadedAsync(world.Absence.SecondGuardian, TestFiles.Pdf(), "min.pdf");
        var mine = await UploadedAsync(world.GuardianA, TestFiles.Pdf(), "min.pdf");
        await StartThreadAsync(world.GuardianA, world.PupilA, mine.Id);

        foreach (var ids in new[] { new[] { others.Id }, [mine.Id], [Guid.NewGuid()] })
        {
            var errors = await (await world.GuardianA.PostJsonAsync(Threads, new GuardianThreadRequest(world.PupilA, GuardianAddressee.ContactTeacher, "Spørsmål", "Hei.", ids)))
                .ValidationProblemAsync("attachmentIds");
            Assert.Equal(
                "Ett eller flere vedlegg finnes ikke, er allerede sendt, eller er lastet opp av noen andre. Last opp filen på nytt.",
                errors.GetProperty("attachmentIds")[0].GetString());
        }

        var six = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToList();
        await (await world.GuardianA.PostJsonAsync(Threads, new GuardianThreadRequest(world.PupilA, GuardianAddressee.ContactTeacher, "Spørsmål", "Hei.", six)))
            .ValidationProblemAsync("attachmentIds");
        // Nothing was sent, and the other guardian's upload is still theirs alone and pending.
        Assert.Single((await world.GuardianA.GetPageAsync<ThreadResponse>(Threads)).Items);
        Assert.Null(await app.WithDbAsync(db => db.Attachments.Where(a => a.Id == others.Id).Select(a => a.ClaimedAt).SingleAsync(Ct)));
        await (await world.GuardianA.GetAsync($"{Uploads}/{others.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Uploads_never_sent_are_deleted_with_their_blobs_after_a_day_and_sent_ones_are_kept()
    {
        var world = await ArrangeAsync();
        var forgotten = await UploadedAsync(world.GuardianA, TestFiles.Pdf(), "glemt.pdf");
        var sent = await UploadedAsync(world.GuardianA, TestFiles.Pdf(), "sendt.pdf");
        await StartThreadAsync(world.GuardianA, world.PupilA, sent.Id);
        app.Time.Advance(TimeSpan.FromHours(23));
        var recent = await UploadedAsync(world.GuardianA, TestFiles.Pdf(), "ny.pdf");
        Assert.True(await BlobExistsAsync(forgotten.Id));
        var forgottenKey = await app.WithDbAsync(db => db.Attachments.Where(a => a.Id == forgotten.Id).Select(a => a.BlobKey).SingleAsync(Ct));

        app.Time.Advance(TimeSpan.FromHours(2));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<PruneAttachmentsJob>().RunAsync(Ct) >= 1);
        }

        var left = await app.WithDbAsync(db => db.Attachments.Where(a => a.Id == forgotten.Id || a.Id == sent.Id || a.Id == recent.Id).Select(a => a.Id).ToListAsync(Ct));
        Assert.Equal(new[] { sent.Id, recent.Id }.Order(), left.Order());
        Assert.False(File.Exists(Path.Combine(app.AttachmentsPath, forgottenKey[..2], forgottenKey)));
        Assert.True(await BlobExistsAsync(sent.Id) && await BlobExistsAsync(recent.Id));
        await (await world.GuardianA.GetAsync($"{Uploads}/{forgotten.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(TestFiles.Pdf(), await DownloadAsync(world.TeacherA, sent.Id));
    }

    [Fact]
    public async Task An_upload_that_is_not_a_form_or_has_no_file_is_refused()
    {
        var world = await ArrangeAsync();
        var rows = await RowCountAsync();

        await (await world.GuardianA.PostJsonAsync(Uploads, new { file = "x" })).ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await (await world.GuardianA.PostAsync(Uploads, new MultipartFormDataContent { { new StringContent("x"), "note" } }, Ct)).ValidationProblemAsync("file");
        await (await UploadAsync(world.GuardianA, [], "tom.pdf")).ValidationProblemAsync("file");
        await (await world.GuardianA.PostAsync(Uploads, new MultipartFormDataContent
        {
            { new ByteArrayContent(TestFiles.Pdf()), "file", "a.pdf" }, { new ByteArrayContent(TestFiles.Pdf()), "file", "b.pdf" },
        }, Ct)).ValidationProblemAsync("file");
        Assert.Equal(rows, await RowCountAsync());
    }
}
