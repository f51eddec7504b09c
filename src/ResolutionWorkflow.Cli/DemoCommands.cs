using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using ResolutionWorkflow.App.Demo;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Resolutions;

namespace ResolutionWorkflow.Cli;

/// <summary><c>demo generate --resolutions N</c>: a database full of realistic history, for load and dashboard work.</summary>
public static class DemoCommands
{
    public static async Task<int> GenerateAsync(IReadOnlyList<string> args, string workflows, TextWriter output, TextWriter error)
    {
        var options = DatabaseCommands.ParseOptions(args, error, out var rest);
        if (options is null) { return 2; }
        int? resolutions = null;
        int days = 730, seed = 2026;
        for (var i = 0; i < rest.Count; i++)
        {
            int? Number() => i + 1 < rest.Count && int.TryParse(rest[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
            switch (rest[i])
            {
                case "--resolutions": resolutions = Number(); if (resolutions is null) { return Bad(error, "--resolutions needs a positive whole number"); } break;
                case "--days": days = Number() ?? -1; if (days < 0) { return Bad(error, "--days needs a positive whole number"); } break;
                case "--seed": seed = Number() ?? -1; if (seed < 0) { return Bad(error, "--seed needs a positive whole number"); } break;
                default: return Bad(error, $"unknown option '{rest[i]}'");
            }
        }
        if (resolutions is null) { return Bad(error, "say how many: --resolutions N"); }

        var directory = WorkflowDirectory.Load(workflows);
        if (!directory.IsValid)
        {
            foreach (var e in directory.Errors) { error.WriteLine(e); }
            return 1;
        }
        var builder = new DbContextOptionsBuilder<ResolutionDbContext>();
        try
        {
            Database.Configure(builder, options);
            await using (var db = new ResolutionDbContext(builder.Options))
            {
                options.MigrateOnStartup = true;
                await Database.EnsureReadyAsync(db, options, directory.Catalog, DateTimeOffset.UtcNow);
            }
        }
        catch (DatabaseStartupException e)
        {
            error.WriteLine(e.Message);
            return 1;
        }

        var generator = new ScaleGenerator(new PooledDbContextFactory<ResolutionDbContext>(builder.Options),
            new Decider(directory.Catalog, directory.Registry!, directory.Calendars), TimeProvider.System);
        var report = await generator.RunAsync(new ScaleOptions(resolutions.Value, days, seed), new ProgressBar(error, resolutions.Value), CancellationToken.None);
        error.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generated {report.Resolutions:N0} resolutions, {report.JournalEntries:N0} journal entries, {report.Tasks:N0} tasks, {report.PendingDeadlines:N0} pending deadlines in {report.Elapsed.TotalSeconds:F0} s into {options.Describe()}"));
        return 0;
    }

    private static int Bad(TextWriter error, string message)
    {
        error.WriteLine(message);
        error.WriteLine("usage: demo generate --resolutions N [--days D] [--seed S] [--provider p] [--connection cs] [--data folder]");
        return 2;
    }

    /// <summary>One line, redrawn in place: bar, count, rate and time left.</summary>
    private sealed class ProgressBar(TextWriter writer, int total) : IProgress<int>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public void Report(int value)
        {
            const int width = 30;
            var filled = (int)((long)value * width / total);
            var rate = value / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
            var left = (total - value) / Math.Max(rate, 0.001);
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"\r[{new string('#', filled)}{new string('.', width - filled)}] {value:N0}/{total:N0} resolutions  {rate:N0}/s  {left:F0} s left "));
        }
    }
}
