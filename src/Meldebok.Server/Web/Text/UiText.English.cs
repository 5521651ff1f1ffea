using System.Globalization;

namespace Meldebok.Server.Web.Text;

internal sealed partial class UiText
{
    /// <summary>English, the second language.</summary>
    public static readonly UiText English = new()
    {
        Culture = CultureInfo.GetCultureInfo("en"),
        LanguageName = "English",
        Layout = new LayoutText
        {
            SkipToContent = "Skip to main content",
            MainMenu = "Main menu",
            Home = "Home",
            ApiDocumentation = "API documentation",
            SignIn = "Sign in",
            SignOut = "Sign out",
            SignedInAs = name => $"Signed in as {name}",
            SignedIn = "You are signed in",
            FooterAbout = "Meldebok – the digital message book between home and school/SFO",
            AccessibilityStatement = "Accessibility statement",
        },
        Home = new HomeText
        {
            Heading = "Welcome to Meldebok",
            Intro = "Meldebok is the digital message book between home and school or SFO (after-school care). It brings " +
                "together the messages that otherwise travel on paper, in school bags, by e-mail and by text message to " +
                "teachers' private phones.",
            GuardiansHeading = "For parents and guardians",
            GuardiansText = "Report absence, send messages to the school, answer consent requests, say who will pick up your " +
                "child, and be told when your child has been picked up or has gone home from SFO.",
            StaffHeading = "For school and SFO staff",
            StaffText = "Receive absence notices and messages in one place, message one or many guardians, request consents " +
                "and check children in and out of SFO.",
            SignInHeading = "Sign in",
            SignInText = "Guardians sign in with ID-porten. Staff sign in with Feide.",
            SignInLink = "Go to sign-in",
            DevelopersHeading = "For developers",
            DevelopersText = "Meldebok has a documented programming interface (API) for integration with the municipality's other systems.",
            ApiDocumentationLink = "Read the API documentation",
        },
        Accessibility = new AccessibilityText
        {
            Heading = "Accessibility statement",
            Intro = "Meldebok is meant to be usable by everyone, including people who use a screen reader, magnification, " +
                "only a keyboard or other assistive technology. This statement explains which requirements Meldebok must " +
                "meet, what we know about how they are met, and how to tell us if something does not work.",
            StandardHeading = "Requirements and standard",
            Standard = "Norwegian municipalities and other providers of web solutions must follow the regulation on universal " +
                "design of information and communication technology (ICT) solutions. The regulation is based on the standard " +
                "WCAG 2.1 (Web Content Accessibility Guidelines). Meldebok aims to meet the success criteria of WCAG 2.1 at " +
                "levels A and AA.",
            StatusHeading = "Status",
            Status = "We know of no failures to meet the requirements on the pages Meldebok has today. Meldebok is a new " +
                "solution and has not yet been audited by an independent party or tested together with users of assistive " +
                "technology. We will update this statement when that has been done, and when new parts of the solution are " +
                "taken into use.",
            TestingHeading = "How we test",
            Testing =
            [
                "Every page is tested automatically in a real browser on every change to the solution, both at phone size and on a large screen.",
                "The tests run the axe-core tool, which finds many common faults, such as too little contrast, links and " +
                    "buttons without text, and headings used wrongly.",
                "The tests also check that the \"Skip to main content\" link works, that keyboard focus is visible, that " +
                    "buttons and links are large enough to hit, that pages fit a narrow phone screen without scrolling " +
                    "sideways, and that the language of each page is marked correctly.",
            ],
            DeviationsHeading = "Known issues",
            Deviations = "We know of no failures to meet the requirements.",
            DeviationsLimits = "Automatic tests find only some of the possible faults. If you find something hard to use, we " +
                "would like to hear from you.",
            ApiDocumentationDeviation = "The API documentation is a tool for developers, made with a tool from another " +
                "supplier. It is not part of the service for guardians and staff, and it has not been tested for accessibility.",
            FeedbackHeading = "Report a problem",
            Feedback = "Does something in Meldebok not work for you? Send an e-mail to",
            FeedbackDetails = "Please tell us which page it concerns, what you were trying to do, and which browser and " +
                "assistive technology you used.",
            Complaint = "If you get no answer, or you are not satisfied with the answer, you can notify",
            ComplaintLink = "the Norwegian Authority for Universal Design of ICT (uutilsynet.no)",
            ResponsibleHeading = "Who is responsible",
            Responsible = "The municipality that provides Meldebok is responsible for the service and for this statement.",
            LastUpdated = date => $"This statement was last updated on {date}.",
        },
        SignIn = new SignInText
        {
            Title = "Sign in",
            Heading = "Sign in to Meldebok",
            Intro = "Choose how you want to sign in.",
            IdPorten = "Sign in with ID-porten",
            IdPortenFor = "For guardians: BankID, MinID or Buypass.",
            Feide = "Sign in with Feide",
            FeideFor = "For school and SFO staff.",
            LocalHeading = "Sign in with user name and password",
            LocalIntro = "For you who have been given a Meldebok account of your own by the municipality.",
            Username = "User name or e-mail",
            Password = "Password",
            Submit = "Sign in",
            ErrorHeading = "Sign-in failed",
            MissingUsername = "Enter your user name.",
            MissingPassword = "Enter your password.",
            WrongCredentials = "Wrong user name or password.",
            LockedOut = "The account is temporarily locked after too many failed attempts. Try again later.",
            TotpTitle = "One-time code",
            TotpHeading = "Enter the one-time code",
            TotpIntro = "Your account requires a one-time code as well as the password. Open your authenticator app and enter the six-digit code.",
            TotpCode = "One-time code (6 digits)",
            TotpCodeHint = "The code changes every 30 seconds.",
            TotpWrongCode = "Wrong one-time code. Try again with the code the app shows now.",
            TotpExpired = "The sign-in has timed out. Sign in again.",
        },
        NotRegistered = new NotRegisteredText
        {
            Title = "Not registered",
            Heading = "You are signed in, but we could not find you in Meldebok",
            Explanation = "Signing in worked, but no school or municipality has registered you in Meldebok. You get access " +
                "once the school or the municipality has registered you as a guardian or as staff.",
            WhatToDoHeading = "What can you do?",
            GuardianLead = "Are you a parent or guardian?",
            Guardian = "Guardians sign in with ID-porten and are registered by the school, usually from the information the " +
                "school has about the pupil. Contact the school office or the contact teacher and ask them to check that " +
                "you are registered as a guardian of your child.",
            StaffLead = "Are you a member of staff?",
            Staff = "Staff sign in with Feide and are registered by the school or the municipality. Contact the school " +
                "office, your line manager or the municipality's Meldebok administrator and ask them to register you as staff.",
            WrongAccount = "Did you sign in as the wrong person? Close the browser completely, open it again and sign in again.",
            BackHome = "Back to the front page",
        },
        Errors = new ErrorText
        {
            NotFoundHeading = "Page not found",
            NotFound = "There is no page at this address. The address may be mistyped, or the page may have moved.",
            ForbiddenHeading = "Access denied",
            Forbidden = "You do not have access to this page. If you think this is wrong, contact the school or the " +
                "municipality's Meldebok administrator.",
            UnauthorizedHeading = "You need to sign in",
            Unauthorized = "You need to sign in to see this page.",
            BadRequestHeading = "We could not handle the request",
            BadRequest = "Something in the request was invalid or has expired. Go back, reload the page and try again.",
            ServerErrorHeading = "Something went wrong",
            ServerError = "An error occurred on our side, and what you were doing may not have been completed. Please try again shortly.",
            TraceIdLabel = "Trace ID:",
            TraceIdHelp = "If the error happens again, quote the trace ID when you contact the school or the municipality. " +
                "It helps us find the fault.",
            BackHome = "Go to the front page",
        },
    };
}
