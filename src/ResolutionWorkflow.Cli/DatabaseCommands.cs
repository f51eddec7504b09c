using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.Cli;

/// <summary>
/// <c>db migrate</c> and <c>db script</c>. The database comes from the same configuration as
/// the application (environment <c>Database__Provider</c>, <c>Database__ConnectionString</c>),
/// overridden by <c>--provider</c> and <c>--connection</c>.
/// </summary>
public static class DatabaseCommands
{
    public static async Task<int> RunAsync(string verb, IReadOnlyList<string> args, string workflows, TextWriter output, TextWriter error)
    {
        var options = ParseOptions(args, error, out var rest);
        if (options is null) { return 2; }
        if (rest.Count > 0)
        {
            error.WriteLine($"unknown option '{rest[0]}'");
            return 2;
        }

        var builder = new DbContextOptionsBuilder<ResolutionDbContext>();
        if (verb == "script" && options.ConnectionString is null && options.Provider != DatabaseProvider.Sqlite)
        {
            // A script needs no server: any well-formed connection string will do.
            options.ConnectionString = options.Provider == DatabaseProvider.PostgreSql
                ? "Host=localhost;Database=resolutions"
                : "Server=localhost;Database=resolutions;TrustServerCertificate=true";
        }
        try
        {
            Database.Configure(builder, options);
            await using var db = new ResolutionDbContext(builder.Options);
            if (verb == "script")
            {
                output.WriteLine(Database.Script(db));
                return 0;
            }

            var directory = WorkflowDirectory.Load(workflows);
            if (!directory.IsValid)
            {
                foreach (var e in directory.Errors) { error.WriteLine(e); }
                return 1;
            }
            options.MigrateOnStartup = true;
            await Database.EnsureReadyAsync(db, options, directory.Catalog, DateTimeOffset.UtcNow);
            output.WriteLine($"migrated: {options.Describe()} is at {db.Database.GetMigrations().Last()}");
            return 0;
        }
        catch (DatabaseStartupException e)
        {
            error.WriteLine(e.Message);
            return 1;
        }
    }

    /// <summary>
    /// The database from the environment (<c>Database__Provider</c>, <c>Database__ConnectionString</c>,
    /// <c>Database__DataFolder</c>) overridden by <c>--provider</c>, <c>--connection</c>, <c>--data</c>;
    /// the other arguments are handed back. Null (with the reason written) when an option is wrong.
    /// </summary>
    public static DatabaseOptions? ParseOptions(IReadOnlyList<string> args, TextWriter error, out List<string> rest)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        var options = Database.ReadOptions(new ConfigurationBuilder().AddEnvironmentVariables().Build());
        rest = [];
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--provider" when i + 1 < args.Count:
                    if (!Enum.TryParse<DatabaseProvider>(args[++i], ignoreCase: true, out var provider))
                    {
                        error.WriteLine($"unknown provider '{args[i]}'; use sqlite, postgresql or sqlserver");
                        return null;
                    }
                    options.Provider = provider;
                    break;
                case "--connection" when i + 1 < args.Count:
                    options.ConnectionString = args[++i];
                    break;
                case "--data" when i + 1 < args.Count:
                    options.DataFolder = args[++i];
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }
        return options;
    }
}
