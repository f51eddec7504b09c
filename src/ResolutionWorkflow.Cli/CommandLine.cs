using ResolutionWorkflow.Engine.Calendars;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Json;

namespace ResolutionWorkflow.Cli;

/// <summary>The verbs of the command-line tool. Kept as plain functions so tests can call them.</summary>
public static class CommandLine
{
    public const string Usage = """
        usage: resolution-workflow <verb> [arguments]

        verbs:
          validate [path]   check every definition, the registry, calendars and templates
                            under path (default: workflows); exit 0 when all are valid, 1 otherwise
          calendar <country> <year>
                            print the year as month grids: days off, moved days, working Saturdays
          due <country> <from-date> <n> [--calendar-days]
                            print the due date (YYYY-MM-DD, alone on the first line), then the
                            days skipped and why
          db migrate [--provider p] [--connection cs]
                            bring the database to the current schema and deploy the definitions
          db script --provider sqlite|postgresql|sqlserver
                            print the SQL that creates the schema (no server needed)
          journal verify [--resolution ID] [--anchors FOLDER] [--provider p] [--connection cs] [--data folder]
                            recompute every journal entry's hash and chain, check each head
                            against the resolution row and, with --anchors, against the heads
                            written outside the database; exit 0 when all verify, 1 with each
                            broken resolution and its first bad entry
          account person USER [--surname S] [--given-name G] [--patronymic P] [--position "…"] [--email a@b] [--language ru|en]
                            the person behind an account: mails greet them by name, the journal names them
          account certificate USER "CN=…, O=…, C=RU" | --clear [--provider p] [--connection cs] [--data folder]
                            register the subject of a signer's qualified certificate on their
                            account: CMS signatures are taken only from that certificate
          act verify PACKAGE [--anchors FILE_OR_FOLDER]...
                            check an act's package (from the resolution page) without the
                            database: every file against the manifest, the version's hash, the
                            journal's chain and head, each CMS signature over the content and
                            its chain to the given trust anchors; exit 0, or 1 naming each failure
          demo generate --resolutions N [--days D] [--seed S] [--provider p] [--connection cs] [--data folder]
                            fill the database with N resolutions lived through the engine,
                            started over the last D days (default 730), with a progress bar

        options:
          --workflows <path>   the workflows folder (default: workflows)
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            return await RunVerbAsync(args, output, error);
        }
        catch (App.SettingsException e)
        {
            error.WriteLine(e.Message);
            return 2;
        }
    }

    private static async Task<int> RunVerbAsync(string[] args, TextWriter output, TextWriter error)
    {
        var workflows = "workflows";
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--workflows" && i + 1 < args.Length) { workflows = args[++i]; }
            else { rest.Add(args[i]); }
        }
        if (rest is ["db", "migrate" or "script", ..])
        {
            return await DatabaseCommands.RunAsync(rest[1], rest[2..], workflows, output, error);
        }
        if (rest is ["journal", "verify", ..])
        {
            return await JournalCommands.VerifyAsync(rest[2..], output, error);
        }
        if (rest is ["account", "person", ..])
        {
            return await AccountCommands.PersonAsync(rest[2..], output, error);
        }
        if (rest is ["account", "certificate", ..])
        {
            return await AccountCommands.CertificateAsync(rest[2..], output, error);
        }
        if (rest is ["act", "verify", ..])
        {
            return ActCommands.Verify(rest[2..], output, error);
        }
        if (rest is ["demo", "generate", ..])
        {
            return await DemoCommands.GenerateAsync(rest[2..], workflows, output, error);
        }
        return rest.ToArray() switch
        {
            ["validate"] => Validate(workflows, output, error),
            ["validate", var path] => Validate(path, output, error),
            ["calendar", var country, var year] => WithCalendars(workflows, error, c => CalendarCommands.PrintYear(c, country, year, output, error)),
            ["due", var country, var from, var n] => WithCalendars(workflows, error, c => CalendarCommands.PrintDue(c, country, from, n, false, output, error)),
            ["due", var country, var from, var n, "--calendar-days"] => WithCalendars(workflows, error, c => CalendarCommands.PrintDue(c, country, from, n, true, output, error)),
            ["help" or "--help" or "-h"] => Help(output),
            _ => BadUsage(args, error),
        };
    }

    private static int WithCalendars(string workflows, TextWriter error, Func<CalendarSet, int> run)
    {
        var (calendars, errors) = CalendarLoader.LoadFolder(Path.Combine(workflows, "calendars"),
            SchemaChecker.FromFile(WorkflowDirectory.SchemaFile(workflows, "calendar.schema.json")));
        foreach (var e in errors) { error.WriteLine(e); }
        return errors.Count > 0 ? 1 : run(calendars);
    }

    private static int Validate(string path, TextWriter output, TextWriter error)
    {
        var directory = WorkflowDirectory.Load(path);
        var errors = directory.Errors.ToList();
        if (Directory.Exists(path))
        {
            errors.AddRange(App.Notifications.MailTemplates.Load(Path.Combine(path, "templates")).Errors);
            errors.AddRange(App.Localization.Wording.Load(Path.Combine(path, "templates")).Errors);
        }
        if (errors.Count > 0)
        {
            foreach (var e in errors) { error.WriteLine(e); }
            error.WriteLine($"{errors.Count} error(s) in {path}");
            return 1;
        }
        foreach (var d in directory.Catalog.All)
        {
            output.WriteLine($"ok  {d.Key,-45} {d.Stages.Length} stages  {Path.GetRelativePath(path, d.SourceFile)}");
        }
        output.WriteLine($"ok  registry: {directory.Registry!.Organisations.Count} organisations, {directory.Registry.Roles.Count} roles, {directory.Registry.Countries.Count} countries");
        foreach (var calendar in directory.Calendars.Ids.Select(id => directory.Calendars[id]))
        {
            output.WriteLine($"ok  calendar {calendar.Id}: {string.Join(", ", calendar.Years.Select(y => y.Provisional ? $"{y.Year} (provisional)" : $"{y.Year}"))}");
        }
        output.WriteLine($"ok  mail templates: {App.Notifications.MailTemplates.Names.Length} mails in {string.Join(", ", App.Notifications.MailTemplates.Languages)}, each rendered against sample data");
        return 0;
    }

    private static int Help(TextWriter output)
    {
        output.WriteLine(Usage);
        return 0;
    }

    private static int BadUsage(string[] args, TextWriter error)
    {
        error.WriteLine(args.Length == 0 ? "no verb given" : $"unknown verb or arguments: {string.Join(' ', args)}");
        error.WriteLine(Usage);
        return 2;
    }
}
