using System.Text;
using Meldebok.Browser.Tests.Absence;
using Meldebok.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Meldebok.Browser.Tests.Messages;

/// <summary>An attachment end to end in the browser: a guardian attaches a PDF to a message on a phone, the teacher downloads it.</summary>
public sealed class AttachmentBrowserTests(BrowserApp app, Chromium chromium) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Guardian_attaches_a_pdf_to_a_message_and_the_contact_teacher_downloads_it()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Title (Legeerklaering) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        await using var guardianBrowser = await chromium.OpenAsync(app, "/meldinger/ny", Screen.Phone, world.Guardian);
        var phone = guardianBrowser.Page;
        await phone.GetByLabel("Emne").FillAsync("Legeerklæring");
        await phone.GetByLabel("Melding", new() { Exact = true }).FillAsync("Legeerklæringen ligger ved.");
        await phone.GetByLabel("Vedlegg (valgfritt)").SetInputFilesAsync(new FilePayload { Name = "legeerklæring.pdf", MimeType = "application/pdf", Buffer = pdf });
        await phone.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("Meldingen er sendt.");
        await Expect(phone.GetByRole(AriaRole.Link, new() { Name = "legeerklæring.pdf" })).ToBeVisibleAsync();

        await using var teacherBrowser = await chromium.OpenAsync(app, "/meldinger", Screen.Desktop, world.ContactTeacher);
        var desk = teacherBrowser.Page;
        await desk.Locator(".absence-card", new() { HasText = "Emma Hansen" }).First.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(desk.Locator("body")).ToContainTextAsync("Legeerklæringen ligger ved.");
        var download = await desk.RunAndWaitForDownloadAsync(() => desk.GetByRole(AriaRole.Link, new() { Name = "legeerklæring.pdf" }).ClickAsync());

        Assert.Equal("legeerklæring.pdf", download.SuggestedFilename);
        var downloaded = await File.ReadAllBytesAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        Assert.True(pdf.SequenceEqual(downloaded), Encoding.UTF8.GetString(downloaded));
    }
}
