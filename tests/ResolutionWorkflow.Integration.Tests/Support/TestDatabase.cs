using Microsoft.EntityFrameworkCore;
using Npgsql;
using ResolutionWorkflow.App.Persistence;

namespace ResolutionWorkflow.Integration.Tests.Support;

/// <summary>A real, empty database of one provider, owned by one test class and dropped after it.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public abstract DatabaseOptions Options { get; }

    public DbContextOptions<ResolutionDbContext> ContextOptions(SqlCounter? counter = null)
    {
        var builder = new DbContextOptionsBuilder<ResolutionDbContext>();
        Database.Configure(builder, Options, counter);
        return builder.Options;
    }

    public ResolutionDbContext NewContext() => new(ContextOptions());

    public abstract ValueTask DisposeAsync();
}

/// <summary>A data folder with a SQLite file; a second instance over the same folder plays a restarted process.</summary>
public sealed class SqliteTestDatabase(string? folder = null, bool owner = true) : TestDatabase
{
    private readonly string _folder = folder ?? Path.Combine(Path.GetTempPath(), "rw-sqlite-" + Guid.NewGuid().ToString("N"));
    private readonly bool _owner = owner;

    public string Folder => _folder;

    public override DatabaseOptions Options => new() { Provider = DatabaseProvider.Sqlite, DataFolder = _folder };

    public override ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_owner) { return ValueTask.CompletedTask; }
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* a leftover temp file is harmless */ }
        return ValueTask.CompletedTask;
    }
}

public sealed class PostgresTestDatabase : TestDatabase
{
    private readonly string _admin;
    private readonly string _name = "rw_test_" + Guid.NewGuid().ToString("N")[..16];

    private PostgresTestDatabase(string admin) => _admin = admin;

    public override DatabaseOptions Options => new()
    {
        Provider = DatabaseProvider.PostgreSql,
        ConnectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = _name, MaxPoolSize = 100 }.ToString(),
    };

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var db = new PostgresTestDatabase(Servers.Postgres());
        await using var connection = new NpgsqlConnection(db._admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{db._name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return db;
    }

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        // An autovacuum worker on the database has no role ours may signal (PostgreSQL 15 refuses FORCE then): wait for it to finish.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 50)
            {
                await Task.Delay(200);
            }
        }
    }
}
