using Npgsql;

namespace Meldebok.Bench;

/// <summary>A child of the afternoon rush: its SFO unit and the guardian (with parental responsibility) told when it leaves.</summary>
internal sealed record SfoChild(Guid PupilId, Guid UnitId, Guid GuardianId);

/// <summary>
/// The SFO afternoon of a seeded municipality: one big unit whose board is watched, children with a place today across
/// the municipality's units, a staff member per unit who checks children in and out, and the staff on the big unit's boards.
/// </summary>
internal sealed record SfoWorld(
    Guid BoardUnitId, IReadOnlyList<SfoChild> Children, IReadOnlyDictionary<Guid, Guid> DeskStaffByUnit, IReadOnlyList<Guid> BoardStaff,
    IReadOnlyDictionary<Guid, string> GuardianNins, IReadOnlyDictionary<Guid, string> StaffFeideIds)
{
    /// <summary>
    /// Picks the SFO unit of the school with the most pupils and <paramref name="unitChildren"/> of its pupils (members of
    /// its SFO groups first), then children of every other unit's school, a few per unit in turn, up to
    /// <paramref name="totalChildren"/>; each has a guardian with parental responsibility and no protected address.
    /// Gives every chosen child a place at its unit on every weekday from <paramref name="today"/> (an existing place
    /// that runs today is widened to every weekday), deletes their check-ins and check-outs of earlier runs on that day, and
    /// gives the guardians and staff local accounts.
    /// </summary>
    public static async Task<SfoWorld> PrepareAsync(NpgsqlDataSource db, int unitChildren, int totalChildren, DateOnly today)
    {
        var candidates = new List<(Guid PupilId, Guid UnitId, Guid GuardianId, string Nin, long Rank)>();
        Guid boardUnit;
        await using (var command = db.CreateCommand($"""
            WITH municipality AS ({BenchWorld.LargestMunicipality}),
            units AS (
                SELECT DISTINCT ON (u.school_id) u.id AS unit_id, u.school_id
                FROM sfo_units u
                WHERE u.is_active AND u.municipality_id = (SELECT municipality_id FROM municipality)
                ORDER BY u.school_id, u.id),
            candidates AS (
                SELECT DISTINCT ON (p.id) p.id AS pupil_id, un.unit_id, g.id AS guardian_id, g.national_identity_number AS nin,
                       EXISTS (SELECT 1 FROM group_memberships gm JOIN groups gr ON gr.id = gm.group_id
                               WHERE gm.pupil_id = p.id AND gr.sfo_unit_id = un.unit_id) AS in_sfo_group
                FROM units un
                JOIN pupils p ON p.school_id = un.school_id AND p.is_active AND p.protected_address = 'None'
                JOIN guardian_links l ON l.pupil_id = p.id AND l.is_active AND l.parental_responsibility AND NOT l.blocked
                JOIN guardians g ON g.id = l.guardian_id AND g.is_active AND g.national_identity_number IS NOT NULL
                ORDER BY p.id, g.id),
            ranked AS (
                SELECT c.*, row_number() OVER (PARTITION BY c.unit_id ORDER BY c.in_sfo_group DESC, c.pupil_id) AS rank,
                       count(*) OVER (PARTITION BY c.unit_id) AS unit_size
                FROM candidates c)
            SELECT pupil_id, unit_id, guardian_id, nin, rank, unit_size FROM ranked
            WHERE rank <= $1
            ORDER BY unit_size DESC, unit_id, rank
            """))
        {
            command.Parameters.AddWithValue((long)unitChildren);
            await using var reader = await command.ExecuteReaderAsync();
            var first = Guid.Empty;
            while (await reader.ReadAsync())
            {
                first = first == Guid.Empty ? reader.GetGuid(1) : first;
                candidates.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3), reader.GetInt64(4)));
            }

            boardUnit = first;
        }

        var atBoardUnit = candidates.Where(c => c.UnitId == boardUnit).ToList();
        if (atBoardUnit.Count < unitChildren)
        {
            throw new InvalidOperationException($"The largest school has {atBoardUnit.Count} suitable pupils, fewer than {unitChildren}: seed a Trondheim-sized municipality first.");
        }

        // The rest of the municipality: a few children of every other unit in turn, so the check-outs spread over all units.
        var chosen = atBoardUnit
            .Concat(candidates.Where(c => c.UnitId != boardUnit).OrderBy(c => c.Rank).ThenBy(c => c.UnitId).Take(Math.Max(0, totalChildren - unitChildren)))
            .ToList();
        if (chosen.Count < totalChildren)
        {
            throw new InvalidOperationException($"The municipality has {chosen.Count} suitable SFO children, fewer than {totalChildren}.");
        }

        var units = chosen.Select(c => c.UnitId).Distinct().ToArray();
        var staffByUnit = new Dictionary<Guid, List<(Guid StaffId, string FeideId)>>();
        await using (var command = db.CreateCommand("""
            SELECT DISTINCT ON (un.id, s.id) un.id, s.id, s.feide_id, a.role IN ('SfoStaff', 'SfoLeader') AS sfo
            FROM sfo_units un
            JOIN staff_assignments a ON a.school_id = un.school_id AND a.is_active
            JOIN staff s ON s.id = a.staff_id AND s.is_active AND s.feide_id IS NOT NULL
            WHERE un.id = ANY($1) AND (a.role IN ('Office', 'Principal') OR (a.role IN ('SfoStaff', 'SfoLeader') AND EXISTS (
                SELECT 1 FROM staff_assignment_groups ag JOIN groups g ON g.id = ag.group_id
                WHERE ag.staff_assignment_id = a.id AND g.is_active AND g.sfo_unit_id = un.id)))
            ORDER BY un.id, s.id, sfo DESC
            """))
        {
            command.Parameters.AddWithValue(units);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var unit = reader.GetGuid(0);
                if (!staffByUnit.TryGetValue(unit, out var list))
                {
                    staffByUnit[unit] = list = [];
                }

                // SFO staff first: they work the board; the office and the principal may too.
                list.Insert(reader.GetBoolean(3) ? 0 : list.Count, (reader.GetGuid(1), reader.GetString(2)));
            }
        }

        if (units.FirstOrDefault(u => !staffByUnit.ContainsKey(u)) is var lacking && lacking != Guid.Empty)
        {
            throw new InvalidOperationException($"SFO unit {lacking} has no staff member with a Feide id who works its board.");
        }

        await using (var batch = db.CreateBatch())
        {
            var widen = new NpgsqlBatchCommand("""
                UPDATE sfo_enrolments e SET weekdays = 31, updated_at = now()
                FROM unnest($1::uuid[], $2::uuid[]) AS x(pupil_id, unit_id)
                WHERE e.pupil_id = x.pupil_id AND e.sfo_unit_id = x.unit_id AND e.start_date <= $3 AND (e.end_date IS NULL OR e.end_date >= $3)
                """);
            var insert = new NpgsqlBatchCommand("""
                INSERT INTO sfo_enrolments (id, municipality_id, sfo_unit_id, pupil_id, weekdays, place_percentage, start_date, end_date, created_at, updated_at)
                SELECT gen_random_uuid(), u.municipality_id, u.id, x.pupil_id, 31, 100, $3, NULL, now(), now()
                FROM unnest($1::uuid[], $2::uuid[]) AS x(pupil_id, unit_id)
                JOIN sfo_units u ON u.id = x.unit_id
                WHERE NOT EXISTS (SELECT 1 FROM sfo_enrolments e WHERE e.pupil_id = x.pupil_id AND e.sfo_unit_id = x.unit_id
                                  AND e.start_date <= $3 AND (e.end_date IS NULL OR e.end_date >= $3))
                """);
            // Each run is one afternoon: the check-ins and check-outs earlier runs left on the day go (runs on the same day used to
            // pile them up, two more per child a run, and every board read carried them all).
            var clear = new NpgsqlBatchCommand("""
                DELETE FROM sfo_attendances a
                USING unnest($1::uuid[], $2::uuid[]) AS x(pupil_id, unit_id)
                WHERE a.pupil_id = x.pupil_id AND a.sfo_unit_id = x.unit_id AND a.date = $3
                """);
            // The weeks before: a real unit has months of afternoons behind it, and PostgreSQL plans the board's and the
            // check-out's statements with statistics of those. The eight weeks before today are made one afternoon a weekday
            // per child (checked in at 13:00, gone home alone at 15:30), whatever earlier runs left on them, and analysed.
            var history = new NpgsqlBatchCommand("""
                WITH children AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $4::uuid[]) AS x(pupil_id, unit_id, staff_id)),
                cleared AS (
                    DELETE FROM sfo_attendances a USING children c
                    WHERE a.pupil_id = c.pupil_id AND a.date >= $3::date - 56 AND a.date < $3::date
                )
                INSERT INTO sfo_attendances (id, municipality_id, sfo_unit_id, pupil_id, staff_id, date, kind, method, occurred_at)
                SELECT gen_random_uuid(), u.municipality_id, c.unit_id, c.pupil_id, c.staff_id, d.day, k.kind,
                       CASE WHEN k.kind = 'CheckOut' THEN 'WentHomeAlone' END, (d.day + k.at) AT TIME ZONE 'Europe/Oslo'
                FROM children c
                JOIN sfo_units u ON u.id = c.unit_id
                CROSS JOIN (SELECT g::date AS day FROM generate_series($3::date - 56, $3::date - 1, interval '1 day') g) d
                CROSS JOIN (VALUES ('CheckIn', time '13:00'), ('CheckOut', time '15:30')) k(kind, at)
                WHERE extract(isodow FROM d.day) < 6
                """);
            foreach (var command in new[] { clear, widen, insert, history })
            {
                command.Parameters.Add(new NpgsqlParameter { Value = chosen.Select(c => c.PupilId).ToArray() });
                command.Parameters.Add(new NpgsqlParameter { Value = chosen.Select(c => c.UnitId).ToArray() });
                command.Parameters.Add(new NpgsqlParameter { Value = today });
                batch.BatchCommands.Add(command);
            }

            history.Parameters.Add(new NpgsqlParameter { Value = chosen.Select(c => staffByUnit[c.UnitId][0].StaffId).ToArray() });
            batch.BatchCommands.Add(new NpgsqlBatchCommand("ANALYZE sfo_attendances"));
            await batch.ExecuteNonQueryAsync();
        }

        var guardianNins = chosen.GroupBy(c => c.GuardianId).ToDictionary(g => g.Key, g => g.First().Nin);
        var staff = staffByUnit.Values.SelectMany(l => l).DistinctBy(s => s.StaffId).ToDictionary(s => s.StaffId, s => s.FeideId);
        await BenchWorld.EnsureAccountsAsync(db, [.. guardianNins.Select(g => (g.Key, g.Value))], [.. staff.Select(s => (s.Key, s.Value))]);
        return new SfoWorld(
            boardUnit,
            [.. chosen.Select(c => new SfoChild(c.PupilId, c.UnitId, c.GuardianId))],
            staffByUnit.ToDictionary(u => u.Key, u => u.Value[0].StaffId),
            [.. staffByUnit[boardUnit].Select(s => s.StaffId)],
            guardianNins,
            staff);
    }
}
