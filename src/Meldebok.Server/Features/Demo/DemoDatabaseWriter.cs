using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;

namespace Meldebok.Server.Features.Demo;

/// <summary>
/// Writes a generated municipality in one transaction: the municipality row through EF Core (its
/// settings are EF Core's JSON), every other row by PostgreSQL's binary COPY, which loads tens of
/// thousands of rows a second. Tables, columns, types and enum conversions are read from the EF
/// Core model, so the COPY follows the schema as the migrations define it.
/// </summary>
internal static class DemoDatabaseWriter
{
    public static async Task WriteAsync(MeldebokDbContext db, DemoMunicipality data, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Municipalities.Add(data.Municipality);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        // Parents before children, as the foreign keys require.
        await CopyAsync(db, connection, data.Schools, ct);
        await CopyAsync(db, connection, data.SfoUnits, ct);
        await CopyAsync(db, connection, data.Groups, ct);
        await CopyAsync(db, connection, data.Pupils, ct);
        await CopyAsync(db, connection, data.GroupMemberships, ct);
        await CopyAsync(db, connection, data.Guardians, ct);
        await CopyAsync(db, connection, data.GuardianLinks, ct);
        await CopyAsync(db, connection, data.Staff, ct);
        await CopyAsync(db, connection, data.StaffAssignments, ct);
        await CopyAsync(db, connection, data.StaffAssignmentGroups, ct);
        await CopyAsync(db, connection, data.Administrators, ct);
        await transaction.CommitAsync(ct);
    }

    private static async Task CopyAsync<T>(MeldebokDbContext db, NpgsqlConnection connection, IReadOnlyCollection<T> rows, CancellationToken ct)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entityType = db.Model.FindEntityType(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not part of the model.");
        var columns = entityType.GetProperties().Select(p => new CopyColumn(p)).ToArray();
        var table = entityType.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(entityType.GetTableName()!)}" : Quote(entityType.GetTableName()!);
        var copy = $"COPY {table} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";

        await using var importer = await connection.BeginBinaryImportAsync(copy, ct);
        // The synchronous writes fill a buffer and only now and then send it; seeding runs once per
        // process, and cold, the asynchronous ones cost several times the CPU.
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            importer.StartRow();
            foreach (var column in columns)
            {
                if (column.ValueOf(row) is { } value)
                {
                    importer.Write(value, column.DataTypeName);
                }
                else
                {
                    importer.WriteNull();
                }
            }
        }

        await importer.CompleteAsync(ct);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>One column of a table: its name, its PostgreSQL type and how to read it from an entity.</summary>
    private sealed class CopyColumn(IProperty property)
    {
        private readonly IClrPropertyGetter _getter = property.GetGetter();
        private readonly ValueConverter? _converter = property.GetTypeMapping().Converter;

        public string Name { get; } = property.GetColumnName();

        /// <summary>"character varying(100)" is written as "character varying": the length is the column's business.</summary>
        public string DataTypeName { get; } = property.GetColumnType() is var type && type.IndexOf('(', StringComparison.Ordinal) is var open and >= 0
            ? type[..open].TrimEnd()
            : property.GetColumnType();

        public object? ValueOf(object entity)
        {
            var value = _getter.GetClrValueUsingContainingEntity(entity);
            return _converter is null ? value : _converter.ConvertToProvider(value);
        }
    }
}
