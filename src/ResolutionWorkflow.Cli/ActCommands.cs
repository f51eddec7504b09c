using ResolutionWorkflow.Documents.Packages;

namespace ResolutionWorkflow.Cli;

/// <summary><c>act verify PACKAGE [--anchors PATH]...</c>: checks an act's package without the database.</summary>
public static class ActCommands
{
    public static int Verify(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        string? package = null;
        var anchors = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--anchors" && i + 1 < args.Count) { anchors.Add(args[++i]); }
            else if (package is null && !args[i].StartsWith("--", StringComparison.Ordinal)) { package = args[i]; }
            else { error.WriteLine($"unknown option '{args[i]}'"); return 2; }
        }
        if (package is null) { error.WriteLine("usage: act verify PACKAGE [--anchors FILE_OR_FOLDER]..."); return 2; }
        if (!File.Exists(package)) { error.WriteLine($"the package '{package}' does not exist"); return 1; }
        var missing = anchors.FirstOrDefault(a => !File.Exists(a) && !Directory.Exists(a));
        if (missing is not null) { error.WriteLine($"the trust anchors '{missing}' do not exist"); return 1; }

        using var stream = File.OpenRead(package);
        var failures = ActPackageVerifier.Verify(stream, ActPackageVerifier.ReadAnchors(anchors));
        if (failures.Count == 0)
        {
            output.WriteLine($"{package}: the text, attachments, signatures and journal verify");
            return 0;
        }
        foreach (var failure in failures) { output.WriteLine($"FAILED {failure}"); }
        return 1;
    }
}
