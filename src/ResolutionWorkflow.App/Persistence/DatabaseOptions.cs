using System.ComponentModel.DataAnnotations;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ResolutionWorkflow.App.Persistence;

public enum DatabaseProvider { Sqlite, PostgreSql, SqlServer }

/// <summary>The <c>Database</c> configuration section (environment: <c>Database__Provider</c>, …).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Required for PostgreSQL and SQL Server; SQLite defaults to a file in <see cref="DataFolder"/>.</summary>
    public string? ConnectionString { get; set; }

    public string DataFolder { get; set; } = "data";

    /// <summary>Apply pending migrations at start-up; when false, an older database is refused.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>SQLite <c>PRAGMA synchronous</c>: FULL survives power loss; NORMAL (in WAL) survives a process crash.</summary>
    public string SqliteSynchronous { get; set; } = "FULL";

    /// <summary>How many waiting commands for different resolutions one transaction may take (group commit); 1 turns it off.</summary>
    [Range(1, 1000, ErrorMessage = "must be from 1 to 1000")]
    public int GroupCommitSize { get; set; } = 32;

    public string EffectiveConnectionString => ConnectionString switch
    {
        { Length: > 0 } cs => cs,
        _ when Provider == DatabaseProvider.Sqlite => new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(DataFolder, "resolutions.db"),
            Pooling = true,
        }.ToString(),
        _ => throw new InvalidOperationException($"Database:ConnectionString is required for {Provider}"),
    };

    /// <summary>Where the database is, for messages: provider, host and database, never the password.</summary>
    public string Describe()
    {
        try
        {
            return Provider switch
            {
                DatabaseProvider.Sqlite => $"SQLite file {new SqliteConnectionStringBuilder(EffectiveConnectionString).DataSource}",
                DatabaseProvider.PostgreSql => new NpgsqlConnectionStringBuilder(EffectiveConnectionString) is var pg
                    ? $"PostgreSQL at {pg.Host}:{pg.Port}, database '{pg.Database}'" : "",
                _ => new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(EffectiveConnectionString) is var ms
                    ? $"SQL Server at {ms.DataSource}, database '{ms.InitialCatalog}'" : "",
            };
        }
        catch (ArgumentException)
        {
            return $"{Provider} (the connection string cannot be read)";
        }
    }
}
