using System.Globalization;
using System.Text;
using Meldebok.Server.Features.Identity;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Demo;

/// <summary>One person to sign in as in a demo municipality.</summary>
/// <param name="Key">Stable key of the demo role, e.g. "contact-teacher".</param>
/// <param name="Username">The user name: the e-mail of guardians, administrators and the portfolio board, the Feide id of staff.</param>
/// <param name="Name">The person's full name.</param>
/// <param name="Role">The role, in Norwegian, as the person would describe it.</param>
/// <param name="Description">What makes this person worth signing in as, in Norwegian.</param>
/// <param name="ClaimRole">The role claim a sign-in gives (<see cref="Roles"/>).</param>
/// <param name="PersonId">The guardian's, staff member's or administrator's roster id.</param>
/// <param name="MunicipalityId">The demo municipality.</param>
/// <param name="MunicipalityName">The demo municipality's name.</param>
internal sealed record DemoSignIn(
    string Key,
    string Username,
    string Name,
    string Role,
    string Description,
    string ClaimRole,
    Guid PersonId,
    Guid MunicipalityId,
    string MunicipalityName);

/// <summary>
/// The fixed set of demo people to sign in as. The generator marks each with the source id
/// <c>demo-signin-&lt;key&gt;</c>; <see cref="ListAsync"/> finds them in the database and
/// <see cref="EnsureAccountsAsync"/> gives them local accounts.
/// </summary>
internal static class DemoSignIns
{
    public const string SplitHouseholdGuardian = "split-household-guardian";
    public const string GuardianWithoutParentalResponsibility = "guardian-without-parental-responsibility";
    public const string ContactTeacher = "contact-teacher";
    public const string SfoStaff = "sfo-staff";
    public const string Principal = "principal";
    public const string Office = "office";
    public const string MunicipalityAdmin = "municipality-admin";
    public const string PortfolioBoard = "portfolio-board";

    public const string SourcedIdPrefix = "demo-signin-";

    /// <summary>The one password of every demo account (Development only).</summary>
    public const string Password = "Meldebok-demo-2026";

    /// <summary>Said wherever the list is shown.</summary>
    public const string PasswordNote = "Logg inn med brukernavnet under og passordet " + Password + " (det samme for alle demokontoene).";

    private sealed record Spec(string Key, string Role, string ClaimRole, string Description);

    private static readonly Spec[] Specs =
    [
        new(SplitHouseholdGuardian, "Foresatt", Roles.Guardian,
            "Mor til Ella (2A, går på SFO) og Magnus (5A). Foreldrene bor hver for seg; begge har foreldreansvar, Kari har den daglige omsorgen."),
        new(GuardianWithoutParentalResponsibility, "Foresatt uten foreldreansvar", Roles.Guardian,
            "Far til Sofie (4A). Har rett til informasjon, men ikke foreldreansvar."),
        new(ContactTeacher, "Kontaktlærer", Roles.Staff, "Kontaktlærer for 5A, klassen til Magnus."),
        new(SfoStaff, "SFO-ansatt", Roles.Staff, "Jobber på SFO med 1. og 2. trinn, der Ella går."),
        new(Principal, "Rektor", Roles.Staff, "Rektor på skolen til Ella og Magnus."),
        new(Office, "Skolekontor", Roles.Staff, "Ansatt på skolekontoret på skolen til Ella og Magnus."),
        new(MunicipalityAdmin, "Kommuneadministrator", Roles.MunicipalityAdmin, "Administrerer Meldebok for hele kommunen."),
        new(PortfolioBoard, "Porteføljestyre", Roles.PortfolioBoard,
            "Kommunalsjef for oppvekst i porteføljestyret: ser bruksstatistikken og gevinstene for hele kommunen, uten å endre noe."),
    ];

    public static string SourcedIdFor(string key) => SourcedIdPrefix + key;

    private sealed record Found(string SourcedId, string? Username, string GivenName, string FamilyName, Guid PersonId, Guid MunicipalityId);

