using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ResolutionWorkflow.App.Persistence;

/// <summary>
/// Writes the entities a context is tracking as Added with one prepared INSERT per table, reusing
/// the model's table, column and type mappings (converters included), then clears the tracker.
/// For generated data at scale, where SaveChanges' per-row bookkeeping dominates; the rows are
/// the same the projection stages for a command. Runs inside the caller's transaction.
/// </summary>
internal static class BulkInsert
{
    public static long SaveAdded(ResolutionDbContext db)
    {
        db.ChangeTracker.DetectChanges();
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var sql = db.GetService<ISqlGenerationHelper>();
        long written = 0;
        foreach (var group in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).GroupBy(e => e.Metadata))
        {
            var type = group.Key;
            var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            // A store-generated key (identity) is left to the database.
            var columns = type.GetProperties()
                .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd && p.ClrType == typeof(long)))
                .Select(p => (Property: p, Column: p.GetColumnName(table)!, Mapping: (RelationalTypeMapping)p.GetRelationalTypeMapping()))
                .ToList();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Column)))}) " +
                $"VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";
            // Parameters made once by the type mappings (which set provider types), their values set per row.
            var parameters = columns.Select((c, i) =>
            {
                var parameter = c.Mapping.CreateParameter(command, "@p" + i, null, c.Property.IsNullable);
                command.Parameters.Add(parameter);
                return parameter;
            }).ToList();
            foreach (var entry in group)
            {
                for (var i = 0; i < columns.Count; i++)
                {
                    var (property, _, mapping) = columns[i];
                    var value = entry.CurrentValues[property];
                    parameters[i].Value = value is null ? DBNull.Value : mapping.Converter?.ConvertToProvider(value) ?? value;
                }
                command.ExecuteNonQuery();
                written++;
            }
        }
        db.ChangeTracker.Clear();
        return written;
    }
}
