using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.App.Persistence;

/// <summary>The database is unreachable, refused, or at a schema this code cannot use. The message never holds a password.</summary>
public sealed class DatabaseStartupException(string message, Exception? inner = null) : Exception(message, inner);

public static class Database
{
    private static readonly string[] SynchronousModes = ["OFF", "NORMAL", "FULL", "EXTRA"];

    public static string MigrationsAssembly(DatabaseProvider provider) => $"ResolutionWorkflow.Migrations.{provider}";

    /// <summary>Configures a context for the provider, with its migrations assembly and the counters.</summary>
    public static void Configure(DbContextOptionsBuilder builder, DatabaseOptions options, SqlCounter? counter = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = options.EffectiveConnectionString;
        var migrations = MigrationsAssembly(options.Provider);
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var synchronous = options.SqliteSynchronous.ToUpperInvariant();
                if (!SynchronousModes.Contains(synchronous))
                {
                    throw new DatabaseStartupException($"Database:SqliteSynchronous must be one of {string.Join(", ", SynchronousModes)}, not '{options.SqliteSynchronous}'");
                }
                builder.UseSqlite(connectionString, o => o.MigrationsAssembly(migrations));
                builder.AddInterceptors(new SqliteSettingsInterceptor(synchronous));
                break;
            case DatabaseProvider.PostgreSql:
                builder.UseNpgsql(connectionString, o => o.MigrationsAssembly(migrations));
                break;
            case DatabaseProvider.SqlServer:
                builder.UseSqlServer(connectionString, o => o.MigrationsAssembly(migrations));
                break;
            default:
                throw new DatabaseStartupException($"unknown database provider '{options.Provider}'");
        }
        if (counter is not null)
        {
            builder.AddInterceptors(new SqlCountingInterceptor(counter), new CommitCountingInterceptor(counter));
        }
    }

    public static DatabaseOptions ReadOptions(IConfiguration configuration)
    {
        var options = Settings.Read<DatabaseOptions>(configuration, DatabaseOptions.Section);
        options.ConnectionString ??= configuration.GetConnectionString("Resolutions");
        return options;
    }

    /// <summary>
    /// Registers the context factory (commands use short-lived contexts). Statements are counted only
    /// where a <see cref="SqlCounter"/> is registered: the benchmarks do, production does not.
    /// </summary>
    public static IServiceCollection AddResolutionDatabase(this IServiceCollection services, DatabaseOptions options)
    {
        services.AddSingleton(options);
        services.AddPooledDbContextFactory<ResolutionDbContext>((sp, b) => Configure(b, options, sp.GetService<SqlCounter>()));
        return services;
    }

    /// <summary>
    /// Makes the database ready for this code: reachable, at a known schema (migrated if allowed and
    /// older), and holding the deployed definition versions. Fails with a message naming the
    /// provider and host.
    /// </summary>
    public static async Task EnsureReadyAsync(ResolutionDbContext db, DatabaseOptions options, WorkflowCatalog catalog, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.EffectiveConnectionString).DataSource)) ?? ".");
        }

        await OpenAsync(db, options, ct).ConfigureAwait(false);
        try
        {
            // Nodes starting together take turns: one migrates and records the definitions, the others then find it done.
            await StartupLockAsync(db, options.Provider, take: true, ct).ConfigureAwait(false);
            await CheckMigrationsAsync(db, options, options.MigrateOnStartup, ct).ConfigureAwait(false);
            if (options.Provider == DatabaseProvider.Sqlite)
            {
                // Write-ahead logging is a property of the file: set once, it stays.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct).ConfigureAwait(false);
            }
            await DeployDefinitionsAsync(db, catalog, now, ct).ConfigureAwait(false);
            await StartupLockAsync(db, options.Provider, take: false, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            // Closing the connection ends its session, and with it a lock a failure left held.
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A lock of the database server's own, held by this connection's session (SQLite serves one process and needs none).</summary>
    private static Task StartupLockAsync(ResolutionDbContext db, DatabaseProvider provider, bool take, CancellationToken ct) =>
        StartupLockSql(provider, take) is { } sql ? db.Database.ExecuteSqlRawAsync(sql, ct) : Task.CompletedTask;

    public static string? StartupLockSql(DatabaseProvider provider, bool take) => provider switch
    {
        DatabaseProvider.PostgreSql => take ? "SELECT pg_advisory_lock(7261206301)" : "SELECT pg_advisory_unlock(7261206301)",
        DatabaseProvider.SqlServer => take
            ? "EXEC sp_getapplock @Resource = N'resolution-workflow-startup', @LockMode = N'Exclusive', @LockOwner = N'Session', @LockTimeout = -1"
            : "EXEC sp_releaseapplock @Resource = N'resolution-workflow-startup', @LockOwner = N'Session'",
        _ => null,
    };

    /// <summary>
    /// For tools that only read (journal verification): the database must exist and be at exactly
    /// this code's schema; nothing is created or migrated.
    /// </summary>
    public static async Task EnsureSchemaAsync(ResolutionDbContext db, DatabaseOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider == DatabaseProvider.Sqlite
            && !File.Exists(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.EffectiveConnectionString).DataSource))
        {
            throw new DatabaseStartupException($"there is no database: the {options.Describe()} does not exist");
        }
        await OpenAsync(db, options, ct).ConfigureAwait(false);
        try
        {
            await CheckMigrationsAsync(db, options, migrate: false, ct).ConfigureAwait(false);
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private static async Task OpenAsync(ResolutionDbContext db, DatabaseOptions options, CancellationToken ct)
    {
        try
        {
            await db.Database.OpenConnectionAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or ArgumentException or TimeoutException)
        {
            throw new DatabaseStartupException($"cannot open the {options.Describe()}: {Redact(e.GetBaseException().Message)}", e);
        }
    }

    /// <summary>Refuses a database newer than this code; migrates an older one when allowed, else refuses it.</summary>
    private static async Task CheckMigrationsAsync(ResolutionDbContext db, DatabaseOptions options, bool migrate, CancellationToken ct)
    {
        var known = db.Database.GetMigrations().ToList();
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct).ConfigureAwait(false)).ToList();
        var unknown = applied.Except(known).ToList();
        if (unknown.Count > 0)
        {
            throw new DatabaseStartupException(
                $"the {options.Describe()} is newer than this version of the application: it has migration(s) {string.Join(", ", unknown)} that this code does not know. Upgrade the application.");
        }
        var pending = known.Except(applied).ToList();
        if (pending.Count > 0)
        {
            if (!migrate)
            {
                throw new DatabaseStartupException(
                    $"the {options.Describe()} is older than this version of the application ({pending.Count} migration(s) pending: {string.Join(", ", pending)}); run 'db migrate' or set Database:MigrateOnStartup=true");
            }
            await db.Database.MigrateAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Records every definition version; a deployed version whose content changed is refused.</summary>
    private static async Task DeployDefinitionsAsync(ResolutionDbContext db, WorkflowCatalog catalog, DateTimeOffset now, CancellationToken ct)
    {
        var deployed = await db.DefinitionVersions.AsNoTracking().ToListAsync(ct).ConfigureAwait(false);
        foreach (var definition in catalog.All)
        {
            var existing = deployed.FirstOrDefault(d => d.DefinitionId == definition.Id && d.Version == definition.Version);
            if (existing is null)
            {
                db.DefinitionVersions.Add(new DefinitionVersionRow
                {
                    DefinitionId = definition.Id,
                    Version = definition.Version,
                    ContentHash = definition.ContentHash,
                    SourceFile = Path.GetFileName(definition.SourceFile),
                    DeployedAt = now,
                });
            }
            else if (existing.ContentHash != definition.ContentHash)
            {
                throw new DatabaseStartupException(
                    $"definition '{definition.Id}' version {definition.Version} changed since it was deployed on {existing.DeployedAt:yyyy-MM-dd}; running resolutions are pinned to it, so give the changed definition a new version");
            }
        }
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Holds the SQLite database for this process (an exclusive lock on <c>{file}.lock</c> beside it)
    /// until disposed; null for a server provider. A second process on the same file is refused:
    /// two would each run an outbox relay, a deadline sweeper and Hangfire over one file.
    /// </summary>
    public static IDisposable? LockSqliteToThisProcess(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider != DatabaseProvider.Sqlite) { return null; }
        var file = Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.EffectiveConnectionString).DataSource);
        Directory.CreateDirectory(Path.GetDirectoryName(file) ?? ".");
        try
        {
            // FileShare.None is an exclusive lock the operating system holds for us, released when the process ends however it ends.
            return new FileStream(file + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new DatabaseStartupException(
                $"the {options.Describe()} is in use by another process of this application; SQLite serves one process — run several nodes on PostgreSQL or SQL Server", e);
        }
    }

    /// <summary>Drivers sometimes echo connection details; keep passwords out of messages.</summary>
    private static string Redact(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, @"(?i)(password|pwd)\s*=\s*[^;]*", "$1=***");

    /// <summary>The SQL script that brings a database to the current schema; idempotent except on SQLite, which cannot be.</summary>
    public static string Script(ResolutionDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var migrator = db.GetService<IMigrator>();
        return migrator.GenerateScript(options: db.Database.IsSqlite() ? MigrationsSqlGenerationOptions.Default : MigrationsSqlGenerationOptions.Idempotent);
    }
}
