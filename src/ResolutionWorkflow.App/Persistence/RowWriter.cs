using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ResolutionWorkflow.App.Persistence;

/// <summary>
/// Writes planned rows with plain prepared statements, using the model's tables, columns and type
/// mappings (converters included), inside the caller's transaction: one INSERT per table, and an
/// UPDATE per changed row that sets only the columns that changed. On the command path this
/// replaces SaveChanges, whose change tracking and per-row bookkeeping cost more than the
/// statements, and setting unchanged indexed columns made the database rewrite their index entries.
/// </summary>
internal static class RowWriter
{
    public static async Task WriteAsync(ResolutionDbContext db, RowChanges rows, CancellationToken ct)
    {
        foreach (var statement in rows.Statements) { await statement(db, ct).ConfigureAwait(false); }
        await InsertAsync(db, rows.Added, ct).ConfigureAwait(false);
        foreach (var update in rows.Updated) { await UpdateAsync(db, update, ct).ConfigureAwait(false); }
    }

    public static async Task InsertAsync(ResolutionDbContext db, IEnumerable<object> rows, CancellationToken ct)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        foreach (var group in rows.GroupBy(r => r.GetType()))
        {
            var type = db.Model.FindEntityType(group.Key)!;
            var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            // A store-generated key (identity) is left to the database.
            var properties = type.GetProperties().Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd && p.ClrType == typeof(long))).ToList();
            var command = NewCommand(db);
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) " +
                    $"VALUES ({string.Join(", ", properties.Select((_, i) => "@p" + i))})";
                var parameters = properties.Select((p, i) => Parameter(command, p, i)).ToList();
                var counting = SqlCountingInterceptor.Of(db);
                foreach (var row in group)
                {
                    for (var i = 0; i < properties.Count; i++) { Bind(parameters[i], properties[i], row); }
                    counting?.Executing(command);
                    await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>One UPDATE by primary key; a row that is not there, or whose version moved on, is a concurrency conflict.</summary>
    private static async Task UpdateAsync(ResolutionDbContext db, RowUpdate update, CancellationToken ct)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var type = db.Model.FindEntityType(update.After.GetType())!;
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var key = type.FindPrimaryKey()!.Properties;
        var changed = type.GetProperties()
            .Where(p => !p.IsPrimaryKey() && (update.Before is null || !Equals(p.GetGetter().GetClrValue(update.Before), p.GetGetter().GetClrValue(update.After))))
            .ToList();
        if (changed.Count == 0) { return; }
        var version = update.CheckVersion ? type.GetProperties().Single(p => p.IsConcurrencyToken) : null;

        var command = NewCommand(db);
        await using (command.ConfigureAwait(false))
        {
            var n = 0;
            string Set(IProperty p) { Bind(Parameter(command, p, n), p, update.After); return $"{sql.DelimitIdentifier(p.GetColumnName(table)!)} = @p{n++}"; }
            string Is(IProperty p, object row) { Bind(Parameter(command, p, n), p, row); return $"{sql.DelimitIdentifier(p.GetColumnName(table)!)} = @p{n++}"; }
            var set = string.Join(", ", changed.Select(Set));
            var where = string.Join(" AND ", key.Select(p => Is(p, update.After)).Concat(version is null ? [] : [Is(version, update.Before!)]));
            command.CommandText = $"UPDATE {sql.DelimitIdentifier(table.Name, table.Schema)} SET {set} WHERE {where}";
            SqlCountingInterceptor.Of(db)?.Executing(command);
            if (await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) != 1)
            {
                throw new DbUpdateConcurrencyException($"{table.Name}: the row was changed or removed since it was read");
            }
        }
    }

    private static DbCommand NewCommand(ResolutionDbContext db)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    private static RelationalTypeMapping MappingOf(IProperty property) => (RelationalTypeMapping)property.GetRelationalTypeMapping();

    /// <summary>A parameter made by the property's type mapping, which sets the provider type.</summary>
    private static DbParameter Parameter(DbCommand command, IProperty property, int index)
    {
        var parameter = MappingOf(property).CreateParameter(command, "@p" + index, null, property.IsNullable);
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>The row's value of the property, converted as the mapping stores it.</summary>
    private static void Bind(DbParameter parameter, IProperty property, object row)
    {
        var value = property.GetGetter().GetClrValue(row);
        parameter.Value = value is null ? DBNull.Value : MappingOf(property).Converter?.ConvertToProvider(value) ?? value;
    }
}
