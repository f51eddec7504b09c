using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ResolutionWorkflow.App.Persistence;

/// <summary>
/// Writes the entities a context is tracking as Added with one prepared INSERT per table, reusing
/// the model's table, column and type mappings (converters included), and stops tracking them;
/// modified entities stay for SaveChanges (with their concurrency checks). SaveChanges' per-row
/// bookkeeping (batching, reading back generated keys) dominates the command path and generated
/// data at scale, and neither needs what it gives for inserts. Runs inside the caller's transaction.
/// </summary>
internal static class BulkInsert
{
    public static async Task<long> SaveAddedAsync(ResolutionDbContext db, CancellationToken ct)
    {
        db.ChangeTracker.DetectChanges();
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var sql = db.GetService<ISqlGenerationHelper>();
        var counting = SqlCountingInterceptor.Of(db);
        var added = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList();
        foreach (var group in added.GroupBy(e => e.Metadata))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.Transaction = transaction;
                var columns = Prepare(command, group.Key, sql);
                foreach (var entry in group)
                {
                    for (var i = 0; i < columns.Count; i++)
                    {
                        var (property, mapping, parameter) = columns[i];
                        var value = entry.CurrentValues[property];
                        parameter.Value = value is null ? DBNull.Value : mapping.Converter?.ConvertToProvider(value) ?? value;
                    }
                    counting?.Executing(command);
                    await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
            }
        }
        foreach (var entry in added) { entry.State = EntityState.Detached; }
        return added.Count;
    }

    /// <summary>The INSERT for a table, its parameters made once by the type mappings (which set provider types).</summary>
    private static List<(IProperty Property, RelationalTypeMapping Mapping, DbParameter Parameter)> Prepare(DbCommand command, IEntityType type, ISqlGenerationHelper sql)
    {
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        // A store-generated key (identity) is left to the database.
        var properties = type.GetProperties()
            .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd && p.ClrType == typeof(long)))
            .ToList();
        command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) " +
            $"VALUES ({string.Join(", ", properties.Select((_, i) => "@p" + i))})";
        return [.. properties.Select((p, i) =>
        {
            var mapping = (RelationalTypeMapping)p.GetRelationalTypeMapping();
            var parameter = mapping.CreateParameter(command, "@p" + i, null, p.IsNullable);
            command.Parameters.Add(parameter);
            return (p, mapping, parameter);
        })];
    }
}
