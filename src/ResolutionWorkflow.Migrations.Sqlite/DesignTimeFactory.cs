using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using ResolutionWorkflow.App.Persistence;

namespace ResolutionWorkflow.Migrations.Sqlite;

/// <summary>Lets 'dotnet ef' build the model for SQLite; no database is opened to add a migration.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ResolutionDbContext>
{
    public ResolutionDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<ResolutionDbContext>();
        Database.Configure(builder, new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=design-time.db" });
        return new ResolutionDbContext(builder.Options);
    }
}
