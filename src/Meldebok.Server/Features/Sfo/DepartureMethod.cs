namespace Meldebok.Server.Features.Sfo;

/// <summary>
/// How a child leaves SFO: the vocabulary shared by pickup rules, pickup messages and check-out,
/// so that a check-out can be compared with the day's plan.
/// </summary>
public enum DepartureMethod
{
    /// <summary>Picked up by a guardian or an authorized pickup person.</summary>
    PickedUp,
    /// <summary>Goes home alone (går hjem selv).</summary>
    WentHomeAlone,
    /// <summary>Takes the bus (buss/skoleskyss).</summary>
    Bus,
    /// <summary>Goes to an activity (e.g. football practice, music school).</summary>
    Activity,
}
