using System.Globalization;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Features.Sfo.Pickup;

namespace Meldebok.Server.Web.Text;

internal sealed partial class UiText
{
    /// <summary>The pickup page's texts in this language.</summary>
    public PickupText Pickup => LanguageCode == English.LanguageCode ? PickupText.English : PickupText.Bokmal;
}

/// <summary>Texts of the guardian's pickup page (/henting): persons, weekly rules and pickup messages.</summary>
internal sealed class PickupText
{
    public required string Menu { get; init; }
    public required string Title { get; init; }
    public required string Intro { get; init; }
    public required string NoChildren { get; init; }
    /// <summary>The plan as a sentence: child, method, person (or null), time, and the day (null: today).</summary>
    public required Func<string, DepartureMethod, string?, TimeOnly, DateOnly?, string> Sentence { get; init; }
    public required Func<string, string> NoPlanToday { get; init; }
    public required Func<TimeOnly, string> Deadline { get; init; }
    public required Func<TimeOnly, string> DeadlinePassed { get; init; }
    public required string LateTag { get; init; }
    public required string ReadOnly { get; init; }
    public required string PersonsHeading { get; init; }
    public required string NoPersons { get; init; }
    public required string Name { get; init; }
    public required string Relation { get; init; }
    public required string Phone { get; init; }
    public required string ValidUntil { get; init; }
    public required string ValidFrom { get; init; }
    public required Func<DateOnly, string> From { get; init; }
    public required Func<DateOnly, string> Until { get; init; }
    public required string AddPerson { get; init; }
    public required string EditPerson { get; init; }
    public required string Save { get; init; }
    public required string Remove { get; init; }
    public required string RulesHeading { get; init; }
    public required string NoRules { get; init; }
    public required string Weekday { get; init; }
    public required Func<DayOfWeek, string> WeekdayName { get; init; }
    public required string Method { get; init; }
    public required Func<DepartureMethod, string> MethodName { get; init; }
    public required string Time { get; init; }
    public required string Person { get; init; }
    public required string ChoosePerson { get; init; }
    public required string Period { get; init; }
    public required string Always { get; init; }
    public required string Note { get; init; }
    public required string AddRule { get; init; }
    public required string EditRule { get; init; }
    /// <summary>The rule form's title: child, weekday.</summary>
    public required Func<string, string, string> EditRuleTitle { get; init; }
    public required string SaveRule { get; init; }
    public required string RuleSaved { get; init; }
    public required string BackToPickup { get; init; }
    /// <summary>The history page's title: child, day.</summary>
    public required Func<string, DateOnly, string> HistoryTitle { get; init; }
    public required string HistoryIntro { get; init; }
    public required string HistoryLink { get; init; }
    public required string ShowHistory { get; init; }
    public required string NoHistory { get; init; }
    public required Func<PickupMessageStatus, string> StatusName { get; init; }
    /// <summary>Who sent a version and when (local time).</summary>
    public required Func<string, DateTime, string> SentBy { get; init; }
    public required Func<DateTime, string> SupersededAt { get; init; }
    public required Func<DateTime, string> WithdrawnAt { get; init; }
    public required string MessagesHeading { get; init; }
    public required string NoMessages { get; init; }
    public required string Date { get; init; }
    public required string OtherName { get; init; }
    public required string Send { get; init; }
    public required string Withdraw { get; init; }
    public required string Saved { get; init; }
    public required string ErrorHeading { get; init; }
    public required string InvalidDate { get; init; }
    public required string InvalidTime { get; init; }
    public required string NotFound { get; init; }

    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");

