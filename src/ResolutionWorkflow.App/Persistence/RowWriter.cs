using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ResolutionWorkflow.App.Persistence;

/// <summary>
/// Writes planned rows with plain statements, using the model's tables, columns and type mappings
/// (converters included), inside the context's transaction: an INSERT per new row, and an UPDATE per
/// changed row that sets only the columns that changed. On the command path this replaces
/// SaveChanges, whose change tracking and per-row bookkeeping cost more than the statements, and
/// setting unchanged indexed columns made the database rewrite their index entries.
/// <para>
/// A writer keeps its commands for as long as it lives, so a writer that lives as long as its
/// connection (the group-commit writer's) builds each statement's text once and lets the driver
/// keep it compiled (SQLite had compiled every statement of every group anew).
/// </para>
/// </summary>
internal sealed class RowWriter(ResolutionDbContext db) : IAsyncDisposable
{
    private readonly Dictionary<(TableShape Table, ulong Columns, StatementKind Kind), Statement> _statements = [];

    private enum StatementKind { Insert, Update, UpdateCheckingVersion }

    public ResolutionDbContext Context => db;

    public async Task WriteAsync(RowChanges rows, CancellationToken ct)
    {
        foreach (var statement in rows.Statements) { await statement(db, ct).ConfigureAwait(false); }
        await InsertAsync(rows.Added, ct).ConfigureAwait(false);
        foreach (var update in rows.Updated) { await UpdateAsync(update, ct).ConfigureAwait(false); }
    }

    public async Task InsertAsync(IEnumerable<object> rows, CancellationToken ct)
    {
        var counting = SqlCountingInterceptor.Of(db);
        foreach (var row in rows)
        {
            await BindInsert(row).ExecuteAsync(db, counting, ct).ConfigureAwait(false);
        }
    }

    /// <summary>One UPDATE by primary key; a row that is not there, or whose version moved on, is a concurrency conflict.</summary>
    private async Task UpdateAsync(RowUpdate update, CancellationToken ct)
    {
        if (BindUpdate(update) is not { } statement) { return; }
        if (await statement.ExecuteAsync(db, SqlCountingInterceptor.Of(db), ct).ConfigureAwait(false) != 1)
        {
            throw new DbUpdateConcurrencyException($"{TableShape.Of(db, update.After.GetType()).Name}: the row was changed or removed since it was read");
        }
    }

    /// <summary>The INSERT for a row, with its values bound, ready to run.</summary>
    internal Statement BindInsert(object row)
    {
        var insert = StatementFor(TableShape.Of(db, row.GetType()), columns: 0, StatementKind.Insert);
        for (var i = 0; i < insert.Columns.Length; i++) { insert.Bind(i, row); }
        return insert;
    }

    /// <summary>The UPDATE of the columns that changed, with its values bound; null when nothing changed.</summary>
    internal Statement? BindUpdate(RowUpdate update)
    {
        var table = TableShape.Of(db, update.After.GetType());
        var changed = 0UL;
        for (var i = 0; i < table.Columns.Length; i++)
        {
            var column = table.Columns[i];
            if (!column.IsKey && (update.Before is null || !Equals(column.Get(update.Before), column.Get(update.After)))) { changed |= 1UL << i; }
        }
        if (changed == 0) { return null; }
        var statement = StatementFor(table, changed, update.CheckVersion ? StatementKind.UpdateCheckingVersion : StatementKind.Update);
        // Parameters in the order of the text: the changed columns and the key from the new row, then the version read before.
        var fromAfter = statement.Columns.Length - (update.CheckVersion ? 1 : 0);
        for (var n = 0; n < fromAfter; n++) { statement.Bind(n, update.After); }
        if (update.CheckVersion) { statement.Bind(fromAfter, update.Before!); }
        return statement;
    }

    private Statement StatementFor(TableShape table, ulong columns, StatementKind kind)
    {
        if (_statements.TryGetValue((table, columns, kind), out var known)) { return known; }
        var command = db.Database.GetDbConnection().CreateCommand();
        IReadOnlyList<TableShape.Column> parameters;
        if (kind == StatementKind.Insert)
        {
            command.CommandText = table.InsertSql;
            parameters = table.Inserted;
        }
        else
        {
            var set = Bits(columns).Select(i => table.Columns[i]).ToList();
            var where = table.Key.Concat(kind == StatementKind.UpdateCheckingVersion ? [table.Version ?? throw new InvalidOperationException($"{table.Name} has no version column")] : []).ToList();
            command.CommandText = $"UPDATE {table.DelimitedName} SET {string.Join(", ", set.Select((c, n) => $"{c.Delimited} = @p{n}"))} " +
                $"WHERE {string.Join(" AND ", where.Select((c, n) => $"{c.Delimited} = @p{set.Count + n}"))}";
            parameters = [.. set, .. where];
        }
        var statement = new Statement(command, [.. parameters]);
        _statements[(table, columns, kind)] = statement;
        return statement;
    }