    /// <summary>
    /// The demo sign-ins present in the database, in the documented order, for one municipality or
    /// (when <paramref name="municipalityId"/> is null) for every demo municipality.
    /// </summary>
    public static async Task<IReadOnlyList<DemoSignIn>> ListAsync(MeldebokDbContext db, Guid? municipalityId, CancellationToken ct)
    {
        var guardians = await db.Guardians.AsNoTracking()
            .Where(g => g.IsActive && g.SourcedId!.StartsWith(SourcedIdPrefix) && (municipalityId == null || g.MunicipalityId == municipalityId))
            .Select(g => new Found(g.SourcedId!, g.Email, g.GivenName, g.FamilyName, g.Id, g.MunicipalityId))
            .ToListAsync(ct);
        var staff = await db.Staff.AsNoTracking()
            .Where(s => s.IsActive && s.SourcedId!.StartsWith(SourcedIdPrefix) && (municipalityId == null || s.MunicipalityId == municipalityId))
            .Select(s => new Found(s.SourcedId!, s.FeideId, s.GivenName, s.FamilyName, s.Id, s.MunicipalityId))
            .ToListAsync(ct);
        var administrators = await db.MunicipalityAdministrators.AsNoTracking()
            .Where(a => a.IsActive && a.SourcedId!.StartsWith(SourcedIdPrefix) && (municipalityId == null || a.MunicipalityId == municipalityId))
            .Select(a => new Found(a.SourcedId!, a.Email, a.GivenName, a.FamilyName, a.Id, a.MunicipalityId))
            .ToListAsync(ct);

        var board = await db.PortfolioBoardMembers.AsNoTracking()
            .Where(a => a.IsActive && a.SourcedId!.StartsWith(SourcedIdPrefix) && (municipalityId == null || a.MunicipalityId == municipalityId))
            .Select(a => new Found(a.SourcedId!, a.Email, a.GivenName, a.FamilyName, a.Id, a.MunicipalityId))
            .ToListAsync(ct);

        var people = guardians.Concat(staff).Concat(administrators).Concat(board).Where(p => p.Username is not null).ToList();
        var municipalityIds = people.Select(p => p.MunicipalityId).Distinct().ToList();
        var municipalityNames = await db.Municipalities.AsNoTracking()
            .Where(m => municipalityIds.Contains(m.Id))
            .ToDictionaryAsync(m => m.Id, m => m.Name, ct);

        return people
            .Select(p => (Person: p, Spec: Specs.SingleOrDefault(s => SourcedIdFor(s.Key) == p.SourcedId)))
            .Where(p => p.Spec is not null)
            .OrderBy(p => municipalityNames[p.Person.MunicipalityId], StringComparer.Ordinal)
            .ThenBy(p => p.Person.MunicipalityId)
            .ThenBy(p => Array.IndexOf(Specs, p.Spec))
            .Select(p => new DemoSignIn(
                p.Spec!.Key, p.Person.Username!, $"{p.Person.GivenName} {p.Person.FamilyName}", p.Spec.Role, p.Spec.Description,
                p.Spec.ClaimRole, p.Person.PersonId, p.Person.MunicipalityId, municipalityNames[p.Person.MunicipalityId]))
            .ToList();
    }

    /// <summary>
    /// Creates a local account with <see cref="Password"/> for every demo sign-in that has none: guardians
    /// are matched by national identity number, staff by Feide id, administrators and the portfolio board by confirmed e-mail.
    /// </summary>
    public static async Task EnsureAccountsAsync(MeldebokDbContext db, UserManager<MeldebokUser> users, TimeProvider time,
        IReadOnlyList<DemoSignIn> signIns, CancellationToken ct)
    {
        var guardianIds = signIns.Where(s => s.ClaimRole == Roles.Guardian).Select(s => s.PersonId).ToList();
        var identityNumbers = await db.Guardians.AsNoTracking()
            .Where(g => guardianIds.Contains(g.Id))
            .ToDictionaryAsync(g => g.Id, g => g.NationalIdentityNumber, ct);
        foreach (var signIn in signIns)
        {
            var account = signIn.ClaimRole switch
            {
                Roles.Guardian => new NewAccount(signIn.Username, signIn.Name, NationalIdentityNumber: identityNumbers[signIn.PersonId]),
                Roles.Staff => new NewAccount(signIn.Username, signIn.Name, FeideId: signIn.Username),
                _ => new NewAccount(signIn.Username, signIn.Name, Email: signIn.Username),
            };
            var (_, errors) = await LocalAccounts.CreateAsync(users, time, account, Password);
            if (errors.Count > 0)
            {
                throw new InvalidOperationException($"The demo account {signIn.Username} could not be created: {string.Join(" ", errors)}");
            }
        }
    }

    /// <summary>The sign-ins as a block of plain text for the console: who, role and user name.</summary>
    public static string ConsoleBlock(IReadOnlyList<DemoSignIn> signIns)
    {
        var text = new StringBuilder();
        foreach (var municipality in signIns.GroupBy(s => s.MunicipalityId))
        {
            var rows = municipality.ToList();
            var nameWidth = Math.Max("Navn".Length, rows.Max(r => r.Name.Length));
            var roleWidth = Math.Max("Rolle".Length, rows.Max(r => r.Role.Length));
            var rule = new string('=', nameWidth + roleWidth + rows.Max(r => r.Username.Length) + 4);
            text.AppendLine(rule)
                .AppendLine(CultureInfo.InvariantCulture, $"Demobrukere i {rows[0].MunicipalityName}")
                .AppendLine(PasswordNote)
                .AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"{"Navn".PadRight(nameWidth)}  {"Rolle".PadRight(roleWidth)}  Brukernavn");
            foreach (var row in rows)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{row.Name.PadRight(nameWidth)}  {row.Role.PadRight(roleWidth)}  {row.Username}");
            }

            text.AppendLine(rule);
        }

        return text.ToString();
    }
}
