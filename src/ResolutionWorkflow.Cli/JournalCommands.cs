using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using ResolutionWorkflow.App.Integrity;
using ResolutionWorkflow.App.Persistence;

namespace ResolutionWorkflow.Cli;

/// <summary>
/// <c>journal verify [--resolution ID] [--anchors FOLDER]</c>: recomputes every entry's hash and the
/// chain, checks the head recorded on the resolution row and, with <c>--anchors</c>, the head last
/// written outside the database. Exit 0 when everything verifies, 1 with each broken resolution.
/// </summary>
public static class JournalCommands
{
    public static async Task<int> VerifyAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var options = DatabaseCommands.ParseOptions(args, error, out var rest);
        if (options is null) { return 2; }
        Guid? only = null;
        string? anchorFolder = null;
        for (var i = 0; i < rest.Count; i++)
        {
            switch (rest[i])
            {
                case "--resolution" when i + 1 < rest.Count:
                    if (!Guid.TryParse(rest[++i], out var id)) { return Bad(error, $"--resolution needs a resolution id (a GUID), not '{rest[i]}'"); }
                    only = id;
                    break;
                case "--anchors" when i + 1 < rest.Count:
                    anchorFolder = rest[++i];
                    break;
                default:
                    return Bad(error, $"unknown option '{rest[i]}'");
            }
        }

        IReadOnlyDictionary<Guid, AnchoredHead>? anchors = null;
        if (anchorFolder is not null)
        {
            if (!Directory.Exists(anchorFolder)) { return Bad(error, $"the anchor folder '{anchorFolder}' does not exist", 1); }
            var (heads, badLines) = JournalAnchors.Read(anchorFolder);
            anchors = heads;
            error.WriteLine($"anchors: {heads.Count} resolution head(s) in {anchorFolder}" + (badLines > 0 ? $"; {badLines} malformed line(s) ignored" : ""));
        }

        var builder = new DbContextOptionsBuilder<ResolutionDbContext>();
        try
        {
            Database.Configure(builder, options);
            await using (var db = new ResolutionDbContext(builder.Options))
            {
                // Verification reads only: a database at another schema is refused, never migrated.
                options.MigrateOnStartup = false;
                await Database.EnsureSchemaAsync(db, options);
            }
        }
        catch (DatabaseStartupException e)
        {
            error.WriteLine(e.Message);
            return 1;
        }

        var verifier = new JournalVerifier(new PooledDbContextFactory<ResolutionDbContext>(builder.Options));
        if (only is { } resolution)
        {
            var verdict = await verifier.VerifyAsync(resolution, anchors);
            if (verdict is null)
            {
                error.WriteLine($"there is no resolution {resolution} in the {options.Describe()}");
                return 1;
            }
            Report(verdict, output);
            return verdict.IsValid ? 0 : 1;
        }

        long resolutions = 0, entries = 0, broken = 0;
        var started = DateTime.UtcNow;
        await foreach (var verdict in verifier.VerifyAllAsync(anchors))
        {
            resolutions++;
            entries += verdict.Length;
            if (!verdict.IsValid)
            {
                broken++;
                Report(verdict, output);
            }
            if (resolutions % 1000 == 0) { error.Write(string.Create(CultureInfo.InvariantCulture, $"\rverified {resolutions:N0} resolutions, {entries:N0} entries")); }
        }
        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        if (resolutions >= 1000) { error.WriteLine(); }
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{resolutions:N0} resolution(s), {entries:N0} journal entries verified in {seconds:F1} s: ");
        output.WriteLine(summary + (broken == 0 ? "every chain is intact" : $"{broken:N0} broken"));
        return broken == 0 ? 0 : 1;
    }

    private static void Report(ChainVerdict verdict, TextWriter output) =>
        output.WriteLine(verdict.IsValid
            ? $"resolution {verdict.ResolutionId}: intact, {verdict.Length} entries, head {verdict.Head}"
            : $"resolution {verdict.ResolutionId}: BROKEN at entry {verdict.BrokenAt}: {verdict.Problem}");

    private static int Bad(TextWriter error, string message, int code = 2)
    {
        error.WriteLine(message);
        return code;
    }
}
