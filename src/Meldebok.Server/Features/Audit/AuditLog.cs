using System.Security.Claims;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;

namespace Meldebok.Server.Features.Audit;

/// <summary>What an audit entry is about.</summary>
/// <param name="MunicipalityId">The municipality the object belongs to.</param>
/// <param name="ObjectType">One of <see cref="AuditObjects"/>.</param>
/// <param name="ObjectId">The object's id.</param>
/// <param name="PupilId">The pupil concerned, if any.</param>
/// <param name="PersonId">The guardian or other person concerned, if any.</param>
internal sealed record AuditSubject(Guid MunicipalityId, string ObjectType, Guid ObjectId, Guid? PupilId = null, Guid? PersonId = null);

/// <summary>Writes audit entries for the current request's actor.</summary>
internal sealed class AuditLog(MeldebokDbContext db, TimeProvider time, IHttpContextAccessor http)
{
    /// <summary>Adds an entry to the unit of work; it is stored with the caller's next SaveChanges, in the same transaction.</summary>
    public void Add(string action, AuditSubject subject, string? actorRole = null)
    {
        var context = http.HttpContext;
        var user = context?.User;
        db.Set<AuditEntry>().Add(new AuditEntry
        {
            OccurredAt = time.GetUtcNow(),
            ActorAccountId = user?.AccountId(),
            ActorRole = actorRole ?? RoleOf(user),
            MunicipalityId = subject.MunicipalityId,
            Action = action,
            ObjectType = subject.ObjectType,
            ObjectId = subject.ObjectId,
            SubjectPupilId = subject.PupilId,
            SubjectPersonId = subject.PersonId,
            ClientIp = context?.Connection.RemoteIpAddress?.ToString(),
        });
    }

    /// <summary>Adds an entry and stores it at once.</summary>
    public async Task WriteAsync(string action, AuditSubject subject, CancellationToken ct, string? actorRole = null)
    {
        Add(action, subject, actorRole);
        await db.SaveChangesAsync(ct);
    }

    private static string RoleOf(ClaimsPrincipal? user) =>
        new[] { Roles.MunicipalityAdmin, Roles.Integration, Roles.Staff, Roles.Guardian, Roles.PlatformOperator }
            .FirstOrDefault(role => user?.IsInRole(role) == true) ?? "unknown";
}
