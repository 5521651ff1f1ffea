using System.ComponentModel.DataAnnotations;
using Meldebok.Server.Infrastructure.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Meldebok.Server.Features.Sfo.Pickup;

/// <summary>The Norwegian texts of the pickup feature's answers.</summary>
internal static class PickupTexts
{
    public const string RequiresParentalResponsibility =
        "Bare foresatte med foreldreansvar kan endre hentepersoner og henteregler. Med rett til informasjon kan du lese, men ikke endre.";
    public const string RequiresResponsibilityOrCare =
        "Bare foresatte med foreldreansvar eller daglig omsorg kan sende og trekke hentemeldinger. Med rett til informasjon kan du lese, men ikke sende.";
    public const string PersonRemoved = "Hentepersonen er fjernet og kan ikke endres.";
    public const string RuleRemoved = "Henteregelen er slettet og kan ikke endres.";
    public const string MessageSuperseded = "Hentemeldingen er allerede erstattet av en nyere melding for samme dag.";
    public const string MessagePast = "Hentemeldingen gjelder en dag som er passert og kan ikke trekkes.";
    public const string UnknownMethod = "Måten barnet drar på må være PickedUp, WentHomeAlone, Bus eller Activity.";
    public const string UnknownWeekday = "Ukedagen må være Monday, Tuesday, Wednesday, Thursday eller Friday.";
}

/// <summary>An authorized pickup person, created or changed by a guardian with parental responsibility.</summary>
/// <param name="Name">The person's full name, at most 200 characters.</param>
/// <param name="Relation">The relation to the child, e.g. "Bestemor", at most 100 characters.</param>
/// <param name="Phone">A Norwegian mobile number (8 digits starting with 4 or 9; +47 optional). Stored as +4791234567.</param>
/// <param name="ValidUntil">The last day the person may pick up the child; today or later. Leave out for "until removed".</param>
public sealed record PickupPersonRequest(
    [property: Required(ErrorMessage = "Navn må fylles ut."), StringLength(PickupLimits.Name, ErrorMessage = "Navnet kan ha høyst 200 tegn.")] string? Name,
    [property: Required(ErrorMessage = "Relasjon må fylles ut, for eksempel Bestemor."), StringLength(PickupLimits.Relation, ErrorMessage = "Relasjonen kan ha høyst 100 tegn.")] string? Relation,
    [property: Required(ErrorMessage = "Mobilnummer må fylles ut."), StringLength(PickupLimits.Phone, ErrorMessage = "Mobilnummeret er for langt."), NorwegianMobile] string? Phone,
    DateOnly? ValidUntil = null);

