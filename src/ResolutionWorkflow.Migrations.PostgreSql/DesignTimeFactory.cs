using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using ResolutionWorkflow.App.Persistence;

namespace ResolutionWorkflow.Migrations.PostgreSql;

/// <summary>Lets 'dotnet ef' build the model for PostgreSQL; no database is opened to add a migration.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ResolutionDbContext>
{
    public ResolutionDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<ResolutionDbContext>();
        Database.Configure(builder, new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = "Host=localhost;Database=design_time" });
        return new ResolutionDbContext(builder.Options);
    }
}
