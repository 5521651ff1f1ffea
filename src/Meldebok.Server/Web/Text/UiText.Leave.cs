using Meldebok.Server.Features.Absence;

namespace Meldebok.Server.Web.Text;

internal sealed partial class UiText
{
    /// <summary>The leave and absence-overview pages' texts in this language.</summary>
    public LeaveText Leave => LanguageCode == English.LanguageCode ? LeaveText.English : LeaveText.Bokmal;
}

/// <summary>Texts of the leave pages (the guardian's application and list, the principal's decisions) and the staff's absence overview.</summary>
internal sealed class LeaveText
{
    public required string MenuGuardian { get; init; }
    public required string MenuDecisions { get; init; }
    public required string MenuOverview { get; init; }
    public required string Title { get; init; }
    public required string Intro { get; init; }
    public required string ApplyHeading { get; init; }
    public required string ReasonLabel { get; init; }
    public required string ReasonWarning { get; init; }
    public required string Submit { get; init; }
    public required string Applied { get; init; }
    public required string ErrorHeading { get; init; }
    public required string ListHeading { get; init; }
    public required string NoApplications { get; init; }
    public required string Withdraw { get; init; }
    public required string WithdrawnNotice { get; init; }
    public required Func<string, string> AppliedBy { get; init; }
    public required Func<string, string> DecidedBy { get; init; }
    public required string CommentLabel { get; init; }
    public required string DecisionsTitle { get; init; }
    public required string DecisionsIntro { get; init; }
    public required string OfficeReadOnly { get; init; }
    public required string LeadersOnly { get; init; }
    public required string Approve { get; init; }
    public required string Refuse { get; init; }
    public required string Decided { get; init; }
    public required string Gone { get; init; }
    public required string OverviewTitle { get; init; }
    public required string OverviewIntro { get; init; }
    public required string Group { get; init; }
    public required string Term { get; init; }
    public required string Show { get; init; }
    public required string NoGroups { get; init; }
    public required string PupilColumn { get; init; }
    public required string DaysColumn { get; init; }
    public required string HoursColumn { get; init; }
    public required string NoticesColumn { get; init; }
    public required Func<string, string> Export { get; init; }
    public required Func<int, SchoolTerm, string> TermName { get; init; }
    public required Func<LeaveApplicationStatus, string> StatusName { get; init; }

    public static readonly LeaveText Bokmal = new()
    {
        MenuGuardian = "Permisjon",
        MenuDecisions = "Permisjonssøknader",
        MenuOverview = "Fraværsoversikt",
        Title = "Permisjon",
        Intro = "Søk om permisjon fra skolen for barnet ditt. Rektor avgjør søknaden, og innvilget permisjon registreres som fravær.",
        ApplyHeading = "Ny søknad",
        ReasonLabel = "Begrunnelse",
        ReasonWarning = "Skriv kort hva permisjonen gjelder. Ikke skriv helseopplysninger. Høyst 1000 tegn.",
        Submit = "Send søknaden",
        Applied = "Søknaden er sendt til skolen.",
        ErrorHeading = "Søknaden ble ikke sendt",
        ListHeading = "Søknader",
        NoApplications = "Ingen søknader ennå.",
        Withdraw = "Trekk søknaden",
        WithdrawnNotice = "Søknaden er trukket.",
        AppliedBy = name => $"Søkt av {name}",
        DecidedBy = name => $"Avgjort av {name}",
        CommentLabel = "Kommentar til foresatte (må fylles ut ved avslag)",
        DecisionsTitle = "Permisjonssøknader",
        DecisionsIntro = "Søknader om permisjon for elevene ved skolen. Rektor innvilger eller avslår; et avslag må begrunnes.",
        OfficeReadOnly = "Du kan se søknadene. Bare rektor kan avgjøre dem.",
        LeadersOnly = "Bare rektor og skolekontoret ser permisjonssøknader.",
        Approve = "Innvilg",
        Refuse = "Avslå",
        Decided = "Vedtaket er registrert, og foresatte er varslet.",
        Gone = "Søknaden finnes ikke eller er allerede avgjort.",
        OverviewTitle = "Fraværsoversikt",
        OverviewIntro = "Fravær per elev i halvåret, i dager og timer. Tellingen gjelder meldinger til skolen som ikke er trukket, også innvilget permisjon og fravær registrert fra telefon eller lapp.",
        Group = "Gruppe",
        Term = "Halvår",
        Show = "Vis",
        NoGroups = "Du har ingen grupper å vise fravær for.",
        PupilColumn = "Elev",
        DaysColumn = "Dager",
        HoursColumn = "Timer",
        NoticesColumn = "Meldinger",
        Export = school => $"Last ned fraværet for {school} (CSV)",
        TermName = (year, term) => term == SchoolTerm.Autumn ? $"Høsten {year}" : $"Våren {year + 1}",
        StatusName = status => status switch
        {
            LeaveApplicationStatus.Pending => "Venter på vedtak",
            LeaveApplicationStatus.Approved => "Innvilget",
            LeaveApplicationStatus.Refused => "Avslått",
            _ => "Trukket",
        },
    };

    public static readonly LeaveText English = new()
    {
        MenuGuardian = "Leave",
        MenuDecisions = "Leave applications",
        MenuOverview = "Absence overview",
        Title = "Leave",
        Intro = "Apply for leave from school for your child. The principal decides, and approved leave is recorded as absence.",
        ApplyHeading = "New application",
        ReasonLabel = "Reason",
        ReasonWarning = "Say briefly what the leave is for. Do not write health details. At most 1000 characters.",
        Submit = "Send the application",
        Applied = "The application has been sent to the school.",
        ErrorHeading = "The application was not sent",
        ListHeading = "Applications",
        NoApplications = "No applications yet.",
        Withdraw = "Withdraw the application",
        WithdrawnNotice = "The application has been withdrawn.",
        AppliedBy = name => $"Applied for by {name}",
        DecidedBy = name => $"Decided by {name}",
        CommentLabel = "Comment to the guardians (required when refusing)",
        DecisionsTitle = "Leave applications",
        DecisionsIntro = "Applications for leave for the school's pupils. The principal approves or refuses; a refusal needs a reason.",
        OfficeReadOnly = "You can see the applications. Only the principal can decide them.",
        LeadersOnly = "Only the principal and the school office see leave applications.",
        Approve = "Approve",
        Refuse = "Refuse",
        Decided = "The decision is recorded and the guardians have been notified.",
        Gone = "The application does not exist or has already been decided.",
        OverviewTitle = "Absence overview",
        OverviewIntro = "Absence per pupil in the term, in days and hours. It counts notices to the school that stand, including approved leave and absence logged from phone calls or notes.",
        Group = "Group",
        Term = "Term",
        Show = "Show",
        NoGroups = "You have no groups to show absence for.",
        PupilColumn = "Pupil",
        DaysColumn = "Days",
        HoursColumn = "Hours",
        NoticesColumn = "Notices",
        Export = school => $"Download the absence of {school} (CSV)",
        TermName = (year, term) => term == SchoolTerm.Autumn ? $"Autumn {year}" : $"Spring {year + 1}",
        StatusName = status => status switch
        {
            LeaveApplicationStatus.Pending => "Awaiting decision",
            LeaveApplicationStatus.Approved => "Approved",
            LeaveApplicationStatus.Refused => "Refused",
            _ => "Withdrawn",
        },
    };
}