    public static readonly PickupText Bokmal = new()
    {
        Menu = "Henting",
        Title = "Henting fra SFO",
        Intro = "Hvem kan hente barnet, hvordan barnet drar fra SFO hver uke, og beskjeder om enkeltdager. SFO ser det samme.",
        NoChildren = "Du har ingen barn registrert i Meldebok.",
        Sentence = (child, method, person, time, day) =>
        {
            var when = day is { } d ? d.ToString("dddd d. MMMM", Norwegian) : "I dag";
            var at = time.ToString("HH:mm", CultureInfo.InvariantCulture);
            return method switch
            {
                DepartureMethod.PickedUp => $"{when} hentes {child} av {person ?? "en som ikke er oppgitt"} kl. {at}.",
                DepartureMethod.WentHomeAlone => $"{when} går {child} hjem selv kl. {at}.",
                DepartureMethod.Bus => $"{when} tar {child} bussen kl. {at}.",
                _ => $"{when} går {child} til en aktivitet kl. {at}.",
            };
        },
        NoPlanToday = child => $"Ingen henteregel eller hentemelding for {child} i dag.",
        Deadline = deadline => $"Hentemeldinger for i dag må sendes innen kl. {deadline:HH\\:mm}. Senere endringer blir markert som sene og sendt som hastemelding til SFO.",
        DeadlinePassed = deadline => $"Fristen for i dag (kl. {deadline:HH\\:mm}) er passert. En endring for i dag blir markert som sen og sendt som hastemelding til SFO – ring gjerne SFO også.",
        LateTag = "Sen endring",
        ReadOnly = "Du har rett til informasjon og kan se, men ikke endre, hentingen.",
        PersonsHeading = "Hentepersoner",
        NoPersons = "Ingen hentepersoner er lagt inn.",
        Name = "Navn",
        Relation = "Relasjon (for eksempel Bestemor)",
        Phone = "Mobilnummer",
        ValidUntil = "Gyldig til (valgfritt)",
        ValidFrom = "Gyldig fra (valgfritt)",
        From = from => $"fra {from.ToString("d.M.yyyy", CultureInfo.InvariantCulture)}",
        Until = until => $"til og med {until.ToString("d.M.yyyy", CultureInfo.InvariantCulture)}",
        AddPerson = "Legg til henteperson",
        EditPerson = "Endre",
        Save = "Lagre",
        Remove = "Fjern",
        RulesHeading = "Faste henteregler",
        NoRules = "Ingen faste henteregler.",
        Weekday = "Ukedag",
        WeekdayName = day => Norwegian.DateTimeFormat.GetDayName(day) is var name ? char.ToUpperInvariant(name[0]) + name[1..] : "",
        Method = "Hvordan",
        MethodName = method => method switch
        {
            DepartureMethod.PickedUp => "Hentes",
            DepartureMethod.WentHomeAlone => "Går hjem selv",
            DepartureMethod.Bus => "Tar bussen",
            _ => "Går til aktivitet",
        },
        Time = "Klokkeslett",
        Person = "Henteperson",
        ChoosePerson = "Velg henteperson",
        Period = "Periode",
        Always = "Fast",
        Note = "Merknad (valgfritt)",
        AddRule = "Legg til henteregel",
        EditRule = "Endre",
        EditRuleTitle = (child, weekday) => $"Endre henteregel for {child}: {weekday}",
        SaveRule = "Lagre henteregelen",
        RuleSaved = "Henteregelen er lagret.",
        BackToPickup = "Tilbake til henting",
        HistoryTitle = (child, day) => $"Hentemeldinger for {child} {day.ToString("dddd d. MMMM yyyy", Norwegian)}",
        HistoryIntro = "Alle versjoner av dagens hentemelding, den nyeste først: hvem som sendte den, når, og når den ble erstattet eller trukket.",
        HistoryLink = "Se tidligere versjoner",
        ShowHistory = "Vis",
        NoHistory = "Ingen hentemeldinger for denne dagen.",
        StatusName = status => status switch
        {
            PickupMessageStatus.Current => "Gjeldende",
            PickupMessageStatus.Superseded => "Erstattet",
            _ => "Trukket tilbake",
        },
        SentBy = (name, at) => $"Sendt av {name} {at.ToString("d.M.yyyy 'kl.' HH:mm", CultureInfo.InvariantCulture)}",
        SupersededAt = at => $"Erstattet av en nyere melding {at.ToString("d.M.yyyy 'kl.' HH:mm", CultureInfo.InvariantCulture)}",
        WithdrawnAt = at => $"Trukket tilbake {at.ToString("d.M.yyyy 'kl.' HH:mm", CultureInfo.InvariantCulture)}",
        MessagesHeading = "Hentemeldinger",
        NoMessages = "Ingen hentemeldinger fra i dag og framover.",
        Date = "Dato",
        OtherName = "Eller navn på den som henter",
        Send = "Send hentemelding",
        Withdraw = "Trekk tilbake",
        Saved = "Lagret.",
        ErrorHeading = "Det du sendte inn, har feil",
        InvalidDate = "Datoen må skrives som åååå-mm-dd.",
        InvalidTime = "Klokkeslettet må skrives som tt:mm.",
        NotFound = "Fant ikke det du ba om.",
    };

