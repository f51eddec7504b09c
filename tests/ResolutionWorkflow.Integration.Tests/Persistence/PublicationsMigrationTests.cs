using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Integration.Tests.Support;

namespace ResolutionWorkflow.Integration.Tests.Persistence;

/// <summary>
/// Publications were one per country and are now one per venue, keyed by their place in the act's
/// record: a database holding acts published the old way upgrades with every row kept and numbered,
/// and takes a further publication of the same country after it.
/// </summary>
[Trait("Category", "Server")]
public sealed class PublicationsMigrationTests
{
    private const string Before = "Documents";

    [Fact]
    public Task On_sqlite_old_publications_are_kept_and_numbered()
    {
        var sqlite = new SqliteTestDatabase();
        Directory.CreateDirectory(sqlite.Folder);
        return Upgrades(sqlite);
    }

    [Fact]
    public async Task On_postgresql_old_publications_are_kept_and_numbered() => await Upgrades(await PostgresTestDatabase.CreateAsync());

    private static async Task Upgrades(TestDatabase database)
    {
        await using var _ = database;
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var db = database.NewContext())
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(db.Database.GetMigrations().Single(m => m.EndsWith("_" + Before, StringComparison.Ordinal)));
            // The old shape, as the previous version wrote it: one row per country, keyed by country.
            var rows = new[] { (first, "ru", "ru-pravo", "0001202604100001"), (first, "by", "by-pravo", "https://pravo.by/document/?guid=1"), (second, "ru", "ru-pravo", "0001202604100002") };
            foreach (var (id, country, portal, reference) in rows)
            {
                await db.Database.ExecuteSqlInterpolatedAsync(
                    $"INSERT INTO publications (\"ResolutionId\", \"Country\", \"Portal\", \"Reference\", \"PublishedOn\", \"UserId\") VALUES ({id}, {country}, {portal}, {reference}, {new DateOnly(2026, 4, 10)}, {"registrar"})");
            }
            await migrator.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }
        await using (var db = database.NewContext())
        {
            var kept = await db.Publications.AsNoTracking().OrderBy(p => p.ResolutionId == first ? 0 : 1).ThenBy(p => p.Seq).Select(p => new { p.ResolutionId, p.Seq, p.Country, p.Reference }).ToListAsync();
            Assert.Equal([(first, 1, "by"), (first, 2, "ru"), (second, 1, "ru")], kept.Select(p => (p.ResolutionId, p.Seq, p.Country)));
            db.Publications.Add(new PublicationRow { ResolutionId = first, Seq = 3, Country = "ru", Portal = "ru-sz", Reference = "2026, № 16, ст. 2401", PublishedOn = new DateOnly(2026, 4, 20), UserId = "registrar" });
            await db.SaveChangesAsync();
            Assert.Equal(2, await db.Publications.CountAsync(p => p.ResolutionId == first && p.Country == "ru"));
        }
    }
}
