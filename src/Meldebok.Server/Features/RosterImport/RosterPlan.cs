using System.Security.Cryptography;
using System.Text;
using Meldebok.Server.Features.Roster;

namespace Meldebok.Server.Features.RosterImport;

/// <summary>The municipality's roster as it is stored, loaded once per import (one query per table).</summary>
internal sealed class RosterSnapshot
{
    public required List<School> Schools { get; init; }
    public required List<SfoUnit> SfoUnits { get; init; }
    public required List<Group> Groups { get; init; }
    public required List<Pupil> Pupils { get; init; }
    public required List<Guardian> Guardians { get; init; }
    public required List<GuardianLink> GuardianLinks { get; init; }
    public required List<Staff> Staff { get; init; }
    public required List<StaffAssignment> StaffAssignments { get; init; }
    public required List<GroupMembership> GroupMemberships { get; init; }
    public required List<StaffAssignmentGroup> StaffAssignmentGroups { get; init; }
    /// <summary>Feide ids of the upload that staff of another municipality already have.</summary>
    public required HashSet<string> FeideIdsOfOtherMunicipalities { get; init; }
}

/// <summary>The records of one type that an import creates, changes and deactivates.</summary>
internal sealed class EntityChanges<T> where T : RosterEntity
{
    public List<T> Created { get; } = [];
    public List<T> Updated { get; } = [];
    public List<T> Deactivated { get; } = [];
    public int Unchanged { get; set; }

    public RosterRecordCounts Counts => new(Created.Count, Updated.Count, Deactivated.Count, Unchanged);
}

/// <summary>The relations of one type that an import adds and removes.</summary>
internal sealed class RelationChanges<T>
{
    public List<T> Added { get; } = [];
    public List<T> Removed { get; } = [];
    public int Unchanged { get; set; }

    public RosterRelationCounts Counts => new(Added.Count, Removed.Count, Unchanged);
}

/// <summary>Every change an import makes, worked out before anything is written.</summary>
internal sealed class RosterPlan
{
    public EntityChanges<School> Schools { get; } = new();
    public EntityChanges<SfoUnit> SfoUnits { get; } = new();
    public EntityChanges<Group> Groups { get; } = new();
    public EntityChanges<Pupil> Pupils { get; } = new();
    public EntityChanges<Guardian> Guardians { get; } = new();
    public EntityChanges<GuardianLink> GuardianLinks { get; } = new();
    public EntityChanges<Staff> Staff { get; } = new();
    public EntityChanges<StaffAssignment> StaffAssignments { get; } = new();
    public RelationChanges<GroupMembership> GroupMemberships { get; } = new();
    public RelationChanges<StaffAssignmentGroup> StaffAssignmentGroups { get; } = new();

    public RosterImportResult ToResult(RosterImportMode mode, bool dryRun, IReadOnlyList<RosterImportIssue> warnings) => new(
        mode == RosterImportMode.Full ? "full" : "delta", dryRun,
        Schools.Counts, SfoUnits.Counts, Groups.Counts, Pupils.Counts, Guardians.Counts, GuardianLinks.Counts,
        Staff.Counts, StaffAssignments.Counts, GroupMemberships.Counts, StaffAssignmentGroups.Counts, warnings);

    /// <summary>
    /// A source id for a record OneRoster has no id for (an SFO unit, a guardian link, a staff assignment), made
    /// from the ids it derives from so that the next import finds it again. Hashed when it would be too long.
    /// </summary>
    public static string DerivedSourcedId(string value) =>
        value.Length <= RosterLimits.SourcedId ? value : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}

/// <summary>
/// Brings the stored records of one type in line with the files: a record found (by source id or a fallback key)
/// is updated only when a value differs; one not found is created; and those the files leave out can be deactivated.
/// </summary>
internal sealed class EntitySync<T>(EntityChanges<T> changes, DateTimeOffset now) where T : RosterEntity
{
    private readonly HashSet<Guid> _handled = [];

    /// <summary>
    /// Applies the file's values to the stored record, or to a new one from <paramref name="create"/> when none was
    /// found. <paramref name="apply"/> sets the values and says whether any of them differed from what was stored.
    /// </summary>
    public T Upsert(T? existing, string sourcedId, Func<T> create, Func<T, bool> apply, bool active = true)
    {
        if (existing is null)
        {
            var created = create();
            created.SourcedId = sourcedId;
            apply(created);
            if (active) created.Touch(now);
            else created.Deactivate(now);
            changes.Created.Add(created);
            _handled.Add(created.Id);
            return created;
        }

        if (!_handled.Add(existing.Id))
        {
            return existing;
        }

        var changed = existing.SourcedId != sourcedId;
        existing.SourcedId = sourcedId;
        changed |= apply(existing);
        if (!active && existing.IsActive)
        {
            existing.Deactivate(now);
            changes.Deactivated.Add(existing);
            return existing;
        }

        if (active && !existing.IsActive)
        {
            existing.Activate(now);
            changed = true;
        }
        else if (changed)
        {
            existing.Touch(now);
        }

        if (changed) changes.Updated.Add(existing);
        else changes.Unchanged++;
        return existing;
    }

    public bool Handled(T entity) => _handled.Contains(entity.Id);

    /// <summary>Deactivates a record the files do not keep (full import) or mark tobedeleted (delta).</summary>
    public void Deactivate(T entity)
    {
        if (entity.IsActive && !_handled.Contains(entity.Id))
        {
            entity.Deactivate(now);
            changes.Deactivated.Add(entity);
            _handled.Add(entity.Id);
        }
    }

    /// <summary>Full import: deactivates every imported record (one with a source id) that the files left out.</summary>
    public void DeactivateAbsent(IEnumerable<T> stored)
    {
        foreach (var entity in stored.Where(e => e.SourcedId is not null))
        {
            Deactivate(entity);
        }
    }

    /// <summary>Sets a value when it differs and says whether it did.</summary>
    public static bool Set<TValue>(TValue current, TValue desired, Action<TValue> set)
    {
        if (EqualityComparer<TValue>.Default.Equals(current, desired))
        {
            return false;
        }

        set(desired);
        return true;
    }
}
