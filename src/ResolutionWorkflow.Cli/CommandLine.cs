using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.Cli;

/// <summary>The verbs of the command-line tool. Kept as plain functions so tests can call them.</summary>
public static class CommandLine
{
    public const string Usage = """
        usage: resolution-workflow <verb> [arguments]

        verbs:
          validate [path]   check every definition, the registry, calendars and templates
                            under path (default: workflows); exit 0 when all are valid, 1 otherwise
        """;

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        return Task.FromResult(args switch
        {
            ["validate"] => Validate("workflows", output, error),
            ["validate", var path] => Validate(path, output, error),
            ["help" or "--help" or "-h"] => Help(output),
            _ => BadUsage(args, error),
        });
    }

    private static int Validate(string path, TextWriter output, TextWriter error)
    {
        var directory = WorkflowDirectory.Load(path);
        if (!directory.IsValid)
        {
            foreach (var e in directory.Errors) { error.WriteLine(e); }
            error.WriteLine($"{directory.Errors.Count} error(s) in {path}");
            return 1;
        }
        foreach (var d in directory.Catalog.All)
        {
            output.WriteLine($"ok  {d.Key,-45} {d.Stages.Length} stages  {Path.GetRelativePath(path, d.SourceFile)}");
        }
        output.WriteLine($"ok  registry: {directory.Registry!.Organisations.Count} organisations, {directory.Registry.Roles.Count} roles, {directory.Registry.Countries.Count} countries");
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
