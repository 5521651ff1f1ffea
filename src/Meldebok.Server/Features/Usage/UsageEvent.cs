namespace Meldebok.Server.Features.Usage;

/// <summary>
/// One action in the product, as the usage statistics see it: what was done (<see cref="Action"/>), through which
/// channel, in which role, where and on which local day — and by whom only as a pseudonymous key. Never a name, an id
/// or a text: the statistics must not become a second register of people.
/// Written in the same transaction as the action it counts, so a rolled-back action leaves no usage.
/// </summary>
internal sealed class UsageEvent
{
    public long Id { get; init; }
    public Guid MunicipalityId { get; init; }
    /// <summary>The school the action concerns; empty for municipality-level actions (a guardian's or administrator's sign-in).</summary>
    public Guid? SchoolId { get; init; }
    /// <summary>From <see cref="UsageActions"/>, e.g. <c>absence.reported</c>.</summary>
    public required string Action { get; init; }
    /// <summary>From <see cref="UsageChannels"/>, e.g. <c>digital</c>, <c>phone</c>, <c>idporten</c>.</summary>
    public required string Channel { get; init; }
    /// <summary>From <see cref="UsageRoles"/>, e.g. <c>guardian</c>, <c>contact-teacher</c>.</summary>
    public required string Role { get; init; }
    /// <summary>The local date in the municipality's time zone when the action happened.</summary>
    public DateOnly Day { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    /// <summary>HMAC-SHA256 of the roster person id under <c>Usage:PseudonymKey</c> (see <see cref="UsagePseudonyms"/>).</summary>
    public required byte[] ActorKey { get; init; }
}

/// <summary>Daily figures per municipality, school, action, channel and role; replaced as a whole when a day is aggregated again.</summary>
internal sealed class UsageDaily
{
    public long Id { get; init; }
    public Guid MunicipalityId { get; init; }
    public Guid? SchoolId { get; init; }
    public DateOnly Day { get; init; }
    public required string Action { get; init; }
    public required string Channel { get; init; }
    public required string Role { get; init; }
    /// <summary>How many times the action happened.</summary>
    public int Events { get; init; }
    /// <summary>How many different people did it that day.</summary>
    public int Actors { get; init; }
}

/// <summary>
/// The days of a calendar month on which a pseudonymous key did anything at a school (or, for municipality-level actions
/// such as a guardian's sign-in, in the municipality) in a role: one row per key, month, school and role, the days as bits.
/// The basis of distinct counts over days, weeks, months and any range, which cannot be sums of daily distinct counts
/// (a guardian active on Monday and Tuesday is one active guardian that week): a key counts for a range when its row of a
/// month the range touches has a bit of one of the range's days (SQL function <c>usage_days_mask</c>).
/// </summary>
internal sealed class UsageActorMonth
{
    public Guid MunicipalityId { get; init; }
    public Guid? SchoolId { get; init; }
    /// <summary>The first day of the month.</summary>
    public DateOnly Month { get; init; }
    public required string Role { get; init; }
    public required byte[] ActorKey { get; init; }
    /// <summary>Bit <c>d - 1</c> is set when the key was active on day <c>d</c> of the month.</summary>
    public int Days { get; init; }
}

/// <summary>
/// The first day a pseudonymous key signed in, per municipality and role: "has signed in at least once by" (the activation
/// rate) without searching every month's actor rows for the key. Kept by the aggregation from the same events as
/// <see cref="UsageActorMonth"/>: each run lowers a key's first day to the earliest sign-in of the range it aggregated.
/// Events are never changed or deleted, so that is the earliest aggregated sign-in of the key.
/// </summary>
internal sealed class UsageFirstSignIn
{
    public Guid MunicipalityId { get; init; }
    public required string Role { get; init; }
    public required byte[] ActorKey { get; init; }
    public DateOnly FirstDay { get; init; }
}

/// <summary>How far the nightly job has aggregated a municipality; it continues from the day after, so missed nights are caught up.</summary>
internal sealed class UsageAggregationState
{
    public Guid MunicipalityId { get; init; }
    public DateOnly AggregatedThrough { get; set; }
    /// <summary>
    /// The events of days before this were deleted by retention (Retention:UsageEventsDays); those days' figures are final
    /// and are never aggregated again, which would replace them with figures from no events.
    /// </summary>
    public DateOnly? EventsDeletedBefore { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// The action vocabulary. The actions of features still to come are named here already, so that the metrics that will
/// read them are defined now and the features plug in with one <see cref="UsageRecorder"/> call per action.
/// </summary>
internal static class UsageActions
{
    /// <summary>A guardian reported absence in Meldebok.</summary>
    public const string AbsenceReported = "absence.reported";
    /// <summary>Staff logged an absence that reached them by a legacy channel (phone, paper book, …).</summary>
    public const string AbsenceLoggedLegacy = "absence.logged-legacy";
    /// <summary>Staff acknowledged an absence notice.</summary>
    public const string AbsenceAcknowledged = "absence.acknowledged";
    public const string LeaveApplied = "leave.applied";
    public const string LeaveDecided = "leave.decided";
    public const string LeaveWithdrawn = "leave.withdrawn";
    /// <summary>A person signed in (once per sign-in; a token refresh is not one).</summary>
    public const string SignIn = "signin";

    // Still to come (messages, consents, the SFO day): the names the features will record.
    public const string MessageSent = "message.sent";
    public const string MessageRead = "message.read";
    public const string ConsentRequested = "consent.requested";
    public const string ConsentAnswered = "consent.answered";
    public const string SfoCheckIn = "sfo.check-in";
    public const string SfoCheckOut = "sfo.check-out";
    public const string PickupMessageSent = "pickup.message-sent";
}

/// <summary>The channel vocabulary.</summary>
internal static class UsageChannels
{
    public const string Digital = "digital";
    public const string Phone = "phone";
    public const string PaperBook = "paper-book";
    public const string Email = "email";
    public const string SmsPrivatePhone = "sms-private-phone";
    public const string SmsOffice = "sms-office";
    public const string OfficeNote = "office-note";
    /// <summary>Sign-in channels.</summary>
    public const string Local = "local";
    public const string IdPorten = "idporten";
    public const string Feide = "feide";
    /// <summary>An SFO check-out that followed the day's digital pickup plan (the guardians' pickup message or weekly rule); other check-outs are <see cref="Digital"/>.</summary>
    public const string PickupPlan = "pickup-plan";

    /// <summary>The legacy channels an absence can arrive by, in the order the metrics list them.</summary>
    public static readonly IReadOnlyList<string> Legacy = [Phone, PaperBook, Email, SmsPrivatePhone, SmsOffice, OfficeNote];
}

/// <summary>The role vocabulary.</summary>
internal static class UsageRoles
{
    public const string Guardian = "guardian";
    public const string Teacher = "teacher";
    public const string ContactTeacher = "contact-teacher";
    public const string Office = "office";
    public const string Principal = "principal";
    public const string SfoStaff = "sfo-staff";
    public const string SfoLeader = "sfo-leader";
    public const string Administrator = "administrator";
    /// <summary>A member of the municipality's portfolio board (no school).</summary>
    public const string PortfolioBoard = "portfolio-board";

    /// <summary>The roles in the order the metrics split by role list them.</summary>
    public static readonly IReadOnlyList<string> Ordered = [Guardian, ContactTeacher, Teacher, Office, Principal, SfoLeader, SfoStaff, Administrator, PortfolioBoard];
}
