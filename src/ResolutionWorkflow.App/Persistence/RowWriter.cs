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
/// How the statements travel depends on where the database is. SQLite runs in the process, so a
/// statement costs no round trip: the writer keeps one command per statement shape for as long as
/// it lives (the group writer's lives as long as its connection) and the driver keeps it compiled.
/// A server provider (PostgreSQL, SQL Server) gets all of a write's statements in one
/// <see cref="DbBatch"/>, one round trip: measured on PostgreSQL, one statement per round trip made
/// the writer 0.52x-0.80x as fast as SaveChanges (which batches); batched, 1.24x-1.34x
/// (docs/benchmarks.md, "writer"). Batch parameters are made by the column's type mapping with
/// their value, so type, size and value are bound together (SQL Server's string parameters are
/// sized to fit; made without a value they would be 4,000 and cut a longer text).
/// </para>
/// </summary>
internal sealed class RowWriter(ResolutionDbContext db) : IAsyncDisposable
{
    private readonly Dictionary<(TableShape Table, ulong Columns, StatementKind Kind), Shape> _shapes = [];
    private readonly Dictionary<Shape, Statement> _statements = [];
    private readonly bool _batched = db.Database.GetDbConnection().CanCreateBatch;

    private enum StatementKind { Insert, Update, UpdateCheckingVersion }

    public ResolutionDbContext Context => db;

    public async Task WriteAsync(RowChanges rows, CancellationToken ct)
    {
        foreach (var statement in rows.Statements) { await statement(db, ct).ConfigureAwait(false); }
        if (_batched)
        {
            await WriteBatchAsync(rows, ct).ConfigureAwait(false);
            return;
        }
        var counting = SqlCountingInterceptor.Of(db);
        foreach (var planned in Plan(rows))
        {
            var statement = StatementFor(planned.Shape);
            statement.Bind(planned);
            var affected = await statement.ExecuteAsync(db, counting, ct).ConfigureAwait(false);
            if (planned.Shape.ChecksVersion && affected != 1) { throw Conflict(planned); }
        }
    }

    public Task InsertAsync(IEnumerable<object> rows, CancellationToken ct)
    {
        var changes = new RowChanges();
        changes.Added.AddRange(rows);
        return WriteAsync(changes, ct);
    }

    private async Task WriteBatchAsync(RowChanges rows, CancellationToken ct)
    {
        var (batch, planned) = Batch(rows);
        await using (batch.ConfigureAwait(false))
        {
            if (planned.Count == 0) { return; }
            batch.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            SqlCountingInterceptor.Of(db)?.Executing(batch);
            await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            for (var i = 0; i < planned.Count; i++)
            {
                if (planned[i].Shape.ChecksVersion && batch.BatchCommands[i].RecordsAffected != 1) { throw Conflict(planned[i]); }
            }
        }
    }