    public static readonly PickupText English = new()
    {
        Menu = "Pickup",
        Title = "Pickup from after-school care",
        Intro = "Who may pick up your child, how your child leaves SFO each week, and messages about single days. SFO sees the same.",
        NoChildren = "You have no children registered in Meldebok.",
        Sentence = (child, method, person, time, day) =>
        {
            var when = day is { } d ? d.ToString("dddd d MMMM", CultureInfo.InvariantCulture) : "Today";
            var at = time.ToString("HH:mm", CultureInfo.InvariantCulture);
            return method switch
            {
                DepartureMethod.PickedUp => $"{when} {child} is picked up by {person ?? "someone not named"} at {at}.",
                DepartureMethod.WentHomeAlone => $"{when} {child} walks home alone at {at}.",
                DepartureMethod.Bus => $"{when} {child} takes the bus at {at}.",
                _ => $"{when} {child} goes to an activity at {at}.",
            };
        },
        NoPlanToday = child => $"No pickup rule or pickup message for {child} today.",
        Deadline = deadline => $"Pickup messages for today must be sent by {deadline:HH\\:mm}. Later changes are marked late and sent to SFO as urgent.",
        DeadlinePassed = deadline => $"Today's deadline ({deadline:HH\\:mm}) has passed. A change for today is marked late and sent to SFO as urgent – please call SFO as well.",
        LateTag = "Late change",
        ReadOnly = "You have a right to information and may see, but not change, the pickup arrangements.",
        PersonsHeading = "Authorized pickup persons",
        NoPersons = "No pickup persons yet.",
        Name = "Name",
        Relation = "Relation (e.g. Grandmother)",
        Phone = "Mobile number",
        ValidUntil = "Valid until (optional)",
        ValidFrom = "Valid from (optional)",
        From = from => $"from {from.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}",
        Until = until => $"until {until.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}",
        AddPerson = "Add pickup person",
        EditPerson = "Change",
        Save = "Save",
        Remove = "Remove",
        RulesHeading = "Weekly pickup rules",
        NoRules = "No weekly pickup rules.",
        Weekday = "Weekday",
        WeekdayName = day => CultureInfo.InvariantCulture.DateTimeFormat.GetDayName(day),
        Method = "How",
        MethodName = method => method switch
        {
            DepartureMethod.PickedUp => "Picked up",
            DepartureMethod.WentHomeAlone => "Walks home alone",
            DepartureMethod.Bus => "Takes the bus",
            _ => "Goes to an activity",
        },
        Time = "Time",
        Person = "Pickup person",
        ChoosePerson = "Choose pickup person",
        Period = "Period",
        Always = "Standing",
        Note = "Note (optional)",
        AddRule = "Add pickup rule",
        EditRule = "Change",
        EditRuleTitle = (child, weekday) => $"Change pickup rule for {child}: {weekday}",
        SaveRule = "Save the pickup rule",
        RuleSaved = "The pickup rule is saved.",
        BackToPickup = "Back to pickup",
        HistoryTitle = (child, day) => $"Pickup messages for {child} on {day.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture)}",
        HistoryIntro = "Every version of the day's pickup message, newest first: who sent it, when, and when it was replaced or withdrawn.",
        HistoryLink = "See earlier versions",
        ShowHistory = "Show",
        NoHistory = "No pickup messages for this day.",
        StatusName = status => status switch
        {
            PickupMessageStatus.Current => "Current",
            PickupMessageStatus.Superseded => "Replaced",
            _ => "Withdrawn",
        },
        SentBy = (name, at) => $"Sent by {name} {at.ToString("d MMM yyyy 'at' HH:mm", CultureInfo.InvariantCulture)}",
        SupersededAt = at => $"Replaced by a newer message {at.ToString("d MMM yyyy 'at' HH:mm", CultureInfo.InvariantCulture)}",
        WithdrawnAt = at => $"Withdrawn {at.ToString("d MMM yyyy 'at' HH:mm", CultureInfo.InvariantCulture)}",
        MessagesHeading = "Pickup messages",
        NoMessages = "No pickup messages from today on.",
        Date = "Date",
        OtherName = "Or the name of who picks up",
        Send = "Send pickup message",
        Withdraw = "Withdraw",
        Saved = "Saved.",
        ErrorHeading = "What you sent has errors",
        InvalidDate = "Write the date as yyyy-mm-dd.",
        InvalidTime = "Write the time as hh:mm.",
        NotFound = "What you asked for was not found.",
    };
}
