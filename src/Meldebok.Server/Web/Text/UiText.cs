using System.Globalization;

namespace Meldebok.Server.Web.Text;

/// <summary>
/// Every text of the web UI in one language. Each language is one instance (UiText.Bokmal.cs,
/// UiText.English.cs); the members are <c>required</c>, so a text missing in one language does not
/// compile. Components get the visitor's language with <c>@inject UiText Text</c>.
/// </summary>
internal sealed partial class UiText
{
    /// <summary>The UI culture; its name is the page's <c>lang</c>.</summary>
    public required CultureInfo Culture { get; init; }

    /// <summary>The language's name in the language itself, for the language switch.</summary>
    public required string LanguageName { get; init; }

    public required LayoutText Layout { get; init; }
    public required HomeText Home { get; init; }
    public required AccessibilityText Accessibility { get; init; }
    public required NotRegisteredText NotRegistered { get; init; }
    public required SignInText SignIn { get; init; }
    public required ErrorText Errors { get; init; }

    public string LanguageCode => Culture.Name;

    /// <summary>The languages offered, the default (bokmål) first.</summary>
    public static IReadOnlyList<UiText> All => [Bokmal, English];

    /// <summary>The texts for a UI culture; bokmål for any language not offered.</summary>
    public static UiText For(CultureInfo uiCulture) =>
        All.FirstOrDefault(text => text.Culture.TwoLetterISOLanguageName == uiCulture.TwoLetterISOLanguageName) ?? Bokmal;

    /// <summary>The language with the code <paramref name="languageCode"/> (<c>nb</c>, <c>en</c>), or null.</summary>
    public static UiText? Find(string? languageCode) =>
        All.FirstOrDefault(text => string.Equals(text.LanguageCode, languageCode, StringComparison.OrdinalIgnoreCase));

    /// <summary>A page title: the page's own name, then the product's.</summary>
    public static string PageTitle(string page) => $"{page} – Meldebok";
}

internal sealed class LayoutText
{
    public required string SkipToContent { get; init; }
    public required string MainMenu { get; init; }
    public required string Home { get; init; }
    public required string ApiDocumentation { get; init; }
    public required string SignIn { get; init; }
    public required string SignOut { get; init; }
    public required Func<string, string> SignedInAs { get; init; }
    public required string SignedIn { get; init; }
    public required string FooterAbout { get; init; }
    public required string AccessibilityStatement { get; init; }
}

internal sealed class HomeText
{
    public required string Heading { get; init; }
    public required string Intro { get; init; }
    public required string GuardiansHeading { get; init; }
    public required string GuardiansText { get; init; }
    public required string StaffHeading { get; init; }
    public required string StaffText { get; init; }
    public required string SignInHeading { get; init; }
    public required string SignInText { get; init; }
    public required string SignInLink { get; init; }
    public required string DevelopersHeading { get; init; }
    public required string DevelopersText { get; init; }
    public required string ApiDocumentationLink { get; init; }
}

internal sealed class AccessibilityText
{
    public required string Heading { get; init; }
    public required string Intro { get; init; }
    public required string StandardHeading { get; init; }
    public required string Standard { get; init; }
    public required string StatusHeading { get; init; }
    public required string Status { get; init; }
    public required string TestingHeading { get; init; }
    public required IReadOnlyList<string> Testing { get; init; }
    public required string DeviationsHeading { get; init; }
    public required string Deviations { get; init; }
    public required string DeviationsLimits { get; init; }
    public required string ApiDocumentationDeviation { get; init; }
    public required string FeedbackHeading { get; init; }
    public required string Feedback { get; init; }
    public required string FeedbackDetails { get; init; }
    public required string Complaint { get; init; }
    public required string ComplaintLink { get; init; }
    public required string ResponsibleHeading { get; init; }
    public required string Responsible { get; init; }
    public required Func<string, string> LastUpdated { get; init; }
}

internal sealed class NotRegisteredText
{
    public required string Title { get; init; }
    public required string Heading { get; init; }
    public required string Explanation { get; init; }
    public required string WhatToDoHeading { get; init; }
    public required string GuardianLead { get; init; }
    public required string Guardian { get; init; }
    public required string StaffLead { get; init; }
    public required string Staff { get; init; }
    public required string WrongAccount { get; init; }
    public required string BackHome { get; init; }
}

internal sealed class ErrorText
{
    public required string NotFoundHeading { get; init; }
    public required string NotFound { get; init; }
    public required string ForbiddenHeading { get; init; }
    public required string Forbidden { get; init; }
    public required string UnauthorizedHeading { get; init; }
    public required string Unauthorized { get; init; }
    public required string BadRequestHeading { get; init; }
    public required string BadRequest { get; init; }
    public required string ServerErrorHeading { get; init; }
    public required string ServerError { get; init; }
    public required string TraceIdLabel { get; init; }
    public required string TraceIdHelp { get; init; }
    public required string BackHome { get; init; }
}

internal sealed class SignInText
{
    public required string Title { get; init; }
    public required string Heading { get; init; }
    public required string Intro { get; init; }
    public required string IdPorten { get; init; }
    public required string IdPortenFor { get; init; }
    public required string Feide { get; init; }
    public required string FeideFor { get; init; }
    public required string LocalHeading { get; init; }
    public required string LocalIntro { get; init; }
    public required string Username { get; init; }
    public required string Password { get; init; }
    public required string Submit { get; init; }
    public required string ErrorHeading { get; init; }
    public required string MissingUsername { get; init; }
    public required string MissingPassword { get; init; }
    public required string WrongCredentials { get; init; }
    public required string LockedOut { get; init; }
    public required string TotpTitle { get; init; }
    public required string TotpHeading { get; init; }
    public required string TotpIntro { get; init; }
    public required string TotpCode { get; init; }
    public required string TotpCodeHint { get; init; }
    public required string TotpWrongCode { get; init; }
    public required string TotpExpired { get; init; }
}
