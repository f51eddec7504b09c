using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using ResolutionWorkflow.App.Persistence;

namespace ResolutionWorkflow.Migrations.SqlServer;

/// <summary>Lets 'dotnet ef' build the model for SQL Server; no database is opened to add a migration.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ResolutionDbContext>
{
    public ResolutionDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<ResolutionDbContext>();
        Database.Configure(builder, new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = "Server=localhost;Database=design_time;Integrated Security=true;TrustServerCertificate=true" });
        return new ResolutionDbContext(builder.Options);
    }
}
