using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace Meldebok.Bench;

/// <summary>A benchmark guardian: the account to sign in with and the child it reports for.</summary>
internal sealed record BenchGuardian(string UserName, Guid PupilId);

/// <summary>The people of a seeded municipality the benchmark acts as, with local accounts made for them.</summary>
internal sealed record BenchWorld(IReadOnlyList<BenchGuardian> Guardians, IReadOnlyList<string> StaffUserNames)
{
    private const string UserPrefix = "bench-";

    /// <summary>SQL for the municipality with the most active pupils (the seeded Trondheim-sized one).</summary>
    public const string LargestMunicipality =
        "SELECT municipality_id FROM pupils WHERE is_active GROUP BY municipality_id ORDER BY count(*) DESC LIMIT 1";

    /// <summary>
    /// Picks guardians with parental responsibility for a pupil without a protected address in the largest
    /// municipality (one pupil each), and the staff whose inboxes receive their notices: the office of each of
    /// those schools and the contact teachers of the pupils' classes. Gives each a local account (matched to the
    /// roster by national identity number or Feide id, as a real sign-in is), unless it has one.
    /// </summary>
    public static async Task<BenchWorld> PrepareAsync(NpgsqlDataSource db, int guardianCount, int maxStaff)
    {
        var guardians = new List<(Guid GuardianId, string Nin, Guid PupilId)>();
        await using (var command = db.CreateCommand($"""
            WITH municipality AS ({LargestMunicipality})
            SELECT DISTINCT ON (g.id) g.id, g.national_identity_number, p.id
            FROM guardians g
            JOIN guardian_links l ON l.guardian_id = g.id AND l.is_active AND l.parental_responsibility AND NOT l.blocked
            JOIN pupils p ON p.id = l.pupil_id AND p.is_active AND p.protected_address = 'None'
            WHERE g.is_active AND g.national_identity_number IS NOT NULL
              AND g.municipality_id = (SELECT municipality_id FROM municipality)
            ORDER BY g.id, p.id
            LIMIT $1
            """))
        {
            command.Parameters.AddWithValue(guardianCount);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                guardians.Add((reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2)));
            }
        }

        if (guardians.Count < guardianCount)
        {
            throw new InvalidOperationException($"The database has {guardians.Count} suitable guardians, fewer than {guardianCount}: seed a Trondheim-sized municipality first.");
        }

        var pupilIds = guardians.Select(g => g.PupilId).Distinct().ToArray();
        var staff = new List<(Guid StaffId, string FeideId)>();
        await using (var command = db.CreateCommand("""
            SELECT s.id, s.feide_id FROM (
                SELECT DISTINCT ON (s.id) s.id, s.feide_id, a.role
                FROM staff s
                JOIN staff_assignments a ON a.staff_id = s.id AND a.is_active
                LEFT JOIN staff_assignment_groups ag ON ag.staff_assignment_id = a.id
                LEFT JOIN group_memberships m ON m.group_id = ag.group_id
                WHERE s.is_active AND s.feide_id IS NOT NULL
                  AND ((a.role = 'Office' AND a.school_id IN (SELECT school_id FROM pupils WHERE id = ANY($1)))
                    OR (a.role = 'ContactTeacher' AND m.pupil_id = ANY($1)))
                ORDER BY s.id) s
            ORDER BY s.role = 'Office' DESC, s.id
            LIMIT $2
            """))
        {
            command.Parameters.AddWithValue(pupilIds);
            command.Parameters.AddWithValue(maxStaff);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                staff.Add((reader.GetGuid(0), reader.GetString(1)));
            }
        }

        await EnsureAccountsAsync(db, [.. guardians.Select(g => (g.GuardianId, g.Nin))], staff);
        return new BenchWorld(
            [.. guardians.Select(g => new BenchGuardian(GuardianUserName(g.GuardianId), g.PupilId))],
            [.. staff.Select(s => StaffUserName(s.StaffId))]);
    }

    /// <summary>The benchmark account of a guardian record.</summary>
    public static string GuardianUserName(Guid guardianId) => $"{UserPrefix}{guardianId:N}@bench.example";

    /// <summary>The benchmark account of a staff record.</summary>
    public static string StaffUserName(Guid staffId) => $"{UserPrefix}{staffId:N}@bench.example";

    /// <summary>
    /// Gives each guardian (by national identity number) and staff member (by Feide id) a local account with the
    /// benchmark password, matched to the roster as a real sign-in is, unless it has one.
    /// </summary>
    public static async Task EnsureAccountsAsync(
        NpgsqlDataSource db, IReadOnlyCollection<(Guid GuardianId, string Nin)> guardians, IReadOnlyCollection<(Guid StaffId, string FeideId)> staff)
    {
        var hash = new PasswordHasher<object>().HashPassword(new object(), BenchOptions.Password);
        await using var batch = db.CreateBatch();
        foreach (var (guardianId, nin) in guardians)
        {
            batch.BatchCommands.Add(InsertAccount(GuardianUserName(guardianId), hash, nin, feideId: null));
        }
        foreach (var (staffId, feideId) in staff)
        {
            batch.BatchCommands.Add(InsertAccount(StaffUserName(staffId), hash, nin: null, feideId));
        }
        await batch.ExecuteNonQueryAsync();
    }

    /// <summary>Inserts a local account unless one with the user name exists.</summary>
    public static NpgsqlBatchCommand InsertAccount(string userName, string passwordHash, string? nin, string? feideId)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO users (id, user_name, normalized_user_name, email_confirmed, password_hash, security_stamp,
                               concurrency_stamp, phone_number_confirmed, two_factor_enabled, lockout_enabled,
                               access_failed_count, display_name, national_identity_number, feide_id,
                               is_platform_operator, created_at)
            SELECT gen_random_uuid(), $1, upper($1), false, $2, gen_random_uuid()::text, gen_random_uuid()::text,
                   false, false, true, 0, 'Benchmark', $3, $4, false, now()
            WHERE NOT EXISTS (SELECT 1 FROM users WHERE normalized_user_name = upper($1))
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = userName });
        command.Parameters.Add(new NpgsqlParameter { Value = passwordHash });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)nin ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)feideId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        return command;
    }

    /// <summary>
    /// A local account for an administrator of the largest municipality (matched by Feide id, as a real sign-in is); an
    /// administrator without a Feide id gets a benchmark one.
    /// </summary>
    public static async Task<string> AdministratorAccountAsync(NpgsqlDataSource db)
    {
        const string feideId = "bench-administrator@bench.example";
        await using (var command = db.CreateCommand($"""
            WITH municipality AS ({LargestMunicipality})
            UPDATE municipality_administrators SET feide_id = $1
            WHERE id = (SELECT id FROM municipality_administrators
                        WHERE is_active AND municipality_id = (SELECT municipality_id FROM municipality) ORDER BY id LIMIT 1)
              AND NOT EXISTS (SELECT 1 FROM municipality_administrators WHERE feide_id = $1)
            """))
        {
            command.Parameters.AddWithValue(feideId);
            await command.ExecuteNonQueryAsync();
        }

        var hash = new PasswordHasher<object>().HashPassword(new object(), BenchOptions.Password);
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(InsertAccount(feideId, hash, nin: null, feideId));
        await batch.ExecuteNonQueryAsync();
        return feideId;
    }
}