    private static IEnumerable<int> Bits(ulong mask)
    {
        for (var i = 0; mask != 0; i++, mask >>= 1)
        {
            if ((mask & 1) != 0) { yield return i; }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var statement in _statements.Values) { await statement.Command.DisposeAsync().ConfigureAwait(false); }
        _statements.Clear();
    }

    /// <summary>A command with its parameters, made once; each use binds values and runs it in the current transaction.</summary>
    internal sealed class Statement
    {
        public Statement(DbCommand command, TableShape.Column[] columns)
        {
            Command = command;
            Columns = columns;
            Parameters = new DbParameter[columns.Length];
            for (var i = 0; i < columns.Length; i++)
            {
                var parameter = columns[i].Mapping.CreateParameter(command, "@p" + i, null, columns[i].Property.IsNullable);
                // EF Core sizes a parameter from the value it is made with. Made once, without a value,
                // SQL Server's string mappings take 4,000 (or the column's length), and SqlClient sends no
                // more characters than the size: a longer text would be cut silently. The size comes from
                // the column instead, -1 (max) when it has none. SQLite and Npgsql leave it 0 (unbounded);
                // a positive size there would cut too, so only a provider that sized it is resized.
                if (parameter.Size > 0) { parameter.Size = columns[i].MaxLength ?? -1; }
                Parameters[i] = parameter;
                command.Parameters.Add(parameter);
            }
        }

        public DbCommand Command { get; }

        public TableShape.Column[] Columns { get; }

        private DbParameter[] Parameters { get; }

        /// <summary>
        /// Binds a row's value. A text longer than its column is refused here, alike on every provider
        /// (SQLite would keep it whole, PostgreSQL refuse it, and a sized SQL Server parameter cut it).
        /// </summary>
        public void Bind(int index, object row)
        {
            var column = Columns[index];
            var value = column.Stored(row);
            if (value is string text && column.MaxLength is { } max && text.Length > max)
            {
                throw new InvalidOperationException($"column {column.Delimited} holds at most {max} characters; the value has {text.Length}");
            }
            Parameters[index].Value = value;
        }

        /// <summary>The parameter as it would be sent (for tests of what a provider receives).</summary>
        public DbParameter Parameter(int index) => Parameters[index];

        public Task<int> ExecuteAsync(ResolutionDbContext db, SqlCountingInterceptor? counting, CancellationToken ct)
        {
            Command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            counting?.Executing(Command);
            return Command.ExecuteNonQueryAsync(ct);
        }
    }
}

/// <summary>A row type's table as the model maps it: names, columns with their getters and type mappings, the INSERT text. Made once per model.</summary>
internal sealed class TableShape
{
    private static readonly ConcurrentDictionary<(IModel Model, Type Row), TableShape> Known = new();

    private TableShape(ResolutionDbContext db, Type rowType)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var type = db.Model.FindEntityType(rowType) ?? throw new InvalidOperationException($"{rowType.Name} is not a mapped row type");
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        Name = table.Name;
        DelimitedName = sql.DelimitIdentifier(table.Name, table.Schema);
        Columns = [.. type.GetProperties().Select(p => new Column(p, sql.DelimitIdentifier(p.GetColumnName(table)!)))];
        if (Columns.Length > 64) { throw new InvalidOperationException($"{Name} has more than 64 columns"); }
        Key = [.. Columns.Where(c => c.IsKey)];
        Version = Columns.SingleOrDefault(c => c.Property.IsConcurrencyToken);
        // A store-generated key (identity) is left to the database.
        Inserted = [.. Columns.Where(c => !(c.IsKey && c.Property.ValueGenerated == ValueGenerated.OnAdd && c.Property.ClrType == typeof(long)))];
        InsertSql = $"INSERT INTO {DelimitedName} ({string.Join(", ", Inserted.Select(c => c.Delimited))}) VALUES ({string.Join(", ", Inserted.Select((_, i) => "@p" + i))})";
    }

    public static TableShape Of(ResolutionDbContext db, Type rowType) => Known.GetOrAdd((db.Model, rowType), key => new TableShape(db, key.Row));

    public string Name { get; }

    public string DelimitedName { get; }

    public Column[] Columns { get; }

    public Column[] Key { get; }

    public Column? Version { get; }

    public Column[] Inserted { get; }

    public string InsertSql { get; }

    public sealed class Column(IProperty property, string delimited)
    {
        private readonly IClrPropertyGetter _getter = property.GetGetter();

        public IProperty Property { get; } = property;

        public string Delimited { get; } = delimited;

        public bool IsKey { get; } = property.IsPrimaryKey();

        /// <summary>The declared length of a text or binary column; null when it has none (max).</summary>
        public int? MaxLength { get; } = property.GetMaxLength();

        public RelationalTypeMapping Mapping { get; } = (RelationalTypeMapping)property.GetRelationalTypeMapping();

        public object? Get(object row) => _getter.GetClrValue(row);

        /// <summary>The row's value as the mapping stores it (converted), or DBNull.</summary>
        public object Stored(object row) => Get(row) is { } value ? Mapping.Converter?.ConvertToProvider(value) ?? value : DBNull.Value;
    }
}
