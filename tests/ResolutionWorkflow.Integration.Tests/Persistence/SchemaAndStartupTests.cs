using Microsoft.EntityFrameworkCore;
using Npgsql;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Cli;
using ResolutionWorkflow.Integration.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Persistence;

[Trait("Category", "Server")]
public sealed class SchemaAndStartupTests
{
    private static ResolutionDbContext ContextFor(DatabaseProvider provider)
    {
        var options = provider switch
        {
            DatabaseProvider.Sqlite => new DatabaseOptions { Provider = provider, ConnectionString = "Data Source=:memory:" },
            DatabaseProvider.PostgreSql => new DatabaseOptions { Provider = provider, ConnectionString = "Host=localhost;Database=model_check" },
            _ => new DatabaseOptions { Provider = provider, ConnectionString = "Server=localhost;Database=model_check;TrustServerCertificate=true" },
        };
        var builder = new DbContextOptionsBuilder<ResolutionDbContext>();
        Database.Configure(builder, options);
        return new ResolutionDbContext(builder.Options);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void Every_model_change_is_covered_by_a_migration(DatabaseProvider provider)
    {
        using var db = ContextFor(provider);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(),
            $"the model has changes no {provider} migration covers; run infra/add-migration.sh <Name>");
    }

    [Fact]
    public async Task Db_script_prints_the_sql_server_schema_without_a_server()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CommandLine.RunAsync(["db", "script", "--provider", "sqlserver"], output, error);

        Assert.Equal(0, exit);
        var script = output.ToString();
        Assert.Contains("CREATE TABLE [resolutions]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [journal]", script, StringComparison.Ordinal);
        Assert.Contains("IF NOT EXISTS", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_database_fails_startup_naming_provider_and_host_but_not_the_password()
    {
        var options = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = "Host=127.0.0.1;Port=1;Username=rw;Password=s3cret-value;Database=resolutions;Timeout=3" };
        var builder = new DbContextOptionsBuilder<ResolutionDbContext>();
        Database.Configure(builder, options);
        await using var db = new ResolutionDbContext(builder.Options);

        var e = await Assert.ThrowsAsync<DatabaseStartupException>(() => Database.EnsureReadyAsync(db, options, AppHarness.Loaded(Repository.Workflows).Catalog, DateTimeOffset.UtcNow));

        Assert.Contains("PostgreSQL at 127.0.0.1:1", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-value", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_fails_startup_without_echoing_it()
    {
        var admin = new NpgsqlConnectionStringBuilder(Servers.Postgres()) { Password = "definitely-wrong-pw" };
        var options = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = admin.ToString() };
        var builder = new DbContextOptionsBuilder<ResolutionDbContext>();
        Database.Configure(builder, options);
        await using var db = new ResolutionDbContext(builder.Options);

        var e = await Assert.ThrowsAsync<DatabaseStartupException>(() => Database.EnsureReadyAsync(db, options, AppHarness.Loaded(Repository.Workflows).Catalog, DateTimeOffset.UtcNow));

        Assert.Contains($"PostgreSQL at {admin.Host}:{admin.Port}", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("definitely-wrong-pw", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_newer_than_the_code_is_refused()
    {
        await using var test = new SqliteTestDatabase();
        await AppHarness.StartAsync(test);
        await using (var db = test.NewContext())
        {
            await db.Database.ExecuteSqlRawAsync("INSERT INTO \"__EFMigrationsHistory\" VALUES ('29991231000000_FromTheFuture', '99.0.0')");
        }

        await using var again = test.NewContext();
        var e = await Assert.ThrowsAsync<DatabaseStartupException>(() => Database.EnsureReadyAsync(again, test.Options, AppHarness.Loaded(Repository.Workflows).Catalog, DateTimeOffset.UtcNow));

        Assert.Contains("newer than this version", e.Message, StringComparison.Ordinal);
        Assert.Contains("FromTheFuture", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_older_database_is_refused_unless_migration_is_allowed()
    {
        await using var test = new SqliteTestDatabase();
        var refuse = test.Options;
        refuse.MigrateOnStartup = false;
        var catalog = AppHarness.Loaded(Repository.Workflows).Catalog;

        await using (var db = test.NewContext())
        {
            var e = await Assert.ThrowsAsync<DatabaseStartupException>(() => Database.EnsureReadyAsync(db, refuse, catalog, DateTimeOffset.UtcNow));
            Assert.Contains("older than this version", e.Message, StringComparison.Ordinal);
        }

        await using (var db = test.NewContext())
        {
            await Database.EnsureReadyAsync(db, test.Options, catalog, DateTimeOffset.UtcNow);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(catalog.All.Count(), await db.DefinitionVersions.CountAsync()); // every shipped version of each definition
            var mode = await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS \"Value\" FROM pragma_journal_mode").SingleAsync();
            Assert.Equal("wal", mode);
        }
    }

    [Fact]
    public async Task A_deployed_definition_version_whose_content_changed_is_refused()
    {
        await using var test = new SqliteTestDatabase();
        await AppHarness.StartAsync(test);
        var folder = Repository.CopyOfWorkflows();
        var file = Path.Combine(folder, "definitions", "council-of-ministers-resolution.v1.json");
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"days\": 10", "\"days\": 12", StringComparison.Ordinal));

        await using var db = test.NewContext();
        var e = await Assert.ThrowsAsync<DatabaseStartupException>(() => Database.EnsureReadyAsync(db, test.Options, AppHarness.Loaded(folder).Catalog, DateTimeOffset.UtcNow));

        Assert.Contains("council-of-ministers-resolution", e.Message, StringComparison.Ordinal);
        Assert.Contains("new version", e.Message, StringComparison.Ordinal);
    }
}