    /// <summary>The batch a server provider receives for these rows, every value bound; not run (tests read what would be sent).</summary>
    internal (DbBatch Batch, List<Planned> Planned) Batch(RowChanges rows)
    {
        var connection = db.Database.GetDbConnection();
        var batch = connection.CreateBatch();
        // The type mappings make parameters from a command; each is then moved to its batch command.
        using var maker = connection.CreateCommand();
        var planned = Plan(rows).ToList();
        foreach (var p in planned)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = p.Shape.Sql;
            for (var i = 0; i < p.Shape.Columns.Length; i++)
            {
                var column = p.Shape.Columns[i];
                command.Parameters.Add(column.Mapping.CreateParameter(maker, "@p" + i, column.Checked(p.RowFor(i)), column.Property.IsNullable));
            }
            batch.BatchCommands.Add(command);
        }
        return (batch, planned);
    }

    /// <summary>One statement to run: its shape, and the rows its parameters come from.</summary>
    internal sealed record Planned(Shape Shape, object Row, object? Before)
    {
        /// <summary>The row parameter <paramref name="index"/> takes its value from: the new row, or for the version check the row as read.</summary>
        public object RowFor(int index) => Shape.ChecksVersion && index == Shape.Columns.Length - 1 ? Before! : Row;
    }

    /// <summary>The statements for the rows, in order: inserts, then updates of the columns that changed (an unchanged row is left alone).</summary>
    private IEnumerable<Planned> Plan(RowChanges rows)
    {
        foreach (var row in rows.Added)
        {
            yield return new Planned(ShapeFor(TableShape.Of(db, row.GetType()), 0, StatementKind.Insert), row, null);
        }
        foreach (var update in rows.Updated)
        {
            var table = TableShape.Of(db, update.After.GetType());
            var changed = 0UL;
            for (var i = 0; i < table.Columns.Length; i++)
            {
                var column = table.Columns[i];
                if (!column.IsKey && (update.Before is null || !Equals(column.Get(update.Before), column.Get(update.After)))) { changed |= 1UL << i; }
            }
            if (changed == 0) { continue; }
            yield return new Planned(ShapeFor(table, changed, update.CheckVersion ? StatementKind.UpdateCheckingVersion : StatementKind.Update), update.After, update.Before);
        }
    }

    /// <summary>A row that is not there, or whose version moved on since it was read: another command got there first.</summary>
    private static DbUpdateConcurrencyException Conflict(Planned planned) =>
        new($"{planned.Shape.Table}: the row was changed or removed since it was read");

    /// <summary>The text and parameter columns of a statement, worked out once per writer.</summary>
    internal sealed record Shape(string Table, string Sql, TableShape.Column[] Columns, bool ChecksVersion);

    private Shape ShapeFor(TableShape table, ulong columns, StatementKind kind)
    {
        if (_shapes.TryGetValue((table, columns, kind), out var known)) { return known; }
        Shape shape;
        if (kind == StatementKind.Insert)
        {
            shape = new Shape(table.Name, table.InsertSql, table.Inserted, ChecksVersion: false);
        }
        else
        {
            // Parameters in the order of the text: the changed columns and the key from the new row, then the version read before.
            var set = Bits(columns).Select(i => table.Columns[i]).ToList();
            var where = table.Key.Concat(kind == StatementKind.UpdateCheckingVersion ? [table.Version ?? throw new InvalidOperationException($"{table.Name} has no version column")] : []).ToList();
            var sql = $"UPDATE {table.DelimitedName} SET {string.Join(", ", set.Select((c, n) => $"{c.Delimited} = @p{n}"))} " +
                $"WHERE {string.Join(" AND ", where.Select((c, n) => $"{c.Delimited} = @p{set.Count + n}"))}";
            shape = new Shape(table.Name, sql, [.. set, .. where], kind == StatementKind.UpdateCheckingVersion);
        }
        _shapes[(table, columns, kind)] = shape;
        return shape;
    }

    private Statement StatementFor(Shape shape)
    {
        if (_statements.TryGetValue(shape, out var known)) { return known; }
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = shape.Sql;
        return _statements[shape] = new Statement(command, shape.Columns);
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

    /// <summary>A command with its parameters, made once (SQLite); each use binds values and runs it in the current transaction.</summary>
    private sealed class Statement
    {
        public Statement(DbCommand command, TableShape.Column[] columns)
        {
            Command = command;
            Columns = columns;
            Parameters = new DbParameter[columns.Length];
            for (var i = 0; i < columns.Length; i++)
            {
                Parameters[i] = columns[i].Mapping.CreateParameter(command, "@p" + i, null, columns[i].Property.IsNullable);
                command.Parameters.Add(Parameters[i]);
            }
        }

        public DbCommand Command { get; }

        private TableShape.Column[] Columns { get; }

        private DbParameter[] Parameters { get; }

        public void Bind(Planned planned)
        {
            for (var i = 0; i < Columns.Length; i++)
            {
                var column = Columns[i];
                Parameters[i].Value = column.Checked(planned.RowFor(i)) is { } value ? column.Mapping.Converter?.ConvertToProvider(value) ?? value : DBNull.Value;
            }
        }

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

        /// <summary>
        /// The row's value, refused when it is a text longer than the column: alike on every provider
        /// (SQLite would keep it whole, PostgreSQL refuse it, and a SQL Server parameter sized to the column cut it).
        /// </summary>
        public object? Checked(object row)
        {
            var value = Get(row);
            if (value is string text && MaxLength is { } max && text.Length > max)
            {
                throw new InvalidOperationException($"column {Delimited} holds at most {max} characters; the value has {text.Length}");
            }
            return value;
        }
    }
}