/// <summary>An authorized pickup person of a child.</summary>
/// <param name="Id">The person's id.</param>
/// <param name="PupilId">The child.</param>
/// <param name="Name">Full name.</param>
/// <param name="Relation">Relation to the child.</param>
/// <param name="Phone">Mobile number, +47 form.</param>
/// <param name="ValidUntil">The last day the authorization holds; null until removed.</param>
/// <param name="IsValidToday">Whether the person may pick the child up today.</param>
/// <param name="CreatedAt">When the person was added.</param>
/// <param name="UpdatedAt">When the person was last changed.</param>
public sealed record PickupPersonResponse(
    Guid Id, Guid PupilId, string Name, string Relation, string Phone, DateOnly? ValidUntil, bool IsValidToday, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>An authorized pickup person as a rule, a message or the day's plan names it.</summary>
/// <param name="Id">The person's id.</param>
/// <param name="Name">Full name.</param>
/// <param name="Relation">Relation to the child.</param>
/// <param name="Phone">Mobile number.</param>
public sealed record PickupPersonSummary(Guid Id, string Name, string Relation, string Phone);

/// <summary>A standing weekly rule.</summary>
/// <param name="Weekday">Monday–Friday.</param>
/// <param name="Method">PickedUp, WentHomeAlone, Bus or Activity.</param>
/// <param name="Time">Local time the child leaves SFO, e.g. "15:30".</param>
/// <param name="AuthorizedPersonId">For PickedUp (required): an authorized pickup person of the child, valid when the rule starts. Not for other methods.</param>
/// <param name="Note">At most 200 characters, e.g. "Fotballtrening".</param>
/// <param name="ValidFrom">First day the rule holds; leave out for "from now".</param>
/// <param name="ValidUntil">Last day the rule holds; on or after <paramref name="ValidFrom"/>; leave out for "until deleted".</param>
public sealed record PickupRuleRequest(
    [property: Required(ErrorMessage = "Ukedag må velges."), EnumDataType(typeof(DayOfWeek), ErrorMessage = PickupTexts.UnknownWeekday)] DayOfWeek? Weekday,
    [property: Required(ErrorMessage = "Måten barnet drar på må velges."), EnumDataType(typeof(DepartureMethod), ErrorMessage = PickupTexts.UnknownMethod)] DepartureMethod? Method,
    [property: Required(ErrorMessage = "Klokkeslett må fylles ut.")] TimeOnly? Time,
    Guid? AuthorizedPersonId = null,
    [property: StringLength(PickupLimits.Note, ErrorMessage = "Merknaden kan ha høyst 200 tegn.")] string? Note = null,
    DateOnly? ValidFrom = null,
    DateOnly? ValidUntil = null);

/// <summary>A standing weekly rule of a child.</summary>
/// <param name="Id">The rule's id.</param>
/// <param name="PupilId">The child.</param>
/// <param name="Weekday">Monday–Friday.</param>
/// <param name="Method">How the child leaves.</param>
/// <param name="Time">Local time.</param>
/// <param name="AuthorizedPerson">Who picks the child up (PickedUp).</param>
/// <param name="Note">Note.</param>
/// <param name="ValidFrom">First day, or null.</param>
/// <param name="ValidUntil">Last day, or null.</param>
/// <param name="CreatedAt">When the rule was made.</param>
/// <param name="UpdatedAt">When it was last changed.</param>
public sealed record PickupRuleResponse(
    Guid Id, Guid PupilId, DayOfWeek Weekday, DepartureMethod Method, TimeOnly Time, PickupPersonSummary? AuthorizedPerson, string? Note,
    DateOnly? ValidFrom, DateOnly? ValidUntil, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A one-off pickup message for one date; it overrides the weekly rule and supersedes an earlier message for that date.</summary>
/// <param name="Date">The day (local date): today or later, at most a year ahead.</param>
/// <param name="Method">PickedUp, WentHomeAlone, Bus or Activity.</param>
/// <param name="Time">Local time the child leaves SFO.</param>
/// <param name="AuthorizedPersonId">For PickedUp: an authorized pickup person valid on the day — or give <paramref name="PickupName"/>.</param>
/// <param name="PickupName">For PickedUp without an authorized person: who comes, at most 200 characters.</param>
/// <param name="Note">At most 200 characters.</param>
public sealed record PickupMessageRequest(
    [property: Required(ErrorMessage = "Dato må fylles ut.")] DateOnly? Date,
    [property: Required(ErrorMessage = "Måten barnet drar på må velges."), EnumDataType(typeof(DepartureMethod), ErrorMessage = PickupTexts.UnknownMethod)] DepartureMethod? Method,
    [property: Required(ErrorMessage = "Klokkeslett må fylles ut.")] TimeOnly? Time,
    Guid? AuthorizedPersonId = null,
    [property: StringLength(PickupLimits.Name, ErrorMessage = "Navnet kan ha høyst 200 tegn.")] string? PickupName = null,
    [property: StringLength(PickupLimits.Note, ErrorMessage = "Merknaden kan ha høyst 200 tegn.")] string? Note = null);

/// <summary>A pickup message with its history status.</summary>
/// <param name="Id">The message's id.</param>
/// <param name="PupilId">The child.</param>
/// <param name="Date">The day it concerns.</param>
/// <param name="Method">How the child leaves.</param>
/// <param name="Time">Local time.</param>
/// <param name="AuthorizedPerson">The authorized person who picks the child up, if one was named.</param>
/// <param name="PickupName">Who picks the child up, as written, when not an authorized person.</param>
/// <param name="Note">Note.</param>
/// <param name="IsLate">Sent for today after the SFO's pickup-message deadline (pushed as urgent to the SFO staff).</param>
/// <param name="Status">Current, Superseded or Withdrawn.</param>
/// <param name="CreatedAt">When it was sent.</param>
/// <param name="SupersededAt">When a newer message for the same day replaced it.</param>
/// <param name="WithdrawnAt">When it was withdrawn.</param>
/// <param name="SentByName">The guardian who sent this version (given and family name).</param>
public sealed record PickupMessageResponse(
    Guid Id, Guid PupilId, DateOnly Date, DepartureMethod Method, TimeOnly Time, PickupPersonSummary? AuthorizedPerson, string? PickupName, string? Note,
    bool IsLate, PickupMessageStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? SupersededAt, DateTimeOffset? WithdrawnAt, string? SentByName);

/// <summary>Filters of a child's pickup messages.</summary>
internal sealed record PickupMessageFilter
{
    /// <summary>Only messages for this day or later (default: today).</summary>
    [FromQuery(Name = "from")]
    public DateOnly? From { get; init; }

    /// <summary>Only messages for this day or earlier.</summary>
    [FromQuery(Name = "to")]
    public DateOnly? To { get; init; }

    /// <summary>Include superseded and withdrawn messages (default: only those that count).</summary>
    [FromQuery(Name = "includeHistory")]
    public bool? IncludeHistory { get; init; }
}

/// <summary>Where a day's plan comes from.</summary>
public enum PickupPlanSource
{
    /// <summary>A pickup message for the day.</summary>
    Message,
    /// <summary>The weekly rule for the weekday.</summary>
    Rule,
}

/// <summary>How a child leaves SFO on one day: the day's pickup message if there is one, else the weekly rule.</summary>
/// <param name="PupilId">The child.</param>
/// <param name="Date">The day.</param>
/// <param name="Source">Message or Rule.</param>
/// <param name="SourceId">The message's or the rule's id.</param>
/// <param name="Method">How the child leaves.</param>
/// <param name="Time">Local time.</param>
/// <param name="PersonName">Who picks the child up: the authorized person's name or the name in the message.</param>
/// <param name="PersonRelation">The authorized person's relation to the child.</param>
/// <param name="PersonPhone">The authorized person's mobile number.</param>
/// <param name="IsLate">A message sent after the SFO's deadline on the day itself.</param>
/// <param name="Note">The message's or the rule's note.</param>
public sealed record PickupPlan(
    Guid PupilId, DateOnly Date, PickupPlanSource Source, Guid SourceId, DepartureMethod Method, TimeOnly Time,
    string? PersonName, string? PersonRelation, string? PersonPhone, bool IsLate, string? Note);

/// <summary>An authorized pickup person valid on a day, for the SFO's lists.</summary>
/// <param name="Id">The person's id.</param>
/// <param name="PupilId">The child.</param>
/// <param name="Name">Full name.</param>
/// <param name="Relation">Relation to the child.</param>
/// <param name="Phone">Mobile number.</param>
/// <param name="ValidUntil">Last day, or null.</param>
public sealed record AuthorizedPickupPersonView(Guid Id, Guid PupilId, string Name, string Relation, string Phone, DateOnly? ValidUntil);

/// <summary>A child's plan for one day, with the deadline for changing it without it being late.</summary>
/// <param name="PupilId">The child.</param>
/// <param name="Date">The day.</param>
/// <param name="Plan">The effective plan, or null when neither a message nor a rule says anything.</param>
/// <param name="MessageDeadline">The SFO's pickup-message deadline (local time); 12:00 for a child not at SFO.</param>
public sealed record PickupDayResponse(Guid PupilId, DateOnly Date, PickupPlan? Plan, TimeOnly MessageDeadline);

/// <summary>The query of the day's plan.</summary>
internal sealed record PickupPlanQuery
{
    /// <summary>The day (default: today, local).</summary>
    [FromQuery(Name = "date")]
    public DateOnly? Date { get; init; }
}
